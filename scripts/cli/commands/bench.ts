// The `bench` command: benchmarks the recorder against puppeteer and Playwright and writes BENCHMARKS.md.
import { UserError } from '../../../app/common/errors';
import { runBench } from '../../bench/run';
import { EXIT, type Command } from '../command';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'Benchmark the recorder against puppeteer and Playwright; writes BENCHMARKS.md',
  usage: '[--seconds N] [--long] [--out FILE]',
  help: `
Records an animated test page and the sandbox demo scenario with this recorder,
puppeteer's page.screencast() and Playwright's recordVideo (each lane 960×1080, each
recorder in its own process) and reports distinct frames per second, duration against
wall clock, sharpness (SSIM against a screenshot), time to the finished file, MB per
minute, peak memory and CPU seconds; also the UI's cold load. Takes about 12 minutes
(--seconds 60 --long, the figures in BENCHMARKS.md: about 30). Leave the machine idle
while it runs: on 2 cores anything else costs the browsers frames.

Options:
  --seconds N   length of the animated recordings (default 20)
  --long        memory flatness over 60 s against 180 s (default 20 s against 60 s)
  --out FILE    where to write (default BENCHMARKS.md in the project folder)
`,
  noJson: true,
  options: { seconds: { type: 'string' }, long: { type: 'boolean' }, out: { type: 'string' } },
  async run(ctx) {
    const seconds = ctx.values.seconds === undefined ? undefined : Number(ctx.values.seconds);
    if (seconds !== undefined && !(seconds >= 5 && seconds <= 600))
      throw new UserError('usage', '--seconds must be a number from 5 to 600', { hint: 'e.g. --seconds 20' });
    const out = await runBench({
      ...(seconds ? { seconds } : {}),
      long: ctx.values.long === true,
      ...(ctx.values.out ? { out: ctx.values.out as string } : {}),
      log: (s) => ctx.err(s),
    });
    ctx.out(`Wrote ${out}`);
    return EXIT.ok;
  },
};
