// Proves the generated texts across several profiles: distinct descriptions, no secrets, instructions, setup notes, determinism.
import { describe, expect, it } from 'vitest';
import { CATALOG, catalogEntry } from '../../../app/review/catalog';
import type { PermissionId } from '../../../app/review/permission-ids';
import { contentHash, exportTexts, generateTexts, generatedList, setOverride } from '../../../app/review/texts';
import type { Profile } from '../../../app/profile/schema';
import { forbidden, profile, PROFILES } from './profiles';

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Masks what legitimately differs between descriptions (the profile's values, permission
 * names), so "one template with a word swapped" collapses to the same sentence.
 */
function normalise(s: string, p: Profile): string {
  let out = s;
  const facts = [
    p.metaApp.name,
    p.metaApp.company,
    p.webitel.host.replace(/\/$/, ''),
    new URL(p.webitel.host).host,
    p.gateway.name,
    ...p.pages.flatMap((pg) => [pg.name, pg.username]),
    ...CATALOG.flatMap((c) => [c.id, c.title]),
  ]
    .filter((v) => v.length > 0)
    .sort((a, b) => b.length - a.length);
  for (const f of facts) out = out.split(f).join(' X ');
  return out
    .toLowerCase()
    .replace(/[^a-z0-9{}/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function descriptions(p: Profile): [PermissionId, string][] {
  return Object.entries(generateTexts(p).descriptions).map(([id, t]) => [id as PermissionId, t!.text]);
}

describe('usage descriptions', () => {
  it.each(PROFILES.map((p) => [p.name, p] as const))('%s: one per requested permission, in catalog order', (_n, p) => {
    const ids = Object.keys(generateTexts(p).descriptions);
    expect(ids).toEqual(CATALOG.map((c) => c.id).filter((id) => p.permissions.some((x) => x.id === id)));
  });

  it.each(PROFILES.map((p) => [p.name, p] as const))("%s: each names the profile's specifics and its permission's use", (_n, p) => {
    const host = new URL(p.webitel.host).host;
    for (const [id, text] of descriptions(p)) {
      expect(text, id).toContain(p.metaApp.name);
      expect(text, id).toContain(p.metaApp.company);
      expect(text, id).toContain(host);
      expect(
        p.pages.some((pg) => text.includes(pg.name)),
        `${id} names a Page`,
      ).toBe(true);
      // The permission's use: one of the Graph calls behind it, as the catalog lists them.
      const paths = catalogEntry(id).graphCalls.map((c) => c.path.split('?')[0]!);
      expect(
        paths.some((path) => text.includes(path)),
        `${id} names one of ${paths.join(', ')}`,
      ).toBe(true);
      // What operators see and do, or what the admin does: every description talks about the people using Webitel.
      expect(text, id).toMatch(/operator|administrator/);
    }
  });

  it.each(PROFILES.map((p) => [p.name, p] as const))('%s: no two descriptions share a sentence (even with names masked)', (_n, p) => {
    const ds = descriptions(p);
    expect(ds.length).toBeGreaterThan(1);
    for (let i = 0; i < ds.length; i++) {
      for (let j = i + 1; j < ds.length; j++) {
        const a = new Set(sentences(ds[i]![1]).map((s) => normalise(s, p)));
        const shared = sentences(ds[j]![1]).filter((s) => a.has(normalise(s, p)));
        expect(shared, `${ds[i]![0]} vs ${ds[j]![0]}`).toEqual([]);
      }
    }
  });

  it('no two descriptions share a run of eight words', () => {
    for (const p of PROFILES) {
      const grams = descriptions(p).map(([id, t]) => {
        const w = normalise(t, p).split(' ');
        const runs = w.slice(0, -7).map((_, k) => w.slice(k, k + 8));
        // A run made mostly of masked names is a list of Pages, not shared wording.
        return [id, new Set(runs.filter((r) => r.filter((x) => x === 'x').length <= 2).map((r) => r.join(' ')))] as const;
      });
      for (let i = 0; i < grams.length; i++) {
        for (let j = i + 1; j < grams.length; j++) {
          const common = [...grams[i]![1]].filter((g) => grams[j]![1].has(g));
          expect(common, `${p.name}: ${grams[i]![0]} vs ${grams[j]![0]}`).toEqual([]);
        }
      }
    }
  });

  it('cloud and on-premise submissions describe who connects Pages differently', () => {
    const cloud = generateTexts(profile('acme')).descriptions.pages_show_list!.text;
    const onPrem = generateTexts(profile('globex')).descriptions.pages_show_list!.text;
    expect(cloud).toContain('has a role on the app');
    expect(onPrem).toContain('on-premise Webitel installation');
  });
});

describe('secrets and recording-only logins', () => {
  it.each(PROFILES.map((p) => [p.name, p] as const))('%s: appear in no generated text nor in the export', (_n, p) => {
    const all = [...generatedList(generateTexts(p)).map((t) => t.text), JSON.stringify(exportTexts(p))];
    for (const v of forbidden(p)) {
      expect(v.length).toBeGreaterThan(3);
      for (const t of all) expect(t.includes(v), `"${v}" leaked`).toBe(false);
      // Case-insensitive too: a hex App Secret could be written in either case.
      for (const t of all) expect(t.toLowerCase().includes(v.toLowerCase()), `"${v}" leaked (any case)`).toBe(false);
    }
  });

  it('the test logins appear in the reviewer instructions only', () => {
    const p = profile('acme');
    const g = generateTexts(p);
    const secrets = [p.reviewer.operator.password, p.reviewer.facebookTestUser.password];
    for (const t of [...Object.values(g.descriptions).map((d) => d!.text), g.setupNotes.text]) {
      for (const s of secrets) expect(t).not.toContain(s);
    }
  });

  it('scrubs a recording-only login that reaches a text through scenario captions', () => {
    const p = profile('acme');
    const steps = [{ text: `Sign in as ${p.recording.webitelAdmin.login} with ${p.recording.webitelAdmin.password}`, permissions: [] as PermissionId[] }];
    const t = generateTexts(p, { steps }).reviewerInstructions.text;
    expect(t).not.toContain(p.recording.webitelAdmin.login);
    expect(t).not.toContain(p.recording.webitelAdmin.password);
    expect(t).toContain('Sign in as [hidden] with [hidden]');
  });
});

describe('reviewer instructions', () => {
  it.each(PROFILES.map((p) => [p.name, p] as const))(
    '%s: both test logins, the trigger message, the Webitel URL and the Messenger thread on facebook.com (never m.me)',
    (_n, p) => {
      const t = generateTexts(p).reviewerInstructions.text;
      expect(t).toContain(p.reviewer.operator.login);
      expect(t).toContain(p.reviewer.operator.password);
      expect(t).toContain(p.reviewer.facebookTestUser.email);
      expect(t).toContain(p.reviewer.facebookTestUser.password);
      expect(t).toContain(p.reviewer.triggerMessage);
      expect(t).toContain(`${new URL(p.webitel.host).origin}/workspace/`);
      expect(t).toContain(`https://www.facebook.com/messages/t/${p.pages[0]!.id}`);
      expect(t).not.toContain('m.me/');
    },
  );

  it('are numbered from 1 without gaps, in English, from opening Webitel to the reply', () => {
    const t = generateTexts(profile('acme')).reviewerInstructions.text;
    const nums = [...t.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]));
    expect(nums.length).toBeGreaterThanOrEqual(8);
    expect(nums).toEqual(nums.map((_, i) => i + 1));
    const stepLines = t.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(stepLines[0]).toContain('/workspace/');
    expect(stepLines[stepLines.length - 1]).toMatch(/reply/);
    expect(t).toMatch(/^[\x20-\x7e\n]+$/);
  });

  it('say where each requested permission is exercised, and that the Page connection is in the screencast', () => {
    for (const p of PROFILES) {
      const t = generateTexts(p).reviewerInstructions.text;
      const where = t.slice(t.indexOf('Where each permission is exercised'));
      for (const { id } of p.permissions) {
        const line = where.split('\n').find((l) => l.startsWith(`- ${catalogEntry(id).title}:`));
        expect(line, `${p.name} ${id}`).toBeDefined();
        expect(line).not.toContain('not exercised');
      }
      expect(t).toContain('shown in the screencast');
      expect(t).toContain('Webhook subscription');
      // Permissions not requested are not claimed.
      for (const c of CATALOG) if (!p.permissions.some((x) => x.id === c.id)) expect(where).not.toContain(`- ${c.title}:`);
    }
  });
});

describe('setup notes', () => {
  it.each(PROFILES.map((p) => [p.name, p] as const))('%s: the gateway URI for redirect and deauthorize, API access on', (_n, p) => {
    const t = generateTexts(p).setupNotes.text;
    expect(t).toContain('Valid OAuth Redirect URIs');
    expect(t).toContain('Deauthorize Callback URL');
    expect(t).toContain('Allow API Access to App Settings');
    expect(t).toContain('POST /{app-id}/subscriptions');
    expect(t.split(p.gateway.uri).length - 1).toBeGreaterThanOrEqual(2);
  });
});

describe('determinism', () => {
  it('same input, same texts and hashes; the hash is the content hash', () => {
    for (const p of PROFILES) {
      const a = generateTexts(p);
      const b = generateTexts(structuredClone(p));
      expect(b).toEqual(a);
      for (const t of generatedList(a)) expect(t.hash).toBe(contentHash(t.text));
    }
  });

  it('a changed fact changes the affected texts and their hashes', () => {
    const p = profile('acme');
    const a = generateTexts(p);
    const b = generateTexts({ ...p, metaApp: { ...p.metaApp, company: 'Acme Holdings' } });
    expect(b.descriptions.pages_messaging!.hash).not.toBe(a.descriptions.pages_messaging!.hash);
    expect(b.descriptions.pages_messaging!.text).toContain('Acme Holdings');
  });

  it('overrides and timestamps do not change the generated texts', () => {
    const p = profile('acme');
    const edited = setOverride({ ...p, updatedAt: '2030-01-01T00:00:00.000Z' }, 'reviewerInstructions', 'mine');
    expect(generateTexts(edited)).toEqual(generateTexts(p));
  });
});
