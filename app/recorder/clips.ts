// Cuts one clip per requested permission from the master video, choosing the scenes that show the permission being granted and used.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ASSETS_FONTS_DIR } from './assets/fonts';
import { CANVAS_COLOR, buildClipCardAss } from './compose/ass';
import { runPlan } from '../media/plan';
import { type FfmpegTools } from '../media/tools';
import { buildCardPlan, buildConcatPlan, concatList, type Segment } from './compose/filter-graph';
import type { EncoderSettings } from './run-folder';
import type { Chapter } from './compose/video-time';
import { commitFile, tempName } from './run-folder';

/**
 * One clip per permission, cut from the master by chapters.
 *
 * Which scenes go into a permission's clip:
 *  - every scene that names the permission; and
 *  - for the three permissions the Facebook consent dialog grants (pages_show_list,
 *    pages_manage_metadata, pages_messaging), the login and consent part as well: all
 *    scenes from the start up to and including the first scene that names
 *    `pages_show_list` (the consent with Page selection). Meta wants each permission's
 *    video to show the login from logged-out and the grant.
 * Business Asset User Profile Access is a feature, not granted in the consent, so its clip
 * shows the scenes that name it, each with the scene just before it (how the customer's
 * message arrives), so the customer's name is seen appearing rather than out of context.
 */
const CONTEXT_BEFORE: Record<string, number> = { business_asset_user_profile_access: 1 };
export const GRANTED_IN_CONSENT = ['pages_show_list', 'pages_manage_metadata', 'pages_messaging'] as const;

export const PERMISSION_CARD: Record<string, { title: string; shows: string }> = {
  pages_show_list: {
    title: 'List the Pages a person manages',
    shows: 'The Page admin logs in to Facebook, grants access and selects the Page; Webitel lists the connected Page.',
  },
  pages_manage_metadata: {
    title: 'Subscribe the gateway to Page webhooks',
    shows: 'After the login and consent, the admin switches "Webhook subscription" on so Webitel receives the Page\'s messages.',
  },
  pages_messaging: {
    title: 'Receive and answer Messenger conversations',
    shows: 'A customer writes to the Page; the operator accepts the chat in Webitel Workspace and the reply reaches Messenger.',
  },
  business_asset_user_profile_access: {
    title: "Show the customer's Facebook name",
    shows: "The new chat in Webitel Workspace shows the customer's Facebook name to the operator (its avatar shows the initials).",
  },
};

export interface ClipPlan {
  permission: string;
  segments: Segment[];
  scenes: Chapter[];
}

/** Scenes (in order) and merged segments of the master for one permission; empty when no scene shows it. */
export function clipFor(chapters: Chapter[], permission: string): ClipPlan {
  const pick = new Set<number>();
  if ((GRANTED_IN_CONSENT as readonly string[]).includes(permission)) {
    const k = chapters.findIndex((c) => c.permissions.includes('pages_show_list'));
    for (let i = 0; i <= k; i++) pick.add(i);
  }
  chapters.forEach((c, i) => {
    if (!c.permissions.includes(permission)) return;
    for (let k = Math.max(0, i - (CONTEXT_BEFORE[permission] ?? 0)); k <= i; k++) pick.add(k);
  });
  const scenes = [...pick].sort((a, b) => a - b).map((i) => chapters[i]!);
  if (!scenes.some((s) => s.permissions.includes(permission))) return { permission, segments: [], scenes: [] };
  const segments: Segment[] = [];
  for (const s of scenes) {
    const last = segments[segments.length - 1];
    if (last && Math.abs(last.end - s.start) < 1e-6) last.end = s.end;
    else segments.push({ start: s.start, end: s.end });
  }
  return { permission, segments: segments.filter((s) => s.end > s.start), scenes };
}

/** Permissions to cut: the requested ones, else every permission a scene names, in first-seen order. */
export function clipPermissions(chapters: Chapter[], requested: string[]): string[] {
  if (requested.length) return requested;
  const seen: string[] = [];
  for (const c of chapters) for (const p of c.permissions) if (!seen.includes(p)) seen.push(p);
  return seen;
}

export const CLIP_CARD_SEC = 2.5;

/** How long before a scene's end its outcome is taken: its last picture, before the next scene's caption comes. */
const OUTCOME_LEAD_SEC = 0.5;

/**
 * Where a permission's clip shows it best, in clip seconds: just before the end of the last
 * scene that names it, where its caption names the permission and the page shows what it did
 * (the Page listed, the subscription on, the reply in Messenger, the customer's name). The login
 * and consent before it are context, not the proof. Undefined when no scene names it.
 */
