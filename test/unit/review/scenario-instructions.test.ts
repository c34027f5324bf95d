// Proves the reviewer instructions follow the scenario's marked steps, edited or not, with no secret and a placeholder where needed.
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../../app/recorder/scenario/load';
import { defaultScenario } from '../../../app/recorder/scenarios/index';
import { generateTexts } from '../../../app/review/texts';
import { CONTEXT_NAMES } from '../../../app/recorder/scenario/template-refs';
import { instructionStepsFromScenario, placeholderWords } from '../../../app/review/texts/scenario-instructions';
import { profile } from './profiles';

const numbered = (text: string) => [...text.matchAll(/^(\d+)\. (.*)$/gm)].map((m) => m[2] ?? '');

describe('reviewer instructions generated from the scenario', () => {
  it('are the reviewer-marked steps of the default scenario, with the real Messenger thread and the test logins', () => {
    const p = profile('acme');
    const t = generateTexts(p).reviewerInstructions.text;
    const marked = defaultScenario().steps.filter((s) => s.reviewer && !(s.reviewer !== true && s.reviewer.screencastOnly));
    expect(numbered(t)).toHaveLength(marked.length);
    expect(t).toContain(`https://www.facebook.com/messages/t/${p.pages[0]!.id}`);
    expect(t).toContain(`${new URL(p.webitel.host).origin}/workspace/`);
    expect(t).toContain(`Password: ${p.reviewer.operator.password}`);
    expect(t).toContain(`Password: ${p.reviewer.facebookTestUser.password}`);
    expect(t).not.toMatch(/m\.me\//);
    // The Page connection is the Page admin's: listed as shown in the screencast, not numbered.
    expect(t).toMatch(/Already done, shown in the screencast[\s\S]*Opt in to current Pages only/);
  });

  it('follow an edited scenario: a changed wording, a new marked step, a removed mark', () => {
    const p = profile('acme');
    const s = structuredClone(defaultScenario());
    const send = s.steps.find((x) => x.id === 'customer-send')!;
    send.reviewer = { text: 'Click "Press enter to send" after typing "{{trigger.message}}".', permissions: ['pages_messaging'] };
    const typed = s.steps.find((x) => x.id === 'customer-type')!;
    typed.reviewer = true; // the caption becomes the line
    delete s.steps.find((x) => x.id === 'welcome-ok')!.reviewer;
    const edited = validateScenario(s, 'edited');
    const before = numbered(generateTexts(p).reviewerInstructions.text);
    const after = numbered(generateTexts(p, { steps: instructionStepsFromScenario(edited, p) }).reviewerInstructions.text);
    expect(after).toHaveLength(before.length);
    expect(after).toContain(`[Messenger window] Click "Press enter to send" after typing "${p.reviewer.triggerMessage}".`);
    expect(after).toContain(`[Messenger window] The customer writes to the Page: "${p.reviewer.triggerMessage}"`);
    expect(after.some((l) => l.includes('Welcome to Webitel Agent Workspace'))).toBe(false);
    expect(before.some((l) => l.includes('Welcome to Webitel Agent Workspace'))).toBe(true);
  });

  it('never fills a secret into a line and shows a placeholder for a missing value', () => {
    const p = profile('acme');
    p.reviewer.triggerMessage = '';
    const s = structuredClone(defaultScenario());
    s.steps[0]!.reviewer = { text: 'Type {{secret:recording.webitelAdmin.password}} and send {{trigger.message}}.' };
    const [first] = instructionStepsFromScenario(validateScenario(s, 'edited'), p);
    // Said in words, never as the template's name.
    expect(first?.text).toBe('Type [hidden] and send [customer message].');
    expect(first?.text).not.toContain(p.recording.webitelAdmin.password);
  });

  it('says every template name the scenario language knows, and a scenario variable, in words', () => {
    for (const name of CONTEXT_NAMES) expect(placeholderWords(name), name).toMatch(/^[A-Za-z][A-Za-z -]*$/);
    expect(placeholderWords('vars.replyText')).toBe('reply text');
  });

  it('refuse a reviewer mark with an unknown permission when the scenario is loaded', () => {
    const s = structuredClone(defaultScenario()) as unknown as { steps: Array<Record<string, unknown>> };
    s.steps[0]!.reviewer = { permissions: ['pages_read_everything'] };
    expect(() => validateScenario(s, 'edited')).toThrow(/steps\[0\]\.reviewer/);
  });
});
