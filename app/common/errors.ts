/**
 * Errors a person can act on. Every failure that reaches the CLI or the UI is one of these:
 * what went wrong, which field or step, and what to do about it.
 */
export type ErrorKind =
  | 'validation' // input does not fit a schema (a field is named)
  | 'usage' // the command line itself is wrong (exit 2)
  | 'not-found'
  | 'conflict'
  | 'locked' // the vault needs unlocking
  | 'auth' // wrong passphrase, tampered data
  | 'io'
  | 'external' // a browser, ffmpeg, the Graph API
  | 'cancelled';

export interface FieldIssue {
  /** Dotted path, e.g. `gateway.appId` or `steps[4].selector`. */
  field: string;
  message: string;
}

export class UserError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  /** What to do in the app, where that differs from the command line's `hint` (which may name a command). */
  readonly appHint: string | undefined;
  /** What went wrong as the app says it (steps by number and caption, windows by title), where the command line's message names ids. */
  readonly appMessage: string | undefined;
  readonly issues: FieldIssue[];
  /** A stop the person asked for (e.g. Stop on a step handed to them): told in one plain line (and its hint, if any), not as an error. */
  readonly calm: boolean;

  constructor(
    kind: ErrorKind,
    message: string,
    opts: { hint?: string; appHint?: string; appMessage?: string; issues?: FieldIssue[]; cause?: unknown; calm?: boolean } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'UserError';
    this.kind = kind;
    this.hint = opts.hint;
    this.appHint = opts.appHint;
    this.appMessage = opts.appMessage;
    this.issues = opts.issues ?? [];
    this.calm = opts.calm === true;
  }

  toJSON(): { kind: ErrorKind; message: string; hint?: string; issues: FieldIssue[] } {
    return { kind: this.kind, message: this.message, ...(this.hint ? { hint: this.hint } : {}), issues: this.issues };
  }
}

/** Said by the command line only: a command or a flag means nothing in the app. */
const CLI_TEXT = /review-assistant|(^|[\s("'])--[a-z]/;

/** Whether a text names a command or a flag, which means nothing in the app. */
export function namesCommand(text: string): boolean {
  return CLI_TEXT.test(text);
}

/** The error as the app shows it: its app message and hint, and never a hint that names a command. */
export function forApp(e: UserError): ReturnType<UserError['toJSON']> {
  const j = e.toJSON();
  const hint = e.appHint ?? (e.hint && !CLI_TEXT.test(e.hint) ? e.hint : undefined);
  const { hint: _cli, ...rest } = j;
  return { ...rest, ...(e.appMessage ? { message: e.appMessage } : {}), ...(hint ? { hint } : {}) };
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** Renders an error for a terminal: message, one line per field, then the hint. */
export function formatError(e: unknown): string {
  if (e instanceof UserError) {
    // A stop the person asked for: one plain line (and what they can still do with their run).
    if (e.calm) return [e.message, ...(e.hint ? [e.hint] : [])].map((l) => `${l.charAt(0).toUpperCase()}${l.slice(1)}.`).join('\n');
    const lines = [`error: ${e.message}`];
    for (const i of e.issues) lines.push(`  - ${i.field}: ${i.message}`);
    if (e.hint) lines.push(`hint: ${e.hint}`);
    return lines.join('\n');
  }
  const msg = e instanceof Error ? e.message : String(e);
  return `error: ${msg}`;
}
