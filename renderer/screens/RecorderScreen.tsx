import { useCallback, useEffect, useRef, useState } from 'react';
import type { RecordingDetail, RecordingSummary, ScenarioView } from '../../app/api/views';
import { api } from '../bridge';
import { latestJob, useApp, type JobView } from '../state/store';
import { Empty, Progress } from '../components/Empty';
import { ScenarioEditor } from './ScenarioEditor';

const STAGE_LABELS: Record<string, string> = {
  start: 'Starting',
  launch: 'Starting browsers',
  steps: 'Playing the scenario',
  capture: 'Capturing',
  compose: 'Composing the video',
  clips: 'Cutting clips',
  done: 'Done',
};

export function RecorderScreen({ name }: { name: string }) {
  const [tab, setTab] = useState<'record' | 'scenario'>('record');
  return (
    <div className="stack">
      <div className="subtabs" role="tablist" aria-label="Recorder">
        <button type="button" role="tab" aria-selected={tab === 'record'} className={`subtab${tab === 'record' ? ' active' : ''}`} onClick={() => setTab('record')}>
          Record &amp; results
        </button>
        <button type="button" role="tab" aria-selected={tab === 'scenario'} className={`subtab${tab === 'scenario' ? ' active' : ''}`} onClick={() => setTab('scenario')}>
          Scenario steps
        </button>
      </div>
      {tab === 'record' ? <RecordPanel name={name} /> : <ScenarioPanel name={name} />}
    </div>
  );
}

function ScenarioPanel({ name }: { name: string }) {
  const [view, setView] = useState<ScenarioView | null>(null);
  const fail = useApp((s) => s.fail);
  useEffect(() => {
    api.loadScenario({ name }).then(setView, fail);
  }, [name, fail]);
  if (!view) return null;
  return <ScenarioEditor name={name} view={view} onChange={setView} />;
}

function RecordPanel({ name }: { name: string }) {
  const jobs = useApp((s) => s.jobs);
  const job = latestJob(jobs, name);
  const [sample, setSample] = useState<boolean | null>(null);
  const [sandbox, setSandbox] = useState(true);
  const [headless, setHeadless] = useState(true);
  const [recordings, setRecordings] = useState<RecordingSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const fail = useApp((s) => s.fail);

  const loadRecordings = useCallback(async () => {
    try {
      const list = await api.listRecordings({ name });
      setRecordings(list);
      setSelected((cur) => cur ?? list[0]?.id ?? null);
    } catch (e) {
      fail(e);
    }
  }, [name, fail]);

  useEffect(() => {
    void loadRecordings();
    api.getSubmission({ name }).then((d) => {
      setSample(d.profile.sample);
      setSandbox(d.profile.sample);
    }, fail);
  }, [name, loadRecordings, fail]);

  const running = job?.status === 'running';
  const finishedRun = job && job.status !== 'running' ? job.runId : null;
  useEffect(() => {
    if (finishedRun) {
      setSelected(finishedRun);
      void loadRecordings();
    }
  }, [finishedRun, loadRecordings]);

  async function start() {
    try {
      await api.startRecording({ name, sandbox, headless });
    } catch (e) {
      fail(e);
    }
  }

  return (
    <>
      <section className="card run-card" aria-labelledby="run-title">
        <div className="run-head">
          <h2 id="run-title">Record the demo</h2>
          <div className="run-options">
            <label>
              <input type="checkbox" checked={sandbox} onChange={(e) => setSandbox(e.target.checked)} disabled={running} /> Built-in demo sandbox
            </label>
            <label>
              <input type="checkbox" checked={headless} onChange={(e) => setHeadless(e.target.checked)} disabled={running} /> Hidden browser windows
            </label>
            {running && job ? (
              <button type="button" className="btn danger" onClick={() => api.cancelJob({ jobId: job.jobId }).catch(fail)}>
                Cancel
              </button>
            ) : (
              <button type="button" className="btn primary" onClick={() => void start()}>
                ● Record
              </button>
            )}
          </div>
        </div>
        {sample === false && sandbox && <p className="field-warning">The sandbox uses stand-in pages; record against your Webitel host for the real submission.</p>}
        {job ? <JobPanel job={job} /> : <p className="muted">The scenario plays in two browsers side by side (Webitel and Messenger); the recording becomes one captioned 1080p video and one clip per permission.</p>}
      </section>

      <section className="card" aria-labelledby="results-title">
        <h2 id="results-title">Recordings</h2>
        {recordings === null ? null : recordings.length === 0 ? (
          <Empty title="No recordings yet">Press Record to make the first one.</Empty>
        ) : (
          <div className="results">
            <ul className="rec-list" aria-label="Recordings">
              {recordings.map((r) => (
                <li key={r.id}>
                  <button type="button" className={`rec-item${selected === r.id ? ' active' : ''}`} aria-current={selected === r.id ? 'true' : undefined} onClick={() => setSelected(r.id)}>
                    <span>{new Date(r.createdAt).toLocaleString()}</span>
                    <span className={`tag ${r.status === 'passed' ? 'ok' : r.status === 'failed' ? 'bad' : ''}`}>{r.status}</span>
                  </button>
                </li>
              ))}
            </ul>
            {selected && <RecordingView key={selected} name={name} runId={selected} />}
          </div>
        )}
      </section>
    </>
  );
}

