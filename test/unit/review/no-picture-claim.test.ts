// Proves that what the product says about Business Asset User Profile Access never promises the customer's picture and names the name or initials Workspace shows.
import { describe, expect, it } from 'vitest';
import { sampleProfile } from '../../../app/profile/sample';
import { buildClipCardAss } from '../../../app/recorder/compose/ass';
import { clipFor, PERMISSION_CARD } from '../../../app/recorder/clips';
import type { Chapter } from '../../../app/recorder/compose/video-time';
import { captionsOf, loadScenario } from '../../../app/recorder/scenario/load';
import { scenarioContext } from '../../../app/recorder/scenario/context';
import type { Scenario } from '../../../app/recorder/scenario/schema';
import { DEFAULT_SCENARIO_FILE, defaultScenario } from '../../../app/recorder/scenarios/index';
import { catalogEntry } from '../../../app/review/catalog';
import { DEFAULT_FEATURE_KEYWORDS } from '../../../app/review/checks/keywords';
import { descriptionFeature } from '../../../app/review/checks/rules/texts';
import type { CheckInput } from '../../../app/review/checks/types';
import { defaultInstructionSteps, generateTexts, renderReviewerInstructions, textFacts } from '../../../app/review/texts';
import { instructionStepsFromScenario } from '../../../app/review/texts/scenario-instructions';

/**
 * Real Webitel chat avatars are the name's initials (webitel-ui-sdk wt-avatar without a src):
 * no text may promise the customer's picture. `profile_pic` may be named as a field the
 * gateway requests, never as something shown.
 */
const BAUPA = 'business_asset_user_profile_access';
const PICTURE_WORDS = /\b(pictures?|photos?|photographs?|portraits?|headshots?|profile[ -]image|profile[ -]pic|userpic)\b/i;
const PIC_FIELD = /\bprofile_pic\b/;
const SHOWING = /\b(show|shows|shown|showing|display|displays|displayed|see|sees|seen|visible|appear|appears|carries|carry)\b/i;
const NAME_OR_INITIALS = /\b(name|names|initials)\b/i;

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?:;])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Every sentence that promises a picture, or shows `profile_pic`, or says the fields read are shown ("shows them"). */
function pictureClaims(text: string): string[] {
  return sentences(text).filter(
    (s) => PICTURE_WORDS.test(s) || (PIC_FIELD.test(s) && SHOWING.test(s)) || /\bshows? (them|these fields|the fields|the profile)\b/i.test(s),
  );
}

/** Sentences that say what is shown without naming the name or its initials. */
function showingWithoutName(text: string): string[] {
  return sentences(text).filter((s) => SHOWING.test(s) && !NAME_OR_INITIALS.test(s));
}

/** The text of a clip card as ffmpeg draws it: the ASS dialogue without its override tags. */
function cardText(ass: string): string {
  const line = ass.split('\n').find((l) => l.startsWith('Dialogue:'))!;
  return line
    .slice(line.indexOf(',,') + 2)
    .replace(/\{[^}]*\}/g, '')
    .split('\\N')
    .join('\n');
}

const profile = sampleProfile();

/** The captions of a scenario as the recorder renders them for the sample profile, and its scene titles. */
function spoken(scenario: Scenario): { all: string[]; baupa: string[] } {
  const lines = captionsOf(scenario, scenarioContext(profile));
  const baupaScenes = new Set(scenario.scenes.filter((s) => s.permissions.includes(BAUPA)).map((s) => s.id));
  const say = (l: (typeof lines)[number]) => [l.caption, ...(l.explain ? [l.explain] : [])];
  return {
    all: [...lines.flatMap(say), ...scenario.scenes.map((s) => s.title)],
    baupa: [...lines.filter((l) => baupaScenes.has(l.sceneId)).flatMap(say), ...scenario.scenes.filter((s) => baupaScenes.has(s.id)).map((s) => s.title)],
  };
}

