// The recorder as the UI uses it: a submission's scenario, its readiness, its recording jobs and its saved recordings.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError, namesCommand } from '../common/errors';
import { writeFileAtomic } from '../common/atomic-write';
import { describeIssues, stepName } from '../common/describe-issue';
import { zodIssues } from '../common/zod-issues';
import type { Profile } from '../profile/schema';
import type { GenerateOptions } from '../review/texts/generate';
import { instructionStepsFromScenario } from '../review/texts/scenario-instructions';
import { ScenarioSchema, type Scenario } from '../recorder/scenario/schema';
import { addLearntTargets, type LearntTarget } from '../recorder/scenario/suggest';
import { defaultScenarioJson } from '../recorder/scenarios/index';
import { runComposeJob, runRecordJob } from './record-job';
import { listRuns, readManifest, recordingsDir, runIsLive, type Manifest, type WaitsMode } from '../recorder/run-folder';
import type { JobContext, JobResult } from './jobs';
import type { JobPlan } from './job-state';
import { mediaRel } from './media';
import type { DoctorView, RecordingDetail, RecordingReadiness, RecordingSummary, ScenarioView } from './views';
import { runDoctor } from '../doctor/doctor';
import { missingValues, scenarioContext } from '../recorder/scenario/context';
import { pathExists } from '../common/fs-probe';

/** A scenario document's steps as they are, for naming a step by its caption in a message. */
function stepsOf(scenario: unknown): unknown[] | undefined {
  const steps = scenario && typeof scenario === 'object' ? (scenario as { steps?: unknown }).steps : undefined;
  return Array.isArray(steps) ? steps : undefined;
}

export interface RunRequest {
  sandbox: boolean;
  headless: boolean;
  record: boolean;
  width?: 1920 | 1440;
  /** Which waits the video shortens (default `assisted`). */
  waits?: WaitsMode;
}

const RUN_ID_RE = /^[A-Za-z0-9._-]{1,80}$/;

/**
 * The recorder as the API uses it: the submission's scenario (default or customised, kept in
 * `<data>/scenarios/<name>.json`), the recordings in `<data>/recordings/<name>/`, and jobs.
 */
export class RecorderBackend {
  constructor(
    private readonly dataDir: string,
    private readonly mediaUrl: (rel: string) => string,
    /** True while a UI listens for events (lane previews are taken only then). */
    private readonly watching: () => boolean = () => true,
    /** Whether a job of this app is writing that run folder. */
    private readonly writing: (profile: string, runId: string) => boolean = () => false,
  ) {}

  customFile(name: string): string {
    return path.join(this.dataDir, 'scenarios', `${name}.json`);
  }

  async defaultScenario(): Promise<unknown> {
    return JSON.parse(defaultScenarioJson()) as unknown;
  }

