// Fails when the modules under app/ import each other in a circle (type-only imports included: a circle of types is still a circle to read).
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['app'];

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : listFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

function resolve(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, base.replace(/\.js$/, '.ts'), path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

const files = roots.flatMap((r) => listFiles(path.resolve(r)));
const graph = new Map(
  files.map((f) => [
    f,
    [
      ...new Set(
        ts
          .preProcessFile(readFileSync(f, 'utf8'), true, true)
          .importedFiles.map((i) => resolve(f, i.fileName))
          .filter(Boolean),
      ),
    ],
  ]),
);

// Tarjan's strongly connected components: every component of more than one module (or a module importing itself) is a cycle.
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function visit(v) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    if (!idx.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(comp);
  }
}
for (const f of graph.keys()) if (!idx.has(f)) visit(f);

const rel = (f) => path.relative(process.cwd(), f);
if (components.length) {
  for (const comp of components) {
    console.error(`import cycle among ${comp.length} modules:\n  ${comp.map(rel).sort().join('\n  ')}`);
  }
  console.error(`\n${components.length} import cycle(s): move what both sides need into a module below them.`);
  process.exit(1);
}
console.log(`no import cycle among ${graph.size} modules under ${roots.join(', ')}`);
