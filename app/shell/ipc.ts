// Carries the UI's API calls and events over one Electron IPC channel, refusing senders that are not the UI's own top frame.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { dispatch } from '../api/dispatch';
import type { ApiHandlers, ApiResponse } from '../api/contract';
import type { ApiEvent, EventHub } from '../api/events';
import { isTrustedFrame } from './security';

export const IPC_CALL = 'ra:call';
export const IPC_EVENT = 'ra:event';

/**
 * One IPC channel for all calls: the name picks the handler, the call's zod schema
 * validates the payload (in `dispatch`), and a sender that is not our UI's top frame is
 * refused before anything runs.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: ApiHandlers): () => void {
  ipcMain.handle(IPC_CALL, (event: IpcMainInvokeEvent, name: unknown, input: unknown) => handleCall(event, handlers, name, input));
  return () => ipcMain.removeHandler(IPC_CALL);
}

export async function handleCall(
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  handlers: ApiHandlers,
  name: unknown,
  input: unknown,
): Promise<ApiResponse<unknown>> {
  if (!isTrustedFrame(event.senderFrame)) {
    return { ok: false, error: { kind: 'auth', message: 'refused: the request did not come from the app window', issues: [] } };
  }
  return dispatch(handlers, name, input);
}

/** Forwards API events to a window while it lives. */
export function forwardEvents(hub: EventHub, contents: WebContents): () => void {
  const off = hub.on((e: ApiEvent) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT, e);
  });
  contents.once('destroyed', off);
  return off;
}
