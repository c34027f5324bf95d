// Proves the export bundle: its files, zip and report, no secret leaked, and never writing over a folder it did not write.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpegTools } from '../../../app/media/tools';
import { loadRecordingFacts } from '../../../app/review/checks/recording-facts';
import { runChecks } from '../../../app/review/checks/run';
import type { RecordingFacts } from '../../../app/review/checks/recording-facts-schema';
import { exportBundle } from '../../../app/review/export/bundle';
import { posterArgs, posterTime } from '../../../app/review/export/poster';
import { goodProfile, goodTexts } from '../../fixtures/checks/submission';
import { makeRunFolder } from '../../fixtures/checks/run-folder';
import { launchChromium, newLane, shot } from '../sandbox/browser';

const execFileP = promisify(execFile);
let root: string;
let recording: RecordingFacts;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'export-'));
  const run = await makeRunFolder(path.join(root, 'run'));
  // Captions that name the recording-only admin login, as a scenario caption may.
  await fs.appendFile(path.join(run, 'captions.srt'), '\n99\n00:00:09,000 --> 00:00:09,900\nThe administrator enters the Webitel login "admin@acme".\n');
  recording = await loadRecordingFacts(run);
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const EXPECTED = [
  'README.md',
  'captions.srt',
  'checks.json',
  'checks.md',
  'descriptions/business_asset_user_profile_access.md',
  'descriptions/pages_manage_metadata.md',
  'descriptions/pages_messaging.md',
  'descriptions/pages_show_list.md',
  'report.html',
  'reviewer-instructions.md',
  'videos/business_asset_user_profile_access.mp4',
  'videos/demo.mp4',
  'videos/pages_manage_metadata.mp4',
  'videos/pages_messaging.mp4',
  'videos/pages_show_list.mp4',
];

