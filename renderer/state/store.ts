import { create } from 'zustand';
import type { ApiEvent } from '../../app/api/events';
import { SECTION_IDS, type SectionId, type SubmissionSummary, type VaultStatus } from '../../app/api/views';
import { finished, newJob, withLane, withProgress, withTimeline, type JobState } from '../../app/api/job-state';
import { api, ApiError, isConnectionError } from '../bridge';

export interface Toast {
  id: number;
  kind: 'error' | 'info' | 'success';
  message: string;
  hint?: string;
  action?: { label: string; run: () => void };
  /** A new toast with the same key replaces the old one (e.g. "Saved" replaces "Not saved"). */
  key?: string;
}

/** A job as the server keeps it (job-state.ts), plus the latest preview picture of each lane. */
export interface JobView extends JobState {
  frames: Record<string, { src: string; url: string }>;
}

interface State {
  vault: VaultStatus | null;
  submissions: SubmissionSummary[];
  loaded: boolean;
  selected: string | null;
  section: SectionId;
  /** A field to focus after navigating (from a check's "Fix" link). */
  focus: string | null;
  /** The current screen has unsaved edits; navigation asks first. */
  dirty: boolean;
  pendingNav: (() => void) | null;
  toasts: Toast[];
  jobs: Record<string, JobView>;

