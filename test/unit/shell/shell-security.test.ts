// Proves the desktop shell's security: a sandboxed window, blocked navigation and windows, trusted IPC senders, a minimal preload.
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

/** A stand-in for the parts of electron the shell touches, recording what it was asked to do. */
const electron = vi.hoisted(() => {
  const windows: Array<{ options: Record<string, unknown>; loaded: string[]; contents: FakeContents }> = [];
  type Listener = (...args: unknown[]) => void;
  class FakeContents {
    listeners = new Map<string, Listener[]>();
    openHandler: ((d: { url: string }) => { action: string }) | undefined;
    sent: unknown[] = [];
    on(ev: string, l: Listener) {
      this.listeners.set(ev, [...(this.listeners.get(ev) ?? []), l]);
      return this;
    }
    once(ev: string, l: Listener) {
      return this.on(ev, l);
    }
    emit(ev: string, ...args: unknown[]) {
      for (const l of this.listeners.get(ev) ?? []) l(...args);
    }
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.openHandler = h;
    }
    isDestroyed() {
      return false;
    }
    send(_ch: string, e: unknown) {
      this.sent.push(e);
    }
  }
  class BrowserWindow {
    webContents = new FakeContents();
    options: Record<string, unknown>;
    static getAllWindows = () => windows;
    constructor(options: Record<string, unknown>) {
      this.options = options;
      windows.push({ options, loaded: [], contents: this.webContents });
    }
    loadURL(u: string) {
      windows.at(-1)?.loaded.push(u);
      return Promise.resolve();
    }
    on() {
      return this;
    }
    once() {
      return this;
    }
    maximize() {}
    isMaximized() {
      return false;
    }
    isMinimized() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1280, height: 820 };
    }
    isDestroyed() {
      return false;
    }
  }
  const calls = {
    singleInstance: 0,
    headerHooks: [] as Array<(d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void>,
    permissionHandlers: [] as unknown[],
    schemes: [] as unknown[],
    protocols: [] as string[],
    ipc: new Map<string, (...a: unknown[]) => unknown>(),
    opened: [] as string[],
    exposed: new Map<string, unknown>(),
    invoked: [] as unknown[][],
  };
  return { windows, calls, BrowserWindow, FakeContents };
});

vi.mock('electron', () => {
  const { calls, BrowserWindow } = electron;
  return {
    app: {
      requestSingleInstanceLock: () => {
        calls.singleInstance++;
        return true;
      },
      whenReady: () => Promise.resolve(),
      getPath: () => process.env.RA_TEST_USERDATA ?? os.tmpdir(),
      getName: () => 'App Review Assistant',
      on: () => undefined,
      quit: () => undefined,
      exit: () => undefined,
    },
    BrowserWindow,
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
    ipcMain: { handle: (ch: string, h: (...a: unknown[]) => unknown) => calls.ipc.set(ch, h), removeHandler: (ch: string) => calls.ipc.delete(ch) },
    net: { fetch: () => Promise.resolve(new Response('')) },
    protocol: { registerSchemesAsPrivileged: (s: unknown) => calls.schemes.push(s), handle: (s: string) => calls.protocols.push(s) },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (h: (typeof calls.headerHooks)[number]) => calls.headerHooks.push(h) },
        setPermissionRequestHandler: (h: unknown) => calls.permissionHandlers.push(h),
      },
    },
    shell: { openExternal: (u: string) => calls.opened.push(u), openPath: () => Promise.resolve('') },
    contextBridge: { exposeInMainWorld: (k: string, v: unknown) => calls.exposed.set(k, v) },
    ipcRenderer: {
      invoke: (...a: unknown[]) => {
        calls.invoked.push(a);
        return Promise.resolve({ ok: true, result: null });
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
});

const { secureWebPreferences, hardenWebContents, isTrustedFrame, withCspHeader, APP_ORIGIN, APP_URL } = await import('../../../app/shell/security');
const { handleCall, registerIpc, IPC_CALL, IPC_EVENT } = await import('../../../app/shell/ipc');
const { createApi } = await import('../../../app/api/impl');

const userData = await mkdtemp(path.join(os.tmpdir(), 'ra-shell-'));
process.env.RA_TEST_USERDATA = userData;
process.env.REVIEW_ASSISTANT_DATA = path.join(userData, 'data');
afterAll(() => rm(userData, { recursive: true, force: true }));

describe('window settings', () => {
  it('isolates and sandboxes the renderer, with no Node', () => {
    const w = secureWebPreferences('/p/preload.cjs');
    expect(w).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      preload: '/p/preload.cjs',
    });
  });

  it('the main process opens one window with those settings, a single-instance lock, the CSP header and the app URL', async () => {
    await import('../../../app/shell/main');
    await vi.waitFor(() => expect(electron.windows.length).toBe(1));
    const win = electron.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win.loaded).toEqual([APP_URL]);
    expect(electron.calls.singleInstance).toBe(1);
    expect(electron.calls.ipc.has(IPC_CALL)).toBe(true);
    expect(electron.calls.protocols.sort()).toEqual(['ra-app', 'ra-media']);
    // The CSP header is added to every response.
    const hook = electron.calls.headerHooks[0]!;
    let headers: Record<string, string[]> = {};
    hook({ responseHeaders: { 'content-security-policy': ['default-src *'], 'x-other': ['1'] } }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']?.[0]).toContain("default-src 'self'");
    expect(headers['Content-Security-Policy']?.[0]).toContain("object-src 'none'");
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['x-other']).toEqual(['1']);
    // Every permission request (camera, notifications…) is refused.
    const deny = electron.calls.permissionHandlers[0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    let granted: boolean | undefined;
    deny(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
  });
});

