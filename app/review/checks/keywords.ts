// The words that tie each permission's description to the Webitel feature the video shows, which the description checks look for.
import type { PermissionId } from '../permission-ids';

/**
 * Words that name the Webitel feature behind each permission. A description must mention
 * at least one, so a reviewer can match the text to what the video shows. The permission
 * catalog's keywords take precedence when the caller passes them.
 */
export const DEFAULT_FEATURE_KEYWORDS: Record<PermissionId, readonly string[]> = {
  pages_show_list: ['Add or remove pages', 'Facebook pages', 'choose the Pages', 'select the Pages', 'list of Pages', 'Pages they manage', 'Pages you manage'],
  pages_manage_metadata: ['Webhook subscription', 'webhook', 'subscribe', 'message retrieval'],
  pages_messaging: ['Agent Workspace', 'Workspace', 'reply', 'replies', 'Send API'],
  business_asset_user_profile_access: ["customer's name", 'Facebook name', 'public profile', 'name and profile', 'profile fields'],
};