  private async current(p: Profile): Promise<{ scenario: unknown; source: 'default' | 'custom' }> {
    try {
      return { scenario: JSON.parse(await fs.readFile(this.customFile(p.name), 'utf8')), source: 'custom' };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new UserError('validation', `the scenario file ${this.customFile(p.name)} cannot be read`, {
          hint: 'fix or delete it to go back to the default scenario',
        });
      }
      return { scenario: await this.defaultScenario(), source: 'default' };
    }
  }

  view(scenario: unknown, source: 'default' | 'custom'): ScenarioView {
    const r = ScenarioSchema.safeParse(scenario);
    const raw = (scenario ?? {}) as { steps?: unknown[]; lanes?: unknown[]; scenes?: unknown[] };
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const asObj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
    return {
      scenario,
      source,
      issues: r.success ? [] : zodIssues(r.error),
      steps: (Array.isArray(raw.steps) ? raw.steps : []).map((s, index) => {
        const o = asObj(s);
        const first = Array.isArray(o.target) ? asObj(o.target[0]) : {};
        const sel = str(first.css) || str(first.text) || str(first.xpath) || str(asObj(first.aria).name);
        return { index, id: str(o.id), action: str(o.action), lane: str(o.lane), scene: str(o.scene), selector: sel, caption: str(o.caption) };
      }),
      lanes: (Array.isArray(raw.lanes) ? raw.lanes : []).map((l) => ({ id: str(asObj(l).id), title: str(asObj(l).title) })),
      scenes: (Array.isArray(raw.scenes) ? raw.scenes : []).map((s) => {
        const o = asObj(s);
        return { id: str(o.id), title: str(o.title), permissions: Array.isArray(o.permissions) ? o.permissions.map(String) : [] };
      }),
    };
  }

  async loadScenario(p: Profile): Promise<ScenarioView> {
    const c = await this.current(p);
    return this.view(c.scenario, c.source);
  }

  async validateScenario(p: Profile, scenario: unknown): Promise<ScenarioView> {
    const c = await this.current(p);
    return this.view(scenario, c.source);
  }

  async saveScenario(p: Profile, scenario: unknown): Promise<ScenarioView> {
    const r = ScenarioSchema.safeParse(scenario);
    if (!r.success) {
      const issues = zodIssues(r.error);
      throw new UserError('validation', `The scenario was not saved: ${describeIssues(issues, { steps: stepsOf(scenario) })}`, {
        issues,
        hint: 'fix the marked step; nothing was changed on disk',
      });
    }
    await writeFileAtomic(this.customFile(p.name), JSON.stringify(scenario, null, 2) + '\n', 0o644);
    return this.view(scenario, 'custom');
  }

  /** "Update the scenario" after a run with hand-overs: what the person used goes first in those steps' targets, saved as the custom scenario. */
  async learnScenario(p: Profile, learnt: LearntTarget[]): Promise<{ view: ScenarioView; updated: string[] }> {
    const c = await this.current(p);
    const { scenario, changes } = addLearntTargets(c.scenario, learnt);
    if (!changes.length) return { view: this.view(c.scenario, c.source), updated: [] };
    return { view: await this.saveScenario(p, scenario), updated: changes.map((x) => x.stepId) };
  }

  async resetScenario(p: Profile): Promise<ScenarioView> {
    await fs.rm(this.customFile(p.name), { force: true });
    return this.view(await this.defaultScenario(), 'default');
  }

  /** The scenario a run uses, validated (a broken custom scenario stops the run before any browser starts). */
  async scenarioForRun(p: Profile): Promise<Scenario> {
    const c = await this.current(p);
    const r = ScenarioSchema.safeParse(c.scenario);
    if (!r.success) {
      const issues = zodIssues(r.error);
      throw new UserError('validation', `The scenario is not valid: ${describeIssues(issues, { steps: stepsOf(c.scenario) })}`, {
        issues,
        hint: 'fix it under Recorder → Scenario steps',
      });
    }
    return r.data;
  }

  /** What a job playing the submission's scenario will go through (a broken scenario is refused here, before any job). */
  async plan(p: Profile): Promise<JobPlan> {
    const s = await this.scenarioForRun(p);
    return { steps: s.steps.length, lanes: s.lanes.map((l) => ({ laneId: l.id, title: l.title })) };
  }

  /** The same checks as `review-assistant doctor`: for a sandbox recording only this computer's. */
  async doctor(p: Profile, sandbox: boolean): Promise<DoctorView> {
    const r = await runDoctor({ profile: p, dataDir: this.dataDir, machineOnly: sandbox || p.sample });
    return { ok: r.ok, findings: r.findings.map((f) => ({ id: f.id, level: f.level, title: f.title, detail: f.detail, ...(f.todo ? { todo: f.todo } : {}) })) };
  }

  /** What the scenario needs from the profile that is missing; the sandbox supplies every login itself. */
  async readiness(p: Profile, sandbox: boolean): Promise<RecordingReadiness> {
    let scenario: Scenario;
    try {
      scenario = await this.scenarioForRun(p);
    } catch (e) {
      return { ready: false, missing: [{ field: 'scenario', message: e instanceof Error ? e.message : String(e) }] };
    }
    if (sandbox || p.sample) return { ready: true, missing: [] };
    const missing = missingValues(scenario, scenarioContext(p));
    return { ready: missing.length === 0, missing };
  }

  /** The reviewer instructions follow the submission's own scenario (its steps marked for the reviewer). */
  async textOptions(p: Profile): Promise<GenerateOptions> {
    const c = await this.current(p).catch(() => null);
    const r = c ? ScenarioSchema.safeParse(c.scenario) : null;
    // A broken custom scenario is reported by the recorder screen; the texts fall back to the default's steps.
    return r?.success ? { steps: instructionStepsFromScenario(r.data, p) } : {};
  }

  async run(p: Profile, req: RunRequest, ctx: JobContext): Promise<JobResult> {
    const scenario = await this.scenarioForRun(p);
    return runRecordJob(
      {
        profile: p,
        scenario,
        dataDir: this.dataDir,
        sandbox: req.sandbox,
        headless: req.headless,
        record: req.record,
        ...(req.width ? { canvas: req.width } : {}),
        ...(req.waits ? { waits: req.waits } : {}),
        watching: this.watching,
      },
      ctx,
    );
  }

  async compose(p: Profile, runId: string, ctx: JobContext, waits?: WaitsMode): Promise<{ runId: string | null }> {
    await runComposeJob(this.runDir(p.name, runId), ctx, waits);
    return { runId };
  }

  runDir(name: string, runId: string): string {
    if (!RUN_ID_RE.test(runId) || runId.startsWith('.'))
      throw new UserError('validation', 'bad recording id', { issues: [{ field: 'runId', message: 'not a recording folder name' }] });
    return path.join(recordingsDir(this.dataDir, name), runId);
  }

  /** `version`: when the file was last written, so a video composed again is not played from the cache. */
  private url(dir: string, rel: string | null | undefined, version?: string): string | null {
    if (!rel) return null;
    const u = this.mediaUrl(mediaRel(this.dataDir, path.join(dir, rel)));
    return version ? `${u}?v=${encodeURIComponent(version)}` : u;
  }

  private summary(name: string, dir: string, m: Manifest): RecordingSummary {
    const live = this.writing(name, path.basename(dir)) || runIsLive(m);
    const status: RecordingSummary['status'] =
      m.status === 'done' ? 'passed' : m.status === 'failed' ? 'failed' : m.status === 'cancelled' ? 'cancelled' : live ? 'running' : 'interrupted';
    const poster = m.files.steps.at(-1);
    return {
      id: path.basename(dir),
      profile: name,
      createdAt: m.createdAt,
      status,
      durationMs: m.video ? Math.round(m.video.durationSec * 1000) : null,
      videoUrl: this.url(dir, m.files.demo, m.updatedAt),
      posterUrl: this.url(dir, poster),
    };
  }

  async listRecordings(name: string): Promise<RecordingSummary[]> {
    const runs = await listRuns(this.dataDir, name);
    return runs.map((r) => this.summary(name, r.dir, r.manifest));
  }

  async getRecording(name: string, runId: string): Promise<RecordingDetail> {
    const dir = this.runDir(name, runId);
    const m = await readManifest(dir);
    return {
      ...this.summary(name, dir, m),
      folder: dir,
      waits: m.waits,
      chapters: m.chapters.map((c) => ({
        sceneId: c.sceneId,
        title: c.title,
        permissions: c.permissions,
        startMs: Math.round(c.start * 1000),
        endMs: Math.round(c.end * 1000),
      })),
      clips: Object.entries(m.files.clips).map(([permission, rel]) => ({ permission, url: this.url(dir, rel, m.updatedAt) ?? '' })),
      error: m.error ? recordingError(m.error) : null,
      frames: m.frames ? { ok: m.frames.ok, findings: m.frames.findings.map((f) => f.message) } : null,
      cuts: (m.cuts ?? []).map((c) => ({
        atMs: Math.round(c.atSec * 1000),
        removedMs: Math.round(c.removedSec * 1000),
        reason: c.reason,
        stepId: c.stepId,
        step: stepNameIn(m, c.stepId),
      })),
      thumbnails: spread(m.files.steps, THUMBNAILS).flatMap((rel) => {
        const url = this.url(dir, rel);
        return url
          ? [
              {
                url,
                label: path
                  .basename(rel)
                  .replace(/\.\w+$/, '')
                  .replace(/^\d+-/, '')
                  .replace(/-/g, ' '),
              },
            ]
          : [];
      }),
    };
  }

  private trashDir(name: string): string {
    return path.join(this.dataDir, 'trash', 'recordings', name);
  }

  /** Moves a finished, failed, cancelled or interrupted recording to the trash; restoreRecording brings it back. */
  async deleteRecording(name: string, runId: string): Promise<{ runId: string; trashId: string }> {
    const dir = this.runDir(name, runId);
    const m = await readManifest(dir);
    if (this.summary(name, dir, m).status === 'running') {
      throw new UserError('conflict', 'this recording is still being made', { hint: 'cancel it first, or wait for it to finish' });
    }
    const trash = this.trashDir(name);
    await fs.mkdir(trash, { recursive: true, mode: 0o700 });
    let trashId = runId;
    for (let i = 2; await pathExists(path.join(trash, trashId)); i++) trashId = `${runId}~${i}`;
    await fs.rename(dir, path.join(trash, trashId));
    return { runId, trashId };
  }

  async restoreRecording(name: string, trashId: string): Promise<{ runId: string }> {
    // A trash id is the run's id, or the run's id and ~N when that was in the trash already.
    const runId = trashId.replace(/~\d+$/, '');
    if (!/^[A-Za-z0-9._~-]{1,90}$/.test(trashId) || !RUN_ID_RE.test(runId) || runId.startsWith('.')) {
      throw new UserError('validation', 'bad trash id', { issues: [{ field: 'trashId', message: 'not a deleted recording' }] });
    }
    const from = path.join(this.trashDir(name), trashId);
    if (!(await pathExists(from)))
      throw new UserError('not-found', 'that recording is no longer in the trash', { hint: `deleted recordings are kept in ${this.trashDir(name)}` });
    const to = this.runDir(name, runId);
    if (await pathExists(to))
      throw new UserError('conflict', `a recording ${runId} exists already`, { hint: `the deleted copy stays in ${this.trashDir(name)}` });
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.rename(from, to);
    return { runId };
  }
}

const THUMBNAILS = 8;

/** Up to n items evenly spread over the list, first and last included. */
export function spread<T>(list: readonly T[], n: number): T[] {
  if (list.length <= n) return [...list];
  return Array.from({ length: n }, (_, i) => list[Math.round((i * (list.length - 1)) / (n - 1))] as T);
}

/** Why a recording stopped, as the app says it: its app wording when the run kept one, and never a hint naming a command. */
function recordingError(e: NonNullable<Manifest['error']>): string {
  const said = e.app ?? { message: e.message, hint: e.hint !== undefined && !namesCommand(e.hint) ? e.hint : undefined };
  return `${said.message}${said.hint ? ` — ${said.hint}` : ''}`;
}

/** A step of a run as the step list names it, by the caption the run showed ("Step 12, “The operator replies”"). */
function stepNameIn(m: Manifest, stepId: string): string {
  const started = m.timeline.find((e) => e.type === 'step-started' && e.stepId === stepId);
  return started?.type === 'step-started' ? stepName(started.index, { caption: started.caption, id: stepId }) : `the step ${stepId}`;
}
