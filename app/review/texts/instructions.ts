// Writes the numbered reviewer instructions from the scenario's marked steps, so the video and the instructions say the same thing.
import { z } from 'zod';
import { UserError } from '../../common/errors';
import { zodIssues } from '../../common/zod-issues';
import { catalogEntry } from '../catalog';
import { PERMISSION_IDS, type PermissionId } from '../permission-ids';
import { WINDOW_LABELS, type TextFacts } from './facts';

/**
 * One line of the reviewer instructions. The lines come from the scenario's steps marked
 * `reviewer` (scenario-instructions.ts), so the video and the instructions say the same thing;
 * `defaultInstructionSteps` is the fallback for a scenario without marks, and
 * `instructionStepsFromCaptions` builds lines from every caption.
 */
export interface InstructionStep {
  text: string;
  /** Permissions this step exercises (shown next to the step, and in the summary). */
  permissions: PermissionId[];
  /** Which browser window the reviewer uses. */
  lane?: 'webitel' | 'facebook';
  /**
   * Steps the reviewer cannot do because they need the Page's admin (connecting the Page);
   * they are listed as "shown in the screencast", never as numbered steps.
   */
  screencastOnly?: boolean;
}

const LANES = ['webitel', 'facebook'] as const;
type Lane = (typeof LANES)[number];

/** The recorder's caption line (app/recorder/scenario/load.ts `CaptionLine`) or the bare minimum. */
export const CaptionStepSchema = z.object({
  caption: z.string(),
  /** Permissions of the step's scene. */
  permissions: z.array(z.string()).default([]),
  lane: z.string().optional(),
  /** The scenario's lane id, mapped to a window by name when `lane` is absent. */
  laneId: z.string().optional(),
  /** Explains a non-obvious button; appended to the line. */
  explain: z.string().optional(),
  /** One of alternative paths ("login:domain-first"); one path per group is kept. */
  branch: z.string().optional(),
  /** Defaults to true when every permission of the step is one a Page admin exercises. */
  screencastOnly: z.boolean().optional(),
});
export type CaptionStep = z.input<typeof CaptionStepSchema>;

export interface CaptionOptions {
  /** Scenario lane id → window; names containing webitel/operator/admin or facebook/messenger/customer are mapped without it. */
  lanes?: Record<string, Lane>;
  /** Branch group → the variant to keep (e.g. { login: 'login:two-step' }); the first variant seen otherwise. */
  branches?: Record<string, string>;
}

/** Accepts both the id (`pages_messaging`) and the form's title ("Business Asset User Profile Access"). */
function toPermissionId(name: string): PermissionId | undefined {
  const n = name.trim().toLowerCase();
  return PERMISSION_IDS.find((id) => id === n || catalogEntry(id).title.toLowerCase() === n);
}

function laneOf(c: { lane?: string | undefined; laneId?: string | undefined }, map: Record<string, Lane>): Lane | undefined {
  const direct = LANES.find((l) => l === c.lane);
  if (direct) return direct;
  const id = c.laneId ?? c.lane;
  if (!id) return undefined;
  if (map[id]) return map[id];
  if (/webitel|operator|agent|admin/i.test(id)) return 'webitel';
  if (/facebook|messenger|customer|fb/i.test(id)) return 'facebook';
  return undefined;
}

/**
 * Turns the recorder's scenario captions (step caption + its scene's permissions) into
 * instruction steps: empty captions dropped, one variant per branch group, a caption
 * repeated by consecutive steps kept once (permissions merged), and the steps only a Page
 * admin can do (connecting the Page) marked as shown in the screencast. An unknown
 * permission is an error naming it.
 */
