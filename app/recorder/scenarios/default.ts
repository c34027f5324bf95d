// The default demo scenario: what a Meta reviewer must see for each permission, against a real Webitel host or the sandbox.
import type { Condition, ReviewerMark, ScenarioInput, Target } from '../scenario/schema';

/**
 * The default demo: everything a Meta reviewer needs to see for the four permissions, in the
 * order Meta grants them. Written against the real Webitel DOM (reference/webitel-ui.md) and
 * the Facebook DOM as far as it is stable (roles, names, ids of login inputs): it must run
 * against a real Webitel host exactly as against the sandbox.
 *
 * `default.json` next to this file is generated from it (`npx tsx app/recorder/scenarios/write-default.ts`)
 * and a unit test keeps the two equal.
 */

type StepIn = ScenarioInput['steps'][number];

const LANE_VIEWPORT = { width: 940, height: 828 } as const;

const css = (c: string): Target[number] => ({ css: c });
const text = (t: string): Target[number] => ({ text: t });
/** A button by role and name; names match in any case (Webitel upper-cases its buttons by CSS: "NEXT"). */
const button = (name: string): Target[number] => ({ aria: { role: 'button', name } });

const USERNAME = [css('input[name="username"]')];
const PASSWORD = [css('input[name="password"][type="password"]'), css('input[type="password"]')];
const DOMAIN = [css('input[name="domain"]')];
/** Webitel's two-factor "Code" field (web-client-auth: login-form-fields.vue on 26.06+, the third step on 26.04). */
const TFA_CODE = [css('input[placeholder="Code"]'), { aria: { role: 'textbox', name: 'Code' } }, { aria: { role: 'textbox', name: 'Code*' } }];
const ON_LOGIN_PAGE: Condition = { url: { includes: '/app/auth' } };
const LEFT_LOGIN_PAGE: Condition = { url: { excludes: '/app/auth' } };
/**
 * Real failures only: Webitel's error toast (a PrimeVue toast teleported to body) or its words
 * for wrong credentials. Never `[role="alert"]` inside the form: the forms show "Field is
 * required" hints there from the moment they appear.
 */
const WEBITEL_LOGIN_ERROR: Condition = {
  any: [{ visible: [css('.p-toast-message-error .p-toast-detail'), css('.p-toast-message-error')] }, { text: 'Invalid login or password' }],
};
/** Webitel wants a new password first (HTTP 412: forced or expired), in its own form. */
const PASSWORD_CHANGE = [
  css('.login-change-password'),
  css('.the-login-change-password'),
  text('You need to set up a new password'),
  text('Your password has expired'),
];
/** 26.04's login offers the domain's identity providers below its password form ("Or Continue with": web-client-auth 26.4 the-login-providers.vue). */
const SSO_OFFERED = [css('.auth-form-footer'), text('Or Continue with')];
/** An SSO-only domain sends the browser to its identity provider, off the Webitel host (26.06 and later). */
const OFF_WEBITEL: Condition = {
  all: [{ url: { excludes: '{{webitel.host}}' } }, { url: { excludes: 'about:blank' } }, { url: { excludes: 'chrome-error:' } }],
};

function loginStops(person: string): NonNullable<StepIn['stopIf']> {
  return [
    {
      if: { visible: PASSWORD_CHANGE },
      cause: `Webitel asks ${person} to set a new password before signing in (a forced or expired password, HTTP 412)`,
      todo: 'sign in once by hand at {{webitel.origin}}/app/auth, set the new password, save it in the profile, then run again',
    },
    {
      if: OFF_WEBITEL,
      cause: `the Webitel domain of ${person} signs in only through its single sign-on provider, which the demo cannot sign in to`,
      todo: 'use a login of a domain with password sign-in for the demo, or record this sign-in by hand',
    },
    {
      // 26.04 has no SSO-only form: it asks for a password anyway, and offers the providers below.
      if: { all: [WEBITEL_LOGIN_ERROR, { visible: SSO_OFFERED }] },
      cause: `Webitel refused the password of ${person}, and the domain offers single sign-on ("Or continue with"): it likely signs in only through its SSO provider, which the demo cannot sign in to`,
      todo: 'check the password saved in the profile; if the domain signs in only through single sign-on, use a login of a domain with password sign-in for the demo, or record this sign-in by hand',
    },
  ];
}

/** Who signs in, in which scene: what every login step is built from. */
interface Login {
  who: 'admin' | 'operator';
  scene: string;
  person: string;
  lane: 'webitel';
  /** The password's secret reference (the admin's is used only for recording). */
  pw: string;
}

const PASSWORD_SHOWN: Condition = { all: [ON_LOGIN_PAGE, { visible: PASSWORD }] };
const SIGNED_IN_OR_CODE: Condition = { any: [LEFT_LOGIN_PAGE, { all: [ON_LOGIN_PAGE, { visible: TFA_CODE }] }] };
const TWO_STEP_USER: Condition = { all: [{ visible: USERNAME }, { hidden: PASSWORD }] };

/** Both Webitel login forms: 26.06 and later (login, then password) and 26.04 (domain first), detected on screen. */
function webitelLogin(who: 'admin' | 'operator', scene: string, person: string): StepIn[] {
  const pw = who === 'admin' ? '{{secret:recording.webitelAdmin.password}}' : '{{secret:reviewer.operator.password}}';
  const login: Login = { who, scene, person, lane: 'webitel', pw };
  // Captions name no login: the admin's is used only for recording, and the reviewer's test
  // logins belong only in the reviewer instructions (the export refuses them anywhere else).
  return [loginFormShown(login), ...domainFirstLogin(login), ...twoStepLogin(login), twoFactorCode(login)];
}

/** The sign-in page appears; the operator's must not be skipped by a session the admin left behind. */
function loginFormShown({ who, scene, lane, person }: Login): StepIn {
  return {
    id: `${who}-login-form`,
    scene,
    lane,
    action: 'waitFor',
    waitFor: { any: [{ visible: USERNAME }, { visible: DOMAIN }] },
    timeoutMs: 30_000,
    ...(who === 'operator'
      ? {
          stopIf: [
            {
              if: { url: { includes: '/workspace' } },
              cause: "Webitel opened Workspace without asking the operator to sign in: the browser still holds another user's session (the administrator's)",
              todo: 'let the scenario sign the administrator out first (its "admin-sign-out" steps), or start the run logged out',
            },
          ],
        }
      : {}),
    caption: `Webitel shows its sign-in page: ${person} signs in.`,
  };
}

/** 26.04: domain first, then user name and password together. */
function domainFirstLogin({ who, scene, lane, person, pw }: Login): StepIn[] {
  return [
    {
      id: `${who}-domain`,
      scene,
      lane,
      action: 'fill',
      target: DOMAIN,
      value: `{{${who}.domain}}`,
      when: { condition: { visible: DOMAIN } },
      branch: 'login:domain-first',
      caption: `${cap(person)} enters the Webitel domain (the part of the login after the @).`,
    },
    {
      id: `${who}-domain-next`,
      scene,
      lane,
      action: 'click',
      target: [button('Next'), text('Next')],
      when: { condition: { visible: DOMAIN } },
      waitFor: { visible: PASSWORD },
      failIf: WEBITEL_LOGIN_ERROR,
      stopIf: loginStops(person),
      branch: 'login:domain-first',
      caption: `${cap(person)} clicks "Next".`,
    },
    {
      id: `${who}-df-user`,
      scene,
      lane,
      action: 'fill',
      target: USERNAME,
      value: `{{${who}.user}}`,
      when: { condition: { all: [{ visible: USERNAME }, { visible: PASSWORD }] } },
      branch: 'login:domain-first',
      caption: `${cap(person)} enters the user name.`,
    },
    {
      id: `${who}-df-password`,
      scene,
      lane,
      action: 'fill',
      target: PASSWORD,
      value: pw,
      when: { condition: PASSWORD_SHOWN },
      branch: 'login:domain-first',
      caption: `${cap(person)} types the password (it stays hidden).`,
    },
    {
      id: `${who}-df-submit`,
      scene,
      lane,
      action: 'click',
      target: [button('Log in'), text('Log in')],
      when: { condition: { all: [PASSWORD_SHOWN, { visible: USERNAME }, { visible: [button('Log in')] }] } },
      waitFor: SIGNED_IN_OR_CODE,
      failIf: WEBITEL_LOGIN_ERROR,
      stopIf: loginStops(person),
      timeoutMs: 20_000,
      branch: 'login:domain-first',
      caption: `${cap(person)} clicks "Log in".`,
    },
  ];
}

