// Saves, lists, renames, trashes and restores submission profiles on disk, atomically and with secrets sealed by the vault.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { withFileLock } from '../common/file-lock';
import { writeFileAtomic } from '../common/atomic-write';
import { UserError } from '../common/errors';
import { zodIssues } from '../common/zod-issues';
import { migrateProfile, type RawProfile } from './migrations';
import { getAt, setAt } from './paths';
import { blankProfile, SAMPLE_NAME, sampleProfile } from './sample';
import { ProfileNameSchema, ProfileSchema, SECRET_PATHS, type Profile } from './schema';
import { decryptExport, encryptExport } from './transfer';
import { completeness, missingFields, validateProfile } from './validate';
import { isSealed, type Vault } from './vault';
import { pathExists, processAlive } from '../common/fs-probe';

export interface ProfileSummary {
  name: string;
  title: string;
  updatedAt: string;
  sample: boolean;
  /** Share of the fields a submission needs that are filled, 0..1. */
  completeness: number;
  /** How many fields the submission still needs. */
  missing: number;
  /** Set when the file cannot be read; the other fields are then best-effort. */
  error?: string;
}

export interface TrashEntry {
  trashId: string;
  name: string;
  deletedAt: string;
}

export interface ProfileStoreOptions {
  /** Opens the vault; called whenever a secret must be sealed or opened (cache inside if it prompts). */
  unlock: () => Promise<Vault>;
  now?: () => Date;
}

const PROFILE_EXT = '.json';
const BAK_EXT = '.json.bak';

/**
 * Submission profiles in `<data>/profiles/<name>.json`, secrets sealed by the vault.
 * Every write is atomic and keeps the previous good file as `<name>.json.bak`; a file
 * that cannot be read (damaged, newer format) is reported and never written over.
 */
export class ProfileStore {
  readonly profilesDir: string;
  readonly trashDir: string;
  private readonly now: () => Date;

  constructor(
    readonly dataDir: string,
    private readonly opts: ProfileStoreOptions,
  ) {
    this.profilesDir = path.join(dataDir, 'profiles');
    this.trashDir = path.join(dataDir, 'trash');
    this.now = opts.now ?? (() => new Date());
  }

  fileOf(name: string): string {
    return path.join(this.profilesDir, `${checkName(name)}${PROFILE_EXT}`);
  }

  backupOf(name: string): string {
    return path.join(this.profilesDir, `${checkName(name)}${BAK_EXT}`);
  }

  /** Asked each time, so a vault locked meanwhile (desktop "Lock") stays locked; callers cache if they prompt. */
  private unlock(): Promise<Vault> {
    return this.opts.unlock();
  }

  async exists(name: string): Promise<boolean> {
    return pathExists(this.fileOf(name));
  }

  async list(): Promise<ProfileSummary[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.profilesDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const out: ProfileSummary[] = [];
    for (const f of names.sort()) {
      if (!f.endsWith(PROFILE_EXT) || f.startsWith('.')) continue;
      const name = f.slice(0, -PROFILE_EXT.length);
      if (!ProfileNameSchema.safeParse(name).success) continue;
      out.push(await this.summarize(name));
    }
    return out;
  }

