// Proves the CLI dispatcher: overview, unknown commands and options, every command's --help, and loading only the command run.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { COMMAND_MODULES, loadCatalog } from '../../../scripts/cli/commands/index';

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {}, signal: new AbortController().signal });
  return { code, out, err };
}

describe('CLI dispatcher', () => {
  it('prints the overview and exits 2 without a command', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('Usage: review-assistant <command>');
  });

  it('rejects an unknown command with exit 2 and a hint', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "frobnicate"/);
    expect(r.err).toMatch(/--help/);
  });

  it('takes the global options before the command words as well as after them', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ra-cli-globals-'));
    try {
      for (const argv of [
        ['profile', 'list', '--json', '--data-dir', dir],
        ['--data-dir', dir, 'profile', 'list', '--json'],
        [`--data-dir=${dir}`, '--json', 'profile', 'list'],
      ]) {
        const r = await run(argv);
        expect(r.err, argv.join(' ')).toBe('');
        expect(r.code, argv.join(' ')).toBe(0);
        expect(JSON.parse(r.out), argv.join(' ')).toEqual({ profiles: [], trash: [] });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names an option that came before the command instead of calling the command unknown', async () => {
    const r = await run(['--verbose', 'profile', 'list']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/"--verbose" comes before the command/);
    expect(r.err).not.toMatch(/unknown command/);
  });

  it('gives every command a --help that exits 0 and names its usage', async () => {
    const COMMANDS = await loadCatalog();
    expect(COMMANDS.length).toBeGreaterThan(0);
    for (const c of COMMANDS) {
      const r = await run([...c.name.split(' '), '--help']);
      expect(r.code, c.name).toBe(0);
      expect(r.out).toContain(`review-assistant ${c.name}`);
    }
  });

  it('rejects an unknown option with exit 2', async () => {
    const first = (await loadCatalog())[0];
    if (!first) throw new Error('no commands registered');
    const r = await run([...first.name.split(' '), '--no-such-option']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no-such-option/);
  });

  it("runs a command from a prebuilt catalog, loading only that command's module", async () => {
    const catalog = await loadCatalog();
    const info = catalog.find((c) => c.name === 'profile list');
    if (!info) throw new Error('no "profile list" in the catalog');
    let out = '';
    const code = await main(['profile', 'list', '--data-dir', '/nonexistent-review-assistant', '--json'], {
      stdout: (s) => (out += s),
      stderr: () => undefined,
      env: {},
      signal: new AbortController().signal,
      catalog: [info],
    });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toBeTruthy();
    expect(COMMAND_MODULES.map((m) => m.id)).toContain(info.module);
  });

  it('says to rebuild when a prebuilt catalog names a command its module no longer has', async () => {
    let err = '';
    const code = await main(['gone'], {
      stdout: () => undefined,
      stderr: (s) => (err += s),
      env: {},
      signal: new AbortController().signal,
      catalog: [{ module: 'profile', name: 'gone', summary: '', usage: '', help: '' }],
    });
    expect(code).toBe(1);
    expect(err).toMatch(/rebuild the CLI \(delete dist\/cli\)/);
  });
});
