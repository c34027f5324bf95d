// Renders the bundle's README and HTML report, which say what to paste and upload where in Meta's form.
import type { Profile } from '../../profile/schema';
import { catalogEntry } from '../catalog';
import { orderForPeople } from '../checks/format';
import type { CheckReport, ReviewTexts } from '../checks/types';
import type { PermissionId } from '../permission-ids';
import { INSTRUCTIONS_FILE } from './secrets';

export interface BundleContents {
  profile: Profile;
  texts: ReviewTexts;
  report: CheckReport;
  /** Permissions that have a clip in the bundle. */
  clips: readonly string[];
  hasDemo: boolean;
  hasCaptions: boolean;
  createdAt: Date;
}

export const descriptionFile = (p: string) => `descriptions/${p}.md`;
export const clipFile = (p: string) => `videos/${p}.mp4`;
export const DEMO_FILE = 'videos/demo.mp4';
export const REPORT_FILE = 'report.html';

const requested = (c: BundleContents): { id: PermissionId; accessLevel: string }[] => c.profile.permissions;

function accessText(level: string): string {
  return level === 'advanced' ? 'Advanced Access' : 'Standard Access';
}

/** README.md: what to paste and upload where, in the order Meta's form asks for it. */
export function renderReadme(c: BundleContents): string {
  const p = c.profile;
  const r = c.report.counts;
  const lines: string[] = [
    `# Meta App Review bundle — ${p.metaApp.name || p.name}`,
    '',
    `Made by App Review Assistant on ${c.createdAt.toISOString().slice(0, 10)} from the submission "${p.name}". ` +
      `Checks: ${r.errors} error${r.errors === 1 ? '' : 's'}, ${r.warnings} warning${r.warnings === 1 ? '' : 's'} (see checks.md). ` +
      (c.report.ok ? 'No error-level check failed.' : '**Fix the failed checks before submitting.**'),
    '',
    'Open `report.html` for everything on one page (it prints to PDF). The steps below follow the order of the App Review form.',
    '',
    '## Before you submit',
    '',
    '- Make at least one successful API call per requested permission within the 30 days before submitting (Meta).',
    "- Do not change the requested permissions or the redirect URIs while the review is pending (integrators' experience).",
    "- Keep an operator (or a bot) answering the Page during the review: reviewers really send the trigger message (integrators' experience).",
    '',
    '## 1. For each permission (App Review → Permissions and features → Request)',
    '',
  ];
  requested(c).forEach((perm, i) => {
    const entry = catalogEntry(perm.id);
    lines.push(`### 1.${i + 1} ${entry.title} — ${accessText(perm.accessLevel)}`, '');
    lines.push(`1. **Description** ("Tell us how your use of ${entry.title} follows established usage guidelines"): paste \`${descriptionFile(perm.id)}\`.`);
    lines.push(
      c.clips.includes(perm.id)
        ? `2. **Screen recording**: upload \`${clipFile(perm.id)}\` (its own recording of this permission, captioned, no audio).`
        : `2. **Screen recording**: no clip in this bundle — record the demo again before submitting (see checks.md).`,
    );
    lines.push(`3. **Agreement**: tick the checkbox agreeing to the allowed usage. Meta's allowed usage, in short: ${entry.allowedUsage}`, '');
  });
  lines.push(
    '## 2. App-level: reviewer instructions',
    '',
    `Paste \`${INSTRUCTIONS_FILE}\` into the reviewer instructions (step-by-step, in English, with the test logins — the only file of this bundle that holds them).`,
    c.hasDemo
      ? `The whole demo, all permissions in one video, is \`${DEMO_FILE}\`${c.hasCaptions ? ' (its captions are also in `captions.srt`)' : ''}; upload it wherever the form asks for a general screencast.`
      : '',
    '',
    '## 3. Meta app settings to have in place',
    '',
    (c.texts.setupNotes ?? '').trim() || '(no setup notes)',
    '',
    '## Files',
    '',
    '| file | what |',
    '|---|---|',
    ...requested(c).map((perm) => `| \`${descriptionFile(perm.id)}\` | description of ${perm.id} |`),
    `| \`${INSTRUCTIONS_FILE}\` | reviewer instructions, with the test logins |`,
    ...(c.hasDemo ? [`| \`${DEMO_FILE}\` | the whole demo |`] : []),
    ...c.clips.map((id) => `| \`${clipFile(id)}\` | screen recording of ${id} |`),
    ...(c.hasCaptions ? ['| `captions.srt` | captions of the whole demo |'] : []),
    '| `checks.md`, `checks.json` | submission checks and how to fix what failed |',
    '| `report.html` | everything on one page, printable |',
    '',
  );
  return lines.filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
:root{color-scheme:light;--fg:#1c1e21;--muted:#606770;--line:#dadde1;--ok:#1e7e34;--err:#b3261e;--warn:#8a5a00}
*{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);max-width:980px;margin:2rem auto;padding:0 1.25rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.25rem;border-bottom:1px solid var(--line);padding-bottom:.25rem;margin-top:2rem}h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
.muted{color:var(--muted)}.badge{display:inline-block;padding:.1rem .5rem;border-radius:999px;font-size:.8rem;font-weight:600;border:1px solid currentColor}
.ok{color:var(--ok)}.err{color:var(--err)}.warn{color:var(--warn)}
.perm{display:grid;grid-template-columns:320px 1fr;gap:1rem;border:1px solid var(--line);border-radius:8px;padding:1rem;margin:1rem 0;break-inside:avoid}
.perm img{width:100%;border:1px solid var(--line);border-radius:4px}.noposter{aspect-ratio:16/9;display:grid;place-items:center;background:#f0f2f5;color:var(--muted);border-radius:4px}
pre{white-space:pre-wrap;font:inherit;background:#f7f8fa;border:1px solid var(--line);border-radius:6px;padding:.75rem;margin:.5rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;vertical-align:top;border-bottom:1px solid var(--line);padding:.35rem .5rem}
td,pre,.perm code{overflow-wrap:anywhere}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}.perm,tr,pre{break-inside:avoid}a{color:inherit;text-decoration:none}}
`;

function statusBadge(status: string, severity: string): string {
  if (status === 'pass') return '<span class="badge ok">pass</span>';
  if (status === 'skip') return '<span class="badge muted">skip</span>';
  return severity === 'error'
    ? '<span class="badge err">error</span>'
    : severity === 'warning'
      ? '<span class="badge warn">warning</span>'
      : '<span class="badge muted">note</span>';
}

/**
 * report.html: one self-contained page (inline CSS, posters as data URLs) with the texts
 * and check results. The test logins are masked here: they belong in the reviewer
 * instructions file only.
 */
export function renderReportHtml(c: BundleContents, posters: Readonly<Record<string, string | null>>, maskedInstructions: string): string {
  const p = c.profile;
  const r = c.report;
  const perms = requested(c)
    .map((perm) => {
      const entry = catalogEntry(perm.id);
      const poster = posters[perm.id];
      const img = poster ? `<img src="${poster}" alt="Frame of the ${esc(entry.title)} recording">` : '<div class="noposter">no clip</div>';
      return `<section class="perm"><div>${img}<div class="muted">${c.clips.includes(perm.id) ? `<code>${esc(clipFile(perm.id))}</code>` : 'no clip in this bundle'}</div></div>
<div><h3>${esc(entry.title)} <span class="muted">— ${accessText(perm.accessLevel)}</span></h3>
<pre>${esc(c.texts.descriptions[perm.id] ?? '(no description)')}</pre>
<div class="muted">Allowed usage (Meta): ${esc(entry.allowedUsage)}</div></div></section>`;
    })
    .join('\n');
  const rows = orderForPeople(r.results)
    .map(
      (x) =>
        `<tr><td>${statusBadge(x.status, x.severity)}</td><td><code>${esc(x.id)}</code></td><td>${esc(x.message)}${x.fix ? `<br><span class="muted">Fix: ${esc(x.fix)}</span>` : ''}</td></tr>`,
    )
    .join('\n');
  const demoPoster = posters.demo
    ? `<img src="${posters.demo}" alt="Frame of the whole demo" style="max-width:480px;width:100%;border:1px solid var(--line);border-radius:4px">`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Meta App Review — ${esc(p.metaApp.name || p.name)}</title><style>${CSS}</style></head>
<body>
<h1>Meta App Review — ${esc(p.metaApp.name || p.name)}</h1>
<p class="muted">${esc(p.metaApp.company)}${p.metaApp.company ? ' · ' : ''}submission "${esc(p.name)}" · ${esc(p.metaApp.deployment)} deployment · made ${esc(c.createdAt.toISOString().slice(0, 16).replace('T', ' '))} UTC</p>
<p>${r.ok ? '<span class="badge ok">ready as far as the checks see</span>' : '<span class="badge err">fix the failed checks first</span>'} ${r.counts.errors} errors · ${r.counts.warnings} warnings · ${r.counts.pass} passed · ${r.counts.skip} skipped</p>
<h2>1. Permissions: description and screen recording</h2>
${perms}
<h2>2. Reviewer instructions</h2>
<p class="muted">Test passwords and logins are hidden here; paste <code>${INSTRUCTIONS_FILE}</code>, which has them.</p>
<pre>${esc(maskedInstructions)}</pre>
${demoPoster ? `<h3>The whole demo</h3>${demoPoster}` : ''}
<h2>3. Meta app settings</h2>
<pre>${esc((c.texts.setupNotes ?? '').trim() || '(no setup notes)')}</pre>
<h2>4. Checks</h2>
<table><thead><tr><th>status</th><th>check</th><th>result</th></tr></thead><tbody>
${rows}
</tbody></table>
</body></html>
`;
}
