// One banner while the app's server is unreachable (browser mode): what happened, what to do, Retry.
import { useEffect, useRef, useState } from 'react';
import { onConnection, probeConnection, type Connection } from '../bridge';
import { useApp } from '../state/store';

const POLL_MS = 5000;

export function ConnectionBanner() {
  const [state, setState] = useState<Connection>('ok');
  const [checking, setChecking] = useState(false);
  const retryRef = useRef<HTMLButtonElement>(null);

  useEffect(
    () =>
      onConnection((c) => {
        setState(c);
        // Back: what the page shows may be stale (a recording finished meanwhile).
        if (c === 'ok') void useApp.getState().refreshSubmissions();
      }),
    [],
  );

  // While it is down, look again now and then: the person may restart it without pressing Retry.
  useEffect(() => {
    if (state !== 'down') return;
    const t = setInterval(() => void probeConnection(), POLL_MS);
    return () => clearInterval(t);
  }, [state]);

  if (state === 'ok') return null;
  const retry = async () => {
    setChecking(true);
    try {
      await probeConnection();
    } finally {
      setChecking(false);
      retryRef.current?.focus();
    }
  };
  return (
    <div className="conn-banner" role="alert" data-state={state}>
      {state === 'down' ? (
        <p>
          <strong>The app has stopped answering.</strong> Its server is not running any more (the terminal window with “review-assistant ui” was closed, or the
          computer went to sleep). Start it again, then press Retry; this page keeps what you typed.
        </p>
      ) : (
        <p>
          <strong>This address no longer works.</strong> The app was started again and made a new address: open the one it printed in its terminal. Edits on
          this page that are not saved cannot be saved from here — copy them first.
        </p>
      )}
      {state === 'down' && (
        <button ref={retryRef} type="button" className="btn small" onClick={() => void retry()} disabled={checking}>
          {checking ? 'Checking…' : 'Retry'}
        </button>
      )}
    </div>
  );
}
