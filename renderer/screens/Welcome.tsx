import { useState } from 'react';
import { api } from '../bridge';
import { useApp } from '../state/store';
import { Empty } from '../components/Empty';

export function Welcome() {
  const [busy, setBusy] = useState(false);
  return (
    <div className="page">
      <Empty
        heading="h1"
        title="Get your Messenger gateway through Meta App Review"
        action={
          <button
            type="button"
            className="btn primary"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await api.createSubmission({ name: 'sample', kind: 'sample' });
                await useApp.getState().refreshSubmissions();
                useApp.getState().select('sample', 'setup');
              } catch (e) {
                useApp.getState().fail(e);
              } finally {
                setBusy(false);
              }
            }}
          >
            Try the sample submission
          </button>
        }
      >
        A submission holds your gateway settings, the texts Meta asks for and the demo recordings. Start with the sample — it runs against a built-in demo
        sandbox, no accounts needed — or create a blank one with “New submission”.
      </Empty>
    </div>
  );
}
