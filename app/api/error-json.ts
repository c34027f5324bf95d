// The shape of an error as it crosses the API (own module: the job state and the contract both need it, neither may import the other).
import type { ErrorKind, FieldIssue } from '../common/errors';

export interface ApiErrorJson {
  kind: ErrorKind | 'internal';
  message: string;
  hint?: string;
  issues: FieldIssue[];
}
