/**
 * Small, predictable text heuristics. They are deliberately simple: a check that a person
 * cannot predict is worse than one that is occasionally too lenient.
 */

/** Sentences of a text: split at . ! ? followed by space, and at line breaks; list markers dropped. */
export function splitSentences(text: string): string[] {
  return text
    .split(/\r?\n+/)
    .flatMap((line) => line.replace(/^\s*(?:\d+[.)]|[-*•])\s+/, '').split(/(?<=[.!?])\s+/))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Lower case, punctuation and extra spaces gone: two sentences that differ only there are the same. */
export function normalizeSentence(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}@./:_-]+/gu, ' ')
    .replace(/[.:]+(\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Sentences shorter than this many words ("Thank you.") are too generic to count as copied. */
export const MIN_SHARED_SENTENCE_WORDS = 5;

/** Pairs of texts (by key) that share a sentence, with the shared sentence as written in the first. */
export function sharedSentences(texts: Record<string, string>): { a: string; b: string; sentence: string }[] {
  const seen = new Map<string, { key: string; sentence: string }>();
  const out: { a: string; b: string; sentence: string }[] = [];
  const reported = new Set<string>();
  for (const [key, text] of Object.entries(texts)) {
    const mine = new Set<string>();
    for (const sentence of splitSentences(text)) {
      const norm = normalizeSentence(sentence);
      if (norm.split(' ').length < MIN_SHARED_SENTENCE_WORDS || mine.has(norm)) continue;
      mine.add(norm);
      const first = seen.get(norm);
      if (!first) {
        seen.set(norm, { key, sentence });
        continue;
      }
      const pair = `${first.key}\u0000${key}`;
      if (reported.has(pair)) continue;
      reported.add(pair);
      out.push({ a: first.key, b: key, sentence: first.sentence });
    }
  }
  return out;
}

/** Lines that start with `1.` / `2)` …, in order. */
export function numberedLines(text: string): number[] {
  const nums: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d{1,3})[.)]\s+\S/.exec(line);
    if (m?.[1]) nums.push(Number(m[1]));
  }
  return nums;
}

/** True when there are at least `min` numbered steps counting 1, 2, 3… (nested lists may restart). */
export function isNumberedSteps(text: string, min = 3): boolean {
  const nums = numberedLines(text);
  if (nums.length < min || nums[0] !== 1) return false;
  let run = 1;
  for (let i = 1; i < nums.length; i++) {
    const n = nums[i] ?? 0;
    const prev = nums[i - 1] ?? 0;
    if (n === prev + 1) run++;
    else if (n !== 1) return false;
  }
  return run >= min;
}

const ENGLISH_WORDS = new Set(
  'the a an and or to of in on for with your you is are be it this that then as at by from into click open log sign select choose send reply page message messages see will can when after'.split(
    ' ',
  ),
);

export interface EnglishVerdict {
  english: boolean;
  /** Share of letters that are Latin (a–z). */
  latinShare: number;
  /** Share of words that are common English function words. */
  commonShare: number;
}

/**
 * A rough "is this English?": nearly all letters Latin, and common English words make up a
 * normal share of the words (8 % or more; English prose runs at 25–45 %).
 */
export function englishVerdict(text: string): EnglishVerdict {
  const letters = text.match(/\p{L}/gu) ?? [];
  const latin = letters.filter((c) => /[a-z]/i.test(c)).length;
  const latinShare = letters.length ? latin / letters.length : 0;
  const words = (text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length > 0);
  const common = words.filter((w) => ENGLISH_WORDS.has(w)).length;
  const commonShare = words.length ? common / words.length : 0;
  return { english: latinShare >= 0.95 && commonShare >= 0.08, latinShare, commonShare };
}

/** Case-insensitive containment that ignores a trailing slash on URLs. */
export function mentions(text: string, value: string): boolean {
  const v = value.trim().replace(/\/+$/, '');
  return v.length > 0 && text.toLowerCase().includes(v.toLowerCase());
}
