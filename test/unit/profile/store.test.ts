// Proves the profile store: secrets kept out of files, backups, damaged and newer files left alone, trash, rename, export, migration.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../app/common/errors';
import { getAt } from '../../../app/profile/paths';
import { SAMPLE_SEED, sampleProfile } from '../../../app/profile/sample';
import { SECRET_PATHS } from '../../../app/profile/schema';
import { ProfileStore } from '../../../app/profile/store';
import { passphraseWrapper, Vault } from '../../../app/profile/vault';

const FAST = { logN: 10, r: 8, p: 1 };
let dir: string;
let store: ProfileStore;
let unlocks = 0;

function makeStore(pass = 'correct horse'): ProfileStore {
  return new ProfileStore(dir, {
    unlock: async () => {
      unlocks++;
      return Vault.openOrCreate(dir, passphraseWrapper(pass, FAST));
    },
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ra-store-'));
  unlocks = 0;
  store = makeStore();
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

const secretsOfSample = SECRET_PATHS.map((p) => getAt(sampleProfile(), p) as string);

describe('ProfileStore', () => {
  it('creates the sample, loads it back equal, and keeps every secret out of the file', async () => {
    const created = await store.create(undefined, { sample: true });
    expect(created.name).toBe('sample');
    const loaded = await makeStore().load('sample');
    expect(loaded).toEqual(created);
    const text = await readFile(store.fileOf('sample'), 'utf8');
    for (const s of secretsOfSample) {
      expect(s.length).toBeGreaterThan(8);
      expect(text).not.toContain(s);
    }
    for (const p of SECRET_PATHS) expect(getAt(JSON.parse(text), p)).toMatch(/^enc:v1:/);
    expect(loaded.gateway.appSecret).toBe(SAMPLE_SEED.gateway.appSecret);
  });

  it('lists summaries without unlocking the vault', async () => {
    await store.create(undefined, { sample: true });
    await store.create('draft', { title: 'Draft one' });
    const fresh = makeStore();
    unlocks = 0;
    const items = await fresh.list();
    expect(unlocks).toBe(0);
    expect(items.map((i) => [i.name, i.title, i.sample])).toEqual([
      ['draft', 'Draft one', false],
      ['sample', 'Sample submission (demo sandbox)', true],
    ]);
    expect(items[1]?.completeness).toBe(1);
    expect(items[0]?.completeness).toBe(0.05);
    expect(items[0]?.missing).toBeGreaterThan(5);
  });

  it('a blank profile needs no vault', async () => {
    await store.create('draft');
    expect(unlocks).toBe(0);
    expect(await Vault.exists(dir)).toBe(false);
    expect((await store.load('draft')).gateway.appId).toBe('');
  });

  it('keeps the previous good file as .bak and refuses stale saves', async () => {
    const p = await store.create(undefined, { sample: true });
    const firstText = await readFile(store.fileOf('sample'), 'utf8');
    const saved = await store.save({ ...p, title: 'second' });
    expect(saved.updatedAt > p.updatedAt).toBe(true);
    expect(await readFile(store.backupOf('sample'), 'utf8')).toBe(firstText);
    const e = await rejection(store.save({ ...p, title: 'from a stale copy' }));
    expect(e.kind).toBe('conflict');
    expect((await store.load('sample')).title).toBe('second');
  });

  it('saves nothing when a value is invalid, naming the field and rule', async () => {
    const p = await store.create(undefined, { sample: true });
    const before = await readFile(store.fileOf('sample'), 'utf8');
    const e = await rejection(store.save({ ...p, gateway: { ...p.gateway, appSecret: 'xyz' } }));
    expect(e.kind).toBe('validation');
    expect(e.issues[0]?.field).toBe('gateway.appSecret');
    expect(e.message).toMatch(/32-character hexadecimal/);
    expect(await readFile(store.fileOf('sample'), 'utf8')).toBe(before);
  });

  it('reports a corrupted file clearly, never overwrites it, and restores the backup', async () => {
    const p = await store.create(undefined, { sample: true });
    await store.save({ ...p, title: 'good two' });
    const file = store.fileOf('sample');
    await writeFile(file, '{"schemaVersion": 1, "name": "sam');
    const e = await rejection(store.load('sample'));
    expect(e.message).toContain(file);
    expect(e.message).toMatch(/damaged/);
    expect(e.hint).toMatch(/profile restore sample --backup/);
    expect((await rejection(store.save({ ...p, updatedAt: p.updatedAt }))).message).toContain(file);
    expect(await readFile(file, 'utf8')).toBe('{"schemaVersion": 1, "name": "sam');
    expect((await store.list())[0]?.error).toMatch(/damaged/);

    const restored = await store.restoreBackup('sample');
    expect(restored.title).toBe('Sample submission (demo sandbox)');
    expect((await store.load('sample')).gateway.appSecret).toBe(SAMPLE_SEED.gateway.appSecret);
    const kept = (await readdir(store.profilesDir)).filter((f) => f.startsWith('sample.json.damaged-'));
    expect(kept).toHaveLength(1);
    expect(await readFile(path.join(store.profilesDir, kept[0]!), 'utf8')).toBe('{"schemaVersion": 1, "name": "sam');
  });

  it('reports a file from a newer version and leaves it untouched', async () => {
    const p = await store.create(undefined, { sample: true });
    const file = store.fileOf('sample');
    const future = { ...JSON.parse(await readFile(file, 'utf8')), schemaVersion: 7, somethingNew: true };
    await writeFile(file, JSON.stringify(future));
    const e = await rejection(store.load('sample'));
    expect(e.message).toMatch(/newer version/);
    expect(e.message).toContain(file);
    expect(e.hint).toMatch(/upgrade/);
    await rejection(store.save({ ...p, title: 'x' }));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(future);
  });

  it('refuses a profile file whose secret is stored in clear or moved to another field', async () => {
    await store.create(undefined, { sample: true });
    const file = store.fileOf('sample');
    const doc = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...doc, gateway: { ...doc.gateway, appSecret: '0123456789abcdef0123456789abcdef' } }));
    expect((await rejection(makeStore().load('sample'))).message).toMatch(/gateway\.appSecret holds a value that is not encrypted/);
    const swapped = structuredClone(doc);
    swapped.gateway.appSecret = doc.reviewer.operator.password;
    await writeFile(file, JSON.stringify(swapped));
    const e = await rejection(makeStore().load('sample'));
    expect(e.kind).toBe('auth');
    expect(e.message).toContain('gateway.appSecret');
  });

  it('opens nothing with a wrong vault passphrase', async () => {
    await store.create(undefined, { sample: true });
    const e = await rejection(makeStore('wrong horse').load('sample'));
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/wrong passphrase/);
  });

  it('deletes to the trash and restores', async () => {
    await store.create(undefined, { sample: true });
    await store.save({ ...(await store.load('sample')), title: 'edited' });
    const { trashId } = await store.delete('sample');
    expect(await store.exists('sample')).toBe(false);
    expect((await store.listTrash()).map((t) => t.trashId)).toEqual([trashId]);
    await store.create(undefined, { sample: true });
    expect((await rejection(store.restore('sample'))).kind).toBe('conflict');
    await store.delete('sample');
    expect(await store.listTrash()).toHaveLength(2);
    await store.restore(trashId);
    expect((await store.load('sample')).title).toBe('edited');
    expect(await readFile(store.backupOf('sample'), 'utf8')).toContain('"title"');
  });

  it('renames and duplicates, re-sealing secrets under the new name', async () => {
    await store.create(undefined, { sample: true });
    const copy = await store.duplicate('sample', 'acme');
    expect(copy.sample).toBe(true);
    expect((await store.load('acme')).reviewer.operator.password).toBe(SAMPLE_SEED.operator.password);
    await store.rename('acme', 'acme-2');
    expect(await store.exists('acme')).toBe(false);
    expect((await store.load('acme-2')).recording.pageAdmin.password).toBe(SAMPLE_SEED.pageAdmin.password);
    expect((await rejection(store.rename('sample', 'acme-2'))).kind).toBe('conflict');
    expect((await rejection(store.create('Bad Name'))).issues[0]?.field).toBe('name');
  });

  it('exports one encrypted file and imports it into another data folder', async () => {
    await store.create(undefined, { sample: true });
    const data = await store.exportProfile('sample', 'export pass 1');
    for (const s of secretsOfSample) expect(data).not.toContain(s);
    expect(data).not.toContain('Acme');
    const otherDir = await mkdtemp(path.join(os.tmpdir(), 'ra-store2-'));
    try {
      const other = new ProfileStore(otherDir, { unlock: () => Vault.openOrCreate(otherDir, passphraseWrapper('different vault', FAST)) });
      expect((await rejection(other.importProfile(data, 'wrong pass 1'))).message).toMatch(/wrong passphrase/);
      const imported = await other.importProfile(data, 'export pass 1', { name: 'acme' });
      expect(imported.name).toBe('acme');
      const orig = await store.load('sample');
      expect({ ...(await other.load('acme')), name: 'sample', updatedAt: orig.updatedAt }).toEqual(orig);
      expect((await rejection(other.importProfile(data, 'export pass 1', { name: 'acme' }))).kind).toBe('conflict');
      const f = JSON.parse(data);
      const ct = Buffer.from(f.ciphertext, 'base64url');
      ct[10] = ct[10]! ^ 1;
      const tampered = JSON.stringify({ ...f, ciphertext: ct.toString('base64url') });
      expect((await rejection(other.importProfile(tampered, 'export pass 1', { name: 'acme-3' }))).message).toMatch(/altered/);
      expect((await rejection(store.exportProfile('sample', 'short'))).kind).toBe('validation');
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('migrates a version-0 (flat) file on load and writes the current format on save', async () => {
    // Seal the secrets with this vault, as the prototype did, under their stable ids.
    const vault = await Vault.openOrCreate(dir, passphraseWrapper('correct horse', FAST));
    const v0 = {
      name: 'legacy',
      title: 'Old one',
      webitelHost: 'https://cloud.webitel.ua',
      gatewayName: 'Legacy gateway',
      appId: '1234567890123456',
      appSecret: vault.seal('0123456789abcdef0123456789abcdef', { profile: 'legacy', field: 'gateway.appSecret' }),
      gatewayUri: 'https://cloud.webitel.ua/chat/abcdefghijklmnopqrstuvwxyzabcde',
      appName: 'Legacy App',
      company: 'Legacy Ltd',
      deployment: 'on-premise',
      pageId: '123456789',
      pageName: 'Legacy Page',
      pageUsername: 'legacypage',
      operatorLogin: 'op@legacy.example',
      operatorPassword: vault.seal('op-secret', { profile: 'legacy', field: 'reviewer.operator.password' }),
      testUserEmail: 'legacy_user@tfbnw.net',
      triggerMessage: 'Hi',
      permissions: ['pages_show_list', 'pages_messaging'],
    };
    await store.create('placeholder');
    await writeFile(path.join(store.profilesDir, 'legacy.json'), JSON.stringify(v0));
    const p = await store.load('legacy');
    expect(p.schemaVersion).toBe(1);
    expect(p.gateway).toMatchObject({ name: 'Legacy gateway', appSecret: '0123456789abcdef0123456789abcdef', apiVersion: 'v24.0' });
    expect(p.pages).toEqual([{ id: '123456789', name: 'Legacy Page', username: 'legacypage' }]);
    expect(p.reviewer.operator).toEqual({ login: 'op@legacy.example', password: 'op-secret' });
    expect(p.metaApp.deployment).toBe('on-premise');
    expect(p.permissions).toEqual([
      { id: 'pages_show_list', accessLevel: 'advanced' },
      { id: 'pages_messaging', accessLevel: 'advanced' },
    ]);
    await store.save(p);
    const onDisk = JSON.parse(await readFile(store.fileOf('legacy'), 'utf8'));
    expect(onDisk.schemaVersion).toBe(1);
    expect(onDisk.webitelHost).toBeUndefined();
    expect(JSON.parse(await readFile(store.backupOf('legacy'), 'utf8')).webitelHost).toBe('https://cloud.webitel.ua');
  });
});
