// Test helpers: small local pages for runner tests (login, switch, popup, code prompt) and checks for leftover browsers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Small pages for testing the runner without the sandbox: a login with an error alert,
 * a controlled switch, a popup that closes itself, a code prompt.
 */
const PAGES: Record<string, string> = {
  '/login': `<!doctype html><title>Login</title>
<form id="f"><input name="username" placeholder="Login"><input name="password" type="password" placeholder="Password">
<button type="submit" id="next" disabled>Next</button><div role="alert" id="err"></div></form>
<script>
const f = document.getElementById('f'), b = document.getElementById('next');
f.addEventListener('input', () => { b.disabled = !f.username.value || !f.password.value; });
f.addEventListener('submit', (e) => { e.preventDefault();
  if (f.password.value === 'right-pass') location.assign('/home?accessToken=tok123');
  else document.getElementById('err').textContent = 'Wrong login or password'; });
</script>`,
  '/home': `<!doctype html><title>Home</title><h1>Home</h1>
<table><tr><td>Other Page</td><td><div class="sw" data-p-checked="false"><input type="checkbox" role="switch" aria-checked="false"></div></td></tr>
<tr><td>Acme Support</td><td><div class="sw" data-p-checked="false"><input type="checkbox" role="switch" aria-checked="false"></div></td></tr></table>
<button id="open">Add or remove pages</button><p id="status"></p>
<script>
document.querySelectorAll('.sw input').forEach((i) => i.addEventListener('click', (e) => { e.preventDefault();
  setTimeout(() => { i.parentElement.setAttribute('data-p-checked', 'true'); i.setAttribute('aria-checked', 'true'); }, 300); }));
document.getElementById('open').addEventListener('click', () => window.open('/popup', '', 'width=600,height=700'));
window.addEventListener('message', (e) => { document.getElementById('status').textContent = 'connected: ' + e.data; });
</script>`,
  '/popup': `<!doctype html><title>Consent</title><div role="dialog"><h2>Connect?</h2>
<label><input type="checkbox" aria-label="Acme Support">Acme Support</label><button id="go">Got it</button></div>
<script>document.getElementById('go').addEventListener('click', () => { window.opener.postMessage('ok', '*'); setTimeout(() => window.close(), 200); });</script>`,
  '/code': `<!doctype html><title>Code</title><h2>Enter the code from your authentication app</h2>
<input id="approvals_code" aria-label="Login code"><button id="c">Continue</button>
<script>document.getElementById('c').addEventListener('click', () => { if (document.getElementById('approvals_code').value === '123456') location.assign('/done'); });</script>`,
  '/done': `<!doctype html><title>Done</title><p>Logged in</p>`,
  // A dialog lies over the whole page (as Messenger's PIN dialog does): a click on the button hits it.
  '/covered': `<!doctype html><title>Covered</title><button id="go">Go</button><p id="status"></p>
<div role="dialog" aria-modal="true" style="position:fixed;inset:0;background:rgba(0,0,0,.3)"><h2>Enter your PIN to restore your chat history</h2></div>
<script>document.getElementById('go').addEventListener('click', () => { document.getElementById('status').textContent = 'went'; });</script>`,
  // Webitel-like: the label is upper-cased by CSS (accessible name "OK"), and after a click the
  // button shows its loading state for 5 s (longer than the runner's re-click delay) while it
  // stays enabled; a second click then is a failure the page reports.
  '/busy': `<!doctype html><title>Busy</title><style>.typo-button{text-transform:uppercase}</style>
<div id="dlg" role="dialog"><h3 class="title">Welcome</h3><button type="button" id="ok" class="typo-button">Ok</button></div><div id="err"></div>
<script>
window.clicks = 0;
const ok = document.getElementById('ok');
ok.addEventListener('click', () => {
  window.clicks++;
  if (ok.classList.contains('p-button--loading')) { document.getElementById('err').setAttribute('role', 'alert'); document.getElementById('err').textContent = 'clicked while loading'; return; }
  ok.classList.add('p-button--loading');
  setTimeout(() => document.getElementById('dlg').remove(), 5000);
});
</script>`,
  // Its scripts hold the page's only thread for 6 s shortly after it loads: a look at the page
  // (Runtime.callFunctionOn) goes unanswered meanwhile, as one racing a navigation can.
  '/frozen': `<!doctype html><title>Frozen</title><p>Busy</p>
<script>setTimeout(() => { const end = Date.now() + 6000; while (Date.now() < end) {} }, 300);</script>`,
  // Busy for 3 s from 50 ms after load, then shows what a step waits for.
  '/busy-then-ready': `<!doctype html><title>Busy</title><p>Busy</p>
<script>setTimeout(() => { const end = Date.now() + 3000; while (Date.now() < end) {} document.body.insertAdjacentHTML('beforeend', '<p id="ready">Ready</p>'); }, 50);</script>`,
  '/slow': `<!doctype html><title>Slow</title><p>Waiting forever</p>`,
  // A live page whose WebSocket this server never accepts: it tries again every 400 ms.
  '/socket': `<!doctype html><title>Socket</title><p>Connecting</p>
<script>
const open = () => { const ws = new WebSocket('ws://' + location.host + '/ws?access_token=tok123'); ws.onclose = () => setTimeout(open, 400); };
open();
</script>`,
  // A connection-lost dialog, as Workspace shows while it reconnects: ?blip: shown 0.2–3.2 s, and
  // what a step waits for at 4 s; otherwise shown from 0.2 s on for good, and '#a' at 3 s.
  '/link': `<!doctype html><title>Link</title><div id="down" role="dialog" hidden>Connection lost</div>
<script>
const down = document.getElementById('down'), blip = location.search.includes('blip');
setTimeout(() => { down.hidden = false; }, 200);
if (blip) setTimeout(() => { down.hidden = true; }, 3200);
setTimeout(() => document.body.insertAdjacentHTML('beforeend', blip ? '<p id="ready">Ready</p>' : '<p id="a">A</p>'), blip ? 4000 : 3000);
</script>`,
  // Shows what a step waits for a moment after every load (the page-crash tests crash it before then).
  '/ready-later': `<!doctype html><title>Later</title><p>Loading</p>
<script>setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<p id="ready">Ready</p>'), 1500);</script>`,
  // A page that changed under its scenario (hand-over tests): the button "Next" is now
  // "Continue" with another id, the e-mail field moved to another id and name.
  '/renamed': `<!doctype html><title>Changed</title><h1>Settings</h1>
<div class="form"><label for="mail">E-mail address</label><input id="mail" name="contact-mail"></div>
<div class="form"><label for="code">Code</label><input id="code" name="code"></div>
<button id="go" type="button">Continue</button><p id="saved" hidden>Saved</p>
<button id="finish" type="button">Finish</button><p id="finished" hidden>All done</p>
<script>
document.getElementById('go').addEventListener('click', () => { document.getElementById('saved').hidden = false; });
document.getElementById('finish').addEventListener('click', () => { document.getElementById('finished').hidden = false; });
</script>`,
};

