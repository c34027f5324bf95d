// Agent Workspace's live connection in the sandbox: one WebSocket at /ws carrying its requests and events, cut or refused on request.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { refuseUpgrade, str } from '../http';
import { SandboxError, type WebitelRole } from '../state';
import type { SiteContext } from '../site';

/**
 * Workspace talks to Webitel over one WebSocket at `<origin>/ws` (cc-workspaces
 * useWebSocketClient.ts): requests `{seq, action, data}` answered by `{seq_reply, status, data}`
 * or `{…, error}`, and events `{event, data}` pushed by the server. The client library that
 * speaks it (webitel-sdk) is not public, so the messages are the sandbox's own, in that shape;
 * the first request must be `authentication_challenge` with the access token.
 */

/** `webitel.connection`: how long after the agent goes online the live connection drops, and for how long when it comes back. */
const LINK_DROP_AFTER_MS = 800;
const LINK_DOWN_MS = 4000;

/** Handles an HTTP upgrade to `/ws` on the Webitel host. */
export function workspaceLink(ctx: SiteContext): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  let refusals = 0;
  return (req, socket, head) => {
    // A proxy without a `location /ws` that passes WebSocket upgrades answers it as any unknown path.
    if (ctx.webitel.connection === 'refused') {
      if (refusals++ === 0) ctx.log('workspace: the live connection is refused (no WebSocket at /ws)');
      return refuseUpgrade(socket, 404, 'Not Found', 'not found');
    }
    if (!ctx.state.workspaceLinkUp) return refuseUpgrade(socket, 503, 'Service Unavailable', 'service unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => serve(ctx, ws));
  };
}

function serve(ctx: SiteContext, ws: WebSocket): void {
  let role: WebitelRole | undefined;
  let off = () => {};
  const untrack = ctx.track(() => ws.terminate());
  const unlink = ctx.state.onWorkspaceLink(() => ws.terminate());
  const send = (m: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
  };
  ws.on('close', () => {
    off();
    untrack();
    unlink();
  });
  ws.on('error', () => ws.terminate());
  ws.on('message', (raw) => {
    let m: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(String(raw));
      if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
      m = parsed as Record<string, unknown>;
    } catch {
      return ws.close(1003, 'messages are JSON objects');
    }
    const seq = typeof m.seq === 'number' ? m.seq : 0;
    const data = (m.data && typeof m.data === 'object' ? m.data : {}) as Record<string, unknown>;
    const fail = (status: number, detail: string) => send({ seq_reply: seq, status: 'error', error: { id: 'sandbox', detail, status } });
    if (m.action === 'authentication_challenge') {
      role = ctx.state.roleOf(str(data.token));
      if (!role) return fail(401, 'Invalid or expired access token; log in again');
      send({ seq_reply: seq, status: 'success', data: { session: { user_id: role } } });
      // Only the agent gets chats; the admin is no contact-center agent.
      if (role === 'operator') off = ctx.state.onWorkspace(send);
      return;
    }
    if (!role) return fail(401, 'authenticate first (authentication_challenge)');
    workspaceAction(ctx, role, str(m.action), data).then(
      (result) => send({ seq_reply: seq, status: 'success', data: result }),
      (e: unknown) => {
        if (e instanceof SandboxError) return fail(e.status, e.message);
        ctx.log(`workspace: ${str(m.action)} failed: ${e instanceof Error ? e.message : String(e)}`);
        fail(500, 'internal error');
      },
    );
  });
}

export async function workspaceAction(ctx: SiteContext, role: WebitelRole, action: string, data: Record<string, unknown>): Promise<unknown> {
  const { state } = ctx;
  const user = ctx.state.webitelUser(role);
  const agentOnly = () => {
    if (!user.ccAgent) throw new SandboxError(403, `${user.name} is not a contact-center agent`);
  };
  switch (action) {
    case 'cc_agent_session':
      // Opening the agent session takes a while (web phone, WebSocket): Workspace's "Ok" loads meanwhile.
      if (data.open === true) await ctx.sleep(ctx.webitel.sessionOpenMs ?? 1200);
      return {
        agent: user.ccAgent ? state.agentInfo() : null,
        // The agent's screen control and whether DeskTrack reports it signed in (never, here).
        screenControl: user.ccAgent && ctx.webitel.screenControl === true,
        descTrack: false,
        dnd: state.dndOn,
        chats: role === 'operator' ? state.listChats() : [],
        user: { name: user.name, login: user.login, ccAgent: user.ccAgent, activityTypes: user.activityTypes },
      };
    case 'online_skills':
      // 26.08 loads the activity types over the network before it opens their popup (OnlineSkillsAPI.getList).
      agentOnly();
      await ctx.sleep(ctx.webitel.activityTypesMs ?? 600);
      return { items: user.activityTypes.length ? user.activityTypes : ['Online', 'Chats only'] };
    case 'cc_agent_online': {
      agentOnly();
      // Controlled switch: the UI flips only when this reply (or the agent_status event) arrives.
      await ctx.sleep(ctx.ccSwitchDelayMs);
      const activity = str(data.activity) || null;
      ctx.log(`workspace: ${user.login} Call Center on${activity ? ` (${activity})` : ''}`);
      const drop = ctx.webitel.connection;
      if (drop === 'drops' || drop === 'lost')
        void ctx.sleep(LINK_DROP_AFTER_MS).then(() => {
          ctx.log(`workspace: the live connection ${drop === 'lost' ? 'is lost' : 'drops'}`);
          state.dropWorkspaceLink(drop === 'lost' ? Infinity : LINK_DOWN_MS);
        });
      return state.setAgent('online', activity);
    }
    case 'cc_agent_offline':
      agentOnly();
      await ctx.sleep(ctx.ccSwitchDelayMs);
      ctx.log(`workspace: ${user.login} Call Center off`);
      return state.setAgent('offline', null);
    case 'cc_agent_pause':
      agentOnly();
      await ctx.sleep(Math.min(ctx.ccSwitchDelayMs, 200));
      return state.setAgent('pause', str(data.note) || null);
    case 'user_dnd':
      state.setDnd(data.value === true);
      return { dnd: state.dndOn };
    case 'join_chat':
      agentOnly();
      return state.joinChat(str(data.invite_id));
    case 'send_text_chat':
      agentOnly();
      return state.operatorSend(str(data.conversation_id), str(data.msg));
    case 'close_chat':
      agentOnly();
      state.closeChat(str(data.conversation_id));
      return {};
    default:
      throw new SandboxError(400, `unknown action "${action}"`);
  }
}
