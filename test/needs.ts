// Suites and tests that need something this machine may lack (Xvfb, Linux, root): skipped with the reason in their name, never passed silently.
import { describe, it } from 'vitest';

/** What is missing for a suite to run here, or null when it can run. */
export type Missing = string | null;

/** `describe`, or a skipped suite whose name says what is missing. */
export function describeNeeding(missing: Missing): (name: string, fn: () => void) => void {
  return (name, fn) => (missing ? describe.skip(`${name} [skipped: needs ${missing}]`, fn) : describe(name, fn));
}

/** `it`, or a skipped test whose name says what is missing. */
export function itNeeding(missing: Missing): (name: string, fn: () => Promise<void> | void, timeout?: number) => void {
  return (name, fn, timeout) => (missing ? it.skip(`${name} [skipped: needs ${missing}]`, fn) : it(name, fn, timeout));
}

/** Xvfb, for the visible-window and screen-capture tests. */
export const XVFB_MISSING = 'Xvfb (apt-get install xvfb)';
export const LINUX_MISSING = (what: string) => (process.platform === 'linux' ? null : `Linux (${what})`);
