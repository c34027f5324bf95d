// The errors of a run that did not pass, naming the step, the page and the selectors tried, with the partial result.
import { UserError, type ErrorKind } from '../../common/errors';
import type { RunResult, StepFailure } from './types';

/** A run that did not pass: which step, where, what was tried; carries the partial result. */
export class RunError extends UserError {
  readonly failure: StepFailure | undefined;
  result: RunResult | undefined;

  constructor(
    kind: Extract<ErrorKind, 'external' | 'cancelled'>,
    message: string,
    opts: { failure?: StepFailure; hint?: string; appHint?: string; appMessage?: string; cause?: unknown; calm?: boolean } = {},
  ) {
    const f = opts.failure;
    super(kind, message, {
      ...(opts.hint ? { hint: opts.hint } : {}),
      ...(opts.appHint ? { appHint: opts.appHint } : {}),
      ...(opts.appMessage ? { appMessage: opts.appMessage } : {}),
      ...(opts.cause === undefined ? {} : { cause: opts.cause }),
      ...(opts.calm ? { calm: true } : {}),
      issues: f
        ? [
            { field: f.field, message: f.selectorsTried.length ? `tried ${f.selectorsTried.join(' | ')}` : f.reason },
            { field: 'page', message: f.url || '(no page)' },
          ]
        : [],
    });
    this.name = 'RunError';
    this.failure = f;
  }

  override toJSON() {
    return { ...super.toJSON(), ...(this.failure ? { failure: this.failure } : {}) };
  }
}

/** A step's own failure inside the runner, before evidence is attached. */
export class StepError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly selectorsTried: string[] = [],
    /** What the person can do about it (a `stopIf`'s `todo`); replaces the generic hint. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'StepError';
  }
}
