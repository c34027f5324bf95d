// Keeps the secrets vault locked until unlocked once per launch, by the OS keychain on the desktop or by passphrase.
import { UserError } from '../common/errors';
import { passphraseWrapper, Vault, type KeyWrapper } from '../profile/vault';
import type { VaultStatus } from './views';

/**
 * The vault as the UI sees it: locked until unlocked once per launch. On the desktop the
 * data key is wrapped by the OS keychain (safeStorage), so unlocking needs no passphrase;
 * a vault created by the CLI is opened once with its passphrase and then gets a keychain
 * wrapping too. Browser mode uses the passphrase (or REVIEW_ASSISTANT_PASSPHRASE).
 */
export class VaultSession {
  private vault: Vault | undefined;
  /** The one opening with REVIEW_ASSISTANT_PASSPHRASE: the UI's first calls come together, and each would open the vault (a costly key derivation). */
  private envOpening: Promise<unknown> | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly keyWrapper: KeyWrapper | undefined,
    private readonly envPassphrase: string | undefined,
  ) {}

  async status(): Promise<VaultStatus> {
    const kinds = await Vault.wrappingKinds(this.dataDir);
    if (!this.vault && this.envPassphrase && kinds?.includes('passphrase')) await (this.envOpening ??= this.unlock({}).catch(() => undefined));
    const method: VaultStatus['method'] = this.keyWrapper && (!kinds || kinds.includes(this.keyWrapper.kind)) ? 'safeStorage' : 'passphrase';
    if (this.vault) return { state: 'unlocked', method };
    return { state: kinds ? 'locked' : 'uninitialized', method };
  }

  async create(input: { passphrase?: string | undefined }): Promise<VaultStatus> {
    const pass = input.passphrase ?? this.envPassphrase;
    if (this.keyWrapper && !pass) {
      this.vault = await Vault.create(this.dataDir, this.keyWrapper);
    } else {
      if (!pass)
        throw new UserError('validation', 'choose a passphrase for the vault', {
          issues: [{ field: 'passphrase', message: 'enter a passphrase of at least 8 characters' }],
        });
      this.vault = await Vault.create(this.dataDir, passphraseWrapper(pass));
      if (this.keyWrapper) await this.vault.addWrapping(this.keyWrapper);
    }
    return this.status();
  }

  async unlock(input: { passphrase?: string | undefined }): Promise<VaultStatus> {
    if (this.vault) return this.status();
    const kinds = await Vault.wrappingKinds(this.dataDir);
    if (!kinds) throw new UserError('not-found', 'there is no vault yet', { hint: 'create it first' });
    const pass = input.passphrase || this.envPassphrase;
    if (this.keyWrapper && kinds.includes(this.keyWrapper.kind) && !input.passphrase) {
      this.vault = await Vault.open(this.dataDir, this.keyWrapper);
    } else {
      if (!pass) throw new UserError('locked', 'enter the vault passphrase', { issues: [{ field: 'passphrase', message: 'enter the passphrase' }] });
      this.vault = await Vault.open(this.dataDir, passphraseWrapper(pass));
      // From now on the desktop app opens it with the keychain alone.
      if (this.keyWrapper && !kinds.includes(this.keyWrapper.kind)) await this.vault.addWrapping(this.keyWrapper).catch(() => undefined);
    }
    return this.status();
  }

  /** Sets or replaces the passphrase wrapping of the open vault (the desktop's keychain entry stays). */
  async setPassphrase(passphrase: string): Promise<VaultStatus> {
    const vault = await this.require();
    await vault.setPassphrase(passphrase);
    return this.status();
  }

  /** For the profile store: the open vault, or a 'locked' error the UI answers with the unlock screen. */
  async require(): Promise<Vault> {
    if (this.vault) return this.vault;
    await this.status();
    if (this.vault) return this.vault;
    throw new UserError('locked', 'the vault is locked', { hint: 'unlock it with your passphrase' });
  }

  get unlocked(): boolean {
    return this.vault !== undefined;
  }
}