  private async summarize(name: string): Promise<ProfileSummary> {
    const base = { name, title: '', updatedAt: '', sample: false, completeness: 0, missing: 0 };
    try {
      const doc = await this.readDoc(name);
      // Completeness needs only "is it filled": stand-ins replace sealed secrets so nothing is decrypted.
      const probe = structuredClone(doc);
      for (const p of SECRET_PATHS) {
        const v = getAt(probe, p);
        if (typeof v === 'string' && isSealed(v)) setAt(probe, p, p === 'gateway.appSecret' ? '0'.repeat(32) : 'x');
      }
      const r = ProfileSchema.safeParse(probe);
      if (!r.success) return { ...base, error: `does not match the profile format (${zodIssues(r.error)[0]?.field ?? '?'})` };
      const p = r.data;
      return { name, title: p.title, updatedAt: p.updatedAt, sample: p.sample, completeness: completeness(p), missing: missingFields(p, 'submit').length };
    } catch (e) {
      return { ...base, error: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Reads, parses and migrates the stored document (secrets still sealed). */
  private async readDoc(name: string, file = this.fileOf(name)): Promise<RawProfile> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new UserError('not-found', `there is no profile "${name}"`, { hint: 'see the profiles with "review-assistant profile list"' });
      }
      throw new UserError('io', `cannot read ${file}: ${(e as Error).message}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new UserError('validation', `profile file ${file} is damaged (not valid JSON: ${(e as Error).message}); it was left untouched`, {
        hint: this.restoreHint(name),
      });
    }
    const { doc } = migrateProfile(raw, `profile file ${file}`);
    if (!doc.updatedAt || !doc.createdAt) {
      const mtime = (await fs.stat(file)).mtime.toISOString();
      doc.updatedAt ||= mtime;
      doc.createdAt ||= mtime;
    }
    if (doc.name !== name) {
      throw new UserError('validation', `profile file ${file} holds the profile "${String(doc.name)}"; a profile file must be named after its profile`, {
        hint: `rename the file back to ${String(doc.name)}.json, or use "review-assistant profile rename"`,
      });
    }
    return doc;
  }

  private restoreHint(name: string): string {
    return `restore the last good version with "review-assistant profile restore ${name} --backup" (it keeps the damaged file as ${name}.json.damaged-…)`;
  }

  async load(name: string): Promise<Profile> {
    const file = this.fileOf(name);
    const doc = await this.readDoc(name);
    await this.openSecrets(doc, name, `profile file ${file}`);
    const r = ProfileSchema.safeParse(doc);
    if (!r.success) {
      const issues = zodIssues(r.error);
      throw new UserError(
        'validation',
        `profile file ${file} does not match the profile format: ${issues[0]?.field}: ${issues[0]?.message}; it was left untouched`,
        {
          issues,
          hint: this.restoreHint(name),
        },
      );
    }
    return r.data;
  }

  private async openSecrets(doc: RawProfile, name: string, where: string): Promise<void> {
    const present = SECRET_PATHS.filter((p) => {
      const v = getAt(doc, p);
      return typeof v === 'string' && v !== '';
    });
    if (!present.length) return;
    for (const p of present) {
      if (!isSealed(getAt(doc, p) as string)) {
        throw new UserError('validation', `${where}: ${p} holds a value that is not encrypted; it was left untouched`, {
          issues: [{ field: p, message: 'secrets are stored only as vault ciphertext' }],
          hint: `set the value again with "review-assistant profile set ${name} ${p}=-"`,
        });
      }
    }
    const vault = await this.unlock();
    for (const p of present) setAt(doc, p, vault.unseal(getAt(doc, p) as string, { profile: name, field: p }, where));
  }

  private async sealSecrets(p: Profile): Promise<RawProfile> {
    const doc = structuredClone(p) as unknown as RawProfile;
    const present = SECRET_PATHS.filter((sp) => getAt(doc, sp) !== '');
    if (!present.length) return doc;
    const vault = await this.unlock();
    for (const sp of present) setAt(doc, sp, vault.seal(getAt(doc, sp) as string, { profile: p.name, field: sp }));
    return doc;
  }

  /**
   * Validates and writes. Optimistic concurrency: `profile.updatedAt` must match the file on
   * disk (someone else saved meanwhile → 'conflict'). Returns the profile as saved.
   */
  async save(profile: unknown, opts: { create?: boolean } = {}): Promise<Profile> {
    const name = (profile as { name?: unknown } | null)?.name;
    // The check of updatedAt and the write happen under the profile's lock: between processes
    // (CLI, browser mode, desktop) and within one, two saves can no longer interleave.
    if (typeof name !== 'string' || !ProfileNameSchema.safeParse(name).success) return this.saveLocked(profile, opts);
    return this.locked(name, () => this.saveLocked(profile, opts));
  }

  /**
   * Reads the profile, applies `change` and saves it, all under the profile's lock: for changes
   * made in one go (tick a step, keep an edited text), which must never lose one another.
   */
  async update(name: string, change: (p: Profile) => Profile | Promise<Profile>): Promise<Profile> {
    return this.locked(name, async () => this.saveLocked(await change(await this.load(name))));
  }

  private async locked<T>(name: string, fn: () => Promise<T>): Promise<T> {
    await fs.mkdir(this.profilesDir, { recursive: true, mode: 0o700 });
    return withFileLock(path.join(this.profilesDir, `.${checkName(name)}.lock`), fn, { what: `profile "${name}"` });
  }

  private async saveLocked(profile: unknown, opts: { create?: boolean } = {}): Promise<Profile> {
    const v = validateProfile(profile);
    if (!v.ok || !v.profile) {
      const first = v.issues[0];
      throw new UserError('validation', `the profile was not saved: ${first?.field}: ${first?.message}`, {
        issues: v.issues,
        hint: 'correct the field(s) named above; nothing was changed on disk',
      });
    }
    const p = v.profile;
    const file = this.fileOf(p.name);
    let previousText: string | undefined;
    let previousUpdatedAt: string | undefined;
    if (await pathExists(file)) {
      if (opts.create)
        throw new UserError('conflict', `a profile named "${p.name}" already exists`, { hint: 'choose another name, or delete the existing one first' });
      // Reading it through readDoc refuses damaged and newer files, so they are never overwritten.
      const doc = await this.readDoc(p.name);
      previousUpdatedAt = typeof doc.updatedAt === 'string' ? doc.updatedAt : '';
      if (previousUpdatedAt !== p.updatedAt) {
        throw new UserError('conflict', `profile "${p.name}" was changed elsewhere since it was opened (saved at ${previousUpdatedAt})`, {
          hint: 'open it again and redo the change',
        });
      }
      previousText = await fs.readFile(file, 'utf8');
    }
    let updated = this.now();
    if (previousUpdatedAt && updated.getTime() <= Date.parse(previousUpdatedAt)) updated = new Date(Date.parse(previousUpdatedAt) + 1);
    const saved: Profile = { ...p, updatedAt: updated.toISOString() };
    const doc = await this.sealSecrets(saved);
    await fs.mkdir(this.profilesDir, { recursive: true, mode: 0o700 });
    await this.removeStaleTemps(p.name);
    if (previousText !== undefined) await writeFileAtomic(this.backupOf(p.name), previousText);
    await writeFileAtomic(file, JSON.stringify(doc, null, 2) + '\n');
    return saved;
  }

  /** Temp files of writers that died mid-write (writeFileAtomic names them `.<file>.<pid>.<hex>.tmp`). */
  private async removeStaleTemps(name: string): Promise<void> {
    const re = new RegExp(`^\\.${name}\\.json(?:\\.bak)?\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
    for (const f of await fs.readdir(this.profilesDir)) {
      const m = re.exec(f);
      if (m && !processAlive(Number(m[1]))) await fs.rm(path.join(this.profilesDir, f), { force: true });
    }
  }

  /** A new profile: blank, or the built-in sample (named `sample` unless a name is given). */
  async create(name: string | undefined, opts: { sample?: boolean; title?: string } = {}): Promise<Profile> {
    const now = this.now().toISOString();
    let p: Profile;
    if (opts.sample) {
      p = { ...sampleProfile(now), name: checkName(name ?? SAMPLE_NAME) };
      if (opts.title !== undefined) p.title = opts.title;
    } else {
      if (!name) throw new UserError('usage', 'a new profile needs a name', { hint: 'e.g. "review-assistant profile create acme-support"' });
      p = blankProfile(checkName(name), opts.title ?? '', now);
    }
    return this.save(p, { create: true });
  }

  async duplicate(from: string, to: string, opts: { title?: string } = {}): Promise<Profile> {
    const src = await this.load(from);
    const now = this.now().toISOString();
    return this.save({ ...src, name: checkName(to), title: opts.title ?? src.title, createdAt: now, updatedAt: now, texts: src.texts }, { create: true });
  }

  /** Secrets are bound to the profile name, so renaming re-seals them under the new one. */
  async rename(from: string, to: string): Promise<Profile> {
    const src = await this.load(from);
    const saved = await this.save({ ...src, name: checkName(to) }, { create: true });
    await fs.rm(this.fileOf(from), { force: true });
    await fs.rm(this.backupOf(from), { force: true });
    return saved;
  }

  /** Moves the profile (and its backup) to `<data>/trash/`, from where `restore` brings it back. */
  async delete(name: string): Promise<{ name: string; trashId: string }> {
    const file = this.fileOf(name);
    if (!(await pathExists(file)))
      throw new UserError('not-found', `there is no profile "${name}"`, { hint: 'see the profiles with "review-assistant profile list"' });
    await fs.mkdir(this.trashDir, { recursive: true, mode: 0o700 });
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    let trashId = `${name}@${stamp}`;
    for (let i = 2; await pathExists(path.join(this.trashDir, `${trashId}${PROFILE_EXT}`)); i++) trashId = `${name}@${stamp}-${i}`;
    await fs.rename(file, path.join(this.trashDir, `${trashId}${PROFILE_EXT}`));
    await fs.rename(this.backupOf(name), path.join(this.trashDir, `${trashId}${BAK_EXT}`)).catch(() => undefined);
    return { name, trashId };
  }

  async listTrash(): Promise<TrashEntry[]> {
    let files: string[];
    try {
      files = await fs.readdir(this.trashDir);
    } catch {
      return [];
    }
    const out: TrashEntry[] = [];
    for (const f of files) {
      const m = /^([a-z0-9][a-z0-9-]{0,62})@(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z(?:-\d+)?\.json$/.exec(f);
      if (!m) continue;
      out.push({ trashId: f.slice(0, -PROFILE_EXT.length), name: m[1] as string, deletedAt: `${m[2]}T${m[3]}:${m[4]}:${m[5]}.${m[6]}Z` });
    }
    return out.sort((a, b) => (a.deletedAt < b.deletedAt ? 1 : a.deletedAt > b.deletedAt ? -1 : b.trashId.localeCompare(a.trashId)));
  }

  /** Restores the most recently deleted profile of that name (or the exact trash id). */
  async restore(nameOrTrashId: string): Promise<{ name: string; trashId: string }> {
    const trash = await this.listTrash();
    const entry = trash.find((t) => t.trashId === nameOrTrashId) ?? trash.find((t) => t.name === nameOrTrashId);
    if (!entry) throw new UserError('not-found', `nothing named "${nameOrTrashId}" is in the trash`, { hint: `deleted profiles are kept in ${this.trashDir}` });
    const target = this.fileOf(entry.name);
    if (await pathExists(target)) {
      throw new UserError('conflict', `a profile named "${entry.name}" exists already`, {
        hint: `rename or delete it first ("review-assistant profile rename ${entry.name} NEW")`,
      });
    }
    await fs.mkdir(this.profilesDir, { recursive: true, mode: 0o700 });
    await fs.rename(path.join(this.trashDir, `${entry.trashId}${PROFILE_EXT}`), target);
    await fs.rename(path.join(this.trashDir, `${entry.trashId}${BAK_EXT}`), this.backupOf(entry.name)).catch(() => undefined);
    return { name: entry.name, trashId: entry.trashId };
  }

  /**
   * Puts the last good version (`<name>.json.bak`) back. The current file, readable or
   * not, is kept next to it as `<name>.json.damaged-<time>` so nothing is lost.
   */
  async restoreBackup(name: string): Promise<Profile> {
    const bak = this.backupOf(name);
    const profile = await this.loadBackup(name);
    const file = this.fileOf(name);
    if (await pathExists(file)) await fs.rename(file, `${file}.damaged-${this.now().toISOString().replace(/[:.]/g, '-')}`);
    await writeFileAtomic(file, await fs.readFile(bak, 'utf8'));
    return profile;
  }

  /** The last good version (`<name>.json.bak`), decrypted, without touching any file. */
  async loadBackup(name: string): Promise<Profile> {
    const bak = this.backupOf(name);
    if (!(await pathExists(bak)))
      throw new UserError('not-found', `profile "${name}" has no backup (${bak})`, { hint: 'a backup is written from the second save on' });
    const doc = await this.readDoc(name, bak);
    await this.openSecrets(doc, name, `backup file ${bak}`);
    const r = ProfileSchema.safeParse(doc);
    if (!r.success)
      throw new UserError('validation', `the backup ${bak} is not usable either`, {
        issues: zodIssues(r.error),
        hint: 'import the profile from an export, or create it again',
      });
    return r.data;
  }

  /** The profile as one encrypted file (its own passphrase); returns the file content. */
  async exportProfile(name: string, passphrase: string): Promise<string> {
    checkExportPassphrase(passphrase);
    const p = await this.load(name);
    return encryptExport(JSON.stringify(p), passphrase);
  }

  /** Imports an exported file; `name` renames it (a profile with that name must not exist). */
  async importProfile(data: string, passphrase: string, opts: { name?: string; where?: string } = {}): Promise<Profile> {
    const where = opts.where ?? 'the imported file';
    const plain = await decryptExport(data, passphrase, where);
    let raw: unknown;
    try {
      raw = JSON.parse(plain);
    } catch {
      throw new UserError('validation', `${where} does not hold a profile`, { hint: 'export the profile again' });
    }
    const { doc } = migrateProfile(raw, where);
    const name = checkName(opts.name ?? String(doc.name));
    if (await this.exists(name)) {
      throw new UserError('conflict', `a profile named "${name}" already exists`, {
        hint: 'import under another name with --name NEW, or delete the existing one',
        appHint: 'delete the existing submission first (Delete, which can be undone), then import again',
      });
    }
    const now = this.now().toISOString();
    return this.save({ ...doc, name, createdAt: doc.createdAt || now, updatedAt: now }, { create: true });
  }
}

export function checkName(name: string): string {
  const r = ProfileNameSchema.safeParse(name);
  if (!r.success) {
    throw new UserError('validation', `"${name}" cannot be a profile name: ${r.error.issues[0]?.message}`, {
      issues: [{ field: 'name', message: r.error.issues[0]?.message ?? 'invalid' }],
    });
  }
  return r.data;
}

export function checkExportPassphrase(passphrase: string): void {
  if (passphrase.length < 8) {
    throw new UserError('validation', 'the passphrase is too short (at least 8 characters)', {
      hint: 'choose a longer passphrase; it protects the secrets inside the file',
    });
  }
}