export function clipShownAtSec(chapters: Chapter[], permission: string): number | undefined {
  let t = CLIP_CARD_SEC;
  let at: number | undefined;
  for (const s of clipFor(chapters, permission).scenes) {
    const length = s.end - s.start;
    if (s.permissions.includes(permission)) at = t + Math.max(0, length - OUTCOME_LEAD_SEC);
    t += length;
  }
  return at;
}

/** Where the whole video shows its outcome: just before the end of its last scene. */
export function demoShownAtSec(chapters: Chapter[]): number | undefined {
  const last = chapters.at(-1);
  return last && Math.max(last.start, last.end - OUTCOME_LEAD_SEC);
}

/** The composed segments that make up a clip's time ranges (segments never straddle a chapter start). */
export function segmentsFor<T extends Segment>(ranges: Segment[], segments: T[]): T[] {
  const eps = 1e-6;
  return segments.filter((s) => ranges.some((r) => s.start >= r.start - eps && s.end <= r.end + eps));
}

/**
 * One MP4 per permission: its card, encoded like the video, then the video's own segments for
 * the permission's scenes, joined by stream copy (no second encode, no quality loss).
 */
export async function cutClips(o: {
  tools: FfmpegTools;
  runDir: string;
  segments: Array<Segment & { file: string }>;
  chapters: Chapter[];
  permissions: string[];
  canvas: { width: number; height: number };
  encoder: EncoderSettings;
  signal?: AbortSignal;
  onProgress?: (fraction: number, permission: string) => void;
}): Promise<{ clips: Record<string, string>; skipped: string[] }> {
  const clipsDir = path.join(o.runDir, 'clips');
  await fs.mkdir(clipsDir, { recursive: true });
  const plans = o.permissions.map((p) => clipFor(o.chapters, p));
  const clips: Record<string, string> = {};
  const skipped: string[] = [];
  for (const [i, plan] of plans.entries()) {
    const parts = segmentsFor(plan.segments, o.segments);
    if (!parts.length) {
      skipped.push(plan.permission);
      continue;
    }
    const card = PERMISSION_CARD[plan.permission] ?? { title: plan.permission, shows: 'The scenes of the demo that use this permission.' };
    const cardAss = path.join(clipsDir, `.${plan.permission}.card.ass`);
    const cardMp4 = path.join(clipsDir, `.${plan.permission}.card.mp4`);
    const list = path.join(clipsDir, `.${plan.permission}.ffconcat`);
    const finalPath = path.join(clipsDir, `${plan.permission}.mp4`);
    const signal = o.signal ? { signal: o.signal } : {};
    try {
      await fs.writeFile(
        cardAss,
        buildClipCardAss({
          width: o.canvas.width,
          height: o.canvas.height,
          permission: plan.permission,
          title: card.title,
          shows: card.shows,
          scenes: plan.scenes.map((s) => s.title),
          durationSec: CLIP_CARD_SEC,
        }),
      );
      await runPlan(
        o.tools,
        buildCardPlan({
          cardAss,
          fontsDir: ASSETS_FONTS_DIR,
          cardSec: CLIP_CARD_SEC,
          width: o.canvas.width,
          height: o.canvas.height,
          canvasColor: CANVAS_COLOR,
          encoder: o.encoder,
        }),
        cardMp4,
        {
          what: `the card of the clip for ${plan.permission}`,
          ...signal,
          onProgress: (f) => o.onProgress?.((i + f * 0.8) / plans.length, plan.permission),
        },
      );
      await fs.writeFile(
        list,
        concatList([{ file: cardMp4, durationSec: CLIP_CARD_SEC }, ...parts.map((p) => ({ file: p.file, durationSec: p.end - p.start }))]),
      );
      const duration = CLIP_CARD_SEC + parts.reduce((a, p) => a + (p.end - p.start), 0);
      await runPlan(o.tools, buildConcatPlan(list, duration), tempName(finalPath), { what: `the clip for ${plan.permission}`, ...signal });
      await commitFile(finalPath);
    } finally {
      await Promise.all([cardAss, cardMp4, list].map((f) => fs.rm(f, { force: true })));
    }
    o.onProgress?.((i + 1) / plans.length, plan.permission);
    clips[plan.permission] = path.relative(o.runDir, finalPath);
  }
  return { clips, skipped };
}
