// Proves the `profile` commands as a new user runs them: create, invalid values, secrets from stdin, export and import, trash.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { SAMPLE_SEED } from '../../../app/profile/sample';

const bin = fileURLToPath(new URL('../../../scripts/review-assistant.mjs', import.meta.url));
const PASS = 'correct horse battery';
let dir: string;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ra-cli-'));
  dir = path.join(tmp, 'data');
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real command in a child process, as a person (or a script) runs it. */
function cli(args: string[], opts: { env?: Record<string, string | undefined>; input?: string } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, REVIEW_ASSISTANT_PASSPHRASE: PASS, REVIEW_ASSISTANT_DATA: undefined, ...opts.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [bin, ...args, '--data-dir', dir], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** The same command in-process (faster), for checks that need no standard input. */
async function run(args: string[], env: Record<string, string> = { REVIEW_ASSISTANT_PASSPHRASE: PASS }): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await main([...args, '--data-dir', dir], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env,
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

const profileFile = () => path.join(dir, 'profiles', 'sample.json');

describe('review-assistant profile (as a new user)', () => {
  it('starts empty, creates the sample, and lists it', async () => {
    const empty = await cli(['profile', 'list']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/No profiles yet.*profile create --sample/);

    const created = await cli(['profile', 'create', '--sample']);
    expect(created.stderr).toMatch(/Created the vault/);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created profile "sample"/);

    const list = await run(['profile', 'list', '--json']);
    expect(list.code).toBe(0);
    const parsed = JSON.parse(list.stdout);
    expect(parsed.profiles).toEqual([expect.objectContaining({ name: 'sample', sample: true, completeness: 1, missing: 0 })]);
    expect((await run(['profile', 'list'])).stdout).toMatch(/sample\s+100%/);
  });

  it('refuses an invalid value: exit 1, names the field and the rule, file unchanged', async () => {
    const before = await readFile(profileFile(), 'utf8');
    const r = await cli(['profile', 'set', 'sample', 'gateway.appId=12ab']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/gateway\.appId/);
    expect(r.stderr).toMatch(/digits only/);
    expect(r.stderr).toMatch(/nothing was changed/);
    expect(await readFile(profileFile(), 'utf8')).toBe(before);

    for (const bad of ['webitel.host=http://cloud.webitel.ua', 'gateway.uri=https://cloud.webitel.ua/chat/abc', 'reviewer.operator.login=operator']) {
      const field = bad.split('=')[0]!;
      const x = await run(['profile', 'set', 'sample', bad, '--json']);
      expect(x.code).toBe(1);
      expect(JSON.parse(x.stdout).error.issues[0].field).toBe(field);
    }
    expect(await readFile(profileFile(), 'utf8')).toBe(before);
  });

  it('reports bad usage with exit 2', async () => {
    expect((await run(['profile', 'set', 'sample', 'gateway.nope=1'])).code).toBe(2);
    expect((await run(['profile', 'set', 'sample', 'name=other'])).stderr).toMatch(/profile rename/);
    expect((await run(['profile', 'set', 'sample'])).code).toBe(2);
    expect((await run(['profile', 'frobnicate'])).code).toBe(2);
    expect((await run(['profile', 'show'])).code).toBe(2);
  });

  it('reads a secret given as "-" from standard input and never prints it unless --reveal', async () => {
    const secret = 'abcdef0123456789abcdef0123456789';
    const r = await cli(['profile', 'set', 'sample', 'gateway.appSecret=-', 'recording.pageAdmin.password=-'], { input: `${secret}\nnew page admin pass\n` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = await readFile(profileFile(), 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('new page admin pass');

    const masked = await run(['profile', 'show', 'sample']);
    expect(masked.code).toBe(0);
    expect(masked.stdout).toMatch(/gateway\.appSecret\s+••••/);
    expect(masked.stdout).not.toContain(secret);
    expect(masked.stdout).toContain(SAMPLE_SEED.triggerMessage);

    const revealed = JSON.parse((await run(['profile', 'show', 'sample', '--reveal', '--json'])).stdout);
    expect(revealed.profile.gateway.appSecret).toBe(secret);
    expect(revealed.profile.recording.pageAdmin.password).toBe('new page admin pass');
    expect(revealed.missing.submit).toEqual([]);

    const missingLine = await cli(['profile', 'set', 'sample', 'gateway.appSecret=-']);
    expect(missingLine.code).toBe(2);
  });

  it('edits Pages and permissions', async () => {
    const r = await run([
      'profile',
      'set',
      'sample',
      '--add-page',
      '200000000000001:Acme Returns:acmereturns',
      '--permission',
      'business_asset_user_profile_access=off',
      '--permission',
      'pages_show_list=advanced',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout).profile;
    expect(p.pages.map((x: { name: string }) => x.name)).toEqual(['Acme Support', 'Acme Returns']);
    expect(p.permissions).toEqual([
      { id: 'pages_show_list', accessLevel: 'advanced' },
      { id: 'pages_manage_metadata', accessLevel: 'advanced' },
      { id: 'pages_messaging', accessLevel: 'advanced' },
    ]);
    expect((await run(['profile', 'set', 'sample', 'pages[1].username=acme.returns'])).code).toBe(0);
    expect((await run(['profile', 'set', 'sample', '--remove-page', '200000000000001'])).code).toBe(0);
    expect((await run(['profile', 'set', 'sample', '--remove-page', '999'])).code).toBe(1);
    expect((await run(['profile', 'set', 'sample', '--permission', 'pages_everything=advanced'])).code).toBe(1);
    const w = await run(['profile', 'set', 'sample', 'gateway.uri=https://elsewhere.example/chat/abcdefghijklmnopqrstuvwxyzabcde']);
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(/warning: gateway\.uri: its host \(elsewhere\.example\) differs/);
  });

  it('exports to one encrypted file and imports it back under a new name', async () => {
    const out = path.join(tmp, 'sample.profile');
    const exp = await run(['profile', 'export', 'sample', '--out', out], {
      REVIEW_ASSISTANT_PASSPHRASE: PASS,
      REVIEW_ASSISTANT_EXPORT_PASSPHRASE: 'export passphrase',
    });
    expect(exp.code).toBe(0);
    const data = await readFile(out, 'utf8');
    expect(data).not.toContain(SAMPLE_SEED.operator.password);
    expect(data).not.toContain('Acme');
    expect(
      (await run(['profile', 'export', 'sample', '--out', out], { REVIEW_ASSISTANT_PASSPHRASE: PASS, REVIEW_ASSISTANT_EXPORT_PASSPHRASE: 'export passphrase' }))
        .code,
    ).toBe(1);

    const wrong = await run(['profile', 'import', out, '--name', 'copy'], {
      REVIEW_ASSISTANT_PASSPHRASE: PASS,
      REVIEW_ASSISTANT_EXPORT_PASSPHRASE: 'not the one',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/wrong passphrase/);
    const imp = await run(['profile', 'import', out, '--name', 'copy'], {
      REVIEW_ASSISTANT_PASSPHRASE: PASS,
      REVIEW_ASSISTANT_EXPORT_PASSPHRASE: 'export passphrase',
    });
    expect(imp.code).toBe(0);
    const a = JSON.parse((await run(['profile', 'show', 'sample', '--reveal', '--json'])).stdout).profile;
    const b = JSON.parse((await run(['profile', 'show', 'copy', '--reveal', '--json'])).stdout).profile;
    expect({ ...b, name: a.name, updatedAt: a.updatedAt }).toEqual(a);
    const again = await run(['profile', 'import', out], { REVIEW_ASSISTANT_PASSPHRASE: PASS, REVIEW_ASSISTANT_EXPORT_PASSPHRASE: 'export passphrase' });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/--name NEW/);
  });

  it('deletes to the trash (confirmation needed without a terminal) and restores', async () => {
    const noYes = await cli(['profile', 'delete', 'copy']);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/--yes/);
    expect((await run(['profile', 'delete', 'copy', '--yes'])).code).toBe(0);
    expect(JSON.parse((await run(['profile', 'list', '--json'])).stdout).profiles.map((p: { name: string }) => p.name)).toEqual(['sample']);
    expect((await run(['profile', 'restore', 'copy'])).code).toBe(0);
    expect((await run(['profile', 'show', 'copy'])).code).toBe(0);
    expect((await run(['profile', 'restore', 'copy'])).code).toBe(1);
  });

  it('restores the last good version of a damaged file', async () => {
    const file = path.join(dir, 'profiles', 'copy.json');
    await writeFile(file, 'garbage');
    const broken = await run(['profile', 'show', 'copy']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(file);
    expect(broken.stderr).toMatch(/profile restore copy --backup/);
    expect((await run(['profile', 'list'])).stdout).toMatch(/copy\s+DAMAGED/);
  });

  it('explains a locked vault: wrong passphrase, or none and no terminal', async () => {
    const wrong = await run(['profile', 'show', 'sample'], { REVIEW_ASSISTANT_PASSPHRASE: 'nope nope nope' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/wrong passphrase/);
    const none = await cli(['profile', 'show', 'sample'], { env: { REVIEW_ASSISTANT_PASSPHRASE: undefined } });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no terminal/);
    expect(none.stderr).toMatch(/REVIEW_ASSISTANT_PASSPHRASE/);
    // Listing decrypts nothing, so it needs no passphrase.
    expect((await run(['profile', 'list'], {})).code).toBe(0);
  });

  it('changes the vault passphrase: the secrets open with the new one only, and a short one changes nothing', async () => {
    const before = await cli(['profile', 'show', 'sample', '--reveal', '--json']);
    expect(before.code).toBe(0);
    const short = await cli(['vault', 'change-passphrase'], { env: { REVIEW_ASSISTANT_NEW_PASSPHRASE: 'short' } });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/too short/);
    const changed = await cli(['vault', 'change-passphrase'], { env: { REVIEW_ASSISTANT_NEW_PASSPHRASE: 'a brand new passphrase' } });
    expect(changed.code, changed.stderr).toBe(0);
    const withNew = await cli(['profile', 'show', 'sample', '--reveal', '--json'], { env: { REVIEW_ASSISTANT_PASSPHRASE: 'a brand new passphrase' } });
    expect(withNew.code, withNew.stderr).toBe(0);
    expect(withNew.stdout).toBe(before.stdout);
    const withOld = await cli(['profile', 'show', 'sample', '--reveal', '--json']);
    expect(withOld.code).toBe(1);
    expect(withOld.stderr).toMatch(/wrong passphrase/);
    // Back, so the tests after this one keep their passphrase.
    expect(
      (await cli(['vault', 'change-passphrase'], { env: { REVIEW_ASSISTANT_PASSPHRASE: 'a brand new passphrase', REVIEW_ASSISTANT_NEW_PASSPHRASE: PASS } }))
        .code,
    ).toBe(0);
  });

  it('has help with examples for every profile command', async () => {
    for (const sub of ['create', 'list', 'show', 'set', 'delete', 'restore', 'rename', 'duplicate', 'export', 'import']) {
      const h = await run(['profile', sub, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`Usage: review-assistant profile ${sub}`));
      expect(h.stdout).toMatch(/Example/);
    }
    expect((await run(['profile', '--help'])).stdout).toMatch(/profile create --sample/);
  });
});
