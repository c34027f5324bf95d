// The checks on the generated texts: one distinct description per permission, and reviewer instructions Meta can follow.
import type { PermissionId } from '../../permission-ids';
import { DEFAULT_FEATURE_KEYWORDS } from '../keywords';
import { englishVerdict, isNumberedSteps, mentions, numberedLines, sharedSentences } from '../text-heuristics';
import type { CheckInput, CheckRule, RuleOutcome } from '../types';

export const requestedIds = (input: CheckInput): PermissionId[] => input.profile.permissions.map((p) => p.id);

const descriptionField = (p: string) => `texts.overrides.description:${p}`;

export const descriptionPresent: CheckRule = {
  id: 'description.present',
  severity: 'error',
  source: 'meta',
  title: 'Every requested permission has its own description',
  run(input) {
    const ids = requestedIds(input);
    if (ids.length === 0) return [{ status: 'skip', message: 'No permissions are requested yet.', target: { screen: 'permissions', field: 'permissions' } }];
    return ids.map((p): RuleOutcome => {
      const text = input.texts.descriptions[p]?.trim() ?? '';
      return text
        ? {
            subject: p,
            status: 'pass',
            message: `${p} has a description (${text.length} characters).`,
            target: { screen: 'texts', field: descriptionField(p), textId: `description:${p}` },
          }
        : {
            subject: p,
            status: 'fail',
            message: `${p} has no description; Meta's form asks for one per permission.`,
            fix: `Open Permissions and texts and generate or write the description for ${p}.`,
            target: { screen: 'texts', field: descriptionField(p), textId: `description:${p}` },
          };
    });
  },
};

export const descriptionDistinct: CheckRule = {
  id: 'description.distinct',
  severity: 'error',
  source: 'meta',
  title: 'No two descriptions share a sentence',
  run(input) {
    const texts: Record<string, string> = {};
    for (const p of requestedIds(input)) {
      const t = input.texts.descriptions[p];
      if (t?.trim()) texts[p] = t;
    }
    if (Object.keys(texts).length < 2) return [{ status: 'skip', message: 'Fewer than two descriptions to compare.', target: { screen: 'texts' } }];
    const shared = sharedSentences(texts);
    if (shared.length === 0)
      return [{ status: 'pass', message: `The ${Object.keys(texts).length} descriptions share no sentence.`, target: { screen: 'texts' } }];
    return shared.map(({ a, b, sentence }): RuleOutcome => ({
      subject: `${a}+${b}`,
      status: 'fail',
      message: `The descriptions of ${a} and ${b} share the sentence "${sentence}". Meta: each permission must have its own description, not a copy.`,
      fix: `Rewrite that sentence in the description of ${b} (or ${a}) so it says what this permission in particular does.`,
      target: { screen: 'texts', field: descriptionField(b), textId: `description:${b}` },
    }));
  },
};

export const descriptionFeature: CheckRule = {
  id: 'description.feature',
  severity: 'warning',
  source: 'app',
  title: 'Each description names the Webitel feature that uses the permission',
  run(input) {
    const out: RuleOutcome[] = [];
    for (const p of requestedIds(input)) {
      const text = input.texts.descriptions[p]?.trim() ?? '';
      if (!text) continue;
      const words = input.keywords?.[p] ?? DEFAULT_FEATURE_KEYWORDS[p];
      const hit = words.find((w) => mentions(text, w));
      out.push(
        hit
          ? {
              subject: p,
              status: 'pass',
              message: `The description of ${p} names the feature ("${hit}").`,
              target: { screen: 'texts', field: descriptionField(p), textId: `description:${p}` },
            }
          : {
              subject: p,
              status: 'fail',
              message: `The description of ${p} does not name the Webitel feature that uses it (expected one of: ${words.map((w) => `"${w}"`).join(', ')}).`,
              fix: `Say in the description of ${p} where in Webitel the reviewer sees it used, e.g. "${words[0]}". Recommended by this app so the reviewer can match the text to the video.`,
              target: { screen: 'texts', field: descriptionField(p), textId: `description:${p}` },
            },
      );
    }
    return out.length ? out : [{ status: 'skip', message: 'No descriptions yet.', target: { screen: 'texts' } }];
  },
};

const INSTRUCTIONS = { screen: 'texts', field: 'texts.overrides.reviewerInstructions', textId: 'reviewerInstructions' } as const;

function instructionsText(input: CheckInput): string | undefined {
  const t = input.texts.reviewerInstructions.trim();
  return t ? t : undefined;
}