  /** The first screen's data: the vault's state and, when it is open, the submissions. */
  boot(): Promise<void>;
  refreshVault(): Promise<void>;
  refreshSubmissions(): Promise<void>;
  select(name: string | null, section?: SectionId, focus?: string | null): void;
  setDirty(d: boolean): void;
  confirmNav(proceed: boolean): void;
  toast(t: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
  /** Clears the notice under a key (a form fixed since its "Not saved" notice). */
  dismissKey(key: string): void;
  /**
   * A destructive action just done, with one notice offering Undo. `focusUndo` moves focus to the
   * Undo button, for actions that removed the focused element (a delete): Tab and Enter reach it.
   */
  offerUndo(o: { message: string; key: string; undo: () => Promise<void>; focusUndo?: boolean }): void;
  /** Shows a failure; with a key, the next notice or `dismissKey` under that key replaces it. */
  fail(e: unknown, key?: string): void;
  applyEvent(e: ApiEvent): void;
  /** Running jobs from the server (after a load or reload), with their progress. */
  hydrateJobs(): Promise<void>;
  /** Bumped when a submission's recordings change (a job ended, a delete or restore). */
  recordingsVersion: number;
}

let toastSeq = 0;

/**
 * Where the person is (submission and section), kept in the address's hash (`#sample/recorder`):
 * a reload, or the desktop window's restart of its page, comes back there instead of to the
 * first submission, mid-recording included.
 */
function currentPlace(): { name: string | null; section: SectionId | null } {
  if (typeof window === 'undefined') return { name: null, section: null };
  const [rawName = '', rawSection = ''] = window.location.hash.replace(/^#/, '').split('/');
  let name: string | null = null;
  try {
    name = rawName ? decodeURIComponent(rawName) : null;
  } catch {
    // A hand-edited address with a broken escape: no place to come back to.
  }
  const section = (SECTION_IDS as readonly string[]).includes(rawSection) ? (rawSection as SectionId) : null;
  return { name, section };
}

function rememberPlace(name: string | null, section: SectionId): void {
  if (typeof window === 'undefined') return;
  const hash = name ? `#${encodeURIComponent(name)}/${section}` : '';
  if (window.location.hash === hash || (!hash && !window.location.hash)) return;
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
}

/** The state after a fresh list: the selection kept while it still exists, else the newest. */
function listed(submissions: SubmissionSummary[], sel: string | null): Pick<State, 'submissions' | 'loaded' | 'selected'> {
  return { submissions, loaded: true, selected: sel && submissions.some((s) => s.name === sel) ? sel : (submissions[0]?.name ?? null) };
}

export const useApp = create<State>((set, get) => ({
  vault: null,
  submissions: [],
  loaded: false,
  selected: null,
  section: 'gateway',
  focus: null,
  dirty: false,
  pendingNav: null,
  toasts: [],
  jobs: {},
  recordingsVersion: 0,

  async boot() {
    // The list is asked for with the vault's state, not after it: one round trip fewer before
    // the first screen. It is refused while the vault is locked, and then fetched once unlocked.
    const [vault, list] = await Promise.allSettled([api.vaultStatus({}), api.listSubmissions({})]);
    if (vault.status === 'rejected') return get().fail(vault.reason);
    const place = currentPlace();
    if (place.section) set({ section: place.section });
    if (vault.value.state === 'unlocked' && list.status === 'fulfilled') set({ vault: vault.value, ...listed(list.value, place.name) });
    else set({ vault: vault.value });
    await get().hydrateJobs();
  },

  async hydrateJobs() {
    try {
      const running = await api.activeJobs({});
      const jobs = { ...get().jobs };
      for (const j of running) jobs[j.jobId] = { ...j, frames: jobs[j.jobId]?.frames ?? {} };
      set({ jobs });
    } catch {
      // An app without the call (or one that stopped): the events still bring new jobs.
    }
  },

  async refreshVault() {
    try {
      const vault = await api.vaultStatus({});
      // Locked again: the list is read afresh after the next unlock.
      set(vault.state === 'unlocked' ? { vault } : { vault, loaded: false });
    } catch (e) {
      get().fail(e);
    }
  },

  async refreshSubmissions() {
    try {
      const submissions = await api.listSubmissions({});
      // Locked meanwhile: this list must not count as read, or the next unlock would not read it.
      const sel = get().selected ?? currentPlace().name;
      if (get().vault?.state === 'unlocked') set(listed(submissions, sel));
    } catch (e) {
      set({ loaded: true });
      get().fail(e);
    }
  },

  select(name, section, focus = null) {
    const go = () => set({ selected: name, section: section ?? get().section, focus, dirty: false, pendingNav: null });
    if (get().dirty && (name !== get().selected || (section && section !== get().section))) set({ pendingNav: go });
    else go();
  },

  setDirty(d) {
    if (get().dirty !== d) set({ dirty: d });
  },

  confirmNav(proceed) {
    const nav = get().pendingNav;
    set({ pendingNav: null });
    if (proceed && nav) nav();
  },

  toast(t) {
    const id = ++toastSeq;
    set({ toasts: [...get().toasts.filter((x) => !t.key || x.key !== t.key), { ...t, id }] });
    // A notice someone is using (focus or pointer inside it) stays until they leave it.
    const later = (ms: number) =>
      setTimeout(() => {
        const el = document.querySelector(`[data-toast-id="${id}"]`);
        if (el && (el.contains(document.activeElement) || el.matches(':hover'))) later(2_000);
        else get().dismiss(id);
      }, ms);
    later(t.action ? 10_000 : t.kind === 'error' ? 20_000 : 4_000);
  },

  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },

  dismissKey(key) {
    if (get().toasts.some((t) => t.key === key)) set({ toasts: get().toasts.filter((t) => t.key !== key) });
  },

  offerUndo({ message, key, undo, focusUndo }) {
    get().toast({
      kind: 'info',
      message,
      key,
      action: {
        label: 'Undo',
        run: () => {
          undo().catch((e: unknown) => get().fail(e));
        },
      },
    });
    if (focusUndo) requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-toast-key="${CSS.escape(key)}"] [data-toast-action]`)?.focus());
  },

  fail(e, key) {
    if (isConnectionError(e)) return;
    const k = key ? { key } : {};
    if (e instanceof ApiError) {
      if (e.kind === 'locked') void get().refreshVault();
      get().toast({ kind: 'error', message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...k });
    } else get().toast({ kind: 'error', message: e instanceof Error ? e.message : String(e), ...k });
  },

  applyEvent(e) {
    const jobs = get().jobs;
    const now = Date.now();
    const patch = (jobId: string, f: (j: JobView) => JobView) => {
      const j = jobs[jobId];
      if (j) set({ jobs: { ...jobs, [jobId]: f(j) } });
    };
    switch (e.type) {
      case 'job-started':
        set({ jobs: { ...jobs, [e.jobId]: { ...newJob(e.jobId, e.kind, e.profile, e.startedAt, e.plan), frames: {} } } });
        break;
      case 'job-run':
        patch(e.jobId, (j) => ({ ...j, runId: e.runId }));
        break;
      case 'progress':
        patch(e.jobId, (j) => ({ ...j, ...withProgress(j, e, now) }));
        break;
      case 'step':
        patch(e.jobId, (j) => ({ ...j, ...withTimeline(j, e.event) }));
        break;
      case 'lane-frame':
        patch(e.jobId, (j) => ({
          ...j,
          ...withLane(j, e.laneId, e.title, e.index),
          frames: { ...j.frames, [e.laneId]: { src: `data:image/jpeg;base64,${e.jpegBase64}`, url: e.url } },
        }));
        break;
      case 'manual-prompt':
        patch(e.jobId, (j) => ({ ...j, manual: e.active ? { laneId: e.laneId, prompt: e.prompt, ...(e.handOver ? { handOver: e.handOver } : {}) } : null }));
        break;
      case 'job-finished':
        patch(e.jobId, (j) => ({ ...j, ...finished(j, e.status, e.runId, e.error, now, e.take) }));
        set({ recordingsVersion: get().recordingsVersion + 1 });
        if (e.status === 'failed' && e.error)
          get().toast({ kind: 'error', message: e.error.message, ...(e.error.hint ? { hint: e.error.hint } : {}), key: `job:${e.jobId}` });
        break;
      case 'recordings-changed':
        set({ recordingsVersion: get().recordingsVersion + 1 });
        break;
      case 'error':
        get().toast({ kind: 'error', message: e.error.message, ...(e.error.hint ? { hint: e.error.hint } : {}) });
        break;
      case 'submissions-changed':
        void get().refreshSubmissions();
        break;
    }
  },
}));

// Once the list is read, the address follows the person's place (before, it still holds where to go back to).
useApp.subscribe((now, before) => {
  if (now.loaded && (now.selected !== before.selected || now.section !== before.section || !before.loaded)) rememberPlace(now.selected, now.section);
});

/** The latest job of a submission (running or finished), for the recorder screen. */
export function latestJob(jobs: Record<string, JobView>, profile: string): JobView | undefined {
  const list = Object.values(jobs).filter((j) => j.profile === profile);
  return list[list.length - 1];
}
