// Gives the desktop UI its only link to the app: a typed call function and an event subscription, no Node.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiEvent } from '../api/events';
import type { Bridge } from '../api/bridge-types';

// Kept in sync with ipc.ts by the shell tests (the preload is bundled alone for the sandbox).
const IPC_CALL = 'ra:call';
const IPC_EVENT = 'ra:event';

/**
 * The only thing the UI gets from the desktop: a typed call function and an event
 * subscription. No ipcRenderer, no Node, no arbitrary channels.
 */
const bridge: Bridge = {
  call: (name, input) => ipcRenderer.invoke(IPC_CALL, name, input),
  onEvent: (listener) => {
    const wrapped = (_e: IpcRendererEvent, ev: ApiEvent) => listener(ev);
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('reviewAssistant', bridge);
