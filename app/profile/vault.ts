// Encrypts every secret with one data key that is stored only wrapped, by the OS keychain or by a passphrase.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../common/atomic-write';
import { UserError } from '../common/errors';

/**
 * The vault: one random 32-byte data key encrypts every secret with AES-256-GCM.
 * The data key itself is stored only wrapped — by Electron safeStorage on the desktop,
 * by a passphrase (scrypt) for the CLI — in `<data>/vault.json`. Several wrappings of the
 * same key may coexist, so the desktop app and the CLI open the same vault.
 */

export type WrappingKind = 'passphrase' | 'safeStorage';

/** Protects the data key. The shell plugs in Electron safeStorage; the CLI a passphrase. */
export interface KeyWrapper {
  kind: WrappingKind;
  wrap(key: Buffer): Promise<string>;
  /** Throws UserError('auth') when the secret (passphrase, keychain) does not fit the blob. */
  unwrap(blob: string): Promise<Buffer>;
}

export const VAULT_FILE = 'vault.json';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const CIPHER = 'aes-256-gcm';
const SECRET_PREFIX = 'enc:v1:';
/** The shortest passphrase the vault accepts. */
export const MIN_PASSPHRASE = 8;

const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');

const VaultFileSchema = z.object({
  format: z.literal('review-assistant-vault'),
  version: z.literal(1),
  /** HMAC of a fixed label under the data key: proves an unwrapped key is this vault's key. */
  keyCheck: z.string().min(1),
  wrappings: z.array(z.object({ kind: z.enum(['passphrase', 'safeStorage']), blob: z.string().min(1), createdAt: z.string() })).min(1),
});
type VaultFile = z.infer<typeof VaultFileSchema>;

function keyCheckOf(key: Buffer): string {
  return b64(createHmac('sha256', key).update('review-assistant vault key check v1').digest().subarray(0, 16));
}

// ---------- AES-GCM primitives ----------

export function gcmEncrypt(key: Buffer, plaintext: Buffer, aad: Buffer): { iv: Buffer; tag: Buffer; ct: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv(CIPHER, key, iv);
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return { iv, tag: c.getAuthTag(), ct };
}

/** Returns undefined when the tag does not verify (wrong key or altered data). */
export function gcmDecrypt(key: Buffer, parts: { iv: Buffer; tag: Buffer; ct: Buffer }, aad: Buffer): Buffer | undefined {
  try {
    const d = createDecipheriv(CIPHER, key, parts.iv);
    d.setAAD(aad);
    d.setAuthTag(parts.tag);
    return Buffer.concat([d.update(parts.ct), d.final()]);
  } catch {
    return undefined;
  }
}

// ---------- scrypt ----------

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}
/** N = 2^15, r = 8, p = 1: OWASP's floor for scrypt; ~0.1 s and 32 MiB per derivation. */
export const SCRYPT_DEFAULTS: ScryptParams = { logN: 15, r: 8, p: 1 };

export function deriveKey(passphrase: string, salt: Buffer, params: ScryptParams = SCRYPT_DEFAULTS): Promise<Buffer> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/**
 * Parameters read from a file are bounded in cost too, not only each on its own: logN 20, r 32,
 * p 4 (each within its range) would ask scrypt for 4 GB and minutes — a tampered vault or export
 * file must fail fast, not hang. The limits leave 8× the default work and 4× its memory.
 */
export function scryptWithinLimits(p: ScryptParams): boolean {
  const n = 2 ** p.logN;
  return n * p.r <= 2 ** 20 && n * p.r * p.p <= 2 ** 21;
}

function validScryptParams(p: ScryptParams): boolean {
  const ranges =
    Number.isInteger(p.logN) && p.logN >= 10 && p.logN <= 20 && Number.isInteger(p.r) && p.r >= 1 && p.r <= 32 && Number.isInteger(p.p) && p.p >= 1 && p.p <= 4;
  return ranges && scryptWithinLimits(p);
}

