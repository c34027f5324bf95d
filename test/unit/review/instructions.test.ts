// Proves instruction steps built from scenario captions (branches, lanes, screencast-only steps) and how they are rendered.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../app/common/errors';
import { defaultInstructionSteps, generateTexts, instructionStepsFromCaptions, textFacts } from '../../../app/review/texts';
import { profile } from './profiles';

/** Shaped like the recorder's `captionsOf` output (app/recorder/scenario/load.ts). */
const CAPTIONS = [
  {
    stepId: 'a1',
    caption: 'The admin opens the gateway and clicks "Add or remove pages".',
    sceneId: 'connect-pages',
    permissions: ['pages_show_list'],
    laneId: 'webitel',
    conditional: false,
  },
  {
    stepId: 'a2',
    caption: 'The Page admin selects the Page.',
    sceneId: 'connect-pages',
    permissions: ['pages_show_list'],
    laneId: 'facebook',
    conditional: false,
  },
  {
    stepId: 'a3',
    caption: 'The admin turns on Webhook subscription.',
    sceneId: 'subscribe',
    permissions: ['pages_manage_metadata'],
    laneId: 'webitel',
    conditional: false,
  },
  {
    stepId: 'o1',
    caption: 'The operator signs in (two-step form).',
    sceneId: 'operator',
    permissions: [],
    laneId: 'operator',
    branch: 'login:two-step',
    conditional: false,
  },
  {
    stepId: 'o2',
    caption: 'The operator signs in (domain first).',
    sceneId: 'operator',
    permissions: [],
    laneId: 'operator',
    branch: 'login:domain-first',
    conditional: false,
  },
  {
    stepId: 'c1',
    caption: '  The customer   sends the message. ',
    sceneId: 'message',
    permissions: ['pages_messaging'],
    laneId: 'customer',
    conditional: false,
  },
  {
    stepId: 'c2',
    caption: 'The customer sends the message.',
    sceneId: 'message',
    permissions: ['pages_messaging', 'pages_manage_metadata'],
    laneId: 'customer',
    conditional: false,
  },
  {
    stepId: 'w1',
    caption: "The chat shows the customer's name and picture.",
    explain: 'Names come from the profile feature.',
    sceneId: 'profile',
    permissions: ['Business Asset User Profile Access'],
    laneId: 'operator',
    conditional: false,
  },
  { stepId: 'x', caption: '   ', sceneId: 'profile', permissions: [], laneId: 'operator', conditional: false },
];

describe('instruction steps from scenario captions', () => {
  it('keeps one branch, merges repeats, maps lanes and marks the Page-admin steps as screencast-only', () => {
    const steps = instructionStepsFromCaptions(CAPTIONS);
    expect(steps.map((s) => s.text)).toEqual([
      'The admin opens the gateway and clicks "Add or remove pages".',
      'The Page admin selects the Page.',
      'The admin turns on Webhook subscription.',
      'The operator signs in (two-step form).',
      'The customer sends the message.',
      "The chat shows the customer's name and picture. Names come from the profile feature.",
    ]);
    expect(steps.slice(0, 3).every((s) => s.screencastOnly)).toBe(true);
    expect(steps.slice(3).some((s) => s.screencastOnly)).toBe(false);
    expect(steps[4]).toEqual({ text: 'The customer sends the message.', permissions: ['pages_messaging', 'pages_manage_metadata'], lane: 'facebook' });
    expect(steps[5]!.permissions).toEqual(['business_asset_user_profile_access']);
    expect(steps[3]!.lane).toBe('webitel');
  });

  it('an explicit screencastOnly wins over the permission-based default', () => {
    const [s] = instructionStepsFromCaptions([
      { caption: 'The customer writes.', permissions: ['pages_manage_metadata'], laneId: 'customer', screencastOnly: false },
    ]);
    expect(s).toEqual({ text: 'The customer writes.', permissions: ['pages_manage_metadata'], lane: 'facebook' });
  });

  it('takes the branch asked for', () => {
    const steps = instructionStepsFromCaptions(CAPTIONS, { branches: { login: 'login:domain-first' } });
    expect(steps.map((s) => s.text)).toContain('The operator signs in (domain first).');
    expect(steps.map((s) => s.text)).not.toContain('The operator signs in (two-step form).');
  });

  it('names an unknown permission and its step', () => {
    let err: unknown;
    try {
      instructionStepsFromCaptions([{ caption: 'x', permissions: ['pages_read_engagement'] }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).issues[0]).toEqual({ field: 'steps[0].permissions', message: expect.stringContaining('pages_read_engagement') });
  });

  it('rejects input that is not a caption list', () => {
    expect(() => instructionStepsFromCaptions([{ permissions: [] } as never])).toThrow(UserError);
  });

  it('feed the same renderer: numbered reviewer steps, the test logins block, screencast section', () => {
    const p = profile('acme');
    const t = generateTexts(p, { steps: instructionStepsFromCaptions(CAPTIONS) }).reviewerInstructions.text;
    expect(t).toMatch(/^1\. \[Webitel window\] The operator signs in \(two-step form\)\.$/m);
    expect(t).toMatch(/^2\. \[Messenger window\] The customer sends the message\.$/m);
    expect(t).toContain('- The Page admin selects the Page. (pages_show_list)');
    expect(t).toContain(p.reviewer.operator.password);
    expect(t).toContain(p.reviewer.facebookTestUser.email);
    expect(t).toContain(p.reviewer.triggerMessage);
    expect(t).toMatch(/- Business Asset User Profile Access: step 3$/m);
    // Captions and the built-in list give different texts, so the hash tells them apart.
    expect(generateTexts(p).reviewerInstructions.hash).not.toBe(generateTexts(p, { steps: instructionStepsFromCaptions(CAPTIONS) }).reviewerInstructions.hash);
  });

  it('the built-in list covers every permission, the Page connection as screencast-only', () => {
    const steps = defaultInstructionSteps(textFacts(profile('acme')));
    for (const id of ['pages_show_list', 'pages_manage_metadata', 'pages_messaging', 'business_asset_user_profile_access'] as const) {
      expect(
        steps.some((s) => s.permissions.includes(id)),
        id,
      ).toBe(true);
    }
    expect(steps.filter((s) => s.permissions.includes('pages_show_list')).every((s) => s.screencastOnly)).toBe(true);
  });
});
