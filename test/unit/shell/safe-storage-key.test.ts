// Proves the keychain wrapping of the vault key: round trip, adding a CLI passphrase, and clear errors when the keychain fails.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../../app/common/errors';
import { passphraseWrapper, Vault } from '../../../app/profile/vault';

// Electron is the one thing tests may mock: a keychain that XORs with a per-"user" pad.
const state = vi.hoisted(() => ({ available: true, backend: 'gnome_libsecret', pad: 0x42 }));
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => state.available,
    getSelectedStorageBackend: () => state.backend,
    encryptString: (s: string) => Buffer.concat([Buffer.from('v11'), Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ state.pad))]),
    decryptString: (b: Buffer) => {
      if (b.subarray(0, 3).toString() !== 'v11') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(b.subarray(3).map((x) => x ^ state.pad)).toString('utf8');
    },
  },
}));

const { safeStorageWrapper } = await import('../../../app/shell/safe-storage-key');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ra-ss-'));
  Object.assign(state, { available: true, backend: 'gnome_libsecret', pad: 0x42 });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a rejection');
}

describe('safeStorageWrapper', () => {
  it('wraps the vault key with the keychain and opens it again', async () => {
    const v = await Vault.create(dir, safeStorageWrapper());
    const sealed = v.seal('op-secret', { profile: 'a', field: 'reviewer.operator.password' });
    const again = await Vault.open(dir, safeStorageWrapper());
    expect(again.unseal(sealed, { profile: 'a', field: 'reviewer.operator.password' })).toBe('op-secret');
    expect(await Vault.wrappingKinds(dir)).toEqual(['safeStorage']);
  });

  it('lets the desktop app add a passphrase the CLI then uses', async () => {
    const v = await Vault.create(dir, safeStorageWrapper());
    const sealed = v.seal('x', { profile: 'a', field: 'gateway.appSecret' });
    await v.addWrapping(passphraseWrapper('cli passphrase', { logN: 10, r: 8, p: 1 }));
    const cli = await Vault.open(dir, passphraseWrapper('cli passphrase', { logN: 10, r: 8, p: 1 }));
    expect(cli.unseal(sealed, { profile: 'a', field: 'gateway.appSecret' })).toBe('x');
  });

  it("says what to do when the keychain is unavailable or only Electron's fixed-key fallback", async () => {
    state.available = false;
    let e = await rejection(Vault.create(dir, safeStorageWrapper()));
    expect(e.kind).toBe('locked');
    expect(e.hint).toMatch(/passphrase/);
    state.available = true;
    state.backend = 'basic_text';
    e = await rejection(Vault.create(dir, safeStorageWrapper()));
    expect(e.message).toMatch(/fixed, public key/);
    expect(await Vault.exists(dir)).toBe(false);
  });

  it('reports a keychain entry of another user as an auth error', async () => {
    await Vault.create(dir, safeStorageWrapper());
    state.pad = 0x17; // another user's keychain decrypts to garbage
    const e = await rejection(Vault.open(dir, safeStorageWrapper()));
    expect(e.kind).toBe('auth');
    expect(e.hint).toMatch(/passphrase/);
  });
});
