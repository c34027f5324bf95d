import { useCallback, useEffect, useRef, useState } from 'react';
import type { DoctorView, RecordingDetail, RecordingReadiness, RecordingSummary, ScenarioView, WaitsMode } from '../../app/api/views';
import { formatDuration, HEAVY_JOBS, laneIdle, remainingMs, STAGES, type HandOverPrompt } from '../../app/api/job-state';
import { api, isDesktop } from '../bridge';
import { sayWhere } from '../state/where';
import { latestOnly } from '../state/latest-only';
import { latestJob, useApp, type JobView } from '../state/store';
import { Empty, Progress } from '../components/Empty';
import { ScenarioEditor } from './ScenarioEditor';
import { profileFieldLabel } from '../../app/profile/field-labels';
import { Tabs } from '../components/Tabs';

export function RecorderScreen({ name }: { name: string }) {
  const [tab, setTab] = useState<'record' | 'scenario'>('record');
  return (
    <div className="stack">
      <Tabs<'record' | 'scenario'>
        tabs={[
          { id: 'record', label: 'Record & results' },
          { id: 'scenario', label: 'Scenario steps' },
        ]}
        selected={tab}
        onSelect={setTab}
        label="Recorder"
        className="subtabs"
        tabClass="subtab"
      />
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
  // One recording or composing at a time (the server refuses a second): say which one holds the machine.
  const elsewhere = Object.values(jobs).find((j) => j.status === 'running' && j.profile !== name && HEAVY_JOBS.has(j.kind));
  const version = useApp((s) => s.recordingsVersion);
  const select = useApp((s) => s.select);
  const [sample, setSample] = useState<boolean | null>(null);
  const [sandbox, setSandbox] = useState(true);
  const [headless, setHeadless] = useState(true);
  // The video leaves out the time a person spent on a step handed to them (and, if asked, long page loads).
  const [shortenWaits, setShortenWaits] = useState(true);
  const [shortenLoads, setShortenLoads] = useState(false);
  const [readiness, setReadiness] = useState<RecordingReadiness | null>(null);
  const [doctor, setDoctor] = useState<DoctorView | null>(null);
  const [showMissing, setShowMissing] = useState(false);
  const [recordings, setRecordings] = useState<RecordingSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const fail = useApp((s) => s.fail);

  const loadRecordings = useCallback(async () => {
    try {
      const list = await api.listRecordings({ name });
      setRecordings(list);
      setSelected((cur) => (cur && list.some((r) => r.id === cur) ? cur : (list[0]?.id ?? null)));
    } catch (e) {
      fail(e);
    }
  }, [name, fail]);

  useEffect(() => {
    const answer = latestOnly();
    api.getSubmission({ name }).then(
      answer.keep((d) => {
        setSample(d.profile.sample);
        setSandbox(d.profile.sample);
      }),
      fail,
    );
    return answer.done;
  }, [name, fail]);

  // Events (a job ended, a delete or restore) bump the version: the list follows without a refresh.
  useEffect(() => {
    void loadRecordings();
  }, [loadRecordings, version]);

  // Asked once the submission says whether it is the sample (the sandbox's default follows it),
  // and only the answer to the latest question is kept: under load an answer for the sandbox
  // came after the one for the real host and showed the submission ready to record.
  const known = sample !== null;
  useEffect(() => {
    if (!known) return;
    const answer = latestOnly();
    api.recordingReadiness({ name, sandbox }).then(
      answer.keep(setReadiness),
      answer.keep(() => setReadiness(null)),
    );
    return answer.done;
  }, [name, sandbox, version, known]);

  // This computer and the Webitel host, checked before anyone presses Record (as `review-assistant doctor`).
  useEffect(() => {
    if (!known) return;
    const answer = latestOnly();
    setDoctor(null);
    api.doctor({ name, sandbox }).then(
      answer.keep(setDoctor),
      answer.keep(() => setDoctor(null)),
    );
    return answer.done;
  }, [name, sandbox, known]);

  const running = job?.status === 'running';
  const finishedRun = job && job.status !== 'running' ? job.runId : null;
  useEffect(() => {
    if (finishedRun) setSelected(finishedRun);
  }, [finishedRun]);

  async function start() {
    try {
      await api.startRecording({ name, sandbox, headless, waits: !shortenWaits ? 'keep' : shortenLoads ? 'all' : 'assisted' });
    } catch (e) {
      fail(e);
    }
  }

  const notReady = (readiness !== null && !readiness.ready) || (doctor !== null && !doctor.ok);
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
            <label title="The video keeps the first and last 1.5 s of a step you did by hand and cuts the rest, in both lanes alike">
              <input type="checkbox" checked={shortenWaits} onChange={(e) => setShortenWaits(e.target.checked)} disabled={running} /> Shorten waits where a
              person stepped in
            </label>
            <label title="Also shortens a step that waited more than 6 s for its page">
              <input
                type="checkbox"
                checked={shortenWaits && shortenLoads}
                onChange={(e) => setShortenLoads(e.target.checked)}
                disabled={running || !shortenWaits}
              />{' '}
              also long page loads
            </label>
            {running && job ? (
              <button type="button" className="btn danger" onClick={() => api.cancelJob({ jobId: job.jobId }).catch(fail)}>
                Cancel
              </button>
            ) : (
              <button
                type="button"
                className="btn primary"
                onClick={() => void start()}
                disabled={notReady || elsewhere !== undefined}
                aria-describedby={
                  elsewhere ? 'record-elsewhere' : readiness && !readiness.ready ? 'record-missing' : doctor && !doctor.ok ? 'record-doctor' : undefined
                }
              >
                ● Record
              </button>
            )}
          </div>
        </div>
        {elsewhere && !running && (
          <p className="missing-note" id="record-elsewhere">
            {elsewhere.kind === 'compose' ? `“${elsewhere.profile}” is being composed` : `A recording of “${elsewhere.profile}” is running`}: one at a time, so
            that each take gets the whole computer.{' '}
            <button type="button" className="link-btn" onClick={() => select(elsewhere.profile, 'recorder')}>
              Open it
            </button>
          </p>
        )}
        {readiness && !readiness.ready && !running && (
          <div className="missing-note" id="record-missing">
            <button type="button" className="link-btn" aria-expanded={showMissing} onClick={() => setShowMissing((v) => !v)}>
              {readiness.missing.length === 1 ? '1 value is missing' : `${readiness.missing.length} values are missing`} before recording
            </button>
            {showMissing && (
              <ul className="missing-list">
                {readiness.missing.map((m) => (
                  <li key={m.field}>
                    {m.field === 'scenario' ? (
                      <span>{m.message}</span>
                    ) : (
                      <button type="button" className="link-btn" onClick={() => select(name, 'gateway', m.field)}>
                        {fieldLabel(m.field)}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {doctor && !running && <DoctorPanel doctor={doctor} />}
        {sample === false && sandbox && (
          <p className="field-warning">The sandbox uses stand-in pages; record against your Webitel host for the real submission.</p>
        )}
        {job ? (
          <JobPanel job={job} onNext={() => select(name, 'checks')} />
        ) : (
          <p className="muted">
            The scenario plays in two browsers side by side (Webitel and Messenger); the recording becomes one captioned 1080p video and one clip per
            permission.
          </p>
        )}
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
                  <button
                    type="button"
                    className={`rec-item${selected === r.id ? ' active' : ''}`}
                    aria-current={selected === r.id ? 'true' : undefined}
                    onClick={() => setSelected(r.id)}
                  >
                    <span>{new Date(r.createdAt).toLocaleString()}</span>
                    <span className={`tag ${STATUS_TAG[r.status] ?? ''}`}>{STATUS_LABEL[r.status] ?? r.status}</span>
                  </button>
                </li>
              ))}
            </ul>
            {selected && <RecordingView key={`${selected}:${version}`} name={name} runId={selected} busy={running} />}
          </div>
        )}
      </section>
    </>
  );
}

/** The checks before recording: problems spelled out with what to do, the rest counted. */
function DoctorPanel({ doctor }: { doctor: DoctorView }) {
  const problems = doctor.findings.filter((f) => f.level !== 'ok');
  const passed = doctor.findings.length - problems.length;
  return (
    <div className="doctor" id="record-doctor" aria-label="Before recording">
      <p className="muted small">
        Before recording: {passed} of {doctor.findings.length} checks passed{problems.length ? '' : '.'}
      </p>
      {problems.length > 0 && (
        <ul className="doctor-list">
          {problems.map((f) => (
            <li key={f.id} className={f.level}>
              <strong>
                {f.level === 'error' ? '✗' : '!'} {f.title}:
              </strong>{' '}
              {f.detail}
              {f.todo && <span className="muted"> — {f.todo}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const STATUS_LABEL: Record<string, string> = {
  passed: 'finished',
  failed: 'failed',
  cancelled: 'cancelled',
  running: 'recording…',
  interrupted: 'interrupted',
};
const STATUS_TAG: Record<string, string> = { passed: 'ok', failed: 'bad', interrupted: 'warn' };

/** A profile field as the Gateway form labels it. */
function fieldLabel(field: string): string {
  return profileFieldLabel(field) ?? field;
}

/** The current time, every second while `on`: elapsed and remaining time tick by themselves. */
function useNow(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [on]);
  return on ? now : Date.now();
}

/**
 * A step the runner could not do, handed to the person: shown here, outside the recorded
 * windows. The run goes on by itself once the step is done; Done and Stop answer at once.
 */
function HandOverPanel({ jobId, prompt, handOver }: { jobId: string; prompt: string; handOver: HandOverPrompt }) {
  const fail = useApp((s) => s.fail);
  const answer = (a: 'done' | 'stop' | 'fill') => void api.answerHandOver({ jobId, answer: a }).catch(fail);
  return (
    <div className="manual hand-over" role="alert" aria-labelledby="hand-over-title">
      <p id="hand-over-title">
        <strong>Your turn</strong> — {handOver.name}, in the <strong>{handOver.laneTitle}</strong> window:
      </p>
      <p>{prompt}</p>
      <p className="muted">
        The recorder looked for {handOver.lookedFor.length ? <code>{handOver.lookedFor.join(' | ')}</code> : 'the step’s condition'}: {handOver.reason}.
        Recording goes on; it continues by itself once the step is done, and remembers what you clicked (never what you type) for “Update the scenario”.
      </p>
      {handOver.fillMissed && (
        <p className="fill-missed" role="status">
          Nothing was typed: {handOver.fillMissed}. Click into the field in the window, then choose “Fill it for me” again.
        </p>
      )}
      <div className="hand-over-actions">
        <button type="button" className="btn primary" onClick={() => answer('done')}>
          Done
        </button>
        {handOver.canFill && (
          <button type="button" className="btn" onClick={() => answer('fill')} title="Click into the field in the window first">
            Fill it for me
          </button>
        )}
        <button
          type="button"
          className="btn danger"
          onClick={() => answer('stop')}
          title="End the recording here, nothing composed; what you did by hand so far can still update the scenario"
        >
          Stop
        </button>
      </div>
    </div>
  );
}

function JobPanel({ job, onNext }: { job: JobView; onNext: () => void }) {
  const running = job.status === 'running';
  const now = useNow(running);
  const left = remainingMs(job, now);
  const elapsed = (job.endedAt ?? now) - job.startedAt;
  const at = job.stages.indexOf(job.stage);
  return (
    <div className="job" data-status={job.status}>
      <ol className="stepper" aria-label="Stages">
        {job.stages.map((id, i) => {
          const state = job.status === 'passed' || i < at ? 'done' : i === at ? (running ? 'active' : job.status) : 'pending';
          return (
            <li key={id} className={`stage ${state}`} aria-current={state === 'active' ? 'step' : undefined}>
              <span className="stage-dot" aria-hidden="true">
                {state === 'done' ? '✓' : i + 1}
              </span>
              <span className="stage-label">{STAGES[id].label}</span>
            </li>
          );
        })}
      </ol>
      {running ? (
        <>
          <div className="job-line">
            <strong>{STAGES[job.stage].label}</strong>
            <span className="muted job-msg">
              {job.stage === 'scenes' && job.step ? `Step ${job.step.index + 1}${job.step.total ? ` of ${job.step.total}` : ''}` : job.message}
            </span>
            <span className="job-time muted">
              {formatDuration(elapsed)} elapsed{left !== null && left > 0 ? ` · about ${formatDuration(left)} left` : ''}
            </span>
            <span className="pct">{Math.round(job.fraction * 100)}%</span>
          </div>
          <Progress fraction={job.fraction} label="Recording progress" />
        </>
      ) : (
        <JobOutcome job={job} elapsed={elapsed} onNext={onNext} />
      )}
      {job.manual && !job.manual.handOver && (
        <div className="manual" role="alert">
          <strong>Your turn:</strong> {job.manual.prompt}{' '}
          <span className="muted">(in the {job.manual.laneId} window; the recording continues by itself when done)</span>
        </div>
      )}
      {job.manual?.handOver && <HandOverPanel jobId={job.jobId} prompt={job.manual.prompt} handOver={job.manual.handOver} />}
      {running && job.step?.caption && <p className="caption-now">“{job.step.caption}”</p>}
      {running && job.lanes.length > 0 && (
        <div className="lanes" aria-label="Live preview">
          {job.lanes.map((l) => {
            const frame = job.frames[l.laneId];
            const idle = laneIdle(l);
            return (
              <figure key={l.laneId} className="lane">
                <figcaption>
                  <strong>{l.title}</strong>
                  <span className="lane-url">{idle ? '' : (frame?.url ?? l.url)}</span>
                </figcaption>
                {idle || !frame ? (
                  <div className="lane-standby" role="img" aria-label={`${l.title}: ${idle ? 'not in use yet' : 'waiting for the first picture'}`}>
                    <strong>{idle ? 'Not in use yet' : 'Starting…'}</strong>
                    <span>{idle ? 'This browser has not opened a page yet.' : 'The first picture is on its way.'}</span>
                  </div>
                ) : (
                  <img src={frame.src} alt={`Live preview of ${l.title}`} />
                )}
              </figure>
            );
          })}
        </div>
      )}
    </div>
  );
}

/** After a run where the person did steps by hand: put what they clicked first in those steps' targets. */
function LearnButton({ job }: { job: JobView }) {
  const fail = useApp((s) => s.fail);
  const toast = useApp((s) => s.toast);
  const [done, setDone] = useState(false);
  const learn = () =>
    api.learnScenario({ name: job.profile, learnt: job.learnt }).then((r) => {
      setDone(true);
      toast({
        kind: 'success',
        message: r.updated.length ? `Scenario updated: ${r.updated.join(', ')} now find what you clicked` : 'The scenario already had those targets',
        key: `learn:${job.jobId}`,
      });
    }, fail);
  return (
    <button
      type="button"
      className="btn small"
      onClick={() => void learn()}
      disabled={done}
      title="What you clicked when a step was handed to you becomes that step's first choice; the old selectors stay as fallbacks"
    >
      {done ? 'Scenario updated' : `Update the scenario (${job.learnt.length} step${job.learnt.length === 1 ? '' : 's'} you did by hand)`}
    </button>
  );
}

function JobOutcome({ job, elapsed, onNext }: { job: JobView; elapsed: number; onNext: () => void }) {
  // The frame check's verdict travels as a field of the job (job-state.ts), not in the message's words.
  if (job.status === 'passed' && job.take?.frames === 'broken') {
    return (
      <div className="job-outcome bad" role="alert" data-take="broken">
        <strong>Recorded, but the take is broken: do not upload it</strong>
        <ul className="missing-list field-error">
          {job.take.findings.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
        <p className="muted">Watch the video below at those times, then record again.</p>
      </div>
    );
  }
  if (job.status === 'passed') {
    return (
      <div className="job-outcome ok" role="status">
        <strong>{job.kind === 'run' ? 'Rehearsal finished' : job.kind === 'compose' ? 'Video composed again' : 'Recording finished'}</strong>{' '}
        <span className="muted">in {formatDuration(elapsed)}</span>
        {job.take?.frames === 'unchecked' && <span className="muted"> · its pictures could not be checked here: Check &amp; export checks them again</span>}
        {job.kind !== 'run' && (
          <button type="button" className="btn primary small" onClick={onNext}>
            Next: Check &amp; export →
          </button>
        )}
        {job.learnt.length > 0 && <LearnButton job={job} />}
      </div>
    );
  }
  if (job.status === 'cancelled' && job.stoppedAt) {
    // Stop on a step handed to the person: what they asked for, not a failure; what they did before is still learnt.
    return (
      <div className="job-outcome calm" role="status">
        <strong>Stopped at {job.stoppedAt}, as you asked</strong>{' '}
        <span className="muted">
          after {formatDuration(elapsed)}.{' '}
          {job.kind === 'run' ? 'Rehearse again when you are ready.' : 'Nothing was composed; record again when you are ready.'}
        </span>
        {job.learnt.length > 0 && <LearnButton job={job} />}
      </div>
    );
  }
  if (job.status === 'cancelled') {
    return (
      <div className="job-outcome calm" role="status">
        <strong>Cancelled</strong>{' '}
        <span className="muted">after {formatDuration(elapsed)}, as you asked. Nothing was composed; record again when you are ready.</span>
      </div>
    );
  }
  return (
    <div className="job-outcome bad" role="alert">
      <strong>Stopped at “{STAGES[job.stage].label}”</strong>
      {job.error && (
        <p className="field-error">
          {job.error.message}
          {job.error.hint ? ` — ${job.error.hint}` : ''}
        </p>
      )}
    </div>
  );
}

const WAITS_LABEL: Record<WaitsMode, string> = {
  keep: 'Keep every wait',
  assisted: 'Shorten steps done by hand',
  all: 'Also shorten long page loads',
};

function RecordingView({ name, runId, busy }: { name: string; runId: string; busy: boolean }) {
  const [rec, setRec] = useState<RecordingDetail | null>(null);
  // Composing again keeps the waits this recording was composed with, unless the person picks another.
  const [waits, setWaits] = useState<WaitsMode | null>(null);
  const [src, setSrc] = useState<{ url: string; label: string } | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const fail = useApp((s) => s.fail);
  const toast = useApp((s) => s.toast);
  useEffect(() => {
    api.getRecording({ name, runId }).then((r) => {
      setRec(r);
      if (r.videoUrl) setSrc({ url: r.videoUrl, label: 'Full demo' });
    }, fail);
  }, [name, runId, fail]);
  if (!rec) return null;

  async function remove() {
    try {
      const { trashId } = await api.deleteRecording({ name, runId });
      useApp.getState().offerUndo({
        message: 'Recording moved to the trash.',
        key: `rec-del:${runId}`,
        focusUndo: true,
        undo: async () => {
          await api.restoreRecording({ name, trashId });
        },
      });
    } catch (e) {
      fail(e);
    }
  }

  // In browser mode the folder is on the computer running the app, maybe a server: say where it is.
  async function openFolder() {
    try {
      const r = await api.openRecordingFolder({ name, runId });
      sayWhere(toast, r, `The recording is in ${r.folder}`);
    } catch (e) {
      fail(e);
    }
  }

  const composeAgain = () => void api.startCompose({ name, runId, ...(waits && waits !== rec.waits ? { waits } : {}) }).catch(fail);

  const seek = (ms: number) => {
    if (rec.videoUrl && src?.url !== rec.videoUrl) setSrc({ url: rec.videoUrl, label: 'Full demo' });
    requestAnimationFrame(() => {
      if (video.current) {
        video.current.currentTime = ms / 1000;
        void video.current.play().catch(() => undefined);
      }
    });
  };

  return (
    <div className="rec-view">
      {rec.status === 'cancelled' ? (
        <p className="muted">This recording was cancelled before it was composed.</p>
      ) : rec.status === 'interrupted' ? (
        <p className="field-warning">This recording was interrupted: the app recording it stopped before it finished. Record again.</p>
      ) : (
        rec.error && <p className="field-error">{rec.error}</p>
      )}
      {rec.frames && !rec.frames.ok && (
        <div className="job-outcome bad" role="alert">
          <strong>The frame check found a broken take: do not upload it.</strong>
          <ul className="missing-list">
            {rec.frames.findings.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </div>
      )}
      {src ? (
        <>
          <p className="now-playing">
            Playing: <strong>{src.label}</strong>
          </p>
          <video ref={video} className="player" src={src.url} controls preload="metadata" aria-label={`Video: ${src.label}`} />
          {rec.cuts.length > 0 && (
            <p className="muted cuts-note">
              Shortened in the video:{' '}
              {rec.cuts
                .map(
                  (c) =>
                    `${c.reason === 'assisted' ? `${c.step}, done by hand,` : `a wait in ${c.step}`} at ${formatDuration(c.atMs)} (${(c.removedMs / 1000).toFixed(1)} s left out)`,
                )
                .join('; ')}
              .
            </p>
          )}
          {rec.thumbnails.length > 0 && (
            <ul className="thumbs" aria-label="Pictures from the recording">
              {rec.thumbnails.map((t) => (
                <li key={t.url}>
                  <img src={t.url} alt={t.label} title={t.label} loading="lazy" />
                </li>
              ))}
            </ul>
          )}
        </>
      ) : rec.status === 'running' ? (
        <Empty title="Being recorded">The video appears here when the recording has finished.</Empty>
      ) : rec.status !== 'cancelled' ? (
        <Empty title="No video in this recording">The run did not get as far as composing; its folder holds step screenshots and the log.</Empty>
      ) : null}
      {(rec.chapters.length > 0 || rec.clips.length > 0) && (
        <div className="rec-cols">
          <div>
            <h3>Chapters</h3>
            <ol className="chapters">
              {rec.chapters.map((c) => (
                <li key={c.sceneId}>
                  <button type="button" className="link-btn" onClick={() => seek(c.startMs)}>
                    <span className="chap-time">{fmt(c.startMs)}</span> {c.title}
                  </button>
                  {c.permissions.length > 0 && <span className="muted small"> {c.permissions.join(', ')}</span>}
                </li>
              ))}
            </ol>
          </div>
          <div>
            <h3>Clips per permission</h3>
            <ul className="clips">
              {rec.clips.map((c) => (
                <li key={c.permission}>
                  <button type="button" className="link-btn" onClick={() => setSrc({ url: c.url, label: `Clip: ${c.permission}` })}>
                    ▶ {c.permission}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      <div className="rec-actions">
        <button type="button" className="btn small" onClick={() => void openFolder()}>
          {isDesktop ? 'Open folder' : 'Show folder'}
        </button>
        {rec.status === 'passed' && (
          <>
            <select className="input small" aria-label="Waits in the video" value={waits ?? rec.waits} onChange={(e) => setWaits(e.target.value as WaitsMode)}>
              {(Object.keys(WAITS_LABEL) as WaitsMode[]).map((w) => (
                <option key={w} value={w}>
                  {WAITS_LABEL[w]}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn small"
              onClick={composeAgain}
              disabled={busy}
              title="Compose the video again from this recording (after a caption fix, or with other waits)"
            >
              Compose again
            </button>
          </>
        )}
        {rec.status !== 'running' && (
          <button type="button" className="btn small danger-outline" onClick={() => void remove()}>
            Delete
          </button>
        )}
      </div>
    </div>
  );
}

function fmt(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