const noInstructions: RuleOutcome = {
  status: 'fail',
  message: 'There are no reviewer instructions.',
  fix: 'Open Permissions and texts and generate the reviewer instructions.',
  target: INSTRUCTIONS,
};

export const instructionsNumbered: CheckRule = {
  id: 'instructions.numbered',
  severity: 'error',
  source: 'meta',
  title: 'Reviewer instructions are numbered steps',
  run(input) {
    const t = instructionsText(input);
    if (!t) return [noInstructions];
    const n = numberedLines(t).length;
    return isNumberedSteps(t)
      ? [{ status: 'pass', message: `The reviewer instructions have ${n} numbered steps.`, target: INSTRUCTIONS }]
      : [
          {
            status: 'fail',
            message: `The reviewer instructions are not a numbered list of steps (found ${n} numbered line${n === 1 ? '' : 's'}; need at least 3, counting from 1). Meta asks for step-by-step instructions.`,
            fix: 'Write the instructions as "1. …", "2. …", one step per line, or reset them to the generated text.',
            target: INSTRUCTIONS,
          },
        ];
  },
};

export const instructionsEnglish: CheckRule = {
  id: 'instructions.english',
  severity: 'error',
  source: 'meta',
  title: 'Reviewer instructions are in English',
  run(input) {
    const t = instructionsText(input);
    if (!t) return [noInstructions];
    const v = englishVerdict(t);
    return v.english
      ? [{ status: 'pass', message: 'The reviewer instructions read as English.', target: INSTRUCTIONS }]
      : [
          {
            status: 'fail',
            message: `The reviewer instructions do not read as English (${Math.round(v.latinShare * 100)}% Latin letters, ${Math.round(v.commonShare * 100)}% common English words). Meta asks for instructions in English.`,
            fix: 'Write the reviewer instructions in English, or reset them to the generated text.',
            target: INSTRUCTIONS,
          },
        ];
  },
};

export const instructionsWebitelUrl: CheckRule = {
  id: 'instructions.webitel-url',
  severity: 'error',
  source: 'meta',
  title: 'Reviewer instructions give the Webitel URL',
  run(input) {
    const t = instructionsText(input);
    if (!t) return [noInstructions];
    const host = input.profile.webitel.host;
    if (!host)
      return [
        {
          status: 'fail',
          message: 'The Webitel host URL is not filled in, so the instructions cannot name it.',
          fix: 'Enter the Webitel host URL on the Gateway screen.',
          target: { screen: 'gateway', field: 'webitel.host' },
        },
      ];
    return mentions(t, host)
      ? [{ status: 'pass', message: `The instructions give the Webitel URL ${host}.`, target: INSTRUCTIONS }]
      : [
          {
            status: 'fail',
            message: `The reviewer instructions do not contain the Webitel URL ${host}; the reviewer cannot find the app.`,
            fix: `Add ${host} to the login step of the instructions, or reset them to the generated text.`,
            target: INSTRUCTIONS,
          },
        ];
  },
};

function loginRule(
  id: string,
  title: string,
  who: string,
  get: (i: CheckInput) => { login: string; password: string; loginField: string; passwordField: string },
): CheckRule {
  return {
    id,
    severity: 'error',
    source: 'meta',
    title,
    run(input) {
      const t = instructionsText(input);
      const c = get(input);
      const missing: RuleOutcome[] = [];
      if (!c.login)
        missing.push({
          subject: 'login',
          status: 'fail',
          message: `The ${who} login is not filled in.`,
          fix: `Enter the ${who} login on the Gateway screen.`,
          target: { screen: 'gateway', field: c.loginField },
        });
      if (!c.password)
        missing.push({
          subject: 'password',
          status: 'fail',
          message: `The ${who} password is not filled in.`,
          fix: `Enter the ${who} password on the Gateway screen.`,
          target: { screen: 'gateway', field: c.passwordField },
        });
      if (missing.length) return missing;
      if (!t) return [noInstructions];
      const lacks = [!mentions(t, c.login) && 'login', !t.includes(c.password) && 'password'].filter(Boolean);
      if (lacks.length === 0) return [{ status: 'pass', message: `The instructions give the ${who} login and password.`, target: INSTRUCTIONS }];
      return [
        {
          status: 'fail',
          // Never echo the credentials: this message is printed and exported, and the test logins belong only in the instructions.
          message: `The reviewer instructions lack the ${who} ${lacks.join(' and ')}. Meta asks for the test credentials in the instructions.`,
          fix: `Put the ${who} login and password into the instructions, or reset them to the generated text.`,
          target: INSTRUCTIONS,
        },
      ];
    },
  };
}

