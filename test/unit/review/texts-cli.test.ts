// Proves the `texts` command: JSON and Markdown output, one private file per text, missing fields and bad usage.
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../../app/profile/store';
import { passphraseWrapper, Vault } from '../../../app/profile/vault';
import { main } from '../../../scripts/cli/main';
import { forbidden, profile } from './profiles';

let dir: string;
const env = () => ({ REVIEW_ASSISTANT_DATA: dir, REVIEW_ASSISTANT_PASSPHRASE: 'correct horse battery' });

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), env: env(), signal: new AbortController().signal });
  return { code, out, err };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'texts-cli-'));
  const vault = await Vault.create(dir, passphraseWrapper(env().REVIEW_ASSISTANT_PASSPHRASE));
  const store = new ProfileStore(dir, { unlock: async () => vault });
  await store.save(profile('acme'), { create: true });
  await store.save(
    { ...profile('globex'), reviewer: { ...profile('globex').reviewer, triggerMessage: '', operator: { login: '', password: '' } } },
    { create: true },
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('review-assistant texts', () => {
  it('--json prints exactly descriptions, reviewerInstructions and setupNotes', async () => {
    const r = await run('texts', '--profile', 'acme', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['descriptions', 'reviewerInstructions', 'setupNotes']);
    expect(Object.keys(j.descriptions as object)).toEqual([
      'pages_show_list',
      'pages_manage_metadata',
      'pages_messaging',
      'business_asset_user_profile_access',
    ]);
    expect(j.reviewerInstructions).toContain('Test User');
    for (const v of forbidden(profile('acme'))) expect(r.out).not.toContain(v);
    const same = await run('texts', '--profile', 'acme', '--format', 'json');
    expect(same.out).toBe(r.out);
  });

  it('md prints one readable document', async () => {
    const r = await run('texts', '--profile', 'acme');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# App Review texts: Acme Helpdesk \(acme\)/);
    expect(r.out).toContain('## Reviewer instructions');
    expect(r.out).toContain('## How "Acme Helpdesk" uses Business Asset User Profile Access');
  });

  it('--out writes one file per text, private to the user', async () => {
    const out = path.join(dir, 'out');
    const r = await run('texts', '--profile', 'acme', '--out', out);
    expect(r.code).toBe(0);
    expect((await readdir(path.join(out, 'descriptions'))).sort()).toEqual([
      'business_asset_user_profile_access.md',
      'pages_manage_metadata.md',
      'pages_messaging.md',
      'pages_show_list.md',
    ]);
    const instr = await readFile(path.join(out, 'reviewer-instructions.md'), 'utf8');
    expect(instr).toContain(profile('acme').reviewer.operator.password);
    expect(await readFile(path.join(out, 'setup-notes.md'), 'utf8')).toContain('Deauthorize Callback URL');
    if (process.platform !== 'win32') expect((await stat(path.join(out, 'reviewer-instructions.md'))).mode & 0o077).toBe(0);
  });

  it('fails with exit 1 listing the fields the texts still need', async () => {
    const r = await run('texts', '--profile', 'globex');
    expect(r.code).toBe(1);
    expect(r.err).toContain('reviewer.triggerMessage');
    expect(r.err).toContain('reviewer.operator.login');
    expect(r.out).toBe('');
  });

  it('bad usage exits 2', async () => {
    expect((await run('texts', '--profile', 'acme', '--format', 'xml')).code).toBe(2);
    expect((await run('texts')).code).toBe(2);
    expect((await run('texts', '--profile', 'acme', '--json', '--format', 'md')).code).toBe(2);
  });
});
