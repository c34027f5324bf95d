// Keeps an effect's answer only while the effect is the latest: a reply to an older question, arriving late, is dropped.
/**
 * For one run of an effect: `keep(f)` wraps a setter so it acts only until `done` (the effect's
 * cleanup, called when its inputs change or the screen goes) has been called.
 */
export function latestOnly(): { keep: <A extends unknown[]>(f: (...args: A) => void) => (...args: A) => void; done: () => void } {
  let latest = true;
  return {
    keep:
      (f) =>
      (...args) => {
        if (latest) f(...args);
      },
    done: () => {
      latest = false;
    },
  };
}
