// Proves describeIssue names profile fields by their form label and scenario steps 1-based by caption, in words without zod jargon.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue, describeIssues, pathWords } from '../../../app/common/describe-issue';
import { zodIssues } from '../../../app/common/zod-issues';
import { PROFILE_CONTEXT, profileFieldLabel } from '../../../app/profile/field-labels';
import { ProfileSchema, blankProfile } from '../../../app/profile/index';
import { missingFieldsOfDraft } from '../../../app/profile/validate';
import { ScenarioSchema } from '../../../app/recorder/scenario/schema';
import { defaultScenario } from '../../../app/recorder/scenarios/index';
import { placeholdersIn } from '../../../app/review/texts/facts';
import { generateTexts } from '../../../app/review/texts';
import { sampleProfile } from '../../../app/profile/sample';

const ZOD_JARGON = /Too (small|big)|expected (string|number)|Invalid (input|option|string)|>=|<=|Unrecognized key/;

describe('zod issues in words', () => {
  it('says what is wrong and what to do instead of zod’s developer English', () => {
    const s = z.object({ a: z.string().min(1), b: z.string().max(3), c: z.enum(['x', 'y']), d: z.string(), e: z.string().url() }).strict();
    const issues = zodIssues(s.safeParse({ a: '', b: 'long', c: 'z', e: 'nope', extra: 1 }).error as z.ZodError);
    const by = Object.fromEntries(issues.map((i) => [i.field, i.message]));
    expect(by.a).toBe('is empty — fill it in');
    expect(by.b).toBe('is too long — use at most 3 characters');
    expect(by.c).toBe('should be one of “x” or “y”');
    expect(by.d).toBe('is missing — fill it in');
    expect(by.e).toMatch(/^is not a web address/);
    expect(by['(root)']).toMatch(/this version does not know: “extra”/);
    for (const i of issues) expect(i.message).not.toMatch(ZOD_JARGON);
  });

  it('keeps a message the schema wrote itself', () => {
    const issues = zodIssues(ProfileSchema.safeParse({ ...blankProfile('x'), gateway: { ...blankProfile('x').gateway, appId: 'abc' } }).error as z.ZodError);
    expect(issues).toEqual([{ field: 'gateway.appId', message: 'must be the numeric App ID from the Meta app dashboard (digits only)' }]);
  });
});

describe('describeIssue', () => {
  const steps = defaultScenario().steps;
  const withCss = steps.findIndex((s) => 'target' in s && Array.isArray(s.target) && s.target[0] && 'css' in s.target[0]);

  it('names a scenario step from 1 and by its caption, and the part of it as the editor does', () => {
    const broken = structuredClone(defaultScenario()) as unknown as { steps: Array<Record<string, unknown> & { target: Array<Record<string, unknown>> }> };
    broken.steps[withCss]!.target[0]!.css = '';
    const issues = zodIssues(ScenarioSchema.safeParse(broken).error as z.ZodError);
    expect(issues).toHaveLength(1);
    const d = describeIssue(issues[0]!, { steps: broken.steps });
    const caption = (broken.steps[withCss] as { caption?: string }).caption;
    const name = caption ? `Step ${withCss + 1}, “${caption}”` : `Step ${withCss + 1} (${String(broken.steps[withCss]!.id)})`;
    expect(d).toEqual({ field: `steps[${withCss}].target[0].css`, step: withCss, text: `${name}: the first target's CSS selector is empty — fill it in` });
  });

  it('names a step without a caption by its id, and a fallback target by its place', () => {
    const d = describeIssue({ field: 'steps[0].target[1].text', message: 'is empty — fill it in' }, { steps: [{ id: 'open-inbox' }] });
    expect(d.text).toBe("Step 1 (open-inbox): the second target's text to find is empty — fill it in");
  });

  it('names a profile field by the label the form shows, Pages counted from 1', () => {
    expect(describeIssue({ field: 'webitel.host', message: 'must be the https:// address' }, PROFILE_CONTEXT).text).toBe(
      '“Webitel host” must be the https:// address',
    );
    expect(describeIssue({ field: 'pages[1].id', message: 'must be the numeric Page ID' }, PROFILE_CONTEXT).text).toBe(
      '“Page ID (Page 2)” must be the numeric Page ID',
    );
    expect(describeIssue({ field: 'reviewer.operator.login', message: 'enter the Webitel operator login' }, PROFILE_CONTEXT).text).toBe(
      '“Webitel operator login”: enter the Webitel operator login',
    );
    expect(profileFieldLabel('gateway.appSecret')).toBe('App Secret');
  });

  it('says an unnamed path in words, never dotted', () => {
    expect(pathWords('reviewer.operator.newPassword')).toBe('new password');
    expect(pathWords('items[2].label')).toBe('item 3 label');
    expect(describeIssue({ field: 'width', message: 'is too big' }).text).toBe('Width is too big');
  });

  it('sums several issues up in one line', () => {
    expect(
      describeIssues(
        [
          { field: 'title', message: 'is too long' },
          { field: 'gateway.uri', message: 'must look like https://…' },
        ],
        PROFILE_CONTEXT,
      ),
    ).toBe('“Submission title” is too long (and 1 more problem)');
  });
});

describe('the form’s empty fields while another field is invalid', () => {
  it('still lists the empty ones and not the invalid one', () => {
    const p = { ...blankProfile('x'), gateway: { ...blankProfile('x').gateway, appId: 'abc' } };
    const fields = missingFieldsOfDraft(p, 'submit').map((m) => m.field);
    expect(fields).toContain('webitel.host');
    expect(fields).not.toContain('gateway.appId');
    expect(missingFieldsOfDraft('not a profile', 'submit')).toEqual([]);
  });
});

describe('placeholders', () => {
  it('finds the bracketed names the generator leaves, once each, and not Markdown links', () => {
    expect(placeholdersIn('Log in as [operator login] with [operator password]; again [operator login]. See [the docs](https://x).')).toEqual([
      '[operator login]',
      '[operator password]',
    ]);
    expect(placeholdersIn('All filled in.')).toEqual([]);
  });
  it("never counts the reviewer instructions' window labels, and finds none in the sample's generated texts", () => {
    expect(placeholdersIn('[Webitel window] Click "Add". [Messenger window] Write [Page name].')).toEqual(['[Page name]']);
    const g = generateTexts(sampleProfile());
    const texts = [...Object.values(g.descriptions), g.reviewerInstructions, g.setupNotes];
    expect(texts.some((t) => t?.text.includes('[Webitel window]'))).toBe(true);
    for (const t of texts) expect(placeholdersIn(t?.text ?? '')).toEqual([]);
  });
});
