// Opens the vault and the profile store for a CLI command, with the passphrase from the environment or a prompt.
import { UserError } from '../../app/common/errors';
import { ProfileStore } from '../../app/profile/store';
import type { Profile } from '../../app/profile/schema';
import { passphraseWrapper, Vault } from '../../app/profile/vault';
import type { CommandContext } from './command';
import { existingPassphrase, newPassphrase } from './secret-input';

export const PASSPHRASE_ENV = 'REVIEW_ASSISTANT_PASSPHRASE';
export const EXPORT_PASSPHRASE_ENV = 'REVIEW_ASSISTANT_EXPORT_PASSPHRASE';
const MIN_PASSPHRASE = 8;

/**
 * Opens the vault with the CLI passphrase (REVIEW_ASSISTANT_PASSPHRASE or the prompt),
 * creating it on first use (the prompt then asks twice).
 */
export async function unlockVault(ctx: CommandContext): Promise<Vault> {
  if (await Vault.exists(ctx.dataDir)) {
    const pass = await existingPassphrase(ctx, PASSPHRASE_ENV, 'the vault');
    return Vault.open(ctx.dataDir, passphraseWrapper(pass));
  }
  const pass = await newPassphrase(ctx, PASSPHRASE_ENV, 'the vault that protects App Secrets and passwords');
  if (pass.length < MIN_PASSPHRASE) {
    throw new UserError('validation', `the vault passphrase is too short (at least ${MIN_PASSPHRASE} characters)`, {
      hint: `choose a longer one (${PASSPHRASE_ENV} or the prompt)`,
    });
  }
  const vault = await Vault.create(ctx.dataDir, passphraseWrapper(pass));
  ctx.err(`Created the vault ${Vault.fileOf(ctx.dataDir)}; keep the passphrase: without it the saved secrets cannot be read.`);
  return vault;
}

/** The profile store of the data directory. The vault is unlocked only when a secret is read or written. */
export async function openStore(ctx: CommandContext): Promise<ProfileStore> {
  // One prompt per command run: the unlocked vault is kept for the rest of it.
  let vault: Promise<Vault> | undefined;
  const unlock = () => {
    vault ??= unlockVault(ctx).catch((e: unknown) => {
      vault = undefined;
      throw e;
    });
    return vault;
  };
  return new ProfileStore(ctx.dataDir, { unlock });
}

/** Loads a profile (secrets decrypted) for a command that takes `--profile NAME`. */
export async function loadProfileForCommand(ctx: CommandContext, name: string | undefined): Promise<Profile> {
  if (!name) {
    throw new UserError('usage', 'which profile? pass --profile NAME', {
      hint: 'see the profiles with "review-assistant profile list", or try the sample: "review-assistant profile create --sample"',
    });
  }
  const store = await openStore(ctx);
  return store.load(name);
}
