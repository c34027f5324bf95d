// The one plain-language layer for field issues: a path like `steps[4].target[0].css` said as the person sees it.
import type { FieldIssue } from './errors';

export interface IssueContext {
  /** The label a screen shows for a field path, when there is one. */
  label?: ((path: string) => string | undefined) | undefined;
  /** The scenario's steps, so `steps[4]…` is said "Step 5, “its caption”". */
  steps?: ReadonlyArray<unknown> | undefined;
  /** The scenario's lanes (one browser window each), so `lanes[0]…` is said "Window 1, “its title”". */
  lanes?: ReadonlyArray<unknown> | undefined;
}

export interface DescribedIssue {
  /** The path, for linking to the field or step. */
  field: string;
  /** The step's index (0-based) when the issue is inside a step. */
  step?: number;
  /** A sentence naming the field or step and saying what to do. */
  text: string;
}

type Segment = string | number;

function segments(path: string): Segment[] {
  const out: Segment[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  return out;
}

const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth'];

/** Words for the parts of a scenario step, as the step editor names them. */
const STEP_PARTS: Record<string, string> = {
  css: 'CSS selector',
  text: 'text to find',
  xpath: 'XPath',
  aria: 'accessible name',
  role: 'role',
  name: 'name',
  within: 'frame',
  url: 'address',
  value: 'text to type',
  caption: 'caption',
  action: 'action',
  lane: 'browser',
  scene: 'scene',
  id: 'step id',
  key: 'key',
  ms: 'pause length',
  prompt: 'instruction',
  target: 'target',
};

/** `fooBar` → "foo bar". */
function words(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

function stepPartPhrase(rest: Segment[]): string {
  const parts: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const s = rest[i] as Segment;
    const next = rest[i + 1];
    if (s === 'target' && typeof next === 'number') {
      parts.push(next === 0 ? 'the first target' : `the ${ORDINAL[next] ?? `${next + 1}th`} target`);
      i++;
    } else if (typeof s === 'number') parts.push(`item ${s + 1}`);
    else parts.push(STEP_PARTS[s] ?? words(s));
  }
  if (!parts.length) return '';
  const [first, ...more] = parts;
  const lead = (first as string).startsWith('the ') ? (first as string) : `the ${first as string}`;
  return more.reduce((acc, p) => `${acc}'s ${p}`, lead);
}

function caption(step: unknown): string | undefined {
  if (!step || typeof step !== 'object') return undefined;
  const o = step as Record<string, unknown>;
  if (typeof o.caption === 'string' && o.caption.trim()) return `“${o.caption.trim()}”`;
  if (typeof o.id === 'string' && o.id.trim()) return `(${o.id.trim()})`;
  return undefined;
}

/** A step as the step list names it: "Step 5, “Operator logs in”" (1-based; its id in brackets when it has no caption). */
export function stepName(index: number, step: unknown): string {
  const cap = caption(step);
  return `Step ${index + 1}${cap ? (cap.startsWith('(') ? ` ${cap}` : `, ${cap}`) : ''}`;
}

/** A lane as the person sees it, a browser window: "Window 1, “Webitel — admin and operator”". */
function windowName(index: number, lane: unknown): string {
  const title = lane && typeof lane === 'object' ? (lane as Record<string, unknown>).title : undefined;
  return `Window ${index + 1}${typeof title === 'string' && title.trim() ? `, “${title.trim()}”` : ''}`;
}

/** A path said in words when no screen names it: `reviewer.operator.login` → "operator login", `pages[0].id` → "page 1 id". */
export function pathWords(path: string): string {
  const segs = segments(path);
  const named = segs.filter((s): s is string => typeof s === 'string');
  const last = named.slice(-2);
  const idx = segs.find((s): s is number => typeof s === 'number');
  if (!last.length) return 'this value';
  if (idx !== undefined && last.length === 2) return `${words(last[0] as string).replace(/s$/, '')} ${idx + 1} ${words(last[1] as string)}`;
  return words(last[last.length - 1] as string);
}

/** A message that continues its subject ("is empty", "must be …") rather than saying what to do ("enter the …"). */
const PREDICATE = /^(is|are|has|have|should|must|cannot|can't|needs?|does|do|was|holds|differs|matches|contains|uses)\b/;

function join(subject: string, message: string): string {
  const sentence = PREDICATE.test(message) ? `${subject} ${message}` : `${subject}: ${message}`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** One issue as a sentence: "Step 5, “Operator logs in”: the first target's CSS selector is empty — fill it in". */
export function describeIssue(issue: FieldIssue, ctx: IssueContext = {}): DescribedIssue {
  const segs = segments(issue.field);
  const [head, index, ...rest] = segs;
  if ((head === 'steps' || head === 'lanes' || head === 'scenes') && typeof index === 'number') {
    const name = head === 'steps' ? stepName(index, ctx.steps?.[index]) : head === 'lanes' ? windowName(index, ctx.lanes?.[index]) : `Scene ${index + 1}`;
    const part = head === 'steps' ? stepPartPhrase(rest) : rest.length ? `the ${words(String(rest[rest.length - 1]))}` : '';
    const text = part ? `${name}: ${join(part, issue.message).replace(/^./, (c) => c.toLowerCase())}` : join(name, issue.message);
    return { field: issue.field, ...(head === 'steps' ? { step: index } : {}), text };
  }
  const label = ctx.label?.(issue.field);
  const subject = label ? `“${label}”` : issue.field === '(root)' ? 'This' : pathWords(issue.field);
  return { field: issue.field, text: join(subject, issue.message) };
}

/** Several issues as one line for a notice: the first in full, then how many more. */
export function describeIssues(issues: readonly FieldIssue[], ctx: IssueContext = {}): string {
  const first = issues[0];
  if (!first) return 'Something is not valid';
  const more = issues.length - 1;
  return `${describeIssue(first, ctx).text}${more ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`;
}
