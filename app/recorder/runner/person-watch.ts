// Notices what the person does in a lane's page during a hand-over: the element clicked, typed into, a key pressed.
import type { Page } from 'puppeteer-core';
import { TargetDescriptionSchema, type TargetDescription } from '../scenario/target-description';
import { DESCRIBE_SOURCE } from './element-description';

const BINDING = '__reviewAssistantPerson';

/** What the page reports: never a typed character (keys only by name, e.g. "Enter"). */
export interface PersonAct {
  kind: 'click' | 'input' | 'key';
  key?: string;
  target: TargetDescription | null;
}

/**
 * Runs in every document of the page while armed: reports clicks, edits and named keys, and
 * keeps the field last edited or focused during this hand-over (for "is the value there"): a
 * field from an earlier hand-over in the same document does not count.
 */
/** What counts as a field a person types into: the watch and `fieldHolds` ask the same. */
const IS_FIELD_SOURCE = "function (el) { return el instanceof Element && (el.matches('input, textarea, select') || el.isContentEditable); }";

const WATCH_SOURCE = `(function(){
  if (window.__raPersonWatch) { window.__raPersonWatch.on = true; window.__raPersonWatch.field = null; window.__raPersonWatch.sent = 0; return; }
  var describe = ${DESCRIBE_SOURCE};
  var w = { on: true, field: null, sent: 0 };
  window.__raPersonWatch = w;
  var send = function (kind, el, key) {
    if (!w.on || typeof window.${BINDING} !== 'function') return;
    var d = null;
    try { d = el instanceof Element ? describe(el) : null; } catch (e) { d = null; }
    try { window.${BINDING}(JSON.stringify({ kind: kind, key: key, target: d })); w.sent++; } catch (e) {}
  };
  var isField = ${IS_FIELD_SOURCE};
  document.addEventListener('click', function (e) { send('click', e.target); }, true);
  document.addEventListener('input', function (e) { if (isField(e.target)) { w.field = e.target; } send('input', e.target); }, true);
  document.addEventListener('focusin', function (e) { if (isField(e.target)) w.field = e.target; }, true);
  document.addEventListener('keydown', function (e) { if (e.key && e.key.length > 1) send('key', e.target, e.key); }, true);
})()`;

/**
 * True when the document's watched (or else focused) field holds exactly `v`: built from source so
 * that it shares `isField` with the watch; the value goes as an argument, never into source text.
 */
const fieldHoldsInPage = new Function(
  'v',
  `var isField = ${IS_FIELD_SOURCE};
  var w = window.__raPersonWatch;
  var f = w ? w.field : isField(document.activeElement) ? document.activeElement : null;
  if (!f || !f.isConnected) return false;
  var cur = 'value' in f ? String(f.value) : (f.textContent || '');
  return cur === v;`,
) as (v: string) => boolean;

const exposed = new WeakMap<Page, { listener: ((a: PersonAct) => void) | null }>();

/** Watching one page until `disarm`; acts arrive in order in `acts`. */
export class PersonWatch {
  readonly acts: PersonAct[] = [];
  private newDocScript: string | undefined;

  private constructor(readonly page: Page) {}

  static async arm(page: Page): Promise<PersonWatch> {
    const w = new PersonWatch(page);
    let slot = exposed.get(page);
    if (!slot) {
      slot = { listener: null };
      exposed.set(page, slot);
      const s = slot;
      await page.exposeFunction(BINDING, (json: string) => {
        const a = parseAct(json);
        if (a) s.listener?.(a);
      });
    }
    slot.listener = (a) => w.acts.push(a);
    w.newDocScript = (await page.evaluateOnNewDocument(WATCH_SOURCE)).identifier;
    // The documents already there, its frames' too: a click in an embedded dialog counts.
    await Promise.all(page.frames().map((f) => f.evaluate(WATCH_SOURCE).catch(() => undefined)));
    return w;
  }

  /**
   * Whether the field last edited or focused holds exactly `value`, in the page or any of its
   * frames (a form embedded from another site): compared in each document, nothing comes back
   * but yes or no. A document the watch missed (a frame that loaded meanwhile) is asked about
   * its focused field.
   */
  async fieldHolds(value: string): Promise<boolean> {
    if (this.page.isClosed()) return false;
    const answers = await Promise.all(this.page.frames().map((f) => f.evaluate(fieldHoldsInPage, value).catch(() => false)));
    return answers.some(Boolean);
  }

  /**
   * Whether the page has sent reports not received yet: each document counts what it sent since
   * this watch was armed (a document gone takes its count along, so this never waits for it).
   */
  async reportsPending(): Promise<boolean> {
    if (this.page.isClosed()) return false;
    const sent = await Promise.all(
      this.page.frames().map((f) => f.evaluate(() => (window as unknown as { __raPersonWatch?: { sent: number } }).__raPersonWatch?.sent ?? 0).catch(() => 0)),
    );
    return sent.reduce((a, b) => a + b, 0) > this.acts.length;
  }

  async disarm(): Promise<void> {
    const slot = exposed.get(this.page);
    if (slot) slot.listener = null;
    if (this.page.isClosed()) return;
    if (this.newDocScript) await this.page.removeScriptToEvaluateOnNewDocument(this.newDocScript).catch(() => undefined);
    await Promise.all(
      this.page.frames().map((f) =>
        f
          .evaluate(() => {
            const w = (window as unknown as { __raPersonWatch?: { on: boolean } }).__raPersonWatch;
            if (w) w.on = false;
          })
          .catch(() => undefined),
      ),
    );
  }
}

function parseAct(json: string): PersonAct | null {
  try {
    const raw = JSON.parse(json) as { kind?: unknown; key?: unknown; target?: unknown };
    if (raw.kind !== 'click' && raw.kind !== 'input' && raw.kind !== 'key') return null;
    const t = TargetDescriptionSchema.safeParse(raw.target);
    return { kind: raw.kind, ...(typeof raw.key === 'string' ? { key: raw.key } : {}), target: t.success ? t.data : null };
  } catch {
    return null;
  }
}
