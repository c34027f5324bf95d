// Proves opening the browser-mode address puts no token on a command line, and cleans up when the system cannot open it.
import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPrivately } from '../../../app/web/browser-mode';

describe('opening the browser-mode address', () => {
  it('puts no token on the command line: the system opens a private page that forwards to the address', async () => {
    const url = 'http://127.0.0.1:43210/?token=abcdef0123456789&x=<y>';
    const opened: string[] = [];
    const file = await openPrivately(url, async (t) => void opened.push(t), 50);
    expect(opened).toEqual([file]);
    expect(opened.join(' ')).not.toContain('abcdef0123456789');
    const html = await fs.readFile(file, 'utf8');
    expect(html).toContain('http-equiv="refresh"');
    expect(html).toContain('token=abcdef0123456789&amp;x=&lt;y>');
    if (process.platform !== 'win32') {
      expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
      expect((await fs.stat(file.replace(/[\\/]open\.html$/, ''))).mode & 0o777).toBe(0o700);
    }
    await new Promise((r) => setTimeout(r, 150));
    await expect(fs.access(file)).rejects.toThrow();
  });

  it('removes the page at once when the system cannot open it', async () => {
    let target = '';
    await expect(
      openPrivately('http://127.0.0.1:1/?token=t', async (t) => {
        target = t;
        throw new Error('no xdg-open');
      }),
    ).rejects.toThrow(/no xdg-open/);
    await expect(fs.access(target)).rejects.toThrow();
  });
});
