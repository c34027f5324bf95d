// One victim of kill-cycles: saves the sample profile over and over, printing each finished save, until killed.
import { ProfileStore } from '../../app/profile/store';
import { passphraseWrapper, Vault } from '../../app/profile/vault';

const [dir, mode] = process.argv.slice(2) as [string, 'save' | 'update'];
const store = new ProfileStore(dir, { unlock: () => Vault.open(dir, passphraseWrapper('correct horse', { logN: 10, r: 8, p: 1 })) });
const versionOf = (title: string): number => Number(/^version (\d+)$/.exec(title)?.[1] ?? 0);
let p = await store.load('sample');
process.stdout.write(`ready ${versionOf(p.title)}\n`);
for (;;) {
  const next = (title: string) => versionOf(title) + 1;
  // Both ways the app saves: load-change-save with the updatedAt check (the CLI's `profile set`),
  // and a change made in one go under the lock (a ticked setup step).
  if (mode === 'save') {
    const n = next(p.title);
    p = await store.save({ ...p, title: `version ${n}`, reviewer: { ...p.reviewer, operator: { ...p.reviewer.operator, password: `password-${n}` } } });
  } else {
    p = await store.update('sample', (q) => {
      const n = next(q.title);
      return { ...q, title: `version ${n}`, reviewer: { ...q.reviewer, operator: { ...q.reviewer.operator, password: `password-${n}` } } };
    });
  }
  process.stdout.write(`${versionOf(p.title)}\n`);
}
