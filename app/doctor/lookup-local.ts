// Resolves names as browsers do: every `*.localhost` name is this computer (the sandbox's sites); others through the system.
import dns from 'node:dns';

/** Browsers resolve every `*.localhost` name to this computer (the sandbox's sites); Node's resolver does not. */
export function lookupLocal(
  hostname: string,
  options: dns.LookupOptions,
  cb: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void,
): void {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    if (options.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
    else cb(null, '127.0.0.1', 4);
    return;
  }
  dns.lookup(hostname, options, cb as never);
}