/** 26.06 and later: login (user@domain), Next, password, Next. */
function twoStepLogin({ who, scene, lane, person, pw }: Login): StepIn[] {
  return [
    {
      id: `${who}-username`,
      scene,
      lane,
      action: 'fill',
      target: USERNAME,
      value: `{{${who}.login}}`,
      when: { condition: { all: [ON_LOGIN_PAGE, TWO_STEP_USER] } },
      branch: 'login:two-step',
      caption: `${cap(person)} enters ${who === 'operator' ? 'the operator test login from the reviewer instructions' : 'their Webitel login'}.`,
    },
    {
      id: `${who}-username-next`,
      scene,
      lane,
      action: 'click',
      target: [button('Next'), text('Next')],
      when: { condition: { all: [ON_LOGIN_PAGE, TWO_STEP_USER] } },
      waitFor: { visible: PASSWORD },
      failIf: WEBITEL_LOGIN_ERROR,
      stopIf: loginStops(person),
      branch: 'login:two-step',
      caption: `${cap(person)} clicks "Next".`,
    },
    {
      id: `${who}-password`,
      scene,
      lane,
      action: 'fill',
      target: PASSWORD,
      value: pw,
      when: { condition: { all: [PASSWORD_SHOWN, { hidden: TFA_CODE }] } },
      branch: 'login:two-step',
      caption: `${cap(person)} types the password (it stays hidden).`,
    },
    {
      id: `${who}-password-next`,
      scene,
      lane,
      action: 'click',
      target: [button('Next'), text('Next')],
      when: { condition: { all: [PASSWORD_SHOWN, { hidden: TFA_CODE }, { hidden: [button('Log in')] }] } },
      waitFor: SIGNED_IN_OR_CODE,
      failIf: WEBITEL_LOGIN_ERROR,
      stopIf: loginStops(person),
      timeoutMs: 20_000,
      branch: 'login:two-step',
      caption: `${cap(person)} clicks "Next" to sign in.`,
    },
  ];
}

/** Either form: the domain may ask for a two-factor code, which only the person has. */
function twoFactorCode({ who, scene, lane, person }: Login): StepIn {
  return {
    id: `${who}-code`,
    scene,
    lane,
    action: 'manual',
    when: { condition: { all: [ON_LOGIN_PAGE, { visible: TFA_CODE }] } },
    manual: {
      prompt: `Webitel asks ${person} for a two-factor code. Type the code from the authentication app into the "Code" field of the Webitel browser window and click "Next" (or "Log in"); the demo goes on by itself.`,
      until: LEFT_LOGIN_PAGE,
    },
    failIf: WEBITEL_LOGIN_ERROR,
    stopIf: loginStops(person),
    caption: `Webitel asks for a two-factor code; ${person} enters it.`,
  };
}

