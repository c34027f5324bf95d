// Lists the empty profile fields that block a submission, each with the screen where to fill it in.
import { missingFields } from '../../profile/validate';
import type { Profile } from '../../profile/schema';
import type { FixTarget } from './types';

export interface RequiredField {
  field: string;
  /** What to enter, from the profile module's requirements. */
  message: string;
  screen: NonNullable<FixTarget['screen']>;
}

/** Answered by its own check (`reviewer.test-user`), which distinguishes "not asked" from "no". */
const OWN_CHECK = new Set(['reviewer.facebookTestUser.isTestUser']);

/** The empty fields that block a submission (the profile module's `missingFields(p, 'submit')`). */
export function missingForSubmission(p: Profile): RequiredField[] {
  return missingFields(p, 'submit')
    .filter((i) => !OWN_CHECK.has(i.field))
    .map((i) => ({ field: i.field, message: i.message, screen: i.field === 'permissions' ? 'permissions' : 'gateway' }));
}