/**
 * Wraps the data key with a passphrase: `pw1:<logN>:<r>:<p>:<salt>:<check>:<iv>:<tag>:<ct>`.
 * `check` (an HMAC under the derived key) tells a wrong passphrase apart from an altered blob.
 */
export function passphraseWrapper(passphrase: string, params: ScryptParams = SCRYPT_DEFAULTS): KeyWrapper {
  return {
    kind: 'passphrase',
    async wrap(key) {
      const salt = randomBytes(16);
      const kek = await deriveKey(passphrase, salt, params);
      const check = createHmac('sha256', kek).update('passphrase check').digest().subarray(0, 16);
      const aad = Buffer.from(`pw1:${params.logN}:${params.r}:${params.p}`);
      const { iv, tag, ct } = gcmEncrypt(kek, key, aad);
      return ['pw1', params.logN, params.r, params.p, b64(salt), b64(check), b64(iv), b64(tag), b64(ct)].join(':');
    },
    async unwrap(blob) {
      const parts = blob.split(':');
      const [tagName, logN, r, p, salt, check, iv, tag, ct] = parts;
      const params2 = { logN: Number(logN), r: Number(r), p: Number(p) };
      if (parts.length !== 9 || tagName !== 'pw1' || !validScryptParams(params2) || !salt || !check || !iv || !tag || !ct) {
        throw new UserError('auth', 'the passphrase entry of the vault is damaged', { hint: vaultDamagedHint() });
      }
      const kek = await deriveKey(passphrase, unb64(salt), params2);
      const expected = createHmac('sha256', kek).update('passphrase check').digest().subarray(0, 16);
      const given = unb64(check);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new UserError('auth', 'wrong passphrase: it does not unlock the vault', {
          hint: 'enter the passphrase chosen when the vault was created (REVIEW_ASSISTANT_PASSPHRASE or the prompt)',
        });
      }
      const key = gcmDecrypt(kek, { iv: unb64(iv), tag: unb64(tag), ct: unb64(ct) }, Buffer.from(`pw1:${params2.logN}:${params2.r}:${params2.p}`));
      if (!key || key.length !== KEY_BYTES) throw new UserError('auth', 'the passphrase is right but the vault key was altered', { hint: vaultDamagedHint() });
      return key;
    },
  };
}

function vaultDamagedHint(): string {
  return `restore ${VAULT_FILE} from a backup; without it the saved secrets cannot be decrypted (re-enter them after removing ${VAULT_FILE})`;
}

/** What each secret is bound to: ciphertext copied to another field or profile fails to decrypt. */
export interface SecretContext {
  profile: string;
  /** Stable secret id (the canonical SECRET_PATHS entry), not a layout-dependent path. */
  field: string;
}

function aadOf(ctx: SecretContext): Buffer {
  return Buffer.from(`review-assistant secret v1\0${ctx.profile}\0${ctx.field}`);
}

export function isSealed(value: string): boolean {
  return value.startsWith(SECRET_PREFIX);
}

export class Vault {
  private constructor(
    readonly dir: string,
    private readonly key: Buffer,
    private file: VaultFile,
  ) {}

  static fileOf(dataDir: string): string {
    return path.join(dataDir, VAULT_FILE);
  }

  static async exists(dataDir: string): Promise<boolean> {
    try {
      await fs.access(Vault.fileOf(dataDir));
      return true;
    } catch {
      return false;
    }
  }

  /** Which wrappings the vault has, without unlocking it. Undefined when there is no vault yet. */
  static async wrappingKinds(dataDir: string): Promise<WrappingKind[] | undefined> {
    if (!(await Vault.exists(dataDir))) return undefined;
    const f = await readVaultFile(dataDir);
    return f.wrappings.map((w) => w.kind);
  }