export const instructionsOperatorLogin = loginRule(
  'instructions.operator-login',
  'Reviewer instructions give the Webitel operator test login',
  'Webitel operator test',
  (i) => ({
    login: i.profile.reviewer.operator.login,
    password: i.profile.reviewer.operator.password,
    loginField: 'reviewer.operator.login',
    passwordField: 'reviewer.operator.password',
  }),
);

export const instructionsTestUserLogin = loginRule(
  'instructions.test-user-login',
  'Reviewer instructions give the Facebook Test User login',
  'Facebook Test User',
  (i) => ({
    login: i.profile.reviewer.facebookTestUser.email,
    password: i.profile.reviewer.facebookTestUser.password,
    loginField: 'reviewer.facebookTestUser.email',
    passwordField: 'reviewer.facebookTestUser.password',
  }),
);

export const instructionsTrigger: CheckRule = {
  id: 'instructions.trigger-message',
  severity: 'error',
  source: 'app',
  title: 'Reviewer instructions give the message to send to the Page',
  run(input) {
    const trigger = input.profile.reviewer.triggerMessage;
    if (!trigger)
      return [
        {
          status: 'fail',
          message: 'The trigger message is not filled in.',
          fix: 'Enter the message the reviewer sends to the Page on the Gateway screen.',
          target: { screen: 'gateway', field: 'reviewer.triggerMessage' },
        },
      ];
    const t = instructionsText(input);
    if (!t) return [noInstructions];
    return mentions(t, trigger)
      ? [{ status: 'pass', message: `The instructions tell the reviewer to send "${trigger}".`, target: INSTRUCTIONS }]
      : [
          {
            status: 'fail',
            message: `The reviewer instructions do not contain the trigger message "${trigger}". Reviewers do message the Page and expect an answer.`,
            fix: 'Add the trigger message to the step where the reviewer writes to the Page (recommended by this app), or reset the instructions.',
            target: INSTRUCTIONS,
          },
        ];
  },
};

export const textsNoSecrets: CheckRule = {
  id: 'texts.no-secrets',
  severity: 'error',
  source: 'app',
  title: 'No secret or recording-only login appears in the texts',
  run(input) {
    const p = input.profile;
    const never = [
      ['the App Secret', p.gateway.appSecret],
      ['the Webitel admin password (recording only)', p.recording.webitelAdmin.password],
      ['the Page admin password (recording only)', p.recording.pageAdmin.password],
      ['the Webitel admin login (recording only)', p.recording.webitelAdmin.login],
      ['the Page admin e-mail (recording only)', p.recording.pageAdmin.email],
    ] as const;
    const testOnly = [
      ['the operator test password', p.reviewer.operator.password],
      ['the Facebook Test User password', p.reviewer.facebookTestUser.password],
    ] as const;
    const texts: { id: string; text: string; instructions: boolean }[] = [
      ...Object.entries(input.texts.descriptions).map(([id, text]) => ({ id: `description:${id}`, text: text ?? '', instructions: false })),
      { id: 'reviewerInstructions', text: input.texts.reviewerInstructions, instructions: true },
      { id: 'setupNotes', text: input.texts.setupNotes ?? '', instructions: false },
    ];
    const out: RuleOutcome[] = [];
    for (const t of texts) {
      const found = [...never, ...(t.instructions ? [] : testOnly)].filter(([, v]) => v && t.text.includes(v)).map(([what]) => what);
      if (found.length)
        out.push({
          subject: t.id,
          status: 'fail',
          message: `The text ${t.id} contains ${found.join(', ')}; it would be given to Meta.`,
          fix: `Remove it from ${t.id} (Permissions and texts), or reset the text to the generated one.`,
          target: { screen: 'texts', textId: t.id, field: `texts.overrides.${t.id}` },
        });
    }
    return out.length ? out : [{ status: 'pass', message: 'No secret or recording-only login appears in the texts.', target: { screen: 'texts' } }];
  },
};

export const TEXT_RULES: CheckRule[] = [
  textsNoSecrets,
  descriptionPresent,
  descriptionDistinct,
  descriptionFeature,
  instructionsNumbered,
  instructionsEnglish,
  instructionsWebitelUrl,
  instructionsOperatorLogin,
  instructionsTestUserLogin,
  instructionsTrigger,
];
