// `review-assistant vault …`: the secrets vault's passphrase.
import { UserError } from '../../../app/common/errors';
import { MIN_PASSPHRASE, passphraseWrapper, Vault } from '../../../app/profile/vault';
import { EXIT, type Command } from '../command';
import { existingPassphrase, newPassphrase } from '../secret-input';
import { PASSPHRASE_ENV } from '../store-context';

export const NEW_PASSPHRASE_ENV = 'REVIEW_ASSISTANT_NEW_PASSPHRASE';

export const vaultChangePassphrase: Command = {
  name: 'vault change-passphrase',
  summary: 'Change the vault passphrase (the secrets stay as they are)',
  usage: '',
  help: `Opens the vault with the current passphrase (${PASSPHRASE_ENV} or a prompt) and wraps its
data key with a new one (${NEW_PASSPHRASE_ENV} or a prompt, asked twice). The secrets are not
re-encrypted: only vault.json changes, written atomically, so a change interrupted half-way
leaves the old passphrase working. The desktop app's keychain entry, if any, stays.

A vault made by the desktop app has no passphrase yet: add one there ("Vault passphrase…" at the
foot of the sidebar), then the command line can open it.`,
  noJson: true,
  async run(ctx) {
    if (ctx.args.length) throw new UserError('usage', `unexpected argument "${ctx.args[0]}"`);
    if (!(await Vault.exists(ctx.dataDir)))
      throw new UserError('not-found', `there is no vault at ${Vault.fileOf(ctx.dataDir)}`, {
        hint: 'it is created with the first profile that holds a secret',
      });
    const old = await existingPassphrase(ctx, PASSPHRASE_ENV, 'the vault (current passphrase)');
    const vault = await Vault.open(ctx.dataDir, passphraseWrapper(old));
    const next = await newPassphrase(ctx, NEW_PASSPHRASE_ENV, 'the vault (new passphrase)');
    if (next.length < MIN_PASSPHRASE)
      throw new UserError('validation', `the new passphrase is too short (at least ${MIN_PASSPHRASE} characters)`, { hint: 'nothing was changed' });
    await vault.setPassphrase(next);
    ctx.out(`Changed the passphrase of ${Vault.fileOf(ctx.dataDir)}. Use the new one from now on (${PASSPHRASE_ENV} too).`);
    return EXIT.ok;
  },
};

export const VAULT_COMMANDS: Command[] = [vaultChangePassphrase];
