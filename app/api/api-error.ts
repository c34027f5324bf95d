// The error the UI's API client throws when a call fails, carrying the app's message, hint and field issues.
import type { ApiErrorJson } from './contract';

/** A failed call on the client side, rebuilt from the `UserError` JSON shape. */
export class ApiError extends Error {
  readonly kind: ApiErrorJson['kind'];
  readonly hint: string | undefined;
  readonly issues: ApiErrorJson['issues'];
  constructor(json: ApiErrorJson) {
    super(json.message);
    this.name = 'ApiError';
    this.kind = json.kind;
    this.hint = json.hint;
    this.issues = json.issues;
  }
}
