// Reads an ffmpeg filter graph back into chains and filters, so tests check its properties instead of pinning its exact text.

export interface Filter {
  name: string;
  /** Named options by name, positional ones by their index ('0', '1', …). */
  args: Record<string, string>;
}

export interface Chain {
  inputs: string[];
  outputs: string[];
  filters: Filter[];
}

/** Splits at `sep` outside quotes, brackets and parentheses. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    else if (!quoted && (ch === '(' || ch === '[')) depth++;
    else if (!quoted && (ch === ')' || ch === ']')) depth--;
    if (ch === sep && !quoted && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function parseFilter(text: string): Filter {
  const eq = text.indexOf('=');
  if (eq < 0) return { name: text, args: {} };
  const args: Record<string, string> = {};
  splitTop(text.slice(eq + 1), ':').forEach((part, i) => {
    const k = part.indexOf('=');
    if (k < 0) args[String(i)] = part;
    else args[part.slice(0, k)] = part.slice(k + 1);
  });
  return { name: text.slice(0, eq), args };
}

export function parseGraph(graph: string): Chain[] {
  return splitTop(graph, ';').map((text) => {
    const pads = (s: string) => [...s.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!);
    const head = /^((?:\[[^\]]+\])*)/.exec(text)![1]!;
    const tail = /((?:\[[^\]]+\])*)$/.exec(text)![1]!;
    const body = text.slice(head.length, text.length - tail.length);
    return { inputs: pads(head), outputs: pads(tail), filters: splitTop(body, ',').map(parseFilter) };
  });
}

/** The chain that writes `pad`. */
export function chainTo(graph: string, pad: string): Chain {
  const c = parseGraph(graph).find((x) => x.outputs.includes(pad));
  if (!c) throw new Error(`no chain writes [${pad}] in ${graph}`);
  return c;
}

/** The first filter called `name`, after the filter at `from`. */
export function filterOf(c: Chain, name: string, from = -1): Filter | undefined {
  return c.filters.find((f, i) => i > from && f.name === name);
}

/** The filter names in order. */
export const names = (c: Chain): string[] => c.filters.map((f) => f.name);

/** Whether every name comes in this order (others may come between). */
export function inOrder(c: Chain, ...wanted: string[]): boolean {
  let i = 0;
  for (const n of names(c)) if (n === wanted[i]) i++;
  return i === wanted.length;
}
