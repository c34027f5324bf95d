// The `profile` commands: create, list, show, set, delete, restore, rename, duplicate, export and import submissions.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../app/common/atomic-write';
import { UserError, type FieldIssue } from '../../../app/common/errors';
import { getAt, leafPaths, parsePath, setAt } from '../../../app/profile/paths';
import { SECRET_PATHS, type Profile } from '../../../app/profile/schema';
import { checkExportPassphrase } from '../../../app/profile/store';
import { missingFields, profileWarnings } from '../../../app/profile/validate';
import { AccessLevelSchema, PERMISSION_IDS, PermissionIdSchema } from '../../../app/review/permission-ids';
import { EXIT, type Command, type CommandContext } from '../command';
import { existingPassphrase, hasTerminal, newPassphrase, readSecret } from '../secret-input';
import { EXPORT_PASSPHRASE_ENV, openStore, PASSPHRASE_ENV } from '../store-context';

const MASK = '••••';
const SECRETS: readonly string[] = SECRET_PATHS;
/** Managed by the store or by other commands, not by `profile set`. */
const READ_ONLY = /^(schemaVersion|name|createdAt|updatedAt|sample|texts\b|setup\b)/;

export function maskSecrets(p: Profile): Profile {
  const c = structuredClone(p);
  for (const s of SECRET_PATHS) if (getAt(c, s)) setAt(c, s, MASK);
  return c;
}