/** The administrator signs out through Webitel's own account menu, so the operator signs in afresh. */
function adminSignOut(scene: string): StepIn[] {
  const MENU = [css('.wt-header-actions__btn'), { aria: { role: 'button', name: 'Account' } }];
  const LOGOUT = [css('.wt-header-actions__action--logout a'), text('Logout'), text('Log out')];
  return [
    {
      id: 'admin-account-menu',
      scene,
      lane: 'webitel',
      action: 'click',
      target: MENU,
      waitFor: { visible: LOGOUT },
      caption: 'The administrator opens the account menu…',
    },
    {
      id: 'admin-sign-out',
      scene,
      lane: 'webitel',
      action: 'click',
      target: LOGOUT,
      waitFor: ON_LOGIN_PAGE,
      timeoutMs: 20_000,
      caption: '…and signs out of Webitel.',
      explain: "Signing out ends the administrator's session, so the operator next signs in with their own login.",
    },
  ];
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const FB_EMAIL = [css('input#email'), css('input[name="email"]')];
const FB_PASS = [css('input#pass'), css('input[name="pass"]')];
const FB_CODE = [css('input#approvals_code'), css('input[name="approvals_code"]'), { aria: { role: 'textbox', name: 'Login code' } }];
const FB_ALERT: Condition = { visible: [css('[role="alert"]')] };
/**
 * Facebook may ask to confirm a login from a new browser (more so on a server far from where the
 * account usually signs in): a code from the authentication app, an approval on another device
 * ("Check your notifications on another device", field 2026), or a security check. Each is its own
 * page under these paths; all are the person's to answer.
 */
const FB_CHECK_URL = '^https?://[^/?#]+/(checkpoint|two_step_verification|two_factor|auth_platform)([/?#]|$)';
const FB_CHECK: Condition = { any: [{ visible: FB_CODE }, { url: { matches: FB_CHECK_URL } }] };
const FB_CHECK_DONE: Condition = { all: [{ hidden: FB_CODE }, { not: { url: { matches: FB_CHECK_URL } } }] };
/**
 * Facebook's OAuth dialog refuses the request, instead of the consent, when the Meta app is not
 * set up for it (its messages, well known in 2026): a permission outside the app's use case, the
 * gateway's callback URI not among the Valid OAuth Redirect URIs, an App ID of no app.
 */
const FB_DIALOG_STOPS: NonNullable<StepIn['stopIf']> = [
  {
    if: { text: 'Invalid Scopes' },
    cause:
      'Facebook refused the gateway\'s request with "Invalid Scopes": the Meta app\'s use case lacks a permission the gateway asks for (pages_show_list, pages_messaging, pages_manage_metadata)',
    todo: 'in the Meta app dashboard open Use cases, the use case that manages Pages and Messenger, click "Customize" and add the missing permissions, then run again',
  },
  {
    if: { text: 'URL blocked' },
    cause: "Facebook refused the gateway's request with \"URL blocked\": the gateway's callback URI is not among the Meta app's Valid OAuth Redirect URIs",
    todo: 'in the Meta app dashboard add the callback URI {{gateway.url}} under Facebook Login for Business → Settings → Valid OAuth Redirect URIs (with Client and Web OAuth login on), then run again',
  },
  {
    if: { text: 'Invalid App ID' },
    cause: 'Facebook refused the gateway\'s request with "Invalid App ID": the App ID in the Webitel gateway is not that of a Meta app',
    todo: 'copy the App ID from the Meta app dashboard (App settings → Basic) into the chat gateway in Webitel Admin and into the profile, then run again',
  },
];
/**
 * Facebook draws its pages in the account's language once someone is logged in (Settings →
 * Language and region), whatever the browser asks for, and names it on `<html lang>`. Meta's
 * reviewers ask for an English UI, and the scenario finds Facebook's buttons by their English
 * names. Before logging in the pages may be in the visitor's language (Facebook picks it by
 * location, among others): the login form is found by its fields' names and the cookie banner by
 * its marks, so only a page past the login counts.
 */
const NOT_ENGLISH = [css('html[lang]:not([lang^="en"]):not([lang=""])')];
function facebookLanguageStop(who: string): NonNullable<StepIn['stopIf']>[number] {
  return {
    if: { all: [{ visible: NOT_ENGLISH }, { hidden: FB_PASS }, { hidden: FB_CODE }] },
    cause: `Facebook shows its pages in another language than English to ${who}, whose account is set to it: Meta's reviewers ask for an English UI, and the scenario finds Facebook's buttons by their English names`,
    todo: `sign in to Facebook as ${who} and set Settings & privacy → Settings → Language and region → "Facebook language" to English (US) (https://www.facebook.com/settings/?tab=language), then run again`,
  };
}
/**
 * Messenger's chat-history PIN dialog (field reports, 2026: "Enter your PIN to restore chats"
 * after a login on a new browser), over the whole app; a fresh account may be asked to create one.
 */
const CUSTOMER_LANGUAGE = facebookLanguageStop('the customer (the test user)');
const PIN_DIALOG = [{ xpath: '//*[@role="dialog" and contains(normalize-space(.), "PIN")]' }];
const PIN_CLOSE = [
  {
    xpath:
      '//*[@role="dialog" and contains(normalize-space(.), "PIN")]//*[(self::button or @role="button") and (@aria-label="Close" or normalize-space(.)="Not now" or normalize-space(.)="Skip" or normalize-space(.)="Don\'t restore messages")]',
  },
];
// Messenger on facebook.com (2026): the composer is named "Message" (or "Aa"), the send button "Press enter to send" (or "Send").
const COMPOSER = [
  css('div[contenteditable="true"][role="textbox"][aria-label="Message"]'),
  { aria: { role: 'textbox', name: 'Message' } },
  css('div[contenteditable="true"][role="textbox"][aria-label="Aa"]'),
];
const SEND_BUTTON = [
  css('div[role="button"][aria-label="Press enter to send"]'),
  { aria: { role: 'button', name: 'Press enter to send' } },
  { aria: { role: 'button', name: 'Send' } },
];
const CONVERSATION = [
  css('[role="grid"][aria-label="Messages in conversation with {{page.name}}"]'),
  css('[role="grid"][aria-label^="Messages in conversation"]'),
  css('[role="grid"]'),
  css('[role="main"]'),
];
/** Facebook's cookie banner, on a browser's first visit in many regions: answered wherever it shows. */
// Its buttons carry marks in every language (`data-cookiebanner`, seen in 2026 automation scripts); the names are the English fallback.
const COOKIE_ALLOW = [css('[data-cookiebanner="accept_button"]'), button('Allow all cookies'), text('Allow all cookies')];
function cookieBannerStep(id: string, scene: string, lane: string, popup: boolean, who: string): StepIn {
  return {
    id,
    scene,
    lane,
    ...(popup ? { popup: true } : {}),
    action: 'click',
    target: COOKIE_ALLOW,
    when: { condition: { visible: COOKIE_ALLOW } },
    waitFor: { hidden: COOKIE_ALLOW },
    caption: `Facebook asks about cookies in this browser; ${who} clicks "Allow all cookies".`,
  };
}
/** Facebook Login for Business (2026), as Webitel's gateway opens it (display=popup, auth_type=rerequest). */
const IN_DIALOG = '//*[@role="dialog"]//*[(self::button or @role="button")';
const CONTINUE_AS = [{ xpath: `${IN_DIALOG} and starts-with(normalize-space(.), "Continue as")]` }];
const OTHER_ACCOUNT = ['Use another account', 'Not you?', 'Switch account', 'Log in to another account'].map((t) => `normalize-space(.)="${t}"`).join(' or ');
const ACCOUNT_CONTINUE = [{ xpath: `${IN_DIALOG} and normalize-space(.)="Continue"][ancestor::*[@role="dialog"]//*[${OTHER_ACCOUNT}]]` }];
const PREVIOUS_SETTINGS = [button('Continue with previous settings'), text('Continue with previous settings')];
const EDIT_SETTINGS = [{ aria: { role: 'link', name: 'Edit settings' } }, button('Edit settings'), text('Edit settings')];
const CURRENT_PAGES_ONLY = [{ aria: { role: 'radio', name: 'Opt in to current Pages only' } }, text('Opt in to current Pages only')];
const PAGE_CHECKBOX = [{ aria: { role: 'checkbox', name: '{{page.name}}' } }, css('input[type="checkbox"][aria-label="{{page.name}}"]'), text('{{page.name}}')];
const PAGE_TICKED = [
  css('input[type="checkbox"][aria-label="{{page.name}}"]:checked'),
  css('[role="checkbox"][aria-label="{{page.name}}"][aria-checked="true"]'),
];
const CONSENT_SHOWN: Condition = {
  any: [{ visible: CONTINUE_AS }, { visible: PREVIOUS_SETTINGS }, { visible: ACCOUNT_CONTINUE }, { visible: CURRENT_PAGES_ONLY }, { visible: PAGE_CHECKBOX }],
};
/**
 * The Call Center switch: 26.04 and 26.06 draw a plain `wt-switcher` labelled "Call Center" in
 * Workspace's header; the next release (26.08) the SDK's, with its own class. Its label is not
 * tied to the input, so the switch is found by the label text around it.
 */
const CC_BOX = { css: '.wt-switcher', text: 'Call Center' };
const CC_SWITCH = [
  css('.wt-cc-agent-status-select__call-center-switcher input[role="switch"]'),
  { css: 'input[role="switch"]', within: CC_BOX },
  { css: '.p-toggleswitch', within: CC_BOX },
];
const CC_ON: Condition = {
  any: [
    { attribute: { target: [{ css: '.p-toggleswitch', within: CC_BOX }], name: 'data-p-checked', equals: 'true' } },
    { attribute: { target: [{ css: 'input[role="switch"]', within: CC_BOX }], name: 'aria-checked', equals: 'true' } },
  ],
};
const WELCOME_TITLE = [{ css: '.wt-popup__title', within: { css: '.wt-popup', text: 'Welcome' } }];
/**
 * Workspace always opens with its welcome popup, which closes only once the session has loaded
 * the agent (the-agent-workspace.vue: isWelcomePopup starts true, initSession closes it after
 * OPEN_SESSION → SUBSCRIBE_STATUS), and draws the switch for agents only (app-header.vue
 * v-if="isAgent"): header drawn, popup gone and no switch means no agent was loaded. Mostly the
 * login is no agent; but the agent is asked for over the live connection, and SUBSCRIBE_STATUS
 * settles either way (client-handlers.js, Promise.allSettled), so a WebSocket the host's proxy
 * refuses looks the same.
 */
const NOT_AN_AGENT = {
  if: { all: [{ visible: [css('.wt-header-actions__btn')] }, { hidden: WELCOME_TITLE }, { hidden: CC_SWITCH }] },
  cause:
    'Workspace opened the operator\'s session without a "Call Center" switch: it found no contact-center agent for this login (or could not ask the server for one over its live connection), so the operator cannot go online and no chat is routed to them',
  todo: "make the operator login a contact-center agent (Webitel Admin → Contact center → Agents: add an agent for this user, with a team and the queue of the chat gateway's flow); if it is one, check that the host's proxy passes WebSocket connections to {{webitel.origin}}/ws; then run again",
} satisfies NonNullable<StepIn['stopIf']>[number];
/**
 * An agent left in pause or break out (a shift that ended on a break) opens Workspace under the
 * break popup; the Call Center switch reads on, yet no chat is offered until "Continue work"
 * (cc-workspaces break-timer-popup.vue, in app-header.vue on every release). Its overlay
 * (`wt-popup`, fixed over the whole page) shows at once; the dialog inside slides in.
 */
const BREAK_POPUP = [css('.wt-popup.break-timer-popup'), { css: '.wt-popup__popup', within: { css: '.wt-popup', text: 'mode now' } }];
/**
 * Workspace's disconnect popup ("Ohh.. Something went wrong!", cc-workspaces disconnect-popup.vue,
 * the same on every release): drawn always, shown (`v-show`) while its WebSocket is reconnecting or
 * down, hidden again by itself once it is back (global-handlers.js). Reconnecting tries at 1, 3, 7,
 * 15 and 30 s; a popup that stays 20 s means the connection is not coming back soon, and a take with
 * it over the operator's screen shows the reviewer nothing.
 */
const DISCONNECTED = [
  css('.wt-popup.disconnect-popup'),
  { css: '.wt-popup__popup', within: { css: '.wt-popup', text: 'Connection was accidentally interrupted' } },
];
const WORKSPACE_LOST = {
  if: { visible: DISCONNECTED },
  forMs: 20_000,
  cause: 'Workspace lost its connection to the Webitel server ("Connection was accidentally interrupted") and did not get it back',
  todo: "check that the Webitel host is up and that its proxy passes WebSocket connections to {{webitel.origin}}/ws (Workspace's live connection; it reconnects by itself once it can), then run again",
} satisfies NonNullable<StepIn['stopIf']>[number];
/**
 * An agent with "Agent screen control" on (Admin: the agent's or its team's General tab) must run
 * DeskTrack, a desktop app, signed in: without it Workspace shows a popup that cannot be closed,
 * "Attention — You can't work in Workspace — DeskTrack is not running, or you are not logged in",
 * and takes the agent offline (cc-workspaces the-agent-workspace.vue, desc-track-auth-error-popup.vue).
 */
const SCREEN_CONTROL = {
  if: { visible: [css('.wt-popup.desc-track-auth-error-popup'), { css: '.wt-popup__popup', within: { css: '.wt-popup', text: 'DeskTrack is not running' } }] },
  cause:
    'Workspace says "You can\'t work in Workspace: DeskTrack is not running, or you are not logged in": the operator\'s agent has "Agent screen control" on, which needs the DeskTrack app running and signed in on this computer, and it takes the agent offline until then',
  todo: 'turn "Agent screen control" off for the operator\'s agent (Webitel Admin → Contact center → Agents → the agent → General; when its team has it on, Teams → the team → General), or run DeskTrack and sign in to it on the recording computer, then run again',
} satisfies NonNullable<StepIn['stopIf']>[number];
/** What can stop the run on any Workspace step. */
const WORKSPACE_STOPS = [WORKSPACE_LOST, SCREEN_CONTROL];
const ACTIVITY_POPUP = [css('.wt-cc-activity-type-popup'), { css: '.wt-popup__popup', within: { css: '.wt-popup', text: 'select activity type' } }];
/**
 * Admin's list of chat gateways (the-chat-gateways.vue, the same on every release): 10 rows a
 * page, a search bar (SDK wt-search-bar, placeholder "Search"), wt-dummy when nothing is listed.
 */
// The name as text only inside the table: the search bar holds it too once it is typed there.
const GATEWAY_LINK = [
  { aria: { role: 'link', name: '{{gateway.name}}' } },
  { css: 'a', within: { css: 'tr', text: '{{gateway.name}}' } },
  { text: '{{gateway.name}}', within: { css: 'tbody' } },
];
const GATEWAY_ROWS = [css('.table-section__table-wrapper tbody tr'), css('table tbody tr')];
const LIST_EMPTY = [css('.wt-dummy')];
const SEARCH_BAR = [css('.wt-search-bar input'), css('input.wt-search-bar'), css('input[inputmode="search"]'), { aria: { role: 'textbox', name: 'Search' } }];
/** The gateway's pages table; Admin hides it behind a loader while the list reloads (facebook-tab.vue). */
const PAGES_TABLE = [css('.table-section__table-wrapper table'), css('table')];
const PAGE_ROW = { css: 'tr', text: '{{page.name}}' };
const PAGE_SWITCH = [
  { css: 'input[role="switch"]', within: PAGE_ROW },
  { css: '.p-toggleswitch', within: PAGE_ROW },
  { aria: { role: 'switch', name: '{{page.name}}' } },
];
const PAGE_SUBSCRIBED: Condition = {
  any: [
    { attribute: { target: [{ css: '.p-toggleswitch', within: PAGE_ROW }], name: 'data-p-checked', equals: 'true' } },
    { attribute: { target: [{ css: 'input[role="switch"]', within: PAGE_ROW }], name: 'aria-checked', equals: 'true' } },
  ],
};
/**
 * The chat's footer offers "Accept" while the chat may be joined (chat-footer.vue: `isChatPreview`
 * is ALLOW_CHAT_JOIN, the conversation's `allowJoin`); once joined, the reply box.
 */
const ACCEPT = [button('Accept'), text('Accept')];
const REPLY_BOX = [css('textarea#draft'), { aria: { role: 'textbox', name: 'Write a message...' } }];
const NEW_CHAT = [css('article.chat-queue-preview-md--new'), css('article.chat-queue-preview-sm--new'), css('article[class*="chat-queue-preview"]')];
const NEW_CHAT_NAME = [css('article.chat-queue-preview-md--new h3.chat-queue-preview-md-header__title'), css('article[class*="chat-queue-preview"] h3')];

export const DEFAULT_SCENARIO: ScenarioInput = {
  version: 1,
  title: 'Webitel Messenger gateway — Meta App Review demo',
  description:
    "A Webitel administrator connects a Facebook Page to the Webitel Meta gateway and turns on its webhook; an operator goes online in Agent Workspace; a Facebook Test User writes to the Page on Messenger; the operator sees the customer's Facebook name, accepts the chat and replies; the reply reaches the customer.",
  vars: {
    reply: 'Hello! This is the support team. Thanks for your message, how can we help you today?',
  },
  // 940×828 is exactly a lane's picture area on the 1920×1080 canvas (two columns above the
  // caption band), so pages are recorded 1:1 and their text stays sharp instead of being scaled down.
  lanes: [
    {
      id: 'webitel',
      title: 'Webitel — admin and operator',
      startUrl: 'about:blank',
      viewport: { width: LANE_VIEWPORT.width, height: LANE_VIEWPORT.height },
      grant: [{ origin: '{{webitel.origin}}', permissions: ['microphone', 'camera', 'notifications'] }],
    },
    {
      id: 'facebook',
      title: 'Facebook Messenger — customer',
      startUrl: 'about:blank',
      viewport: { width: LANE_VIEWPORT.width, height: LANE_VIEWPORT.height },
      grant: [],
    },
  ],
  scenes: [
    { id: 'connect-page', title: 'Connecting the Facebook Page to Webitel', permissions: ['pages_show_list'] },
    { id: 'subscribe-webhook', title: 'Turning on message retrieval for the Page', permissions: ['pages_manage_metadata'] },
    { id: 'receive-message', title: 'A customer writes to the Page on Messenger', permissions: ['pages_messaging'] },
    { id: 'customer-profile', title: "The operator sees the customer's Facebook name", permissions: ['business_asset_user_profile_access'] },
    { id: 'reply', title: 'The operator replies from Webitel', permissions: ['pages_messaging'] },
  ],
  steps: [
    // ------------------------------------------------------------ pages_show_list
    {
      id: 'admin-open-gateways',
      scene: 'connect-page',
      lane: 'webitel',
      action: 'goto',
      url: '{{webitel.origin}}/routing/chat-gateways',
      caption: 'A Webitel administrator opens the chat gateways in Webitel Admin ({{webitel.host}}). Nobody is signed in yet.',
    },
    ...webitelLogin('admin', 'connect-page', 'the administrator'),
    {
      id: 'admin-gateways-list',
      scene: 'connect-page',
      lane: 'webitel',
      action: 'goto',
      url: '{{webitel.origin}}/routing/chat-gateways',
      when: { condition: { url: { excludes: '/routing/chat-gateways' } }, withinMs: 1500 },
      caption: 'The administrator opens the list of chat gateways.',
    },
    {
      id: 'gateways-loaded',
      scene: 'connect-page',
      lane: 'webitel',
      action: 'waitFor',
      waitFor: { any: [{ visible: GATEWAY_LINK }, { visible: GATEWAY_ROWS }, { visible: LIST_EMPTY }] },
      timeoutMs: 20_000,
    },
    {
      id: 'search-gateway',
      scene: 'connect-page',
      lane: 'webitel',
      action: 'fill',
      target: SEARCH_BAR,
      value: '{{gateway.name}}',
      when: { condition: { hidden: GATEWAY_LINK } },
      // The list reloads a second after the typing stops (wt-search-bar's debounce).
      waitFor: { visible: GATEWAY_LINK },
      stopIf: [
        {
          if: { visible: LIST_EMPTY },
          cause: 'Webitel Admin lists no chat gateway whose name starts with "{{gateway.name}}"',
          todo: "write the gateway's name in the profile as Webitel Admin shows it under Routing → Chat gateways (or sign in with a domain that has it), then run again",
        },
      ],
      timeoutMs: 15_000,
      caption: 'The gateway is not on the first page of the list: the administrator searches for "{{gateway.name}}".',
    },
    {
      id: 'open-gateway',
      scene: 'connect-page',
      lane: 'webitel',
      action: 'click',
      target: GATEWAY_LINK,
      waitFor: { url: { matches: '/routing/chat-gateways/[^/?#]+' } },
      timeoutMs: 20_000,
      caption: 'The administrator opens the Meta gateway "{{gateway.name}}": the Webitel integration that connects Facebook Messenger to the contact center.',
    },
    {
      id: 'open-pages-tab',
      scene: 'connect-page',
      lane: 'webitel',
      action: 'click',
      // Webitel's tabs are plain buttons in a nav (SDK wt-tabs.vue), without role="tab".
      target: [
        { text: 'Facebook pages', within: { css: 'nav.wt-tabs' } },
        button('Facebook pages'),
        { aria: { role: 'tab', name: 'Facebook pages' } },
        text('Facebook pages'),
      ],
      // The table first: an ARIA query on a page that has just drawn its content can hang in
      // Chromium (puppeteer#12625); twice in CI this look went unanswered past the step's time.
      waitFor: { any: [{ visible: PAGES_TABLE }, { visible: [text('Add or remove pages'), button('Add or remove pages')] }] },
      timeoutMs: 20_000,
      caption: 'The "Facebook pages" tab lists the Facebook Pages connected to this gateway.',
    },
    {
      id: 'add-pages',
      scene: 'connect-page',
      lane: 'webitel',
      action: 'click',
      target: [button('Add or remove pages'), text('Add or remove pages')],
      waitFor: { popup: 'open' },
      stopIf: [
        {
          if: { all: [{ visible: PAGES_TABLE }, { hidden: [button('Add or remove pages'), text('Add or remove pages')] }] },
          cause: 'Webitel shows no "Add or remove pages" button: the administrator\'s login may view chat gateways but not change them',
          todo: "give the recording admin login update access to chat gateways in Webitel Admin (its role's object permissions), or use a login that has it",
        },
      ],
      caption: 'The administrator clicks "Add or remove pages".',
      explain: "Opens Facebook's own login and permission dialog in a popup window, where a Page admin chooses which Pages Webitel may manage.",
    },
    {
      id: 'fb-admin-login-form',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'waitFor',
      waitFor: { any: [{ visible: FB_EMAIL }, { visible: [css('[role="dialog"]')] }] },
      stopIf: FB_DIALOG_STOPS,
      timeoutMs: 30_000,
      caption: 'Facebook opens in the popup (facebook.com). The Page admin signs in to Facebook.',
    },
    cookieBannerStep('fb-admin-cookies', 'connect-page', 'webitel', true, 'the Page admin'),
    {
      id: 'fb-admin-email',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'fill',
      target: FB_EMAIL,
      value: '{{pageAdmin.email}}',
      when: { condition: { visible: FB_EMAIL } },
      caption: 'The Page admin enters their Facebook e-mail address.',
    },
    {
      id: 'fb-admin-password',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'fill',
      target: FB_PASS,
      value: '{{secret:recording.pageAdmin.password}}',
      when: { condition: { visible: FB_PASS } },
      caption: 'The Page admin types the Facebook password (it stays hidden).',
    },
    {
      id: 'fb-admin-submit',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'click',
      target: [css('button[name="login"]'), button('Log in'), text('Log in')],
      when: { condition: { visible: FB_PASS } },
      waitFor: { any: [{ hidden: FB_PASS }, { popup: 'closed' }] },
      failIf: FB_ALERT,
      timeoutMs: 20_000,
      caption: 'The Page admin clicks "Log in".',
    },
    {
      id: 'fb-admin-code',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'manual',
      when: { condition: FB_CHECK, withinMs: 2500 },
      manual: {
        prompt:
          'Facebook asks the Page admin to confirm this login: type the login code from the authentication app and click "Continue", or approve the login on the other device ("Check your notifications on another device"), or answer the security check — in the popup window in the Webitel browser; the demo goes on by itself.',
        until: { any: [{ popup: 'closed' }, FB_CHECK_DONE] },
      },
      caption: 'Facebook asks the Page admin to confirm the login (two-factor authentication); they do.',
    },
    cookieBannerStep('fb-admin-cookies-after-login', 'connect-page', 'webitel', true, 'the Page admin'),
    {
      id: 'fb-consent-shown',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'waitFor',
      waitFor: CONSENT_SHOWN,
      stopIf: [...FB_DIALOG_STOPS, facebookLanguageStop('the Page admin')],
      timeoutMs: 20_000,
      caption: 'Facebook opens "Facebook Login for Business": the app asks for access to the Pages this person manages.',
    },
    {
      id: 'fb-account-switch',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'click',
      target: ACCOUNT_CONTINUE,
      when: { condition: { visible: ACCOUNT_CONTINUE } },
      waitFor: { any: [{ visible: CONTINUE_AS }, { visible: PREVIOUS_SETTINGS }, { visible: CURRENT_PAGES_ONLY }, { visible: PAGE_CHECKBOX }] },
      caption: 'Facebook shows the account that is logged in; the Page admin continues with it.',
    },
    {
      id: 'fb-edit-settings',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'click',
      target: EDIT_SETTINGS,
      when: { condition: { visible: PREVIOUS_SETTINGS } },
      waitFor: { any: [{ visible: CURRENT_PAGES_ONLY }, { visible: PAGE_CHECKBOX }] },
      timeoutMs: 20_000,
      caption:
        'Facebook remembers an earlier connection and offers "Continue with previous settings"; the Page admin clicks "Edit settings" so that the whole consent is shown again.',
      explain:
        '"Continue with previous settings" would reuse the earlier grant without showing it; "Edit settings" shows the list of Pages and the access request again.',
    },
    {
      id: 'fb-continue-as',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'click',
      target: CONTINUE_AS,
      when: { condition: { visible: CONTINUE_AS } },
      waitFor: { any: [{ visible: CURRENT_PAGES_ONLY }, { visible: PAGE_CHECKBOX }] },
      timeoutMs: 20_000,
      caption: 'Facebook asks whether to continue to the app as this person; the Page admin continues.',
    },
    {
      id: 'fb-pages-current-only',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'click',
      target: CURRENT_PAGES_ONLY,
      when: { condition: { visible: CURRENT_PAGES_ONLY } },
      waitFor: { visible: PAGE_CHECKBOX },
      caption: 'Facebook asks which Pages the app may access (pages_show_list); the Page admin chooses "Opt in to current Pages only" to pick them one by one.',
      explain:
        '"Opt in to all current and future Pages" would also share Pages created later; "current Pages only" shows the list of Pages this person manages.',
    },
    {
      id: 'fb-choose-page',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'click',
      target: PAGE_CHECKBOX,
      // Every Page the profile lists, and only those: a Page the admin also manages stays unticked.
      forEachPage: true,
      when: { condition: { not: { visible: PAGE_TICKED } } },
      waitFor: { visible: PAGE_TICKED },
      timeoutMs: 20_000,
      // Facebook's list has only the Pages the signed-in account fully controls (its DOM is not
      // public, so a missing Page is told from a failure, never by a stop that could misread it).
      ifFails: {
        cause: 'Facebook\'s list of Pages lacks "{{page.name}}": the Facebook account that signed in does not have full control of that Page',
        todo: 'sign in with a Facebook account that has full control of the Page "{{page.name}}" (the Page\'s settings → Page setup → Page access), or put the right Page in the profile; then run again',
      },
      caption: 'Facebook lists the Pages this person manages (pages_show_list). The Page admin selects "{{page.name}}".',
      explain: 'Only the Pages ticked here are shared with Webitel.',
    },
    {
      id: 'fb-pages-continue',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'click',
      target: [button('Continue'), css('[role="dialog"] button[type="submit"]')],
      waitFor: { visible: [button('Save'), text('Save')] },
      caption: 'With "{{page.name}}" selected, the Page admin clicks "Continue".',
    },
    {
      id: 'fb-review-save',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'click',
      target: [button('Save'), text('Save')],
      waitFor: { visible: [button('Got it'), text('Got it')] },
      timeoutMs: 20_000,
      caption:
        'Facebook shows the app\'s access request, a switch per permission (pages_show_list, pages_messaging, pages_manage_metadata); the Page admin keeps them on and clicks "Save".',
    },
    {
      id: 'fb-got-it',
      scene: 'connect-page',
      lane: 'webitel',
      popup: true,
      action: 'click',
      target: [button('Got it'), text('Got it')],
      waitFor: { popup: 'closed' },
      timeoutMs: 20_000,
      caption: 'Facebook confirms that the account is connected to the app; "Got it" closes the popup and returns to Webitel.',
    },
    {
      id: 'page-listed',
      scene: 'connect-page',
      lane: 'webitel',
      action: 'expect',
      waitFor: { visible: [{ css: 'td', within: PAGE_ROW }, text('{{page.name}}')] },
      timeoutMs: 20_000,
      caption: 'Webitel now lists the Page "{{page.name}}" that the admin granted (read with pages_show_list).',
    },
    // ------------------------------------------------------------ pages_manage_metadata
    {
      id: 'subscribe-webhook',
      scene: 'subscribe-webhook',
      lane: 'webitel',
      action: 'click',
      target: PAGE_SWITCH,
      when: { condition: { not: PAGE_SUBSCRIBED } },
      waitFor: PAGE_SUBSCRIBED,
      stopIf: [
        {
          if: {
            visible: [
              { css: 'input[role="switch"][disabled]', within: PAGE_ROW },
              { css: '.p-toggleswitch[data-p-disabled="true"]', within: PAGE_ROW },
            ],
          },
          cause: 'the Page\'s "Webhook subscription" switch is disabled: the administrator\'s login may not change chat gateways',
          todo: "give the recording admin login update access to chat gateways in Webitel Admin (its role's object permissions), or use a login that has it",
        },
      ],
      timeoutMs: 20_000,
      caption: 'The administrator switches "Webhook subscription" on for the Page "{{page.name}}".',
      explain:
        "Webhook subscription subscribes the Webitel app to the Page's messages (pages_manage_metadata): from now on Facebook delivers every message sent to the Page to Webitel.",
    },
    {
      id: 'webhook-on',
      scene: 'subscribe-webhook',
      lane: 'webitel',
      action: 'expect',
      waitFor: PAGE_SUBSCRIBED,
      caption: 'The Webhook subscription of "{{page.name}}" is on: Webitel now receives the Page\'s messages.',
    },
    // ------------------------------------------------------------ pages_messaging (receive)
    // The operator must not inherit the administrator's stored session (Webitel's login app
    // forwards a stored token straight to Workspace): the administrator signs out on video first.
    ...adminSignOut('receive-message'),
    {
      id: 'operator-open-workspace',
      scene: 'receive-message',
      lane: 'webitel',
      action: 'goto',
      url: '{{webitel.origin}}/app/auth?redirectTo={{webitel.workspaceUrl|urlencode}}',
      caption: 'Now an operator signs in to Webitel Agent Workspace, where chats from Messenger arrive.',
    },
    ...webitelLogin('operator', 'receive-message', 'the operator'),
    {
      id: 'workspace-loaded',
      scene: 'receive-message',
      lane: 'webitel',
      action: 'waitFor',
      waitFor: { url: { includes: '/workspace' } },
      timeoutMs: 30_000,
      caption: 'Agent Workspace opens.',
    },
    {
      id: 'welcome-ok',
      scene: 'receive-message',
      lane: 'webitel',
      action: 'click',
      target: [{ css: '.wt-popup__actions button', within: { css: '.wt-popup', text: 'Welcome' } }, button('Ok')],
      when: { condition: { visible: [{ css: '.wt-popup__title', within: { css: '.wt-popup', text: 'Welcome' } }] }, withinMs: 8000 },
      // "Ok" stays loading while Workspace opens the agent session (5 s or more on a real host);
      // the runner waits for the popup to go and never clicks a loading button again.
      waitFor: { hidden: [{ css: '.wt-popup__title', within: { css: '.wt-popup', text: 'Welcome' } }] },
      stopIf: [NOT_AN_AGENT, ...WORKSPACE_STOPS],
      timeoutMs: 45_000,
      caption: 'Workspace greets the operator; "Ok" closes the welcome window and opens the operator\'s session.',
    },
    {
      id: 'call-center-shown',
      scene: 'receive-message',
      lane: 'webitel',
      action: 'waitFor',
      // The switch is drawn only once the agent session has loaded.
      waitFor: { visible: CC_SWITCH },
      stopIf: [NOT_AN_AGENT, ...WORKSPACE_STOPS],
      timeoutMs: 30_000,
    },
    {
      id: 'operator-continue-work',
      scene: 'receive-message',
      lane: 'webitel',
      action: 'click',
      target: [{ aria: { role: 'button', name: 'Continue work' }, within: { css: '.break-timer-popup' } }, button('Continue work')],
      // Drawn in the same render as the switch (both wait for the agent): half a second is a margin.
      when: { condition: { visible: BREAK_POPUP }, withinMs: 500 },
      waitFor: { hidden: BREAK_POPUP },
      timeoutMs: 20_000,
      caption: 'The operator was left on a break: "Continue work" puts them back online, ready for chats.',
      explain: 'An agent on a break gets no chats, even with the Call Center switch on.',
      stopIf: WORKSPACE_STOPS,
    },
    {
      id: 'call-center-on',
      scene: 'receive-message',
      lane: 'webitel',
      action: 'click',
      target: CC_SWITCH,
      when: { condition: { not: CC_ON }, withinMs: 0 },
      // On: either confirmed, or (26.08) the activity types loaded and their popup opened.
      waitFor: { any: [CC_ON, { visible: ACTIVITY_POPUP }] },
      stopIf: [
        {
          if: {
            visible: [
              { css: 'input[role="switch"][disabled]', within: CC_BOX },
              { css: '.p-toggleswitch[data-p-disabled="true"]', within: CC_BOX },
            ],
          },
          cause: 'the operator\'s "Call Center" switch is disabled: this login may not go online in the contact center',
          todo: 'make the operator login a contact-center agent with permission to change its status (Webitel Admin → Contact center → Agents), then run again',
        },
        ...WORKSPACE_STOPS,
      ],
      timeoutMs: 20_000,
      caption: 'The operator switches "Call Center" on.',
      explain: 'The Call Center switch puts the operator online in the contact center, so Webitel routes new chats (and calls) to them.',
    },
    {
      id: 'activity-type-ok',
      scene: 'receive-message',
      lane: 'webitel',
      action: 'click',
      target: [
        { css: '.wt-popup__actions button', within: { css: '.wt-cc-activity-type-popup' } },
        { css: '.wt-popup__actions button', within: { css: '.wt-popup', text: 'select activity type' } },
      ],
      when: { condition: { visible: ACTIVITY_POPUP } },
      waitFor: { hidden: ACTIVITY_POPUP },
      caption: 'The operator confirms the activity type "Standard Online".',
      stopIf: WORKSPACE_STOPS,
    },
    {
      id: 'call-center-confirmed',
      scene: 'receive-message',
      lane: 'webitel',
      action: 'expect',
      waitFor: CC_ON,
      timeoutMs: 20_000,
      caption: 'Call Center is on: the operator is online and ready for chats.',
      stopIf: WORKSPACE_STOPS,
    },
    {
      id: 'customer-open-messenger',
      scene: 'receive-message',
      lane: 'facebook',
      action: 'goto',
      url: '{{messenger.threadUrl}}',
      caption:
        'On the right, a customer (a Facebook Test User) opens the conversation with the Page "{{page.name}}" in Messenger on Facebook ({{messenger.threadUrl}}).',
    },
    {
      id: 'customer-login-form',
      scene: 'receive-message',
      lane: 'facebook',
      action: 'waitFor',
      waitFor: { any: [{ visible: FB_EMAIL }, { visible: COMPOSER }] },
      stopIf: [CUSTOMER_LANGUAGE],
      timeoutMs: 30_000,
    },
    cookieBannerStep('customer-cookies', 'receive-message', 'facebook', false, 'the customer'),
    {
      id: 'customer-email',
      scene: 'receive-message',
      lane: 'facebook',
      action: 'fill',
      target: FB_EMAIL,
      value: '{{customer.email}}',
      when: { condition: { visible: FB_EMAIL } },
      caption: 'The customer signs in to Facebook with their e-mail address…',
    },
    {
      id: 'customer-password',
      scene: 'receive-message',
      lane: 'facebook',
      action: 'fill',
      target: FB_PASS,
      value: '{{secret:reviewer.facebookTestUser.password}}',
      when: { condition: { visible: FB_PASS } },
      caption: '…and password (it stays hidden).',
    },
    {
      id: 'customer-submit',
      scene: 'receive-message',
      lane: 'facebook',
      action: 'click',
      target: [css('button[name="login"]'), button('Log in'), text('Log in')],
      when: { condition: { visible: FB_PASS } },
      waitFor: { any: [{ visible: COMPOSER }, FB_CHECK] },
      stopIf: [CUSTOMER_LANGUAGE],
      failIf: FB_ALERT,
      timeoutMs: 20_000,
      caption: 'The customer clicks "Log in".',
    },
    {
      id: 'customer-code',
      scene: 'receive-message',
      lane: 'facebook',
      action: 'manual',
      when: { condition: FB_CHECK, withinMs: 0 },
      manual: {
        prompt:
          'Facebook asks the customer (the test user) to confirm this login: type the login code and click "Continue", or approve the login on the other device ("Check your notifications on another device"), or answer the security check — in the customer\'s browser window; the demo goes on by itself.',
        until: { visible: COMPOSER },
      },
      // Past the check, an account in another language never shows the English-named composer.
      stopIf: [CUSTOMER_LANGUAGE],
      caption: 'Facebook asks the customer to confirm the login; they do.',
    },
    cookieBannerStep('customer-cookies-after-login', 'receive-message', 'facebook', false, 'the customer'),
    {
      id: 'customer-pin-close',
      scene: 'receive-message',
      lane: 'facebook',
      action: 'click',
      target: PIN_CLOSE,
      // Drawn a moment after the conversation: a second and a half covers it.
      when: { condition: { visible: PIN_DIALOG }, withinMs: 1500 },
      waitFor: { hidden: PIN_DIALOG },
      // No way to close it: the next step hands it to the person.
      optional: true,
      timeoutMs: 5000,
      caption: "Messenger offers to restore the customer's encrypted chat history; they close it, as a chat with a Page needs no PIN.",
    },
    {
      id: 'customer-pin',
      scene: 'receive-message',
      lane: 'facebook',
      action: 'manual',
      when: { condition: { visible: PIN_DIALOG }, withinMs: 0 },
      manual: {
        prompt:
          "Messenger asks the customer (the test user) for the PIN of their encrypted chat history and cannot be closed. Enter the test user's PIN in the customer's browser window; the demo goes on by itself.",
        until: { hidden: PIN_DIALOG },
      },
      caption: 'Messenger asks the customer for their chat-history PIN; they enter it.',
    },
    {
      id: 'customer-type',
      scene: 'receive-message',
      lane: 'facebook',
      action: 'fill',
      target: COMPOSER,
      value: '{{trigger.message}}',
      timeoutMs: 20_000,
      caption: 'The customer writes to the Page: "{{trigger.message}}"',
    },
    {
      id: 'customer-send',
      scene: 'receive-message',
      lane: 'facebook',
      action: 'click',
      target: SEND_BUTTON,
      waitFor: { text: '{{trigger.message}}', in: CONVERSATION },
      caption: 'The customer sends the message to "{{page.name}}". Facebook delivers it to Webitel through the Page\'s webhook (pages_messaging).',
    },
    {
      // The customer's part took a while: should Workspace's connection have dropped meanwhile, its
      // popup lies over the queue, and a click would land on it. Wait until it is back (or stop).
      id: 'workspace-connected',
      scene: 'receive-message',
      lane: 'webitel',
      action: 'waitFor',
      waitFor: { hidden: DISCONNECTED },
      stopIf: WORKSPACE_STOPS,
      timeoutMs: 30_000,
    },
    // ------------------------------------------------------------ business_asset_user_profile_access
    {
      id: 'open-chat-tab',
      scene: 'customer-profile',
      lane: 'webitel',
      action: 'click',
      target: [css('.queue-section__tabs button.wt-tab:nth-of-type(2)'), css('.queue-section__tabs .wt-tab:nth-child(2)')],
      caption: 'In Workspace, the operator opens the chats tab (the second icon in the queue panel).',
      explain: 'The queue panel has three tabs: calls, chats and tasks. A red badge marks a new chat.',
      stopIf: WORKSPACE_STOPS,
    },
    {
      id: 'chat-appears',
      scene: 'customer-profile',
      lane: 'webitel',
      action: 'expect',
      waitFor: { visible: NEW_CHAT_NAME },
      timeoutMs: 30_000,
      // On a real host the likeliest break in the chain, in the order worth checking.
      ifFails: {
        cause:
          "the customer's message never reached the operator: Facebook did not deliver it to the chat gateway, or Webitel did not offer the chat to this agent",
        todo: 'check, in order: the Page\'s "Webhook subscription" is on in Webitel Admin (the gateway\'s "Facebook pages" tab); the Meta app\'s webhook for Pages is registered with "messages" (the pre-flight check reads it); the Test User has a role on the Meta app (before approval only people with a role reach the Page through Messenger); the operator\'s agent is in the queue the gateway\'s flow sends chats to; then run again',
      },
      caption:
        "The new chat appears under the customer's Facebook name: Webitel reads the sender's name with Business Asset User Profile Access and shows it in Workspace's chat list, so the operator knows who is writing.",
      stopIf: WORKSPACE_STOPS,
    },
    {
      id: 'open-chat',
      scene: 'customer-profile',
      lane: 'webitel',
      action: 'click',
      target: NEW_CHAT,
      // A queue that answers chats by itself opens them joined: the reply box, no "Accept".
      waitFor: { any: [{ visible: ACCEPT }, { visible: REPLY_BOX }] },
      caption: "The operator opens the chat: the customer's name and message are shown.",
      stopIf: WORKSPACE_STOPS,
    },
    // ------------------------------------------------------------ pages_messaging (reply)
    {
      id: 'accept-chat',
      scene: 'reply',
      lane: 'webitel',
      action: 'click',
      target: [{ css: 'button', within: { css: '.chat-footer__chat-preview', text: 'Accept' } }, ...ACCEPT],
      when: { condition: { visible: ACCEPT } },
      waitFor: { visible: REPLY_BOX },
      timeoutMs: 20_000,
      caption: 'The operator clicks "Accept" to take the chat.',
      explain: '"Accept" assigns the conversation to this operator and opens the reply box.',
      stopIf: WORKSPACE_STOPS,
    },
    {
      id: 'type-reply',
      scene: 'reply',
      lane: 'webitel',
      action: 'fill',
      target: [css('textarea#draft'), css('textarea[placeholder="Write a message..."]')],
      value: '{{vars.reply}}',
      caption: 'The operator types a reply.',
      stopIf: WORKSPACE_STOPS,
    },
    {
      id: 'send-reply',
      scene: 'reply',
      lane: 'webitel',
      action: 'press',
      target: [css('textarea#draft'), css('textarea[placeholder="Write a message..."]')],
      key: 'Enter',
      waitFor: { text: '{{vars.reply}}', in: [css('article.chat'), css('.chat-messages-container'), css('main')] },
      caption: 'The operator sends the reply; Webitel sends it to the customer through the Page (pages_messaging).',
      stopIf: WORKSPACE_STOPS,
    },
    {
      id: 'reply-received',
      scene: 'reply',
      lane: 'facebook',
      action: 'expect',
      waitFor: { text: '{{vars.reply}}', in: CONVERSATION },
      timeoutMs: 20_000,
      ifFails: {
        cause: "the operator's reply did not reach the customer's Messenger: Webitel could not send it through the Page",
        todo: 'open the chat gateway in Webitel Admin and reconnect the Page ("Add or remove pages"), so that its token carries pages_messaging again; check that the Page is published with messaging on; then run again',
      },
      caption: 'The operator\'s reply arrives in the customer\'s Messenger conversation with "{{page.name}}" on Facebook.',
    },
    {
      id: 'the-end',
      scene: 'reply',
      lane: 'facebook',
      action: 'caption',
      durationMs: 3000,
      caption: 'Done: the Page is connected, its messages reach Webitel, and the operator answers customers on Messenger.',
    },
  ],
};

/**
 * The steps a reviewer repeats (or, `screencastOnly`, sees in the screencast because only the
 * Page's admin can do them), in the reviewer's words where they differ from the caption. The
 * numbered reviewer instructions are generated from these marks (app/review/texts/scenario-instructions.ts).
 * Kept apart from the steps so that the steps read as the demo plays.
 */
const REVIEWER_MARKS: Record<string, ReviewerMark> = {
  'add-pages': {
    screencastOnly: true,
    text: 'A Webitel administrator opens the Meta chat gateway "{{gateway.name}}" in Webitel Admin, opens the "Facebook pages" tab and clicks "Add or remove pages".',
  },
  'fb-choose-page': {
    screencastOnly: true,
    text: 'The Page\'s admin logs in to Facebook; in the "Facebook Login for Business" dialog (through "Edit settings" when Facebook offers to continue with previous settings) they choose "Opt in to current Pages only", select the Page "{{page.name}}", keep every permission on in the app\'s access request and click "Save"; the Page appears in the gateway\'s table.',
  },
  'subscribe-webhook': {
    screencastOnly: true,
    text: 'The administrator turns on the "Webhook subscription" switch of "{{page.name}}", which subscribes the gateway to the Page\'s messages.',
  },
  'operator-open-workspace': {
    text: 'Open {{webitel.workspaceUrl}} in a desktop browser (Chrome or Firefox); the Webitel sign-in page opens.',
    permissions: [],
  },
  'operator-login-form': {
    text: 'Sign in as the Webitel operator. If the page asks for the login first, enter it and click "Next", then enter the password and click "Next" again.',
    logins: 'operator',
    permissions: [],
  },
  'welcome-ok': {
    text: 'If the "Welcome to Webitel Agent Workspace!" window appears, answer the browser\'s microphone and notification requests (allowing or blocking both work) and click "Ok".',
    permissions: [],
  },
  'call-center-on': {
    text: 'Turn on the "Call Center" switch in the top bar so that chats are routed to you (it stays on once you are online; if Workspace says "You are in break mode now", click "Continue work" instead), then open the chat tab, the second icon of the queue panel on the left.',
    permissions: [],
  },
  'customer-open-messenger': {
    text: 'In a second browser window (a private window works), open {{messenger.threadUrl}}, the conversation with the Page "{{page.name}}" in Messenger on Facebook. Log in as the Facebook Test User when Facebook asks (if it asks about cookies, either answer works).',
    logins: 'test-user',
    permissions: [],
  },
  'customer-send': {
    text: 'Type "{{trigger.message}}" into the "Message" box and press Enter. Because the Page\'s webhook subscription is on, Meta delivers it to the Webitel gateway through the messages webhook.',
    permissions: ['pages_manage_metadata', 'pages_messaging'],
  },
  'chat-appears': {
    text: "Back in Workspace, a new chat appears in the chat tab within a few seconds, with the Test User's name and the message you sent.",
    permissions: ['pages_messaging', 'business_asset_user_profile_access'],
  },
  'accept-chat': {
    text: 'Click the chat, click "Accept" (a queue that answers chats by itself opens the chat without it), type a reply into the "Write a message..." box and press Enter.',
    permissions: ['pages_messaging'],
  },
  'reply-received': { text: 'Switch to the Messenger window: the reply appears in the conversation with "{{page.name}}".', permissions: ['pages_messaging'] },
};

for (const step of DEFAULT_SCENARIO.steps) {
  const mark = REVIEWER_MARKS[step.id];
  if (mark) step.reviewer = mark;
}