function JobPanel({ job }: { job: JobView }) {
  const lanes = Object.values(job.lanes).sort((a, b) => a.index - b.index);
  const lastStep = [...job.steps].reverse().find((s) => s.type === 'step-started');
  return (
    <div className="job" data-status={job.status}>
      <div className="job-line">
        <strong>{job.status === 'running' ? (STAGE_LABELS[job.stage] ?? job.stage) : job.status === 'passed' ? 'Recording finished' : job.status === 'cancelled' ? 'Cancelled' : 'Failed'}</strong>
        <span className="muted">{job.message}</span>
        <span className="pct">{Math.round(job.fraction * 100)}%</span>
      </div>
      <Progress fraction={job.fraction} label="Recording progress" />
      {job.manual && (
        <div className="manual" role="alert">
          <strong>Your turn:</strong> {job.manual.prompt} <span className="muted">(in the {job.manual.laneId} window; the recording continues by itself when done)</span>
        </div>
      )}
      {job.error && <p className="field-error">{job.error}</p>}
      {lastStep && lastStep.type === 'step-started' && job.status === 'running' && <p className="caption-now">“{lastStep.caption}”</p>}
      {lanes.length > 0 && job.status === 'running' && (
        <div className="lanes" aria-label="Live preview">
          {lanes.map((l) => (
            <figure key={l.laneId} className="lane">
              <figcaption>
                <strong>{l.title}</strong>
                <span className="lane-url">{l.url}</span>
              </figcaption>
              <img src={l.src} alt={`Live preview of ${l.title}`} />
            </figure>
          ))}
        </div>
      )}
    </div>
  );
}

function RecordingView({ name, runId }: { name: string; runId: string }) {
  const [rec, setRec] = useState<RecordingDetail | null>(null);
  const [src, setSrc] = useState<{ url: string; label: string } | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const fail = useApp((s) => s.fail);
  useEffect(() => {
    api.getRecording({ name, runId }).then((r) => {
      setRec(r);
      if (r.videoUrl) setSrc({ url: r.videoUrl, label: 'Full demo' });
    }, fail);
  }, [name, runId, fail]);
  if (!rec) return null;
  return (
    <div className="rec-view">
      {rec.error && <p className="field-error">{rec.error}</p>}
      {src ? (
        <>
          <p className="now-playing">
            Playing: <strong>{src.label}</strong>
          </p>
          <video ref={video} className="player" src={src.url} controls preload="metadata" aria-label={`Video: ${src.label}`} />
        </>
      ) : (
        <Empty title="No video in this recording">The run did not get as far as composing; its folder holds step screenshots and the log.</Empty>
      )}
      <div className="rec-cols">
        <div>
          <h3>Chapters</h3>
          {rec.chapters.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ol className="chapters">
              {rec.chapters.map((c) => (
                <li key={c.sceneId}>
                  <button
                    type="button"
                    className="link-btn"
                    onClick={() => {
                      if (rec.videoUrl && src?.url !== rec.videoUrl) setSrc({ url: rec.videoUrl, label: 'Full demo' });
                      requestAnimationFrame(() => {
                        if (video.current) {
                          video.current.currentTime = c.startMs / 1000;
                          void video.current.play().catch(() => undefined);
                        }
                      });
                    }}
                  >
                    <span className="chap-time">{fmt(c.startMs)}</span> {c.title}
                  </button>
                  {c.permissions.length > 0 && <span className="muted small"> {c.permissions.join(', ')}</span>}
                </li>
              ))}
            </ol>
          )}
        </div>
        <div>
          <h3>Clips per permission</h3>
          {rec.clips.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="clips">
              {rec.clips.map((c) => (
                <li key={c.permission}>
                  <button type="button" className="link-btn" onClick={() => setSrc({ url: c.url, label: `Clip: ${c.permission}` })}>
                    ▶ {c.permission}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="btn small" onClick={() => api.openRecordingFolder({ name, runId }).catch(fail)}>
            Open folder
          </button>
        </div>
      </div>
    </div>
  );
}

function fmt(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
