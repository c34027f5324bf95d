// What `review-assistant sandbox` prints: the sandbox's addresses, its fake logins and its Pages.
import type { RunningSandbox } from './server';

/** What `review-assistant sandbox` prints: where to go and how to log in. */
export interface SandboxDescription {
  webitelRelease: RunningSandbox['webitelRelease'];
  urls: RunningSandbox['urls'];
  logins: Array<{ site: 'webitel' | 'facebook'; role: string; login: string; password: string; name: string }>;
  gateway: { name: string; appId: string; uri: string; url: string };
  pages: Array<{ id: string; name: string; url: string }>;
}

/**
 * Passwords are shown only when they are the sandbox's own fake ones; a real profile's
 * passwords stay hidden (`showPasswords: false`).
 */
export function describeSandbox(sb: RunningSandbox, opts: { showPasswords: boolean }): SandboxDescription {
  const s = sb.seed;
  const pw = (p: string) => (opts.showPasswords ? p : '(saved in the profile)');
  return {
    webitelRelease: sb.webitelRelease,
    urls: sb.urls,
    logins: [
      { site: 'webitel', role: 'admin', login: s.webitel.admin.login, password: pw(s.webitel.admin.password), name: s.webitel.admin.name },
      { site: 'webitel', role: 'operator', login: s.webitel.operator.login, password: pw(s.webitel.operator.password), name: s.webitel.operator.name },
      { site: 'facebook', role: 'page admin', login: s.facebook.pageAdmin.email, password: pw(s.facebook.pageAdmin.password), name: s.facebook.pageAdmin.name },
      {
        site: 'facebook',
        role: 'customer (test user)',
        login: s.facebook.customer.email,
        password: pw(s.facebook.customer.password),
        name: s.facebook.customer.name,
      },
    ],
    gateway: { name: s.gateway.name, appId: s.gateway.appId, uri: s.gateway.uri, url: sb.urls.gatewayUrl },
    pages: s.pages.map((p) => ({ id: p.id, name: p.name, url: sb.urls.messengerThreads[p.name] ?? `${sb.origins.facebook}/messages/t/${p.id}` })),
  };
}

export function formatSandboxDescription(d: SandboxDescription): string {
  const u = d.urls;
  const w = Math.max(...d.logins.map((l) => `${l.site} ${l.role}`.length));
  return [
    `Demo sandbox running — overview: ${u.index}`,
    '',
    `Webitel (release ${d.webitelRelease})`,
    `  login            ${u.webitelLogin}`,
    `  Agent Workspace  ${u.workspace}`,
    `  chat gateways    ${u.chatGateways}`,
    `  Facebook pages   ${u.gatewayPages}`,
    `  gateway URL      ${u.gatewayUrl}`,
    'Facebook',
    `  login            ${u.facebookLogin}`,
    'Messenger on Facebook (customer)',
    ...d.pages.map((p) => `  ${p.name.padEnd(16)} ${p.url}`),
    '',
    'Logins',
    ...d.logins.map((l) => `  ${`${l.site} ${l.role}`.padEnd(w)}  ${l.login}  ${l.password}  (${l.name})`),
    '',
    'The *.localhost names resolve to this computer in Chrome, Edge and Firefox. Press Ctrl-C to stop.',
  ].join('\n');
}