describe("Business Asset User Profile Access: the customer's name (initials avatar), never a picture", () => {
  it('the sample profile asks for the permission, so every text below is one the product really shows', () => {
    expect(profile.permissions.map((p) => p.id)).toContain(BAUPA);
  });

  it('the generated description, reviewer instructions and setup notes', () => {
    const texts = generateTexts(profile);
    const description = texts.descriptions[BAUPA]!.text;
    for (const t of [description, texts.reviewerInstructions.text, texts.setupNotes.text]) expect(pictureClaims(t)).toEqual([]);
    expect(showingWithoutName(description)).toEqual([]);
    expect(description).toMatch(/customer's name/);
    expect(description).toMatch(/initials/);
    // Which profile fields are read, and where the operator sees them, are still said.
    expect(description).toMatch(/name, first_name, last_name and profile_pic/);
    expect(description).toMatch(/chat queue/);
  });

  it('the reviewer instructions of the default scenario and of the built-in fallback walk-through', () => {
    const f = textFacts(profile);
    for (const steps of [instructionStepsFromScenario(defaultScenario(), profile), defaultInstructionSteps(f)]) {
      expect(pictureClaims(renderReviewerInstructions(f, steps))).toEqual([]);
      const baupa = steps.filter((s) => s.permissions.includes(BAUPA));
      expect(baupa.length).toBeGreaterThan(0);
      for (const s of baupa) {
        expect(pictureClaims(s.text), s.text).toEqual([]);
        expect(s.text, 'the step says under which name the chat appears').toMatch(NAME_OR_INITIALS);
      }
    }
  });

  it("the catalog entry (Meta's own allowedUsage quote aside)", () => {
    const e = catalogEntry(BAUPA);
    // allowedUsage is Meta's wording of what the permission allows, not a claim about Workspace.
    const ours = [e.webitelUse, e.whereInWebitel, e.demo?.shows ?? '', ...e.graphCalls.map((g) => g.purpose)];
    for (const t of ours) expect(pictureClaims(t), t).toEqual([]);
    expect(showingWithoutName(e.webitelUse)).toEqual([]);
    expect(e.webitelUse).toMatch(/initials/);
    expect(e.demo?.shows).toMatch(/name/);
  });

  it("the description check's keywords name the name, and the generated description passes that check", () => {
    const words = DEFAULT_FEATURE_KEYWORDS[BAUPA];
    expect(words.filter((w) => PICTURE_WORDS.test(w))).toEqual([]);
    expect(words.some((w) => /name/.test(w))).toBe(true);
    const texts = generateTexts(profile);
    const input: CheckInput = {
      profile,
      texts: { descriptions: { [BAUPA]: texts.descriptions[BAUPA]!.text }, reviewerInstructions: texts.reviewerInstructions.text },
    };
    const outcome = descriptionFeature.run(input).find((o) => o.subject === BAUPA);
    expect(outcome).toMatchObject({ status: 'pass' });
  });

  it('the clip card, drawn for the default scenario', () => {
    const scenario = defaultScenario();
    const chapters: Chapter[] = scenario.scenes.map((s, i) => ({ sceneId: s.id, title: s.title, permissions: s.permissions, start: i * 10, end: i * 10 + 10 }));
    const plan = clipFor(chapters, BAUPA);
    const card = PERMISSION_CARD[BAUPA]!;
    const text = cardText(
      buildClipCardAss({
        width: 1920,
        height: 1080,
        permission: BAUPA,
        title: card.title,
        shows: card.shows,
        scenes: plan.scenes.map((s) => s.title),
        durationSec: 2.5,
      }),
    );
    expect(text).toContain(card.shows);
    expect(pictureClaims(text)).toEqual([]);
    expect(showingWithoutName(text)).toEqual([]);
    expect(text).toMatch(/initials/);
  });

  it.each([
    ['default.ts', async () => defaultScenario()],
    ['default.json', async () => loadScenario(DEFAULT_SCENARIO_FILE)],
  ])("the %s scenario's captions and scene titles, rendered for the sample profile", async (_name, load) => {
    const { all, baupa } = spoken(await load());
    expect(baupa.length).toBeGreaterThan(0);
    expect(all.flatMap(pictureClaims)).toEqual([]);
    expect(baupa.flatMap(showingWithoutName)).toEqual([]);
    expect(baupa.some((t) => /customer's (Facebook )?name/.test(t))).toBe(true);
  });

  it('the rules themselves catch a picture promise (so a pass above means something)', () => {
    expect(pictureClaims("Workspace shows the customer's profile picture next to the chat.")).toHaveLength(1);
    expect(pictureClaims('The operator sees the profile_pic of the sender.')).toHaveLength(1);
    expect(pictureClaims('The app reads these fields and shows them only to operators.')).toHaveLength(1);
    expect(pictureClaims('The gateway requests name, first_name, last_name and profile_pic.')).toEqual([]);
    expect(showingWithoutName("The new chat shows the customer's photo.")).toHaveLength(1);
  });
});