  /** Profiles (and their backups) holding secrets sealed with a vault: a new vault could not read them. */
  static async sealedProfiles(dataDir: string): Promise<string[]> {
    const dir = path.join(dataDir, 'profiles');
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      return [];
    }
    const out = new Set<string>();
    for (const n of names.filter((x) => /\.json(\.bak)?$/.test(x))) {
      const text = await fs.readFile(path.join(dir, n), 'utf8').catch(() => '');
      if (text.includes(SECRET_PREFIX)) out.add(n.replace(/\.json(\.bak)?$/, ''));
    }
    return [...out].sort();
  }

  /**
   * Creates a new vault with a fresh data key; refuses to replace an existing one, and to start
   * afresh while profiles hold secrets sealed with a vault whose file is gone (a new key would
   * strand them, and restoring the old file later would break whatever was saved meanwhile).
   */
  static async create(dataDir: string, wrapper: KeyWrapper): Promise<Vault> {
    if (await Vault.exists(dataDir)) {
      throw new UserError('conflict', `a vault already exists at ${Vault.fileOf(dataDir)}`, {
        hint: 'unlock it instead; replacing it would make the saved secrets unreadable',
      });
    }
    const sealed = await Vault.sealedProfiles(dataDir);
    if (sealed.length) {
      throw new UserError(
        'not-found',
        `the vault file ${Vault.fileOf(dataDir)} is missing, but ${sealed.length === 1 ? 'the profile' : 'the profiles'} ${sealed.map((n) => `"${n}"`).join(', ')} hold secrets sealed with it`,
        {
          hint: `put vault.json back from a backup (nothing was changed); to start over without those secrets, move ${path.join(dataDir, 'profiles')} aside first`,
        },
      );
    }
    const key = randomBytes(KEY_BYTES);
    const file: VaultFile = {
      format: 'review-assistant-vault',
      version: 1,
      keyCheck: keyCheckOf(key),
      wrappings: [{ kind: wrapper.kind, blob: await wrapper.wrap(key), createdAt: new Date().toISOString() }],
    };
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    // Write to a temp name and link: link fails if another process created the vault meanwhile.
    const tmp = `${Vault.fileOf(dataDir)}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
    await writeFileAtomic(tmp, JSON.stringify(file, null, 2) + '\n');
    try {
      await fs.link(tmp, Vault.fileOf(dataDir));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new UserError('conflict', `a vault was created at ${Vault.fileOf(dataDir)} by another process`, { hint: 'run the command again to unlock it' });
      }
      throw e;
    } finally {
      await fs.rm(tmp, { force: true });
    }
    return new Vault(dataDir, key, file);
  }

  static async open(dataDir: string, wrapper: KeyWrapper): Promise<Vault> {
    const file = await readVaultFile(dataDir);
    const entry = file.wrappings.find((w) => w.kind === wrapper.kind);
    if (!entry) {
      throw new UserError('locked', `the vault has no ${wrapper.kind === 'passphrase' ? 'passphrase' : 'system keychain entry'}`, {
        hint:
          wrapper.kind === 'passphrase'
            ? 'the vault was created by the desktop app: open the app and choose "Vault passphrase…" at the foot of the sidebar to add one'
            : 'unlock with the passphrase once; the app then adds a keychain entry',
      });
    }
    const key = await wrapper.unwrap(entry.blob);
    const check = Buffer.from(keyCheckOf(key));
    const stored = Buffer.from(file.keyCheck);
    if (check.length !== stored.length || !timingSafeEqual(check, stored)) {
      throw new UserError('auth', `${Vault.fileOf(dataDir)} was altered: the unlocked key is not this vault's key`, { hint: vaultDamagedHint() });
    }
    return new Vault(dataDir, key, file);
  }

  /** Opens the vault, creating it on first use. */
  static async openOrCreate(dataDir: string, wrapper: KeyWrapper): Promise<Vault> {
    return (await Vault.exists(dataDir)) ? Vault.open(dataDir, wrapper) : Vault.create(dataDir, wrapper);
  }

  get kinds(): WrappingKind[] {
    return this.file.wrappings.map((w) => w.kind);
  }

  /** Adds (or replaces) a wrapping of the same data key, e.g. a passphrase for the CLI next to safeStorage. */
  async addWrapping(wrapper: KeyWrapper): Promise<void> {
    const blob = await wrapper.wrap(this.key);
    const next: VaultFile = {
      ...this.file,
      wrappings: [...this.file.wrappings.filter((w) => w.kind !== wrapper.kind), { kind: wrapper.kind, blob, createdAt: new Date().toISOString() }],
    };
    await writeFileAtomic(Vault.fileOf(this.dir), JSON.stringify(next, null, 2) + '\n');
    this.file = next;
  }

  /**
   * Sets the vault's passphrase (a new one, or in place of the old): the same data key wrapped
   * anew, written atomically, so a change killed half-way leaves the old passphrase working.
   */
  async setPassphrase(passphrase: string, params?: Parameters<typeof passphraseWrapper>[1]): Promise<void> {
    if (passphrase.length < MIN_PASSPHRASE) {
      throw new UserError('validation', `the passphrase is too short (at least ${MIN_PASSPHRASE} characters)`, {
        issues: [{ field: 'passphrase', message: `use at least ${MIN_PASSPHRASE} characters` }],
      });
    }
    await this.addWrapping(passphraseWrapper(passphrase, params));
  }

  /** Removes a wrapping; the last one cannot go (the key would be lost). */
  async removeWrapping(kind: WrappingKind): Promise<void> {
    const rest = this.file.wrappings.filter((w) => w.kind !== kind);
    if (rest.length === 0) throw new UserError('conflict', `cannot remove the only way to unlock the vault (${kind})`, { hint: 'add another wrapping first' });
    const next = { ...this.file, wrappings: rest };
    await writeFileAtomic(Vault.fileOf(this.dir), JSON.stringify(next, null, 2) + '\n');
    this.file = next;
  }

  /** `enc:v1:<iv>:<tag>:<ct>`, bound to the profile and field. */
  seal(plaintext: string, ctx: SecretContext): string {
    const { iv, tag, ct } = gcmEncrypt(this.key, Buffer.from(plaintext, 'utf8'), aadOf(ctx));
    return `${SECRET_PREFIX}${b64(iv)}:${b64(tag)}:${b64(ct)}`;
  }

  /** Throws UserError('auth') naming the field when the ciphertext was altered or moved. */
  unseal(sealed: string, ctx: SecretContext, where = `profile "${ctx.profile}"`): string {
    const fail = () =>
      new UserError('auth', `cannot decrypt ${ctx.field} in ${where}: the stored value was altered, moved from another field, or belongs to another vault`, {
        issues: [{ field: ctx.field, message: 'encrypted value does not verify' }],
        hint: `restore the profile from its .bak copy ("review-assistant profile restore ${ctx.profile} --backup") or set the value again`,
        appHint: 'enter the value again and save',
      });
    if (!isSealed(sealed)) throw fail();
    const [iv, tag, ct, ...extra] = sealed.slice(SECRET_PREFIX.length).split(':');
    if (!iv || !tag || ct === undefined || extra.length) throw fail();
    const pt = gcmDecrypt(this.key, { iv: unb64(iv), tag: unb64(tag), ct: unb64(ct) }, aadOf(ctx));
    if (!pt) throw fail();
    return pt.toString('utf8');
  }
}

async function readVaultFile(dataDir: string): Promise<VaultFile> {
  const file = Vault.fileOf(dataDir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new UserError('not-found', `there is no vault at ${file}`, { hint: 'create a profile first; the vault is created with it' });
    throw new UserError('io', `cannot read ${file}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UserError('auth', `${file} is damaged (not valid JSON); it was left untouched`, { hint: vaultDamagedHint() });
  }
  const r = VaultFileSchema.safeParse(raw);
  if (!r.success) {
    const v = (raw as { version?: unknown } | null)?.version;
    if (typeof v === 'number' && v > 1) {
      throw new UserError('conflict', `${file} was written by a newer version of App Review Assistant`, {
        hint: 'upgrade App Review Assistant; the file was left untouched',
      });
    }
    throw new UserError('auth', `${file} is damaged (${r.error.issues[0]?.message ?? 'unexpected shape'}); it was left untouched`, {
      hint: vaultDamagedHint(),
    });
  }
  return r.data;
}
