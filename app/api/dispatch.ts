// Runs one API call from any transport: checks its name, validates its input and turns every failure into the error shape the UI shows.
import { UserError, forApp, isUserError } from '../common/errors';
import { zodIssues } from '../common/zod-issues';
import { CALLS, isCallName, type ApiErrorJson, type ApiHandlers, type ApiResponse, type CallName } from './contract';

/**
 * The one boundary every transport goes through: checks the call name, validates the
 * input with the call's zod schema, runs the handler and turns any failure into the
 * `UserError` JSON shape. Internal errors keep their stack out of the response.
 */
export async function dispatch(handlers: ApiHandlers, name: unknown, input: unknown): Promise<ApiResponse<unknown>> {
  try {
    if (typeof name !== 'string' || !isCallName(name)) {
      throw new UserError('usage', `unknown API call "${String(name)}"`, { hint: 'update the app: the UI and the app are from different versions' });
    }
    const parsed = validateInput(name, input);
    const handler = handlers[name] as (i: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed) };
  } catch (e) {
    return { ok: false, error: toErrorJson(e) };
  }
}

export function validateInput(name: CallName, input: unknown): unknown {
  const r = CALLS[name].input.safeParse(input ?? {});
  if (r.success) return r.data;
  const issues = zodIssues(r.error);
  const first = issues[0];
  throw new UserError('validation', `${name}: input is not valid${first ? ` (${first.field}: ${first.message})` : ''}`, { issues });
}

export function toErrorJson(e: unknown): ApiErrorJson {
  if (isUserError(e)) return forApp(e);
  const message = e instanceof Error ? e.message : String(e);
  return { kind: 'internal', message: `unexpected error: ${message}`, hint: 'this is a bug; the log has details', issues: [] };
}
