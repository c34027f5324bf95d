// Runs one API call from any transport: checks its name, validates its input and turns every failure into the error shape the UI shows.
import { describeIssues, type IssueContext } from '../common/describe-issue';
import { UserError, forApp, isUserError, type FieldIssue } from '../common/errors';
import { zodIssues } from '../common/zod-issues';
import { profileFieldLabel } from '../profile/field-labels';
import { CALLS, isCallName, type ApiErrorJson, type ApiHandlers, type ApiResponse, type CallName } from './contract';

/**
 * The one boundary every transport goes through: checks the call name, validates the
 * input with the call's zod schema, runs the handler and turns any failure into the
 * `UserError` JSON shape. Internal errors keep their stack out of the response.
 */
export async function dispatch(handlers: ApiHandlers, name: unknown, input: unknown): Promise<ApiResponse<unknown>> {
  try {
    if (typeof name !== 'string' || !isCallName(name)) {
      throw new UserError('usage', 'the app does not know this request', { hint: 'update the app: the window and the app are from different versions' });
    }
    const parsed = validateInput(name, input);
    const handler = handlers[name] as (i: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed) };
  } catch (e) {
    return { ok: false, error: toErrorJson(e, input) };
  }
}

/** Names of call inputs a person typed, as the dialogs label them. */
const INPUT_LABELS: Readonly<Record<string, string>> = {
  passphrase: 'Passphrase',
  newPassphrase: 'New passphrase',
  newName: 'New name',
  title: 'Title',
};

/** How the call's input names its fields and steps: the profile's labels, the scenario's captions. */
export function issueContext(input: unknown): IssueContext {
  const o = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const scenario = o.scenario && typeof o.scenario === 'object' ? (o.scenario as Record<string, unknown>) : {};
  return {
    label: (path) => INPUT_LABELS[path] ?? profileFieldLabel(path.replace(/^profile\./, '')),
    steps: Array.isArray(scenario.steps) ? scenario.steps : undefined,
    lanes: Array.isArray(scenario.lanes) ? scenario.lanes : undefined,
  };
}

export function validateInput(name: CallName, input: unknown): unknown {
  const r = CALLS[name].input.safeParse(input ?? {});
  if (r.success) return r.data;
  const issues = zodIssues(r.error);
  throw new UserError('validation', describeIssues(issues, issueContext(input)), { issues });
}

/**
 * A validation message that quotes a field's path (`the profile was not saved: pages[0].id: …`)
 * said again in words, keeping its lead ("The profile was not saved: “ID of Page 1” must be …").
 */
function inWords(message: string, issues: readonly FieldIssue[], input: unknown): string {
  const first = issues[0];
  if (!first) return message;
  const at = message.indexOf(`${first.field}:`);
  if (at < 0) return message;
  const lead = message.slice(0, at).replace(/[\s:(]+$/, '');
  const said = describeIssues(issues, issueContext(input));
  return lead ? `${lead.charAt(0).toUpperCase()}${lead.slice(1)}: ${said}` : said;
}

export function toErrorJson(e: unknown, input?: unknown): ApiErrorJson {
  if (isUserError(e)) {
    const j = forApp(e);
    return e.kind === 'validation' ? { ...j, message: inWords(j.message, j.issues, input) } : j;
  }
  const message = e instanceof Error ? e.message : String(e);
  return { kind: 'internal', message: `unexpected error: ${message}`, hint: 'this is a bug; the log has details', issues: [] };
}