describe('export bundle', () => {
  it('writes the folder and a zip that opens, lists the expected files and leaks no secret', async () => {
    const profile = goodProfile();
    const texts = goodTexts();
    const report = runChecks({ profile, texts, recording });
    const out = path.join(root, 'bundle');
    const res = await exportBundle({ profile, texts, report, recording, outDir: out, zip: true });
    expect(res.files).toEqual(EXPECTED);
    expect(res.zip).toBe(`${out}.zip`);

    const entries = await readZip(`${out}.zip`);
    expect([...entries.keys()].sort()).toEqual(EXPECTED);
    const never = [
      profile.gateway.appSecret,
      profile.recording.webitelAdmin.password,
      profile.recording.pageAdmin.password,
      profile.recording.webitelAdmin.login,
      profile.recording.pageAdmin.email,
    ];
    const onlyInInstructions = [
      profile.reviewer.operator.password,
      profile.reviewer.facebookTestUser.password,
      profile.reviewer.operator.login,
      profile.reviewer.facebookTestUser.email,
    ];
    for (const [name, bytes] of entries) {
      for (const s of never) expect(bytes.includes(Buffer.from(s)), `${s} in ${name}`).toBe(false);
      if (name !== 'reviewer-instructions.md') for (const s of onlyInInstructions) expect(bytes.includes(Buffer.from(s)), `${s} in ${name}`).toBe(false);
    }
    const instructions = entries.get('reviewer-instructions.md')?.toString('utf8') ?? '';
    for (const s of onlyInInstructions) expect(instructions).toContain(s);

    // The zip and the folder hold the same bytes; the videos are the recording's.
    expect(entries.get('videos/demo.mp4')?.equals(await fs.readFile(recording.demo?.path ?? ''))).toBe(true);
    expect(entries.get('descriptions/pages_messaging.md')?.toString('utf8')).toBe(`${texts.descriptions.pages_messaging}\n`);
    expect(entries.get('captions.srt')?.toString('utf8')).toMatch(/enters the Webitel login "\[hidden\]"/);
    expect(JSON.parse(entries.get('checks.json')?.toString('utf8') ?? '{}')).toMatchObject({ profile: 'acme', ok: true });
  });

  it('writes a README in the order of the form and a self-contained, printable report', async () => {
    const profile = goodProfile();
    const texts = goodTexts();
    const out = path.join(root, 'readme');
    await exportBundle({ profile, texts, report: runChecks({ profile, texts, recording }), recording, outDir: out });
    const readme = await fs.readFile(path.join(out, 'README.md'), 'utf8');
    const order = [
      '### 1.1 pages_show_list',
      'descriptions/pages_show_list.md',
      'videos/pages_show_list.mp4',
      'Agreement',
      '### 1.2 pages_manage_metadata',
      '### 1.4 Business Asset User Profile Access',
      '## 2. App-level: reviewer instructions',
      'reviewer-instructions.md',
      '## 3. Meta app settings',
    ];
    const at = order.map((s) => readme.indexOf(s));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(readme).toContain('Turn on Allow API Access to App Settings.');

    const html = await fs.readFile(path.join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/@media print/);
    expect(html).not.toMatch(/<link|<script|src="(?!data:)/); // nothing external
    const posters = html.match(/src="data:image\/jpeg;base64,[A-Za-z0-9+/=]+"/g) ?? [];
    expect(posters.length).toBe(5); // four clips and the demo
    const jpeg = Buffer.from(posters[0]?.slice('src="data:image/jpeg;base64,'.length, -1) ?? '', 'base64');
    expect(jpeg.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    expect(html).toContain('Customers write to Acme Help');
    expect(html).toContain('••••••');
  });

  it('lays the report out inside its page in Chromium: no file name runs out of its permission', async () => {
    const profile = goodProfile();
    const texts = goodTexts();
    const out = path.join(root, 'layout');
    await exportBundle({ profile, texts, report: runChecks({ profile, texts, recording }), recording, outDir: out });
    const browser = await launchChromium();
    try {
      const { page } = await newLane(browser, 1200, 900);
      await page.goto(pathToFileURL(path.join(out, 'report.html')).href);
      const overflows = await page.$$eval('.perm', (sections) =>
        sections.flatMap((s) => {
          const cell = s.firstElementChild!.getBoundingClientRect();
          return [...s.querySelectorAll('code')].filter((c) => c.getBoundingClientRect().right > cell.right + 0.5).map((c) => c.textContent);
        }),
      );
      expect(await page.$$eval('.perm code', (c) => c.length)).toBe(4);
      expect(overflows).toEqual([]);
      await shot(page, 'export-report');
    } finally {
      await browser.close();
    }
  });

  it("takes a clip's poster where it shows its permission: the end of its last scene for it, not the login before", async () => {
    // pages_messaging's clip: the card (2.5 s), the consent scene (1 s), the message scene (2 s).
    // The clip's picture is red for 4 s, then green: the message scene's end (5 s) is green; the
    // old 40 % of the clip (2.2 s, in the card) would be red.
    const run = await makeRunFolder(path.join(root, 'poster-run'), { clips: ['pages_messaging'] });
    const manifestFile = path.join(run, 'manifest.json');
    const manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8')) as Record<string, unknown>;
    manifest.chapters = [
      { sceneId: 'consent', title: 'consent', permissions: ['pages_show_list'], start: 0, end: 1 },
      { sceneId: 'message', title: 'message', permissions: ['pages_messaging'], start: 1, end: 3 },
    ];
    await fs.writeFile(manifestFile, JSON.stringify(manifest));
    const { ffmpeg } = resolveFfmpegTools();
    await execFileP(ffmpeg, [
      ...['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=red:size=320x180:rate=5:duration=4'],
      ...['-f', 'lavfi', '-i', 'color=green:size=320x180:rate=5:duration=2', '-filter_complex', '[0][1]concat=n=2:v=1'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path.join(run, 'clips', 'pages_messaging.mp4')],
    ]);
    const facts = await loadRecordingFacts(run);
    expect(facts.clips.pages_messaging?.shownAtSec).toBeCloseTo(5, 6);

    const profile = goodProfile();
    const texts = goodTexts();
    const out = path.join(root, 'poster-bundle');
    await exportBundle({ profile, texts, report: runChecks({ profile, texts, recording: facts }), recording: facts, outDir: out });
    const html = await fs.readFile(path.join(out, 'report.html'), 'utf8');
    const section = html.split('<section class="perm">').find((s) => s.includes('videos/pages_messaging.mp4')) ?? '';
    const jpeg = Buffer.from(/src="data:image\/jpeg;base64,([A-Za-z0-9+/=]+)"/.exec(section)?.[1] ?? '', 'base64');
    expect(jpeg.length).toBeGreaterThan(0);
    const file = path.join(root, 'poster.jpg');
    await fs.writeFile(file, jpeg);
    const { stdout } = await execFileP(ffmpeg, ['-v', 'error', '-i', file, '-vf', 'scale=1:1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
      encoding: 'buffer',
    });
    const [r, g] = [...stdout];
    expect(g!, `poster colour r=${r} g=${g}`).toBeGreaterThan(100);
    expect(r!).toBeLessThan(60);
  });

  it('keeps the Test User out of the setup notes it copies into README and report', async () => {
    const profile = goodProfile();
    const texts = goodTexts();
    texts.setupNotes += `\nAdd the Test User ${profile.reviewer.facebookTestUser.email} as a tester.`;
    const out = path.join(root, 'notes');
    await exportBundle({ profile, texts, report: runChecks({ profile, texts }), outDir: out });
    const readme = await fs.readFile(path.join(out, 'README.md'), 'utf8');
    expect(readme).toContain('Add the Test User [see reviewer-instructions.md] as a tester.');
    expect(readme).not.toContain(profile.reviewer.facebookTestUser.email);
  });

  it('refuses to leak: a secret in a text stops the export and leaves nothing behind', async () => {
    const profile = goodProfile();
    const texts = goodTexts();
    texts.descriptions.pages_messaging += ` Our key is ${profile.gateway.appSecret}.`;
    const out = path.join(root, 'leak');
    const err = await exportBundle({ profile, texts, report: runChecks({ profile, texts, recording }), recording, outDir: out, zip: true }).catch(
      (e: unknown) => e,
    );
    expect(String((err as Error).message)).toMatch(/would expose the App Secret in descriptions\/pages_messaging\.md;.* nothing was exported/);
    expect(await fs.readdir(root)).not.toContain('leak');
    expect(await fs.readdir(root)).not.toContain('leak.zip');
    expect((await fs.readdir(root)).filter((n) => n.includes('partial'))).toEqual([]);
  });

  it('does not overwrite a non-empty folder unless forced, and writes into an empty one', async () => {
    const profile = goodProfile();
    const texts = goodTexts();
    const report = runChecks({ profile, texts });
    const out = path.join(root, 'existing');
    await fs.mkdir(out);
    const first = await exportBundle({ profile, texts, report, outDir: out });
    expect(first.files).toContain('README.md');
    expect(first.files.some((f) => f.startsWith('videos/'))).toBe(false);
    await expect(exportBundle({ profile, texts, report, outDir: out })).rejects.toThrow(/already exists and is not empty/);
    await fs.writeFile(path.join(out, 'stale.txt'), 'x');
    const again = await exportBundle({ profile, texts, report, outDir: out, force: true });
    expect(again.files).not.toContain('stale.txt');
    expect(await fs.readdir(out)).not.toContain('stale.txt');
  });

  it('with --force, replaces only an earlier bundle: never a folder it did not write (the data folder, the working folder)', async () => {
    const profile = goodProfile();
    const texts = goodTexts();
    const report = runChecks({ profile, texts });
    const mine = path.join(root, 'not-a-bundle');
    await fs.mkdir(path.join(mine, 'profiles'), { recursive: true });
    await fs.writeFile(path.join(mine, 'vault.json'), '{}');
    await expect(exportBundle({ profile, texts, report, outDir: mine, force: true })).rejects.toThrow(/is not a bundle this app wrote/);
    expect((await fs.readdir(mine)).sort()).toEqual(['profiles', 'vault.json']);
    expect((await fs.readdir(root)).filter((n) => n.includes('not-a-bundle') && n !== 'not-a-bundle')).toEqual([]);
  });

  it('builds poster arguments and times without running ffmpeg', () => {
    expect(posterTime(10)).toBe(4);
    expect(posterTime(0)).toBe(0);
    expect(posterTime(10, 7.5)).toBe(7.5);
    expect(posterTime(10, 12)).toBe(9); // a moment past the end (a clip cut shorter): a second before it
    expect(posterTime(0.8, 0.5)).toBe(0);
    expect(posterArgs('in.mp4', 'out.jpg', 1.234)).toEqual([
      '-hide_banner',
      '-v',
      'error',
      '-y',
      '-ss',
      '1.23',
      '-i',
      'in.mp4',
      '-frames:v',
      '1',
      '-vf',
      'scale=640:-2',
      '-q:v',
      '5',
      'out.jpg',
    ]);
  });
});
