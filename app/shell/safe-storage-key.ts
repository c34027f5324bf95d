// Wraps the vault's data key with the OS keychain through Electron safeStorage, so the desktop app needs no passphrase.
import { safeStorage } from 'electron';
import { UserError } from '../common/errors';
import type { KeyWrapper } from '../profile/vault';

/** The part of Electron's safeStorage this wrapper uses (lets tests pass a stand-in). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?: () => string;
}

/**
 * Wraps the vault's data key with the OS keychain (Keychain on macOS, DPAPI on Windows,
 * libsecret/kwallet on Linux) through Electron safeStorage. Use only after `app` is ready.
 */
export function safeStorageWrapper(storage: SafeStorageLike = safeStorage): KeyWrapper {
  const ensure = () => {
    if (!storage.isEncryptionAvailable()) {
      throw new UserError('locked', 'the system keychain is not available to protect the vault', {
        hint: 'unlock with a passphrase instead (on Linux, install and unlock gnome-keyring or KWallet to use the keychain)',
      });
    }
    // On Linux without a keyring Electron falls back to a hard-coded key: no protection at all.
    if (storage.getSelectedStorageBackend?.() === 'basic_text') {
      throw new UserError('locked', 'the system keychain is not available (Electron would use a fixed, public key)', {
        hint: 'unlock with a passphrase instead, or install and unlock gnome-keyring or KWallet',
      });
    }
  };
  return {
    kind: 'safeStorage',
    async wrap(key) {
      ensure();
      return storage.encryptString(key.toString('base64')).toString('base64');
    },
    async unwrap(blob) {
      ensure();
      let text: string;
      try {
        text = storage.decryptString(Buffer.from(blob, 'base64'));
      } catch (e) {
        throw new UserError('auth', 'the system keychain could not unlock the vault (the keychain entry belongs to another user or machine)', {
          hint: 'unlock with the passphrase instead; the app then renews the keychain entry',
          cause: e,
        });
      }
      const key = Buffer.from(text, 'base64');
      if (key.length !== 32) throw new UserError('auth', 'the keychain entry of the vault is damaged', { hint: 'unlock with the passphrase instead' });
      return key;
    },
  };
}
