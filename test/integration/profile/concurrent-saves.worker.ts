// One process of the concurrent-saves test: ticks its own keys in setup.done, `n` times.
import { ProfileStore } from '../../../app/profile/store';
import { isUserError } from '../../../app/common/errors';

const [dataDir, name, tag, nText, mode] = process.argv.slice(2) as [string, string, string, string, 'update' | 'save'];
const store = new ProfileStore(dataDir, { unlock: () => Promise.reject(new Error('no secrets here')) });
let saved = 0;
let conflicts = 0;
for (let i = 0; i < Number(nText); i++) {
  const key = `${tag}-${i}`;
  if (mode === 'update') {
    await store.update(name, (p) => ({ ...p, setup: { done: { ...p.setup.done, [key]: true } } }));
    saved++;
  } else {
    const p = await store.load(name);
    try {
      await store.save({ ...p, setup: { done: { ...p.setup.done, [key]: true } } });
      saved++;
    } catch (e) {
      if (isUserError(e) && e.kind === 'conflict') conflicts++;
      else throw e;
    }
  }
}
process.stdout.write(JSON.stringify({ saved, conflicts }));