export function instructionStepsFromCaptions(captions: readonly CaptionStep[], opts: CaptionOptions = {}): InstructionStep[] {
  const parsed = z.array(CaptionStepSchema).safeParse(captions);
  if (!parsed.success) {
    throw new UserError('validation', 'the scenario captions are not valid', {
      issues: zodIssues(parsed.error).map((i) => ({ ...i, field: `steps${i.field.startsWith('[') ? '' : '.'}${i.field}` })),
    });
  }
  const chosen = new Map<string, string>(Object.entries(opts.branches ?? {}));
  const out: InstructionStep[] = [];
  parsed.data.forEach((c, index) => {
    const permissions: PermissionId[] = [];
    for (const name of c.permissions) {
      const id = toPermissionId(name);
      if (!id) {
        throw new UserError('validation', `step ${index + 1} names an unknown permission "${name}"`, {
          issues: [{ field: `steps[${index}].permissions`, message: `"${name}" is not one of ${PERMISSION_IDS.join(', ')}` }],
          hint: 'use the permission ids of the catalog in the scenario scenes',
        });
      }
      if (!permissions.includes(id)) permissions.push(id);
    }
    if (c.branch) {
      const group = c.branch.split(':')[0] ?? c.branch;
      if (!chosen.has(group)) chosen.set(group, c.branch);
      if (chosen.get(group) !== c.branch) return;
    }
    const caption = c.caption.replace(/\s+/g, ' ').trim();
    if (!caption) return;
    const explain = c.explain?.replace(/\s+/g, ' ').trim();
    const text = explain ? `${caption} ${explain}` : caption;
    const screencastOnly = c.screencastOnly ?? (permissions.length > 0 && permissions.every((p) => catalogEntry(p).exercisedBy === 'page-admin'));
    const prev = out[out.length - 1];
    if (prev && prev.text === text && !!prev.screencastOnly === screencastOnly) {
      for (const id of permissions) if (!prev.permissions.includes(id)) prev.permissions.push(id);
      return;
    }
    const lane = laneOf(c, opts.lanes ?? {});
    out.push({ text, permissions, ...(lane ? { lane } : {}), ...(screencastOnly ? { screencastOnly: true } : {}) });
  });
  return out;
}

/** The built-in walk-through, for a scenario that marks no step for the reviewer. */
export function defaultInstructionSteps(f: TextFacts): InstructionStep[] {
  const gateway = f.gatewayName ? `the Meta chat gateway "${f.gatewayName}"` : 'the Meta chat gateway';
  return [
    {
      text: `A Webitel administrator opens ${gateway} in Webitel Admin, opens the "Facebook pages" tab and clicks "Add or remove pages".`,
      permissions: ['pages_show_list'],
      lane: 'webitel',
      screencastOnly: true,
    },
    {
      text: `The Page's admin logs in to Facebook; in the "Facebook Login for Business" dialog (through "Edit settings" when Facebook offers to continue with previous settings) they choose "Opt in to current Pages only", select the Page "${f.firstPage}", keep every permission on in the app's access request and click "Save"; the Page appears in the gateway's table.`,
      permissions: ['pages_show_list'],
      lane: 'facebook',
      screencastOnly: true,
    },
    {
      text: `The administrator turns on the "Webhook subscription" switch of "${f.firstPage}", which subscribes the gateway to the Page's messages.`,
      permissions: ['pages_manage_metadata'],
      lane: 'webitel',
      screencastOnly: true,
    },
    { text: `Open ${f.hostUrl}/workspace/ in a desktop browser (Chrome or Firefox); the Webitel sign-in page opens.`, permissions: [], lane: 'webitel' },
    {
      text: `Sign in as the Webitel operator. If the page asks for the login first, enter it and click "Next", then enter the password and click "Next" again.\nLogin: ${f.operatorLogin}\nPassword: ${f.operatorPassword}`,
      permissions: [],
      lane: 'webitel',
    },
    {
      text: 'If the "Welcome to Webitel Agent Workspace!" window appears, answer the browser\'s microphone and notification requests (allowing or blocking both work) and click "Ok".',
      permissions: [],
      lane: 'webitel',
    },
    {
      text: 'Turn on the "Call Center" switch in the top bar so that chats are routed to you (it stays on once you are online), then open the chat tab, the second icon of the queue panel on the left.',
      permissions: [],
      lane: 'webitel',
    },
    {
      text: `In a second browser window (a private window works), open ${f.messengerUrl}, the conversation with the Page "${f.firstPage}" in Messenger on Facebook. Log in as the Facebook Test User when Facebook asks (if it asks about cookies, either answer works).\nE-mail: ${f.testUserEmail}\nPassword: ${f.testUserPassword}`,
      permissions: [],
      lane: 'facebook',
    },
    {
      text: `Send the message "${f.triggerMessage}". Because the Page's webhook subscription is on, Meta delivers it to the Webitel gateway through the messages webhook.`,
      permissions: ['pages_manage_metadata', 'pages_messaging'],
      lane: 'facebook',
    },
    {
      text: "Back in Workspace, a new chat appears in the chat tab within a few seconds, under the Test User's Facebook name (its avatar shows the initials) and with the message you sent.",
      permissions: ['pages_messaging', 'business_asset_user_profile_access'],
      lane: 'webitel',
    },
    {
      text: 'Click the chat, click "Accept", type a reply into the "Write a message..." box and press Enter.',
      permissions: ['pages_messaging'],
      lane: 'webitel',
    },
    {
      text: `Switch to the Messenger window: the reply appears in the conversation with "${f.firstPage}".`,
      permissions: ['pages_messaging'],
      lane: 'facebook',
    },
  ];
}

