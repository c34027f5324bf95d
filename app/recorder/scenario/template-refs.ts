// Parses the `{{name}}` and `{{secret:path}}` template references in scenario text, and knows which names exist.
import { SECRET_PATHS } from '../../profile/schema';

/**
 * Template syntax: `{{name}}`, `{{secret:profile.path}}`, optionally `{{name|urlencode}}`.
 * This module only parses; values come from `scenarioContext`.
 */
export interface TemplateRef {
  raw: string;
  secret: boolean;
  name: string;
  filter: 'urlencode' | undefined;
}

export const TEMPLATE_RE = /\{\{\s*(secret:)?\s*([A-Za-z][A-Za-z0-9_.[\]-]*)\s*(?:\|\s*([A-Za-z]+)\s*)?\}\}/g;

export const FILTERS = ['urlencode'] as const;

/** Names `scenarioContext` always defines, besides `profile.*` and `vars.*`. */
export const CONTEXT_NAMES = [
  'webitel.origin',
  'webitel.host',
  'webitel.workspaceUrl',
  'gateway.name',
  'gateway.url',
  'gateway.uri',
  'gateway.appId',
  'facebook.origin',
  'messenger.origin',
  'messenger.pageUrl',
  'messenger.threadUrl',
  'page.id',
  'page.name',
  'page.username',
  'admin.login',
  'admin.user',
  'admin.domain',
  'operator.login',
  'operator.user',
  'operator.domain',
  'pageAdmin.email',
  'customer.email',
  'trigger.message',
  'app.name',
] as const;

export function templateRefs(text: string): TemplateRef[] {
  const out: TemplateRef[] = [];
  for (const m of text.matchAll(TEMPLATE_RE)) {
    out.push({ raw: m[0], secret: Boolean(m[1]), name: m[2] ?? '', filter: m[3] as TemplateRef['filter'] });
  }
  // A "{{" that did not parse is a typo the author should hear about.
  const stripped = text.replace(TEMPLATE_RE, '');
  if (stripped.includes('{{') || stripped.includes('}}')) {
    out.push({ raw: stripped.slice(Math.max(0, stripped.indexOf('{{'))), secret: false, name: '', filter: undefined });
  }
  return out;
}

/** Undefined when the reference can be resolved in principle; otherwise what is wrong. */
export function knownRoot(ref: TemplateRef, varNames: string[]): string | undefined {
  if (!ref.name) return `unreadable template "${ref.raw}": write {{name}}, {{secret:path}} or {{name|urlencode}}`;
  if (ref.filter !== undefined && !(FILTERS as readonly string[]).includes(ref.filter)) {
    return `unknown filter "${ref.filter}" in ${ref.raw}; filters: ${FILTERS.join(', ')}`;
  }
  if (ref.secret) {
    return (SECRET_PATHS as readonly string[]).includes(ref.name)
      ? undefined
      : `${ref.raw}: "${ref.name}" is not a secret; secrets are ${SECRET_PATHS.join(', ')}`;
  }
  if (ref.name.startsWith('vars.')) {
    return varNames.includes(ref.name.slice(5)) ? undefined : `${ref.raw}: no "${ref.name.slice(5)}" in "vars"`;
  }
  if (ref.name.startsWith('profile.')) return undefined;
  if ((CONTEXT_NAMES as readonly string[]).includes(ref.name)) return undefined;
  return `unknown template value ${ref.raw}; use one of ${CONTEXT_NAMES.join(', ')}, profile.<path>, vars.<name> or secret:<path>`;
}
