// Command lines written as a person types them: a template's text splits at white space, each value stays one argument.

/**
 * argv`-i ${file} -vf scale=${w}:-2` is ['-i', file, '-vf', `scale=${w}:-2`]: the text splits at
 * any white space (line breaks included, so a long command reads a few flags to a line), while a
 * value is never split (a path with spaces stays whole) and joins the text it touches. An empty
 * value standing alone is an empty argument.
 */
export function argv(text: TemplateStringsArray, ...values: (string | number)[]): string[] {
  const args: string[] = [];
  let arg: string | null = null;
  text.forEach((part, i) => {
    part.split(/\s+/).forEach((piece, j) => {
      if (j > 0 && arg !== null) {
        args.push(arg);
        arg = null;
      }
      if (piece) arg = (arg ?? '') + piece;
    });
    if (i < values.length) arg = (arg ?? '') + String(values[i]);
  });
  if (arg !== null) args.push(arg);
  return args;
}
