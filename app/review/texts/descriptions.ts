// Writes one usage description per permission, each in its own words as Meta asks, from the submission's facts.
import type { PermissionId } from '../permission-ids';
import type { TextFacts } from './facts';

/**
 * One usage description per permission, each written on its own (Meta: "Each permission
 * and feature must have its own description. Do not copy and paste."). They share facts,
 * never sentences; a unit test holds them to that across several profiles.
 */
type Writer = (f: TextFacts) => string[];

const gatewayRef = (f: TextFacts) => (f.gatewayName ? `the Meta chat gateway "${f.gatewayName}"` : 'its Meta chat gateway');

const pagesShowList: Writer = (f) => [
  `${f.company} answers its customers from the Webitel contact center at ${f.hostUrl} and uses the Meta app "${f.appName}" to bring the Messenger conversations of its Facebook ${f.pageNames.length > 1 ? 'Pages' : 'Page'} ${f.pageList} into it.`,
  f.deployment === 'cloud'
    ? `To connect a Page, an administrator of ${f.company} who has a role on the app opens ${gatewayRef(f)} in Webitel Admin, switches to the "Facebook pages" tab and clicks "Add or remove pages", which opens Facebook Login for Business.`
    : `To connect a Page, an administrator of the on-premise Webitel installation at ${f.hostName} opens ${gatewayRef(f)} in Webitel Admin, switches to the "Facebook pages" tab and clicks "Add or remove pages", which opens Facebook Login for Business.`,
  `In that dialog the administrator chooses which of the Pages they manage the app may access; the gateway then calls GET /me/accounts with the administrator's user token and lists exactly those Pages, ${f.firstPage} among them, in the table on that tab.`,
  `Seeing the list, the administrator picks the Pages whose chats should reach the operators, and a Page is listed only when Facebook confirms that this person manages it, which is how we verify that whoever connects ${f.firstPage} is entitled to.`,
  'The Page list serves nothing else: operators and customers never see it, and it is not shared with anyone.',
];

const pagesManageMetadata: Writer = (f) => [
  `Once a Page such as ${f.firstPage} is connected, the table on the "Facebook pages" tab of the Webitel gateway at ${f.hostName} shows a "Webhook subscription" switch next to it.`,
  `Turning that switch on is how an administrator at ${f.company} enables message retrieval for the Page: the gateway calls POST /{page-id}/subscribed_apps, and from then on Meta sends the Page's messages and messaging_postbacks webhook events to "${f.appName}".`,
  'To draw the switch in its current position the gateway reads GET /{page-id}/subscribed_apps, and switching it off calls DELETE /{page-id}/subscribed_apps so that events for that Page stop.',
  "Without pages_manage_metadata a Page could be connected, yet none of its conversations would reach the operators' Workspace, because no webhook event would ever arrive.",
  "The permission is used for this subscription alone, helping the Page's admin decide whether the Page's Messenger inbox is answered from Webitel; the Page's name, posts and public settings are left untouched.",
];

const pagesMessaging: Writer = (f) => [
  f.pageNames.length > 1
    ? `People who need help from ${f.company} send a Messenger message to whichever Page suits them (${f.pageList}), for instance by opening ${f.messengerUrl} for ${f.firstPage}.`
    : `People who need help from ${f.company} write to its Facebook Page ${f.firstPage} on Messenger, for instance by opening ${f.messengerUrl}.`,
  `The messages webhook delivers each of those messages to "${f.appName}", and the Webitel gateway turns it into a new chat in Agent Workspace at ${f.hostUrl}/workspace/, where an available operator finds it in the chat queue.`,
  'The operator clicks "Accept", reads the question and types an answer, which the gateway sends back into the same Messenger conversation with the Send API (POST /{page-id}/messages, messaging_type RESPONSE).',
  "Every conversation is started by the customer, and answers go out only within Messenger's 24-hour response window.",
  `This is customer support messaging: ${f.company} sends no promotional or unsolicited messages through pages_messaging.`,
];

const profileAccess: Writer = (f) => [
  `When a message arrives from ${f.firstPage}, the operator who answers it in Webitel Agent Workspace on ${f.hostName} needs to know who is writing.`,
  'For each new sender the gateway requests the public profile fields name, first_name, last_name and profile_pic for the page-scoped ID Messenger assigned to that person (GET /{psid}).',
  "Workspace shows the customer's name as the title of the new chat in the chat queue and at the top of the open chat (with an avatar of the name's initials), so operators can greet customers personally and tell conversations apart.",
  `Without Business Asset User Profile Access every customer of ${f.company} would show up under a placeholder name.`,
  `"${f.appName}" reads these fields only for people who have messaged the Page themselves, and only the operators handling that conversation see the name.`,
];

const WRITERS: Record<PermissionId, Writer> = {
  pages_show_list: pagesShowList,
  pages_manage_metadata: pagesManageMetadata,
  pages_messaging: pagesMessaging,
  business_asset_user_profile_access: profileAccess,
};

export function describePermission(id: PermissionId, f: TextFacts): string {
  return WRITERS[id](f).join(' ');
}
