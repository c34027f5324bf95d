// Proves the vault: secrets round-trip, wrong passphrases and tampering are refused by name, and the keychain and a passphrase coexist.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../app/common/errors';
import { passphraseWrapper, Vault, type KeyWrapper } from '../../../app/profile/vault';

const FAST = { logN: 10, r: 8, p: 1 };
const pw = (s: string) => passphraseWrapper(s, FAST);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ra-vault-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<UserError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a rejection');
}

/** A stand-in for safeStorage: XOR with a fixed pad, enough to be a distinct wrapping. */
const fakeKeychain: KeyWrapper = {
  kind: 'safeStorage',
  async wrap(key) {
    return Buffer.from(key.map((b) => b ^ 0x5a)).toString('base64');
  },
  async unwrap(blob) {
    return Buffer.from(Buffer.from(blob, 'base64').map((b) => b ^ 0x5a));
  },
};

const ctx = { profile: 'acme', field: 'gateway.appSecret' };

describe('Vault', () => {
  it('round-trips secrets through a reopened vault', async () => {
    const v = await Vault.create(dir, pw('correct horse'));
    const sealed = v.seal('9f2c4e7a1b3d5f60718293a4b5c6d7e8', ctx);
    expect(sealed).toMatch(/^enc:v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain('9f2c4e7a');
    expect(v.seal('same', ctx)).not.toBe(v.seal('same', ctx)); // random IV
    const again = await Vault.open(dir, pw('correct horse'));
    expect(again.unseal(sealed, ctx)).toBe('9f2c4e7a1b3d5f60718293a4b5c6d7e8');
    expect(again.unseal(again.seal('', ctx), ctx)).toBe('');
    expect(again.unseal(again.seal('pässwörd ✓', ctx), ctx)).toBe('pässwörd ✓');
  });

  it('refuses a wrong passphrase with an auth error and leaves vault.json alone', async () => {
    await Vault.create(dir, pw('correct horse'));
    const before = await readFile(Vault.fileOf(dir), 'utf8');
    const e = await rejection(Vault.open(dir, pw('wrong horse')));
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/wrong passphrase/);
    expect(await readFile(Vault.fileOf(dir), 'utf8')).toBe(before);
  });

  it('never replaces an existing vault', async () => {
    await Vault.create(dir, pw('correct horse'));
    const before = await readFile(Vault.fileOf(dir), 'utf8');
    expect((await rejection(Vault.create(dir, pw('other one')))).kind).toBe('conflict');
    expect(await readFile(Vault.fileOf(dir), 'utf8')).toBe(before);
  });

  it('refuses to start a new vault while profiles hold secrets sealed with a vault whose file is gone', async () => {
    const v = await Vault.create(dir, pw('correct horse'));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(dir, 'profiles'));
    await writeFile(path.join(dir, 'profiles', 'acme.json'), JSON.stringify({ gateway: { appSecret: v.seal('9f2c4e7a1b3d5f60718293a4b5c6d7e8', ctx) } }));
    await writeFile(path.join(dir, 'profiles', 'plain.json'), JSON.stringify({ gateway: { appSecret: '' } }));
    await rm(Vault.fileOf(dir));
    const e = await rejection(Vault.create(dir, pw('a new one')));
    expect(e.kind).toBe('not-found');
    expect(e.message).toMatch(/vault\.json is missing, but the profile "acme" holds|missing, but the profile "acme" hold/);
    expect(e.hint).toMatch(/put vault\.json back/);
    expect(await Vault.exists(dir)).toBe(false);
    expect(await Vault.sealedProfiles(dir)).toEqual(['acme']);
  });

  it('names the field when a ciphertext was tampered with, moved to another field or profile', async () => {
    const v = await Vault.create(dir, pw('correct horse'));
    const sealed = v.seal('secret-value', ctx);
    const parts = sealed.split(':');
    const ct = Buffer.from(parts[4]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    const tampered = [...parts.slice(0, 4), ct.toString('base64url')].join(':');
    const e = await rejection(() => v.unseal(tampered, ctx));
    expect(e.kind).toBe('auth');
    expect(e.message).toContain('gateway.appSecret');
    expect(e.issues[0]?.field).toBe('gateway.appSecret');
    expect((await rejection(() => v.unseal(sealed, { profile: 'acme', field: 'reviewer.operator.password' }))).message).toContain('reviewer.operator.password');
    expect((await rejection(() => v.unseal(sealed, { profile: 'other', field: 'gateway.appSecret' }))).kind).toBe('auth');
    expect((await rejection(() => v.unseal('enc:v1:garbage', ctx))).kind).toBe('auth');
  });

  it('detects a tampered vault.json: altered key blob, altered key check, broken JSON', async () => {
    await Vault.create(dir, pw('correct horse'));
    const file = Vault.fileOf(dir);
    const good = JSON.parse(await readFile(file, 'utf8'));

    const blobParts = good.wrappings[0].blob.split(':');
    const ct = Buffer.from(blobParts[8], 'base64url');
    ct[3] = ct[3]! ^ 0xff;
    blobParts[8] = ct.toString('base64url');
    await writeFile(file, JSON.stringify({ ...good, wrappings: [{ ...good.wrappings[0], blob: blobParts.join(':') }] }));
    let e = await rejection(Vault.open(dir, pw('correct horse')));
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/altered/);

    await writeFile(file, JSON.stringify({ ...good, keyCheck: 'AAAAAAAAAAAAAAAAAAAAAA' }));
    e = await rejection(Vault.open(dir, pw('correct horse')));
    expect(e.message).toMatch(/vault\.json was altered/);

    await writeFile(file, '{"format": "review-assistant-vault", ');
    e = await rejection(Vault.open(dir, pw('correct horse')));
    expect(e.message).toMatch(/damaged/);
    expect(await readFile(file, 'utf8')).toBe('{"format": "review-assistant-vault", ');
  });

  it('gives a desktop vault a passphrase for the command line, and changes it; the keychain still opens it', async () => {
    const v = await Vault.create(dir, fakeKeychain);
    const sealed = v.seal('secret value', ctx);
    await expect(v.setPassphrase('short', FAST)).rejects.toThrow(/too short/);
    await v.setPassphrase('first passphrase', FAST);
    expect((await Vault.open(dir, pw('first passphrase'))).unseal(sealed, ctx)).toBe('secret value');
    await (await Vault.open(dir, fakeKeychain)).setPassphrase('second passphrase', FAST);
    expect((await Vault.open(dir, pw('second passphrase'))).unseal(sealed, ctx)).toBe('secret value');
    expect((await rejection(Vault.open(dir, pw('first passphrase')))).kind).toBe('auth');
    expect((await Vault.open(dir, fakeKeychain)).unseal(sealed, ctx)).toBe('secret value');
  });

  it('opens the same key through several wrappings (desktop keychain + CLI passphrase)', async () => {
    const desktop = await Vault.create(dir, fakeKeychain);
    const sealed = desktop.seal('operator-pass', ctx);
    const e = await rejection(Vault.open(dir, pw('cli pass')));
    expect(e.kind).toBe('locked');
    expect(e.hint).toMatch(/desktop app/);
    await desktop.addWrapping(pw('cli pass'));
    expect(await Vault.wrappingKinds(dir)).toEqual(['safeStorage', 'passphrase']);
    const cli = await Vault.open(dir, pw('cli pass'));
    expect(cli.unseal(sealed, ctx)).toBe('operator-pass');
    // Changing the passphrase replaces that wrapping only.
    await cli.addWrapping(pw('new cli pass'));
    expect((await Vault.open(dir, pw('new cli pass'))).unseal(sealed, ctx)).toBe('operator-pass');
    expect((await rejection(Vault.open(dir, pw('cli pass')))).kind).toBe('auth');
    expect((await Vault.open(dir, fakeKeychain)).unseal(sealed, ctx)).toBe('operator-pass');
    await cli.removeWrapping('safeStorage');
    expect((await rejection(cli.removeWrapping('passphrase'))).kind).toBe('conflict');
  });

  it('uses scrypt N=2^15 r=8 p=1 by default', async () => {
    await Vault.create(dir, passphraseWrapper('correct horse'));
    const f = JSON.parse(await readFile(Vault.fileOf(dir), 'utf8'));
    expect(f.wrappings[0].blob.split(':').slice(0, 4)).toEqual(['pw1', '15', '8', '1']);
  });
});
