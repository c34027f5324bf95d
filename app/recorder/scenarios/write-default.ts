// Regenerates default.json from default.ts: `npx tsx app/recorder/scenarios/write-default.ts`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../common/atomic-write';
import { defaultScenarioJson } from './index';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'default.json');
await writeFileAtomic(file, defaultScenarioJson(), 0o644);
process.stdout.write(`wrote ${file}\n`);
