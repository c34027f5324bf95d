// The desktop app's main process: one hardened window over the same API the browser mode serves.
import path from 'node:path';
import { app, BrowserWindow, Menu, ipcMain, net, protocol, safeStorage, screen, session, shell } from 'electron';
import { createApi } from '../api/impl';
import { EventHub } from '../api/events';
import { resolveDataDir } from '../common/data-dir';
import { menuTemplate } from './menu';
import { forwardEvents, registerIpc } from './ipc';
import { PRIVILEGED_SCHEMES, desktopMediaUrl, registerProtocols } from './protocols';
import { APP_URL, hardenWebContents, isExternalLinkAllowed, secureWebPreferences, withCspHeader } from './security';
import { fitToDisplays, loadWindowState, saveWindowState, type WindowState } from './window-state';
import { safeStorageWrapper } from './safe-storage-key';

/**
 * The desktop app's main process: one window over the same API the browser mode serves.
 * Kept thin on purpose: everything but the window frame runs (and is tested) under plain Node.
 */

// Must run before `ready`.
protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);

const distDir = path.resolve(__dirname, '..');
const rendererDir = path.join(distDir, 'renderer');
const preloadPath = path.join(__dirname, 'preload.cjs');

function openExternal(url: string): void {
  if (isExternalLinkAllowed(url)) void shell.openExternal(url);
}

async function createMainWindow(hub: EventHub): Promise<BrowserWindow> {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const saved = fitToDisplays(
    await loadWindowState(stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(saved.x !== undefined && saved.y !== undefined ? { x: saved.x, y: saved.y } : {}),
    width: saved.width,
    height: saved.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'App Review Assistant',
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(preloadPath),
  });
  if (saved.maximized) win.maximize();
  hardenWebContents(win.webContents, openExternal);
  forwardEvents(hub, win.webContents);

  let saveTimer: NodeJS.Timeout | undefined;
  const remember = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (win.isDestroyed()) return;
      const b = win.getNormalBounds();
      const state: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
      void saveWindowState(stateFile, state).catch(() => undefined);
    }, 400);
  };
  win.on('resize', remember);
  win.on('move', remember);
  win.on('maximize', remember);
  win.on('unmaximize', remember);
  win.on('close', remember);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(APP_URL);
  return win;
}

/** Without a usable keychain (Linux with no keyring) the vault falls back to a passphrase. */
function keychainUsable(): boolean {
  try {
    return safeStorage.isEncryptionAvailable() && safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
  } catch {
    return false;
  }
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  // The desktop app and the CLI share one data folder (userData = <appData>/<productName>).
  const dataDir = resolveDataDir();
  const hub = new EventHub();
  const api = createApi({
    dataDir,
    mode: 'desktop',
    hub,
    keyWrapper: keychainUsable() ? safeStorageWrapper() : undefined,
    passphrase: process.env.REVIEW_ASSISTANT_PASSPHRASE,
    openPath: async (p) => {
      const err = await shell.openPath(p);
      if (err) throw new Error(err);
    },
    mediaUrl: desktopMediaUrl,
  });

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders) });
  });
  // The UI needs no camera, microphone, notifications or geolocation.
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  registerProtocols(protocol, (url, init) => net.fetch(url, init), { rendererDir, dataDir });
  registerIpc(ipcMain, api.handlers);
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents, openExternal));

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ isMac: process.platform === 'darwin', appName: app.getName(), openExternal, openDataFolder: () => void shell.openPath(dataDir) }),
    ),
  );

  let win = await createMainWindow(hub);
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createMainWindow(hub).then((w) => (win = w));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => void api.dispose());
}

start().catch((e) => {
  console.error(e);
  app.exit(1);
});
