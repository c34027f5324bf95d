/**
 * The ceiling of the capture on this machine: Chrome's own recorder on the two animated
 * pages, with nothing of this app around it (no runner, no streaming to disk, no composing).
 * `node --import tsx scripts/bench/recorder-ceiling.ts [seconds]` prints frames per second per lane;
 * compare with the recorder's own figures in BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { resolveFfmpegTools } from '../../app/media/tools';
import { laneCaptureScales, scaledSize } from '../../app/media/canvas';
import { benchLaneLaunch, browserPath, startPageServer } from './animated-driver';

const seconds = Number(process.argv[2] ?? 20);
const tools = resolveFfmpegTools();
const server = await startPageServer();
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-ceiling-'));
const urls = [`http://webitel.localhost:${server.port}/workspace/`, `http://facebook.localhost:${server.port}/messages/t/acme`];
// Drawn and recorded at the size this recorder draws and records the same lanes for a 1920-wide
// video (736×828), so the two are compared like for like.
const VP = { width: 960, height: 1080 };
const scale = laneCaptureScales(1920, [VP, VP])[0]!;
const size = scaledSize(VP, scale);
const browsers = await Promise.all(urls.map(() => puppeteer.launch({ executablePath: browserPath(), ...benchLaneLaunch(VP, scale) })));
try {
  const sessions = await Promise.all(
    browsers.map(async (b, i) => {
      const p = (await b.pages())[0] ?? (await b.newPage());
      await p.goto(urls[i]!);
      return p.createCDPSession();
    }),
  );
  const t0 = Date.now();
  await Promise.all(
    sessions.map((s) => s.send('Page.startScreenRecording' as never, { frameRate: 30, maxWidth: size.width, maxHeight: size.height } as never)),
  );
  await new Promise((r) => setTimeout(r, seconds * 1000));
  // Both stopped at once: stopped one after the other, the second lane went on recording alone
  // while the first was read, and counted more frames than it made side by side.
  const stops = await Promise.all(sessions.map((s) => s.send('Page.stopScreenRecording' as never) as unknown as Promise<{ stream: string }>));
  const wall = (Date.now() - t0) / 1000;
  for (const [i, s] of sessions.entries()) {
    const r = stops[i]!;
    const chunks: Buffer[] = [];
    for (;;) {
      const d = (await s.send('IO.read', { handle: r.stream, size: 1 << 20 })) as { data: string; base64Encoded?: boolean; eof: boolean };
      chunks.push(Buffer.from(d.data, d.base64Encoded ? 'base64' : 'utf8'));
      if (d.eof) break;
    }
    const file = path.join(dir, `lane${i}.mp4`);
    await fs.writeFile(file, Buffer.concat(chunks));
    const frames = Number(
      execFileSync(tools.ffprobe, ['-v', 'error', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file], {
        encoding: 'utf8',
      }).trim(),
    );
    console.log(`lane ${i}: ${frames} frames in ${wall.toFixed(1)} s = ${(frames / wall).toFixed(1)} fps`);
  }
} finally {
  await Promise.all(browsers.map((b) => b.close()));
  await server.close();
  await fs.rm(dir, { recursive: true, force: true });
}