describe('navigation and new windows', () => {
  let contents: InstanceType<typeof electron.FakeContents>;
  let opened: string[];
  beforeEach(() => {
    contents = new electron.FakeContents();
    opened = [];
    hardenWebContents(contents as never, (u) => opened.push(u));
  });

  it('blocks navigation away from the app', () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:1/']) {
      const ev = { preventDefault: vi.fn() };
      contents.emit('will-navigate', ev, url);
      expect(ev.preventDefault).toHaveBeenCalled();
    }
    const inside = { preventDefault: vi.fn() };
    contents.emit('will-navigate', inside, `${APP_ORIGIN}/index.html`);
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('blocks a redirect out of the app (a server answering with a Location elsewhere), also to look-alike origins', () => {
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:9/',
      'file:///etc/passwd',
      'ra-media://run/demo.mp4',
      'ra-app://ui.evil.example/index.html',
      'ra-app://ui@evil.example/',
      'ra-app://uix/index.html',
      'data:text/html,<script>alert(1)</script>',
      'javascript:alert(1)',
      'not a url',
    ]) {
      const ev = { preventDefault: vi.fn() };
      contents.emit('will-redirect', ev, url);
      expect(ev.preventDefault, url).toHaveBeenCalledOnce();
    }
    const inside = { preventDefault: vi.fn() };
    contents.emit('will-redirect', inside, `${APP_ORIGIN}/index.html#/recorder`);
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it("the app's own window has these guards (navigation, redirects, new windows, webviews)", () => {
    const win = electron.windows[0];
    expect(win, 'the main process opened no window (see "window settings")').toBeDefined();
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) expect(win!.contents.listeners.get(ev)?.length, ev).toBeGreaterThan(0);
    const redirect = { preventDefault: vi.fn() };
    win!.contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    // A new window is never made, not even one for the app itself; an https link goes to the system browser.
    expect(win!.contents.openHandler?.({ url: APP_URL })).toEqual({ action: 'deny' });
    expect(win!.contents.openHandler?.({ url: 'https://developers.facebook.com/docs/' })).toEqual({ action: 'deny' });
    expect(electron.calls.opened).toContain('https://developers.facebook.com/docs/');
  });

  it('denies every new window; https links go to the system browser, others nowhere', () => {
    expect(contents.openHandler?.({ url: 'https://developers.facebook.com/apps/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    // Credentials in a link would be handed to the system browser: refused.
    expect(contents.openHandler?.({ url: 'https://user:pass@evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: `${APP_ORIGIN}/index.html` })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://developers.facebook.com/apps/']);
  });

  it('refuses webviews', () => {
    const ev = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', ev);
    expect(ev.preventDefault).toHaveBeenCalled();
  });

  it('keeps a single CSP header', () => {
    const h = withCspHeader({ 'Content-Security-Policy': ['x'] });
    expect(Object.keys(h)).toEqual(['Content-Security-Policy']);
    expect(h['Content-Security-Policy']?.[0]).toContain("script-src 'self'");
  });
});

describe('IPC', () => {
  const api = createApi({ dataDir: path.join(userData, 'ipc-data'), mode: 'desktop', openPath: async () => undefined, mediaUrl: (r) => r });
  const trusted = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };

  it('trusts only the top frame of the app origin', () => {
    expect(isTrustedFrame(trusted.senderFrame as never)).toBe(true);
    expect(isTrustedFrame({ url: 'https://evil.example/', parent: null } as never)).toBe(false);
    expect(isTrustedFrame({ url: `${APP_ORIGIN}/index.html`, parent: {} } as never)).toBe(false);
    expect(isTrustedFrame(null)).toBe(false);
  });

  it('rejects a foreign sender before running anything', async () => {
    let ran = false;
    const handlers = { ...api.handlers, appInfo: async () => ((ran = true), api.handlers.appInfo({})) };
    const r = await handleCall({ senderFrame: { url: 'https://evil.example/', parent: null } } as never, handlers, 'appInfo', {});
    expect(r).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(ran).toBe(false);
  });

  it('rejects a bad payload with field issues', async () => {
    const r = await handleCall(trusted as never, api.handlers, 'getSubmission', { name: '../../etc/passwd' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ field: 'name' }] } });
    const extra = await handleCall(trusted as never, api.handlers, 'cancelJob', { jobId: 'record-1', evil: true });
    expect(extra).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const unknown = await handleCall(trusted as never, api.handlers, '__proto__', {});
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'usage' } });
  });

  it('runs a valid call from the app window', async () => {
    const r = await handleCall(trusted as never, api.handlers, 'appInfo', {});
    expect(r).toMatchObject({ ok: true, result: { mode: 'desktop' } });
  });

  it('registers one channel', () => {
    const registered = new Map<string, unknown>();
    const off = registerIpc(
      { handle: (c: string, h: unknown) => registered.set(c, h), removeHandler: (c: string) => registered.delete(c) } as never,
      api.handlers,
    );
    expect([...registered.keys()]).toEqual([IPC_CALL]);
    off();
    expect(registered.size).toBe(0);
  });
});

describe('preload', () => {
  it('exposes only the typed client, on the channels the main process listens to', async () => {
    await import('../../../app/shell/preload');
    expect([...electron.calls.exposed.keys()]).toEqual(['reviewAssistant']);
    const bridge = electron.calls.exposed.get('reviewAssistant') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent']);
    await (bridge.call as (n: string, i: unknown) => Promise<unknown>)('appInfo', {});
    expect(electron.calls.invoked.at(-1)).toEqual([IPC_CALL, 'appInfo', {}]);
    expect(IPC_EVENT).toBe('ra:event');
  });
});
