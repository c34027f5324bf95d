// The checks on the profile itself: required fields, the test-user answer, the privacy policy and the access level.
import { profileFieldLabel } from '../../../profile/field-labels';
import { missingForSubmission } from '../required';
import { howTo, type CheckRule, type RuleOutcome } from '../types';

const TEST_USER_ANSWER = {
  app: 'Yes or No beside “Is the Facebook login you give the reviewer a Test User?” at the top of Check & export, or beside “Is this login a Facebook Test User?” in Gateway & credentials',
  cli: '"review-assistant check --profile NAME --answer test-user=yes" (or =no)',
};

export const requiredFields: CheckRule = {
  id: 'profile.required',
  severity: 'error',
  source: 'app',
  title: 'Every field the submission needs is filled in',
  run(input) {
    const missing = missingForSubmission(input.profile);
    if (missing.length === 0) return [{ status: 'pass', message: 'All required fields are filled in.', target: { screen: 'gateway' } }];
    return missing.map((m): RuleOutcome => ({
      subject: m.field,
      status: 'fail',
      message: howTo(input, { app: `“${profileFieldLabel(m.field) ?? m.field}” is empty.`, cli: `${m.field} is empty.` }),
      fix: `${m.message[0]?.toUpperCase() ?? ''}${m.message.slice(1)}.`,
      target: { screen: m.screen, field: m.field },
    }));
  },
};

export const testUserAnswer: CheckRule = {
  id: 'reviewer.test-user',
  severity: 'error',
  source: 'meta',
  title: 'The Facebook login given to the reviewer is a Test User',
  run(input) {
    const fb = input.profile.reviewer.facebookTestUser;
    const target = { screen: 'gateway', field: 'reviewer.facebookTestUser.isTestUser' } as const;
    if (fb.isTestUser === true) return [{ status: 'pass', message: 'The Facebook login given to the reviewer is confirmed as a Facebook Test User.', target }];
    if (fb.isTestUser === false)
      return [
        {
          status: 'fail',
          message: `The Facebook login given to the reviewer is not a Facebook Test User. Meta rejects the whole submission when real or fake accounts are used instead of Test Users.`,
          fix: `Create a Test User in the Meta app (App roles → Test users), enter its e-mail and password, then answer "yes" (${howTo(input, TEST_USER_ANSWER)}).`,
          target,
        },
      ];
    return [
      {
        status: 'fail',
        severity: 'warning',
        message: 'Is the Facebook login given to the reviewer a Facebook Test User (made under App roles → Test users)? Not answered yet.',
        fix: `Answer the question: ${howTo(input, TEST_USER_ANSWER)}.`,
        target,
      },
    ];
  },
};

export const privacyPolicy: CheckRule = {
  id: 'meta.privacy-policy',
  severity: 'error',
  source: 'meta',
  title: 'The privacy policy URL is present and https',
  run(input) {
    const url = input.profile.metaApp.privacyPolicyUrl;
    const target = { screen: 'gateway', field: 'metaApp.privacyPolicyUrl' } as const;
    if (!url)
      return [
        {
          status: 'fail',
          message: 'No privacy policy URL; Meta requires one in the app settings.',
          fix: 'Enter the https:// address of the privacy policy on the Gateway screen.',
          target,
        },
      ];
    let https = false;
    try {
      https = new URL(url).protocol === 'https:';
    } catch {
      https = false;
    }
    return https
      ? [{ status: 'pass', message: `The privacy policy is at ${url}.`, target }]
      : [
          {
            status: 'fail',
            message: `The privacy policy URL ${url} is not an https:// address.`,
            fix: 'Publish the privacy policy over https and enter that address.',
            target,
          },
        ];
  },
};

export const accessLevel: CheckRule = {
  id: 'permissions.access-level',
  severity: 'warning',
  source: 'webitel',
  title: 'Access levels fit the deployment',
  run(input) {
    const { deployment } = input.profile.metaApp;
    const perms = input.profile.permissions;
    if (perms.length === 0) return [{ status: 'skip', message: 'No permissions are requested yet.', target: { screen: 'permissions' } }];
    if (deployment === 'cloud') {
      const psl = perms.find((p) => p.id === 'pages_show_list');
      if (psl?.accessLevel === 'advanced')
        return [
          {
            status: 'fail',
            message:
              "This is a cloud deployment, yet pages_show_list asks for Advanced Access. Webitel: for cloud installations Standard Access is enough, because only the app's admins list their Pages.",
            fix: "Set pages_show_list to Standard Access on the Permissions screen (or switch the deployment to on-premise if customers' staff connect Pages).",
            target: { screen: 'permissions', field: 'permissions' },
          },
        ];
      return [{ status: 'pass', message: 'Cloud deployment: pages_show_list does not ask for Advanced Access needlessly.', target: { screen: 'permissions' } }];
    }
    const standard = perms.filter((p) => p.accessLevel === 'standard').map((p) => p.id);
    return standard.length
      ? [
          {
            status: 'fail',
            message: `On-premise deployment, yet ${standard.join(', ')} ${standard.length === 1 ? 'asks' : 'ask'} only for Standard Access. Webitel: request Advanced Access for all four when the customer's staff (no role on the app) connect Pages.`,
            fix: 'Set every permission to Advanced Access on the Permissions screen.',
            target: { screen: 'permissions', field: 'permissions' },
          },
        ]
      : [{ status: 'pass', message: 'On-premise deployment: every permission asks for Advanced Access.', target: { screen: 'permissions' } }];
  },
};

export const PROFILE_RULES: CheckRule[] = [requiredFields, testUserAnswer, privacyPolicy, accessLevel];
