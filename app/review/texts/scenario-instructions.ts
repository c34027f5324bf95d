// The reviewer instructions' steps read from the scenario: the steps marked `reviewer`, in scenario order.
import type { Profile } from '../../profile/schema';
import { scenarioContext } from '../../recorder/scenario/context';
import type { Scenario } from '../../recorder/scenario/schema';
import { TEMPLATE_RE } from '../../recorder/scenario/template-refs';
import { PermissionIdSchema, type PermissionId } from '../permission-ids';
import { placeholder, textFacts } from './facts';
import type { InstructionStep } from './instructions';

const WEBITEL_LANE_RE = /webitel|operator|agent|admin/i;
const FACEBOOK_LANE_RE = /facebook|messenger|customer|fb/i;

/**
 * One instruction step per scenario step marked `reviewer`, worded as the mark says (or as the
 * caption), its templates filled from the profile as the real sites have them (the Webitel host,
 * https://www.facebook.com/messages/t/<page id>), so that editing the scenario changes the
 * instructions. A value the profile lacks shows as a placeholder; secrets are never filled in,
 * the test logins come only through `logins`.
 */
/** Template names said as a reader would (a placeholder in a text must not show `gateway.name`). */
const WORDS: Record<string, string> = {
  'webitel.origin': 'Webitel address',
  'webitel.host': 'Webitel host',
  'webitel.workspaceUrl': 'Webitel Workspace address',
  'gateway.name': 'chat gateway name',
  'gateway.url': 'chat gateway address',
  'gateway.uri': 'callback URI',
  'gateway.appId': 'App ID',
  'messenger.pageUrl': 'Page address on Messenger',
  'messenger.threadUrl': 'Messenger conversation address',
  'page.id': 'Page ID',
  'page.name': 'Page name',
  'page.username': 'Page username',
  'admin.login': 'admin login',
  'operator.login': 'operator login',
  'pageAdmin.email': 'Page admin e-mail',
  'customer.email': 'test user e-mail',
  'trigger.message': 'customer message',
  'app.name': 'Meta app name',
};

/** The words for a template name: its own, else the name's parts spelled out (`vars.replyText` → "reply text"). */
export function placeholderWords(name: string): string {
  if (WORDS[name]) return WORDS[name];
  const last = name.split('.').filter((p) => p !== 'vars' && p !== 'profile');
  return last
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

export function instructionStepsFromScenario(scenario: Scenario, profile: Profile): InstructionStep[] {
  const ctx = scenarioContext(profile);
  const f = textFacts(profile);
  const scenes = new Map(scenario.scenes.map((s) => [s.id, s]));
  const fill = (text: string) =>
    text.replace(TEMPLATE_RE, (_raw, secretMark: string | undefined, name: string, filter: string | undefined) => {
      if (secretMark) return placeholder('hidden');
      const entry = name.startsWith('vars.') ? { value: scenario.vars[name.slice(5)], secret: false } : ctx.entries[name];
      if (!entry || entry.secret || !entry.value) return placeholder(placeholderWords(name));
      return filter === 'urlencode' ? encodeURIComponent(entry.value) : entry.value;
    });
  const out: InstructionStep[] = [];
  for (const st of scenario.steps) {
    if (!st.reviewer) continue;
    const mark = st.reviewer === true ? {} : st.reviewer;
    const base = mark.text ?? st.caption;
    if (!base) continue;
    let text = fill(base).replace(/\s+/g, ' ').trim();
    if (mark.logins === 'operator') text += `\nLogin: ${f.operatorLogin}\nPassword: ${f.operatorPassword}`;
    if (mark.logins === 'test-user') text += `\nE-mail: ${f.testUserEmail}\nPassword: ${f.testUserPassword}`;
    const permissions: PermissionId[] =
      mark.permissions ?? (scenes.get(st.scene)?.permissions ?? []).filter((p): p is PermissionId => PermissionIdSchema.safeParse(p).success);
    const lane = FACEBOOK_LANE_RE.test(st.lane) && !WEBITEL_LANE_RE.test(st.lane) ? 'facebook' : WEBITEL_LANE_RE.test(st.lane) ? 'webitel' : undefined;
    // A Page-connection step acts in Facebook's popup of the Webitel window: the reviewer sees it as Facebook.
    const shownLane = st.popup ? 'facebook' : lane;
    out.push({ text, permissions: [...permissions], ...(shownLane ? { lane: shownLane } : {}), ...(mark.screencastOnly ? { screencastOnly: true } : {}) });
  }
  return out;
}