function one(ctx: CommandContext, what: string, example: string): string {
  const [v, ...extra] = ctx.args;
  if (!v) throw new UserError('usage', `missing ${what}`, { hint: `e.g. ${example}` });
  if (extra.length) throw new UserError('usage', `unexpected argument "${extra[0]}"`, { hint: `e.g. ${example}` });
  return v;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

function printIssues(ctx: CommandContext, title: string, issues: FieldIssue[]): void {
  if (!issues.length) return;
  ctx.out(title);
  for (const i of issues) ctx.out(`  - ${i.field}: ${i.message}`);
}

const pct = (n: number) => `${Math.round(n * 100)}%`;

const profileOverview: Command = {
  name: 'profile',
  summary: 'Manage submission profiles (create, list, show, set, delete, restore, export, import)',
  usage: '<create|list|show|set|delete|restore|rename|duplicate|export|import> …',
  noJson: true,
  help: `
A submission profile holds everything one Meta App Review submission needs: the Webitel
host, the gateway (App ID, App Secret, gateway URI), the Meta app, the Facebook Pages,
the reviewer's test logins, the logins used only for recording, and the permissions.
App Secrets and passwords are kept encrypted in the vault (passphrase:
${PASSPHRASE_ENV} or a prompt).

Subcommands (each has --help):
  profile create NAME | --sample     new blank profile, or the built-in sample
  profile list                       all profiles with how complete they are
  profile show NAME [--reveal]       every field (secrets masked unless --reveal)
  profile set NAME path=value …      change fields (validated; nothing saved on error)
  profile delete NAME [--yes]        move to the trash
  profile restore NAME [--backup]    bring back from the trash, or the last good version
  profile rename OLD NEW             change the name
  profile duplicate NAME NEW         copy a profile
  profile export NAME --out FILE     one encrypted file (its own passphrase)
  profile import FILE [--name NEW]   read such a file

Start with: review-assistant profile create --sample`,
  async run(ctx) {
    const sub = ctx.args[0];
    throw new UserError('usage', sub ? `unknown subcommand "profile ${sub}"` : 'which profile subcommand?', { hint: 'run "review-assistant profile --help"' });
  },
};

const create: Command = {
  name: 'profile create',
  summary: 'Create a new submission profile (blank, or the built-in sample)',
  usage: '[NAME] [--sample] [--title TITLE] [--json]',
  options: { sample: { type: 'boolean' }, title: { type: 'string' } },
  help: `
Creates a blank draft profile called NAME (1–63 lowercase letters, digits, dashes), or
with --sample the built-in sample submission (named "sample" unless NAME is given): fake
but well-formed values that point at the built-in demo sandbox, so texts and a demo
recording work before you enter real data.

Creating the first profile with secrets creates the vault: the passphrase comes from
${PASSPHRASE_ENV} or is asked twice.

Examples:
  review-assistant profile create --sample
  review-assistant profile create acme-support --title "Acme Messenger gateway"`,
  async run(ctx) {
    const sample = ctx.values.sample === true;
    if (ctx.args.length > 1) throw new UserError('usage', `unexpected argument "${ctx.args[1]}"`, { hint: 'profile create NAME [--sample] [--title TITLE]' });
    const name = ctx.args[0];
    if (!name && !sample)
      throw new UserError('usage', 'missing the profile NAME', {
        hint: 'e.g. "review-assistant profile create acme-support", or "review-assistant profile create --sample"',
      });
    const store = await openStore(ctx);
    const title = typeof ctx.values.title === 'string' ? ctx.values.title : undefined;
    const p = await store.create(name, { sample, ...(title !== undefined ? { title } : {}) });
    if (ctx.json) ctx.outJson({ ok: true, name: p.name, file: store.fileOf(p.name), profile: maskSecrets(p) });
    else {
      ctx.out(`Created profile "${p.name}" (${store.fileOf(p.name)}).`);
      ctx.out(
        sample
          ? `Next: review-assistant texts --profile ${p.name}`
          : `Next: fill it in, e.g. review-assistant profile set ${p.name} webitel.host=https://cloud.webitel.ua`,
      );
    }
    return EXIT.ok;
  },
};

const listCmd: Command = {
  name: 'profile list',
  summary: 'List the submission profiles',
  usage: '[--json]',
  help: `
Lists every profile with its title, how complete it is for a submission and when it was
last saved. Needs no passphrase (nothing is decrypted). Damaged files are listed with the
reason.

Examples:
  review-assistant profile list
  review-assistant profile list --json`,
  async run(ctx) {
    if (ctx.args.length) throw new UserError('usage', `unexpected argument "${ctx.args[0]}"`);
    const store = await openStore(ctx);
    const items = await store.list();
    if (ctx.json) {
      ctx.outJson({ profiles: items, trash: await store.listTrash() });
      return EXIT.ok;
    }
    if (!items.length) {
      ctx.out('No profiles yet. Try the sample: review-assistant profile create --sample');
      return EXIT.ok;
    }
    const w = Math.max(4, ...items.map((i) => i.name.length));
    ctx.out(`${'NAME'.padEnd(w)}  COMPLETE  UPDATED                   TITLE`);
    for (const i of items) {
      if (i.error) ctx.out(`${i.name.padEnd(w)}  DAMAGED   ${i.error}`);
      else ctx.out(`${i.name.padEnd(w)}  ${pct(i.completeness).padEnd(8)}  ${i.updatedAt.padEnd(24)}  ${i.title}${i.sample ? ' [sample]' : ''}`);
    }
    return EXIT.ok;
  },
};

const show: Command = {
  name: 'profile show',
  summary: 'Show a profile: every field, warnings, and what is still missing',
  usage: 'NAME [--reveal] [--json]',
  options: { reveal: { type: 'boolean' } },
  help: `
Prints every field under the path "profile set" takes (App Secret and passwords masked as
${MASK} unless --reveal), then the warnings and the fields still missing for texts, the
recording and the submission.

Examples:
  review-assistant profile show sample
  review-assistant profile show acme-support --json`,
  async run(ctx) {
    const name = one(ctx, 'the profile NAME', 'review-assistant profile show sample');
    const store = await openStore(ctx);
    const p = await store.load(name);
    const shown = ctx.values.reveal === true ? p : maskSecrets(p);
    const warnings = profileWarnings(p);
    const missing = { texts: missingFields(p, 'texts'), record: missingFields(p, 'record'), submit: missingFields(p, 'submit') };
    if (ctx.json) {
      ctx.outJson({ profile: shown, warnings, missing });
      return EXIT.ok;
    }
    ctx.out(`Profile "${p.name}"${p.title ? ` — ${p.title}` : ''}${p.sample ? ' [sample: points at the demo sandbox]' : ''}`);
    ctx.out(`file: ${store.fileOf(p.name)}   saved: ${p.updatedAt}`);
    ctx.out('');
    const { texts: _t, setup: _s, ...fields } = shown;
    const paths = leafPaths(fields).filter((x) => !/^(schemaVersion|name|title|createdAt|updatedAt|sample)$/.test(x));
    const w = Math.max(...paths.map((x) => x.length));
    for (const x of paths) {
      const v = getAt(shown, x);
      ctx.out(`  ${x.padEnd(w)}  ${v === '' || v === null ? '(not set)' : String(v)}`);
    }
    if (!p.pages.length) ctx.out(`  ${'pages'.padEnd(w)}  (none; add with --add-page ID:NAME:USERNAME)`);
    if (!p.permissions.length) ctx.out(`  ${'permissions'.padEnd(w)}  (none; add with --permission ID=standard|advanced)`);
    ctx.out('');
    printIssues(ctx, 'Warnings:', warnings);
    printIssues(ctx, 'Missing for a submission:', missing.submit);
    if (!warnings.length && !missing.submit.length) ctx.out('Complete: nothing missing for a submission.');
    return EXIT.ok;
  },
};

function coerce(current: unknown, raw: string, field: string): unknown {
  if (typeof current === 'boolean' || current === null) {
    if (raw === 'true' || raw === 'yes') return true;
    if (raw === 'false' || raw === 'no') return false;
    if (field === 'reviewer.facebookTestUser.isTestUser' && (raw === '' || raw === 'unknown')) return null;
    throw new UserError('validation', `${field}: must be true or false`, { issues: [{ field, message: 'must be true or false' }], hint: 'nothing was saved' });
  }
  return raw;
}

function parsePage(spec: string): { id: string; name: string; username: string } {
  const parts = spec.split(':');
  if (parts.length < 2)
    throw new UserError('usage', `--add-page "${spec}": write ID:NAME or ID:NAME:USERNAME`, {
      hint: 'e.g. --add-page "104857600123456:Acme Support:acmesupport"',
    });
  const id = parts[0] as string;
  if (parts.length === 2) return { id, name: parts[1] as string, username: '' };
  return { id, name: parts.slice(1, -1).join(':'), username: parts[parts.length - 1] as string };
}

const set: Command = {
  name: 'profile set',
  summary: 'Change fields of a profile (validated; nothing is saved when a value is wrong)',
  usage: 'NAME [path=value …] [--add-page ID:NAME:USERNAME] [--remove-page ID] [--permission ID=standard|advanced|off] [--json]',
  options: {
    'add-page': { type: 'string', multiple: true },
    'remove-page': { type: 'string', multiple: true },
    permission: { type: 'string', multiple: true },
  },
  help: `
Sets fields by their path (as printed by "profile show"), checks the whole profile and
saves only when every value is well-formed; otherwise it names the field and the rule and
changes nothing (exit 1). An empty value ("path=") clears a field back to "not filled yet".

Secrets (${SECRET_PATHS.join(', ')}): write "path=-" to type the value at a hidden prompt
(or, without a terminal, to read it as one line of standard input) so it stays out of
your shell history.

Fields:
  webitel.host                  https address of the Webitel host (e.g. https://cloud.webitel.ua)
  gateway.name, gateway.appId, gateway.appSecret, gateway.uri, gateway.apiVersion (vNN.N)
  metaApp.name, metaApp.company, metaApp.contactEmail, metaApp.privacyPolicyUrl,
  metaApp.deployment            cloud | on-premise
  pages[N].id, pages[N].name, pages[N].username
  reviewer.operator.login (user@domain), reviewer.operator.password
  reviewer.facebookTestUser.email, reviewer.facebookTestUser.password,
  reviewer.facebookTestUser.isTestUser (true | false)
  reviewer.triggerMessage
  recording.webitelAdmin.login, recording.webitelAdmin.password
  recording.pageAdmin.email, recording.pageAdmin.password
  title

Options:
  --add-page ID:NAME[:USERNAME]   add a Facebook Page (repeatable)
  --remove-page ID                remove a Page (repeatable)
  --permission ID=LEVEL           request a permission at standard or advanced access, or
                                  "off" to drop it (${PERMISSION_IDS.join(', ')})

Examples:
  review-assistant profile set acme webitel.host=https://cloud.webitel.ua gateway.appId=1234567890123456
  review-assistant profile set acme gateway.appSecret=-
  printf '%s\\n' "$APP_SECRET" | review-assistant profile set acme gateway.appSecret=-
  review-assistant profile set acme --add-page "104857600123456:Acme Support:acmesupport"
  review-assistant profile set acme --permission pages_show_list=standard --permission pages_messaging=advanced`,
  async run(ctx) {
    const [name, ...assignments] = ctx.args;
    if (!name) throw new UserError('usage', 'missing the profile NAME', { hint: 'e.g. review-assistant profile set sample gateway.appId=1234567890123456' });
    const adds = list(ctx.values['add-page']);
    const removes = list(ctx.values['remove-page']);
    const perms = list(ctx.values.permission);
    if (!assignments.length && !adds.length && !removes.length && !perms.length) {
      throw new UserError('usage', 'nothing to set', { hint: 'give path=value pairs or --add-page / --remove-page / --permission; see --help' });
    }
    const parsed = assignments.map((a) => {
      const eq = a.indexOf('=');
      if (eq <= 0) throw new UserError('usage', `"${a}" is not path=value`, { hint: 'e.g. gateway.appId=1234567890123456 (quote values with spaces)' });
      const field = a.slice(0, eq);
      parsePath(field);
      if (READ_ONLY.test(field)) {
        throw new UserError('usage', `${field} cannot be set here`, {
          hint: field === 'name' ? 'use "review-assistant profile rename"' : 'it is kept by the app (texts are edited with the texts command)',
        });
      }
      return { field, value: a.slice(eq + 1) };
    });

    const store = await openStore(ctx);
    const p = await store.load(name);
    const next = structuredClone(p) as Profile;
    for (const { field, value } of parsed) {
      const current = getAt(next, field);
      if (current === undefined || (typeof current === 'object' && current !== null)) {
        if (current === undefined) setAt(next, field, null); // throws the "no such field" error
        throw new UserError('usage', `${field} is not a single field`, { hint: 'name a leaf field, e.g. pages[0].name' });
      }
      let raw = value;
      if (value === '-') raw = await readSecret(ctx, `${field}: `);
      else if (SECRETS.includes(field) && value !== '')
        ctx.err(`note: ${field} was given on the command line and may stay in your shell history; "${field}=-" asks for it instead`);
      setAt(next, field, coerce(current, raw, field));
    }
    for (const id of removes) {
      const before = next.pages.length;
      next.pages = next.pages.filter((pg) => pg.id !== id);
      if (next.pages.length === before)
        throw new UserError('validation', `--remove-page: the profile has no Page ${id}`, {
          hint: `its Pages: ${p.pages.map((pg) => pg.id).join(', ') || 'none'}; nothing was saved`,
        });
    }
    for (const spec of adds) next.pages.push(parsePage(spec));
    for (const spec of perms) {
      const [id, level] = spec.split('=');
      const pid = PermissionIdSchema.safeParse(id);
      if (!pid.success)
        throw new UserError('validation', `--permission: "${id}" is not a permission this app handles`, {
          hint: `use one of ${PERMISSION_IDS.join(', ')}; nothing was saved`,
        });
      next.permissions = next.permissions.filter((x) => x.id !== pid.data);
      if (level === 'off') continue;
      const lv = AccessLevelSchema.safeParse(level);
      if (!lv.success)
        throw new UserError('validation', `--permission ${id}: the access level must be standard, advanced or off`, { hint: 'nothing was saved' });
      next.permissions.push({ id: pid.data, accessLevel: lv.data });
    }
    next.permissions.sort((a, b) => PERMISSION_IDS.indexOf(a.id) - PERMISSION_IDS.indexOf(b.id));

    const saved = await store.save(next);
    const warnings = profileWarnings(saved);
    if (ctx.json) ctx.outJson({ ok: true, name: saved.name, profile: maskSecrets(saved), warnings, missing: missingFields(saved, 'submit') });
    else {
      ctx.out(`Saved profile "${saved.name}".`);
      for (const w of warnings) ctx.err(`warning: ${w.field}: ${w.message}`);
    }
    return EXIT.ok;
  },
};

const del: Command = {
  name: 'profile delete',
  summary: 'Move a profile to the trash (restore brings it back)',
  usage: 'NAME [--yes] [--json]',
  options: { yes: { type: 'boolean', short: 'y' } },
  help: `
Moves the profile (and its backup) to the trash folder of the data directory. Asks for
confirmation at a terminal; without a terminal pass --yes. Undo with "profile restore NAME".

Examples:
  review-assistant profile delete acme-old --yes
  review-assistant profile restore acme-old`,
  async run(ctx) {
    const name = one(ctx, 'the profile NAME', 'review-assistant profile delete acme-old --yes');
    const store = await openStore(ctx);
    if (!(await store.exists(name)))
      throw new UserError('not-found', `there is no profile "${name}"`, { hint: 'see the profiles with "review-assistant profile list"' });
    if (ctx.values.yes !== true) {
      if (!hasTerminal()) throw new UserError('usage', `deleting "${name}" needs confirmation`, { hint: 'pass --yes' });
      const answer = await ctx.prompt(`Move profile "${name}" to the trash? [y/N] `);
      if (!/^y(es)?$/i.test(answer.trim())) {
        ctx.err('Nothing deleted.');
        return EXIT.failed;
      }
    }
    const r = await store.delete(name);
    if (ctx.json) ctx.outJson({ ok: true, ...r });
    else ctx.out(`Moved "${name}" to the trash. Undo: review-assistant profile restore ${name}`);
    return EXIT.ok;
  },
};

const restore: Command = {
  name: 'profile restore',
  summary: 'Bring a deleted profile back, or (--backup) its last good version',
  usage: 'NAME|TRASH-ID [--backup] [--json]',
  options: { backup: { type: 'boolean' } },
  help: `
Without options: takes the most recently deleted profile of that name (or the exact trash
id from "profile list --json") out of the trash.

With --backup: replaces the profile by its last good version (NAME.json.bak, written on
every save). The current file is kept as NAME.json.damaged-<time>. Use this when a
profile file is reported damaged.

Examples:
  review-assistant profile restore acme-old
  review-assistant profile restore acme --backup`,
  async run(ctx) {
    const name = one(ctx, 'the profile NAME', 'review-assistant profile restore acme-old');
    const store = await openStore(ctx);
    if (ctx.values.backup === true) {
      const p = await store.restoreBackup(name);
      if (ctx.json) ctx.outJson({ ok: true, name: p.name, updatedAt: p.updatedAt });
      else ctx.out(`Restored "${p.name}" from its backup (saved ${p.updatedAt}).`);
      return EXIT.ok;
    }
    const r = await store.restore(name);
    if (ctx.json) ctx.outJson({ ok: true, ...r });
    else ctx.out(`Restored profile "${r.name}".`);
    return EXIT.ok;
  },
};

const rename: Command = {
  name: 'profile rename',
  summary: 'Rename a profile',
  usage: 'OLD NEW [--json]',
  help: `
Example:
  review-assistant profile rename acme acme-support`,
  async run(ctx) {
    const [from, to, extra] = ctx.args;
    if (!from || !to || extra)
      throw new UserError('usage', 'give the current and the new name', { hint: 'e.g. review-assistant profile rename acme acme-support' });
    const store = await openStore(ctx);
    const p = await store.rename(from, to);
    if (ctx.json) ctx.outJson({ ok: true, from, name: p.name });
    else ctx.out(`Renamed "${from}" to "${p.name}".`);
    return EXIT.ok;
  },
};

const duplicate: Command = {
  name: 'profile duplicate',
  summary: 'Copy a profile under a new name',
  usage: 'NAME NEW [--title TITLE] [--json]',
  options: { title: { type: 'string' } },
  help: `
Example:
  review-assistant profile duplicate sample my-first-try`,
  async run(ctx) {
    const [from, to, extra] = ctx.args;
    if (!from || !to || extra)
      throw new UserError('usage', 'give the profile to copy and the new name', { hint: 'e.g. review-assistant profile duplicate sample my-first-try' });
    const store = await openStore(ctx);
    const title = typeof ctx.values.title === 'string' ? ctx.values.title : undefined;
    const p = await store.duplicate(from, to, title !== undefined ? { title } : {});
    if (ctx.json) ctx.outJson({ ok: true, from, name: p.name });
    else ctx.out(`Copied "${from}" to "${p.name}".`);
    return EXIT.ok;
  },
};

const exportCmd: Command = {
  name: 'profile export',
  summary: 'Write one profile to a single encrypted file',
  usage: 'NAME --out FILE [--force] [--json]',
  options: { out: { type: 'string', short: 'o' }, force: { type: 'boolean' } },
  help: `
Writes the whole profile, secrets included, to FILE encrypted with AES-256-GCM under a
passphrase of its own (scrypt), separate from the vault passphrase: from
${EXPORT_PASSPHRASE_ENV}, or asked twice. Give the file and the passphrase to a colleague
through different channels. Refuses to overwrite FILE unless --force.

Examples:
  review-assistant profile export acme --out acme.profile
  ${EXPORT_PASSPHRASE_ENV}=… review-assistant profile export acme --out /tmp/acme.profile`,
  async run(ctx) {
    const name = one(ctx, 'the profile NAME', 'review-assistant profile export acme --out acme.profile');
    const out = ctx.values.out;
    if (typeof out !== 'string' || !out) throw new UserError('usage', 'where to? pass --out FILE', { hint: 'e.g. --out acme.profile' });
    const file = path.resolve(out);
    if (
      ctx.values.force !== true &&
      (await fs.access(file).then(
        () => true,
        () => false,
      ))
    ) {
      throw new UserError('conflict', `${file} exists already`, { hint: 'choose another file or pass --force' });
    }
    const store = await openStore(ctx);
    await store.load(name); // unlock and check before asking for a second passphrase
    const pass = await newPassphrase(ctx, EXPORT_PASSPHRASE_ENV, `the exported file ${path.basename(file)}`);
    checkExportPassphrase(pass);
    await writeFileAtomic(file, await store.exportProfile(name, pass));
    if (ctx.json) ctx.outJson({ ok: true, name, file });
    else ctx.out(`Exported "${name}" to ${file} (encrypted; import with: review-assistant profile import ${path.basename(file)}).`);
    return EXIT.ok;
  },
};

const importCmd: Command = {
  name: 'profile import',
  summary: 'Read a profile from a file written by "profile export"',
  usage: 'FILE [--name NEW] [--json]',
  options: { name: { type: 'string' } },
  help: `
Decrypts FILE with its passphrase (${EXPORT_PASSPHRASE_ENV} or the prompt), checks every
field, and saves it as a new profile (its original name, or NEW). Older profile formats
are upgraded. An existing profile is never replaced: pick another --name.

Examples:
  review-assistant profile import acme.profile
  review-assistant profile import acme.profile --name acme-copy`,
  async run(ctx) {
    const f = one(ctx, 'the FILE to import', 'review-assistant profile import acme.profile');
    const file = path.resolve(f);
    let data: string;
    try {
      data = await fs.readFile(file, 'utf8');
    } catch (e) {
      throw new UserError('not-found', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { hint: 'check the path' });
    }
    const store = await openStore(ctx);
    const pass = await existingPassphrase(ctx, EXPORT_PASSPHRASE_ENV, path.basename(file));
    const newName = typeof ctx.values.name === 'string' ? ctx.values.name : undefined;
    const p = await store.importProfile(data, pass, { where: file, ...(newName ? { name: newName } : {}) });
    if (ctx.json) ctx.outJson({ ok: true, name: p.name, warnings: profileWarnings(p) });
    else ctx.out(`Imported profile "${p.name}".`);
    return EXIT.ok;
  },
};

export const PROFILE_COMMANDS: Command[] = [profileOverview, create, listCmd, show, set, del, restore, rename, duplicate, exportCmd, importCmd];