/** The step the `/renamed` page broke: it types into `#email`, which moved to `#mail`. */
export const movedFieldStep = (timeoutMs: number) => ({
  id: 'mail',
  scene: 's1',
  lane: 'a',
  action: 'fill' as const,
  target: [{ css: '#email' }],
  value: '{{secret:reviewer.operator.password}}',
  timeoutMs,
  caption: 'Type the address',
});

// A page whose button sits in an iframe from another site (localhost against 127.0.0.1: its
// own process, as an embedded dialog is): a click there tells the page through postMessage.
PAGES['/framed'] = `<!doctype html><title>Framed</title><h1>Settings</h1>
<iframe id="f" title="Connect your Page" width="420" height="160"></iframe><p id="saved" hidden>Saved</p>
<script>
document.getElementById('f').src = 'http://localhost:' + location.port + '/inner';
addEventListener('message', (e) => { if (e.data === 'saved') document.getElementById('saved').hidden = false; });
</script>`;
PAGES['/inner'] = `<!doctype html><title>Inner</title><button id="connect" type="button">Connect Page</button>
<script>document.getElementById('connect').addEventListener('click', () => parent.postMessage('saved', '*'));</script>`;

// The same button in a frame from another site, under a clear layer of the page around it that
// takes the first press and goes away: as Chrome does with a click meant for a frame it has not
// seen drawn yet, the first click reaches the page, not the frame. The page counts both.
PAGES['/shielded'] = `<!doctype html><title>Shielded</title><h1>Settings</h1>
<div style="position:relative;width:420px;height:160px">
<iframe id="f" title="Connect your Page" width="420" height="160" style="border:0"></iframe>
<div id="shield" style="position:absolute;inset:0;background:transparent"></div></div>
<p id="saved" hidden>Saved <span id="saves">0</span></p><p>Missed presses: <span id="missed">0</span></p>
<script>
document.getElementById('f').src = 'http://localhost:' + location.port + '/inner';
document.getElementById('shield').addEventListener('mousedown', (e) => { document.getElementById('missed').textContent = '1'; e.target.remove(); });
addEventListener('message', (e) => { if (e.data !== 'saved') return; const n = document.getElementById('saves'); n.textContent = String(Number(n.textContent) + 1); document.getElementById('saved').hidden = false; });
</script>`;

// A sign-in form embedded twice: from this site and from another one (its own process). The
// scenario's selectors no longer match, so the person does the fills inside the frames.
PAGES['/framed-form'] = `<!doctype html><title>Framed form</title><h1>Connect</h1>
<iframe id="same" title="Sign in here" width="420" height="220"></iframe>
<iframe id="cross" title="Sign in there" width="420" height="220"></iframe>
<script>
document.getElementById('same').src = '/inner-form?same';
document.getElementById('cross').src = 'http://localhost:' + location.port + '/inner-form?cross';
</script>`;
PAGES['/inner-form'] = `<!doctype html><title>Inner form</title>
<label for="mail">E-mail address</label><input id="mail" name="contact-mail"><br>
<label for="code">Code</label><input id="code" name="code"><br>
<label for="pw">Password</label><input id="pw" type="password" name="pw">`;

export interface LocalSite {
  origin: string;
  close(): Promise<void>;
}

export async function startLocalSite(): Promise<LocalSite> {
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    const body = PAGES[p];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Chromium processes whose command line names this folder (the lane profiles of one run). */
export async function browsersUsing(dir: string): Promise<number[]> {
  const { execFile } = await import('node:child_process');
  const out = await new Promise<string>((resolve) => execFile('ps', ['-eo', 'pid=,args='], { maxBuffer: 8 << 20 }, (_e, stdout) => resolve(stdout ?? '')));
  return out
    .split('\n')
    .filter((l) => l.includes(dir) && !l.includes(' ps '))
    .map((l) => Number(l.trim().split(/\s+/)[0]))
    .filter((n) => Number.isFinite(n) && n !== process.pid);
}