const title = (id: PermissionId) => catalogEntry(id).title;

/**
 * Renders the reviewer instructions: who the app is, the test logins (the one place
 * credentials appear), the numbered steps with the permissions each one exercises, what
 * the screencast shows instead of the reviewer, and where each permission is exercised.
 */
export function renderReviewerInstructions(f: TextFacts, steps: readonly InstructionStep[]): string {
  const requested = new Set(f.permissions);
  const shownPerms = (s: InstructionStep) => s.permissions.filter((p) => requested.has(p));
  const reviewerSteps = steps.filter((s) => !s.screencastOnly);
  const screencastSteps = steps.filter((s) => s.screencastOnly);

  const lines: string[] = [];
  lines.push(`Reviewer instructions for "${f.appName}" (${f.company})`);
  lines.push('');
  lines.push(
    `"${f.appName}" connects the Facebook ${f.pageNames.length > 1 ? 'Pages' : 'Page'} ${f.pageList} to the Webitel contact center at ${f.hostUrl}: customers write to the Page on Messenger and operators answer them in Webitel Agent Workspace. You will use two browser windows, one as the Webitel operator and one as the customer on Messenger.`,
  );
  lines.push('');
  lines.push('Test logins');
  lines.push(`- Webitel operator (Agent Workspace, ${f.hostUrl}/workspace/)`);
  lines.push(`  Login: ${f.operatorLogin}`);
  lines.push(`  Password: ${f.operatorPassword}`);
  lines.push('- Facebook Test User (the customer on Messenger)');
  lines.push(`  E-mail: ${f.testUserEmail}`);
  lines.push(`  Password: ${f.testUserPassword}`);
  lines.push(`- Message to send to the Page: ${f.triggerMessage}`);

  if (screencastSteps.length) {
    lines.push('');
    lines.push('Already done, shown in the screencast');
    lines.push(
      `Connecting the Page needs the Facebook account that manages "${f.firstPage}", so these steps were done before the review and are shown in the screencast rather than left to you:`,
    );
    for (const s of screencastSteps) {
      const ps = shownPerms(s);
      lines.push(`- ${s.text.replace(/\n/g, ' ')}${ps.length ? ` (${ps.map(title).join(', ')})` : ''}`);
    }
  }

  lines.push('');
  lines.push('Steps');
  reviewerSteps.forEach((s, i) => {
    const where = s.lane ? `[${WINDOW_LABELS[s.lane]}] ` : '';
    const [first = '', ...more] = s.text.split('\n');
    lines.push(`${i + 1}. ${where}${first}`);
    for (const m of more) lines.push(`   ${m}`);
    const ps = shownPerms(s);
    if (ps.length) lines.push(`   Exercises: ${ps.map(title).join(', ')}`);
  });

  if (f.permissions.length) {
    lines.push('');
    lines.push('Where each permission is exercised');
    for (const id of f.permissions) {
      const nums = reviewerSteps.flatMap((s, i) => (s.permissions.includes(id) ? [i + 1] : []));
      const inScreencast = screencastSteps.some((s) => s.permissions.includes(id));
      const parts: string[] = [];
      if (nums.length) parts.push(`${nums.length > 1 ? 'steps' : 'step'} ${nums.join(', ')}`);
      if (inScreencast) parts.push('the Page connection shown in the screencast');
      lines.push(`- ${title(id)}: ${parts.length ? parts.join('; ') : 'not exercised by these steps'}`);
    }
  }
  return lines.join('\n') + '\n';
}
