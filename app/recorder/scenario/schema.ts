// The scenario file's schema, the one source of what the demo does: lanes, scenes, steps, selectors and conditions.
import { z } from 'zod';
import { PermissionIdSchema } from '../../review/permission-ids';
import { templateRefs, knownRoot } from './template-refs';

/**
 * The scenario file: one source of truth for what the demo does. Steps drive the browsers,
 * their captions become the burned-in captions and the reviewer-instruction lines, and the
 * scenes (one per permission) become the chapters.
 */
export const SCENARIO_VERSION = 1;

export const ACTIONS = ['goto', 'click', 'fill', 'press', 'waitFor', 'expect', 'caption', 'pause', 'manual', 'screenshot'] as const;
export const ActionSchema = z.enum(ACTIONS);
export type Action = z.infer<typeof ActionSchema>;

const id = (what: string) => z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, `${what} id: use lowercase letters, digits and dashes (e.g. "admin-login")`);

const SELECTOR_KINDS = ['css', 'aria', 'text', 'xpath'] as const;

/**
 * One way to find an element. Webitel has no test ids, so a target is a list of these,
 * tried in order: CSS first, then role/name and visible text as fallbacks.
 */
export const SelectorSchema = z
  .object({
    css: z.string().min(1).optional(),
    /** Accessible role and name, as puppeteer's `::-p-aria(...)` resolves them. */
    aria: z
      .object({ role: z.string().min(1).optional(), name: z.string().min(1) })
      .strict()
      .optional(),
    /** Visible text the element contains (puppeteer's `::-p-text(...)`). */
    text: z.string().min(1).optional(),
    xpath: z.string().min(1).optional(),
    /** Look only inside elements matching `css` (and containing `text`), e.g. the table row of one Page. */
    within: z
      .object({ css: z.string().min(1), text: z.string().min(1).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const n = SELECTOR_KINDS.filter((k) => s[k] !== undefined).length;
    if (n !== 1)
      ctx.addIssue({ code: 'custom', message: 'give exactly one of css, aria, text or xpath (e.g. {"css": "button.wt-button"} or {"text": "Next"})' });
  });
export type Selector = z.infer<typeof SelectorSchema>;

export const TargetSchema = z
  .array(SelectorSchema)
  .min(1, 'give at least one selector, e.g. [{"css": "input[name=\\"username\\"]"}, {"aria": {"role": "textbox", "name": "Login"}}]');
export type Target = z.infer<typeof TargetSchema>;

export interface UrlMatch {
  includes?: string | undefined;
  excludes?: string | undefined;
  /** A JavaScript regular expression source. */
  matches?: string | undefined;
}

/** What must hold: exactly one key per object; `any`/`all`/`not` combine. */
export interface Condition {
  visible?: Target | undefined;
  hidden?: Target | undefined;
  text?: string | undefined;
  /** With `text`: look only inside this element. */
  in?: Target | undefined;
  url?: UrlMatch | undefined;
  attribute?: { target: Target; name: string; equals: string } | undefined;
  /** The popup window the lane opened. */
  popup?: 'open' | 'closed' | undefined;
  any?: Condition[] | undefined;
  all?: Condition[] | undefined;
  not?: Condition | undefined;
}

const CONDITION_KINDS = ['visible', 'hidden', 'text', 'url', 'attribute', 'popup', 'any', 'all', 'not'] as const;

const UrlMatchSchema = z
  .object({ includes: z.string().min(1).optional(), excludes: z.string().min(1).optional(), matches: z.string().min(1).optional() })
  .strict()
  .superRefine((u, ctx) => {
    if (!u.includes && !u.excludes && !u.matches) ctx.addIssue({ code: 'custom', message: 'give includes, excludes or matches' });
    if (u.matches) {
      try {
        new RegExp(u.matches);
      } catch (e) {
        ctx.addIssue({ code: 'custom', path: ['matches'], message: `not a valid regular expression: ${(e as Error).message}` });
      }
    }
  });

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .object({
      visible: TargetSchema.optional(),
      hidden: TargetSchema.optional(),
      text: z.string().min(1).optional(),
      in: TargetSchema.optional(),
      url: UrlMatchSchema.optional(),
      attribute: z
        .object({ target: TargetSchema, name: z.string().min(1), equals: z.string() })
        .strict()
        .optional(),
      popup: z.enum(['open', 'closed']).optional(),
      any: z.array(ConditionSchema).min(1).optional(),
      all: z.array(ConditionSchema).min(1).optional(),
      not: ConditionSchema.optional(),
    })
    .strict()
    .superRefine((c, ctx) => {
      const n = CONDITION_KINDS.filter((k) => c[k] !== undefined).length;
      if (n !== 1) {
        ctx.addIssue({ code: 'custom', message: `give exactly one of ${CONDITION_KINDS.join(', ')} (e.g. {"visible": [{"css": "#draft"}]})` });
      }
      if (c.in && c.text === undefined) ctx.addIssue({ code: 'custom', path: ['in'], message: '"in" goes with "text"' });
    }),
);

export const ViewportSchema = z.object({
  width: z.number().int().min(320).max(3840),
  height: z.number().int().min(320).max(2160),
});
export type Viewport = z.infer<typeof ViewportSchema>;

export const LaneSchema = z
  .object({
    id: id('lane'),
    /** Shown above the lane in the video, e.g. "Webitel — admin and operator". */
    title: z.string().min(1),
    startUrl: z.string().min(1).default('about:blank'),
    viewport: ViewportSchema.default({ width: 960, height: 1080 }),
    /** Browser permissions granted up front (Workspace asks for microphone, camera, notifications). */
    grant: z
      .array(
        z
          .object({
            origin: z.string().min(1),
            permissions: z.array(z.enum(['microphone', 'camera', 'notifications', 'clipboard-read', 'clipboard-sanitized-write'])).min(1),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type Lane = z.infer<typeof LaneSchema>;

export const SceneSchema = z
  .object({
    id: id('scene'),
    title: z.string().min(1),
    /** The Meta permission(s) this scene demonstrates; its chapter goes into each of their clips. */
    permissions: z.array(PermissionIdSchema).default([]),
  })
  .strict();
export type Scene = z.infer<typeof SceneSchema>;

export const StepSchema = z
  .object({
    id: id('step'),
    scene: z.string(),
    lane: z.string(),
    action: ActionSchema,
    target: TargetSchema.optional(),
    /** goto: where to go (templated). */
    url: z.string().min(1).optional(),
    /** fill: what to type (templated; `{{secret:…}}` values are masked everywhere but the page). */
    value: z.string().optional(),
    /** press: a key name as puppeteer knows it, e.g. "Enter". */
    key: z.string().min(1).optional(),
    /** pause: how long; caption: how long the caption stays before the next step. */
    durationMs: z.number().int().min(0).max(600_000).optional(),
    /** waitFor/expect: the condition itself; other actions: what must hold after acting. */
    waitFor: ConditionSchema.optional(),
    /** Stop waiting and fail at once when this holds (e.g. an error alert after a login). */
    failIf: ConditionSchema.optional(),
    /**
     * States the run cannot go past (a forced password change, an SSO-only domain, a switch the
     * user may not use): checked like `failIf`, the run stops at once with `cause` and `todo`.
     * `forMs`: only once the state was seen that long without a break, across steps that carry the
     * same cause (a state the page may leave by itself, e.g. reconnecting to its server).
     */
    stopIf: z
      .array(
        z.object({ if: ConditionSchema, cause: z.string().min(1), todo: z.string().min(1), forMs: z.number().int().min(1).max(600_000).optional() }).strict(),
      )
      .min(1)
      .optional(),
    timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
    /**
     * What this step's failure most likely means on a real host, and what to check (e.g. a chat
     * that never arrives: the webhook, the tester role, the queue): added to the failure and its hint.
     * Not for a `stopIf`, which says its own.
     */
    ifFails: z
      .object({ cause: z.string().min(1), todo: z.string().min(1) })
      .strict()
      .optional(),
    /** English, shown in the video and used as a reviewer-instruction line. */
    caption: z.string().min(1).optional(),
    /** What a non-obvious UI element does (Meta asks for buttons to be explained). */
    explain: z.string().min(1).optional(),
    /**
     * `false`: never hand this step to the person when its target is missing (e.g. a step that
     * would type a password into a field nobody can see is the right one); it fails as it is.
     */
    assist: z.boolean().optional(),
    /** A failure skips the step instead of failing the run. */
    optional: z.boolean().optional(),
    /** Run the step only if the condition holds within `withinMs` (0: check once, now). */
    when: z
      .object({ condition: ConditionSchema, withinMs: z.number().int().min(0).max(600_000).default(0) })
      .strict()
      .optional(),
    /** Act in the popup window this lane opened (waits for it to open). */
    popup: z.boolean().optional(),
    manual: z
      .object({ prompt: z.string().min(1), until: ConditionSchema })
      .strict()
      .optional(),
    /** Save steps/NN-<id>.png after the step. */
    screenshot: z.boolean().optional(),
    /**
     * Do this step once per Page of the profile, in the profile's order: in each copy `{{page.id}}`,
     * `{{page.name}}` and `{{page.username}}` name that Page (e.g. tick every Page in the consent's
     * checklist). The first copy keeps the id; the others get "-p2", "-p3", … and no reviewer mark.
     */
    forEachPage: z.boolean().optional(),
    /** Marks one of alternative paths (e.g. "login:domain-first"), for texts built from captions. */
    branch: z.string().min(1).optional(),
    /**
     * The reviewer repeats this step: it becomes a numbered line of the reviewer instructions.
     * `true` uses the caption; `text` gives the reviewer's wording (templated, secrets never shown);
     * `logins` adds that test login's lines; `permissions` replaces the scene's; `screencastOnly`
     * lists it under "shown in the screencast" (steps only the Page's admin can do).
     */
    reviewer: z
      .union([
        z.literal(true),
        z
          .object({
            text: z.string().min(1).optional(),
            logins: z.enum(['operator', 'test-user']).optional(),
            permissions: z.array(PermissionIdSchema).optional(),
            screencastOnly: z.boolean().optional(),
          })
          .strict(),
      ])
      .optional(),
  })
  .strict();
export type Step = z.infer<typeof StepSchema>;
export type ReviewerMark = NonNullable<Step['reviewer']>;

const REQUIRED: Record<Action, Array<keyof Step>> = {
  goto: ['url'],
  click: ['target'],
  fill: ['target', 'value'],
  press: ['key'],
  waitFor: ['waitFor'],
  expect: ['waitFor'],
  caption: ['caption'],
  pause: ['durationMs'],
  manual: ['manual'],
  screenshot: [],
};

const EXAMPLE: Partial<Record<keyof Step, string>> = {
  url: '"url": "{{webitel.origin}}/workspace/"',
  target: '"target": [{"css": "#draft"}, {"aria": {"role": "textbox", "name": "Message"}}]',
  value: '"value": "{{reviewer.operator.login}}"',
  key: '"key": "Enter"',
  waitFor: '"waitFor": {"visible": [{"css": ".chat-message"}]}',
  caption: '"caption": "The operator opens Workspace."',
  durationMs: '"durationMs": 1500',
  manual: '"manual": {"prompt": "Type the code", "until": {"hidden": [{"css": "#approvals_code"}]}}',
};

export const ScenarioSchema = z
  .object({
    version: z.literal(SCENARIO_VERSION, { error: `must be ${SCENARIO_VERSION} (the scenario format version)` }),
    title: z.string().default(''),
    description: z.string().default(''),
    /** Constants the steps reference as `{{vars.name}}` (e.g. the operator's reply). */
    vars: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), z.string()).default({}),
    lanes: z.array(LaneSchema).min(1),
    scenes: z.array(SceneSchema).min(1),
    steps: z.array(StepSchema).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    const dup = (items: Array<{ id: string }>, key: string) => {
      const seen = new Set<string>();
      items.forEach((it, i) => {
        if (seen.has(it.id)) ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `"${it.id}" is used twice; ids must be unique` });
        seen.add(it.id);
      });
    };
    dup(s.lanes, 'lanes');
    dup(s.scenes, 'scenes');
    dup(s.steps, 'steps');
    const lanes = new Set(s.lanes.map((l) => l.id));
    const sceneOrder = new Map(s.scenes.map((sc, i) => [sc.id, i]));
    let lastScene = -1;
    const used = new Set<string>();
    s.steps.forEach((st, i) => {
      if (!lanes.has(st.lane))
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'lane'], message: `unknown lane "${st.lane}"; lanes are ${[...lanes].join(', ')}` });
      const order = sceneOrder.get(st.scene);
      if (order === undefined) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'scene'], message: `unknown scene "${st.scene}"; scenes are ${[...sceneOrder.keys()].join(', ')}` });
      } else if (order < lastScene || (order !== lastScene && used.has(st.scene))) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'scene'],
          message: `scene "${st.scene}" is out of order: each scene's steps must be together, in the order of "scenes"`,
        });
      } else {
        lastScene = order;
        used.add(st.scene);
      }
      for (const field of REQUIRED[st.action]) {
        if (st[field] === undefined) {
          ctx.addIssue({ code: 'custom', path: ['steps', i, field], message: `a "${st.action}" step needs ${EXAMPLE[field] ?? `"${field}"`}` });
        }
      }
      if (st.popup && st.action === 'goto')
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'popup'], message: 'a popup cannot be sent to a URL; act in the main window' });
    });
    s.scenes.forEach((sc, i) => {
      if (!used.has(sc.id)) ctx.addIssue({ code: 'custom', path: ['scenes', i, 'id'], message: `scene "${sc.id}" has no steps` });
    });
    // Template references: a typo should fail at load, not halfway through a recording.
    walkStrings(s, [], (text, path) => {
      for (const ref of templateRefs(text)) {
        const problem = knownRoot(ref, Object.keys(s.vars));
        if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
      }
    });
  });
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

const NOT_TEMPLATED = new Set(['id', 'scene', 'lane', 'action', 'version']);

/** Visits every string that may hold a template, with its path. */
export function walkStrings(value: unknown, path: PropertyKey[], visit: (s: string, path: PropertyKey[]) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, [...path, i], visit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!NOT_TEMPLATED.has(k)) walkStrings(v, [...path, k], visit);
    }
  }
}
