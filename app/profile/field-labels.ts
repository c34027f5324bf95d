// The label each profile field has on the Submission screen, so messages name fields the way the form does.
import { describeIssue, describeIssues, type IssueContext } from '../common/describe-issue';
import type { FieldIssue } from '../common/errors';

export const PROFILE_LABELS: Readonly<Record<string, string>> = {
  name: 'Name',
  title: 'Submission title',
  'webitel.host': 'Webitel host',
  'gateway.name': 'Gateway name',
  'gateway.appId': 'App ID',
  'gateway.apiVersion': 'Graph API version',
  'gateway.appSecret': 'App Secret',
  'gateway.uri': 'Gateway URI',
  'metaApp.name': 'App name',
  'metaApp.company': 'Company',
  'metaApp.contactEmail': 'Contact e-mail',
  'metaApp.privacyPolicyUrl': 'Privacy policy URL',
  'metaApp.deployment': 'Deployment',
  pages: 'Facebook Pages',
  permissions: 'Permissions',
  'reviewer.operator.login': 'Webitel operator login',
  'reviewer.operator.password': 'Operator password',
  'reviewer.facebookTestUser.email': 'Facebook Test User e-mail',
  'reviewer.facebookTestUser.password': 'Test User password',
  'reviewer.facebookTestUser.isTestUser': 'Is this login a Facebook Test User?',
  'reviewer.triggerMessage': 'Trigger message the reviewer sends',
  'recording.webitelAdmin.login': 'Webitel admin login',
  'recording.webitelAdmin.password': 'Webitel admin password',
  'recording.pageAdmin.email': 'Page admin Facebook e-mail',
  'recording.pageAdmin.password': 'Page admin password',
};

const PAGE_PARTS: Record<string, string> = { id: 'Page ID', name: 'Page name', username: 'Username' };

/** The form's label for a profile path; a Page's fields are numbered as the form lists them (from 1). */
export function profileFieldLabel(path: string): string | undefined {
  const own = PROFILE_LABELS[path];
  if (own) return own;
  const page = /^pages\[(\d+)\]\.(\w+)$/.exec(path);
  if (page) return `${PAGE_PARTS[page[2] as string] ?? page[2]} (Page ${Number(page[1]) + 1})`;
  const perm = /^permissions\[(\d+)\]/.exec(path);
  if (perm) return `Permission ${Number(perm[1]) + 1}`;
  return undefined;
}

export const PROFILE_CONTEXT: IssueContext = { label: profileFieldLabel };

/** A profile issue as a sentence that names the field by its label. */
export function describeProfileIssue(issue: FieldIssue): string {
  return describeIssue(issue, PROFILE_CONTEXT).text;
}

export function describeProfileIssues(issues: readonly FieldIssue[]): string {
  return describeIssues(issues, PROFILE_CONTEXT);
}
