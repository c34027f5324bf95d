/** Sections of BENCHMARKS.md measured by hand (from `## Measured by hand` on) outlive a regeneration by `npm run bench`. */
export function handWritten(previous: string): string {
  const at = previous.indexOf('\n## Measured by hand');
  return at < 0 ? '' : previous.slice(at);
}
