// The `ui` command: opens the app in a web browser, served on 127.0.0.1 behind a per-launch token.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../../app/common/errors';
import { defaultStaticDir, openPrivately, startBrowserMode } from '../../../app/web/browser-mode';
import { EXIT, type Command } from '../command';

export const uiCommand: Command = {
  name: 'ui',
  summary: 'Open the app in a web browser (for servers and machines without the desktop app)',
  usage: '[--port N] [--no-open]',
  help: `
Serves the app's UI and its API on http://127.0.0.1 only, and prints the address to open.
The address carries a random access token made for this launch; anyone without it gets
"401 unauthorized". Requests with a foreign Host or Origin are refused (403).

The UI asks for the vault passphrase, unless REVIEW_ASSISTANT_PASSPHRASE is set.
Build the UI first with "npm run build" (this command says so if it is missing).
Stop with Ctrl-C.

Options:
  --port N     listen on this port (default: a free one)
  --no-open    only print the address; do not start the web browser

Example (on a server, through an SSH tunnel):
  ssh -L 8080:127.0.0.1:8080 server  then  review-assistant ui --port 8080 --no-open
`,
  options: { port: { type: 'string' }, 'no-open': { type: 'boolean' } },
  noJson: true,
  async run(ctx) {
    const portText = ctx.values.port as string | undefined;
    let port: number | undefined;
    if (portText !== undefined) {
      port = Number(portText);
      if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new UserError('usage', `--port must be a number from 1 to 65535 (got "${portText}")`);
    }
    const staticDir = defaultStaticDir();
    if (!(await fs.stat(path.join(staticDir, 'index.html')).catch(() => null))) {
      throw new UserError('io', `the UI is not built (no ${path.join(staticDir, 'index.html')})`, { hint: 'run "npm run build" first' });
    }
    const mode = await startBrowserMode({
      dataDir: ctx.dataDir,
      ...(port !== undefined ? { port } : {}),
      passphrase: ctx.env.REVIEW_ASSISTANT_PASSPHRASE,
      staticDir,
    });
    ctx.out(
      `App Review Assistant is running. Open this address (it holds your access token):\n\n  ${mode.host.launchUrl}\n\nData folder: ${ctx.dataDir}\nPress Ctrl-C to stop.`,
    );
    if (!ctx.values['no-open'])
      await openPrivately(mode.host.launchUrl).catch((e: Error) => ctx.err(`(could not open a browser: ${e.message}; open the address yourself)`));
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await mode.close();
    return EXIT.ok;
  },
};
