// A local stand-in for the Graph API, with its documented shapes and failures, for tests and for trying the pre-flight without Meta.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphApp, GraphPage, GraphPermission, GraphRole, GraphSubscription } from '../facts';

/**
 * A local stand-in for the Graph API that speaks the documented shapes and errors
 * (`meta-app-review.md`): the app node, its subscriptions, roles and permissions, and the
 * failures a pre-flight must survive. For tests and for trying the pre-flight with no
 * Meta app (the UI's sandbox can start it too). Listens on 127.0.0.1 only.
 */
export type GraphFault =
  | 'transient' // code 2, HTTP 500: retry
  | 'unknown' // code 1, HTTP 500: retry
  | 'rate-limit' // code 4, HTTP 403, with Retry-After when `retryAfterSec` is set
  | 'timeout' // never answers
  | 'malformed' // HTTP 200 with an HTML page
  | 'bad-shape'; // HTTP 200 JSON of the wrong shape

export interface GraphServerState {
  appId: string;
  appSecret: string;
  app: Omit<GraphApp, 'id'>;
  subscriptions: GraphSubscription[];
  roles: GraphRole[];
  permissions: GraphPermission[];
  /** Pages readable by id (`GET /{page-id}`); others answer error 100 as Graph does without Page Public Metadata Access. */
  pages?: GraphPage[] | undefined;
  /** Served in order, one per request, before normal answers resume. */
  faults: GraphFault[];
  /** A fault served to every request (after `faults` is empty). */
  always?: GraphFault | undefined;
  retryAfterSec?: number | undefined;
}

export interface GraphServerRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  tokenOk: boolean;
}

export interface GraphServer {
  url: string;
  state: GraphServerState;
  requests: GraphServerRequest[];
  close(): Promise<void>;
}

let traceSeq = 0;
const trace = () => `AbCdEfGh${(++traceSeq).toString(36).padStart(4, '0')}`;

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

function graphError(
  res: http.ServerResponse,
  status: number,
  code: number,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void {
  send(res, status, { error: { message, type: code === 190 ? 'OAuthException' : 'GraphMethodException', code, ...extra, fbtrace_id: trace() } }, headers);
}

export async function startGraphServer(init: Partial<GraphServerState> & Pick<GraphServerState, 'appId' | 'appSecret'>): Promise<GraphServer> {
  const state: GraphServerState = { app: {}, subscriptions: [], roles: [], permissions: [], faults: [], ...init };
  const requests: GraphServerRequest[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(u.searchParams);
    const hasToken = typeof query.access_token === 'string' && query.access_token.length > 0;
    const tokenOk = query.access_token === `${state.appId}|${state.appSecret}`;
    delete query.access_token;
    requests.push({ method: req.method ?? 'GET', path: u.pathname, query, tokenOk });

    const fault = state.faults.shift() ?? state.always;
    switch (fault) {
      case 'timeout':
        return; // hold the socket open; the client's timeout must fire
      case 'malformed':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Sorry, something went wrong.</body></html>');
        return;
      case 'bad-shape':
        return send(res, 200, { data: 'not a list' });
      case 'transient':
        return graphError(res, 500, 2, 'An unexpected error has occurred. Please retry your request later.', { is_transient: true });
      case 'unknown':
        return graphError(res, 500, 1, 'An unknown error occurred', { error_subcode: 99 });
      case 'rate-limit':
        return graphError(
          res,
          403,
          4,
          '(#4) Application request limit reached',
          {},
          {
            'x-app-usage': JSON.stringify({ call_count: 100, total_time: 12, total_cputime: 9 }),
            ...(state.retryAfterSec !== undefined ? { 'retry-after': String(state.retryAfterSec) } : {}),
          },
        );
      default:
        break;
    }
    if (req.method !== 'GET') return graphError(res, 400, 100, 'Unsupported request method');
    if (!hasToken) return graphError(res, 400, 104, 'An access token is required to request this resource.');
    if (!tokenOk) return graphError(res, 400, 190, 'Error validating application. Invalid application secret.', { error_subcode: 460 });

    const parts = u.pathname.split('/').filter(Boolean); // [version, appId, edge?]
    if (!/^v\d+\.\d$/.test(parts[0] ?? '')) return graphError(res, 400, 2500, 'Unknown path components: /' + (parts[0] ?? ''));
    const page = state.pages?.find((pg) => pg.id === parts[1]);
    if (page && !parts[2]) {
      const fields = (query.fields ?? 'id,name').split(',');
      return send(res, 200, Object.fromEntries(fields.filter((f) => page[f] !== undefined).map((f) => [f, page[f]])));
    }
    if (parts[1] !== state.appId)
      return graphError(
        res,
        400,
        100,
        `Unsupported get request. Object with ID '${parts[1] ?? ''}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        { error_subcode: 33 },
      );
    const edge = parts[2];
    if (!edge) {
      const fields = (query.fields ?? 'id,name').split(',');
      const all: Record<string, unknown> = { id: state.appId, ...state.app };
      return send(res, 200, Object.fromEntries(fields.filter((f) => all[f] !== undefined && all[f] !== '').map((f) => [f, all[f]])));
    }
    if (edge === 'subscriptions') return send(res, 200, { data: state.subscriptions });
    if (edge === 'roles') return send(res, 200, { data: state.roles, paging: { cursors: { before: 'MAZDZD', after: 'MAZDZD' } } });
    if (edge === 'permissions') return send(res, 200, { data: state.permissions });
    return graphError(res, 400, 100, `Tried accessing nonexisting field (${edge}) on node type (Application)`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
