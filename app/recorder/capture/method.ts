// The one interface every capture method implements: whether it can run here, start and stop, where its pictures go on the run clock, and its colour and container facts.
import type { Page } from 'puppeteer-core';
import type { Size } from '../../media/canvas';
import type { Matrix } from '../../media/colour';
import type { ProbeResult } from '../../media/probe';
import type { FfmpegTools } from '../../media/tools';
import type { CaptureRecord } from '../run-folder';
import type { LaneInfo, LaneScreen } from '../runner/types';

/** What the machine offers a run: asked once, before the run folder exists. */
export interface Machine {
  headless: boolean;
  tools: FfmpegTools;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/** Why a method cannot run here, said so a user knows what to do. */
export interface Unavailable {
  kind: 'usage' | 'external';
  message: string;
  hint: string;
}

export interface CaptureResult {
  method: string;
  file: string;
  /** nowMs() of the recording's first frame (video time 0 of this file); provisional until `place` (Chrome's recorder). */
  startMs: number;
  endMs: number;
  /** When the capture was asked to start. */
  requestedMs: number;
  width: number;
  height: number;
  /** Screencast only: frames Chrome delivered, frames written on the grid. */
  frames: { received: number; written: number } | null;
}

/** One lane (or popup) being recorded. */
export interface LaneCapture {
  readonly method: string;
  readonly file: string;
  readonly startMs: number;
  /** The picture size the file will have. */
  readonly width: number;
  readonly height: number;
  stop(): Promise<CaptureResult>;
  /** Stops without caring about the file (cancel, failure): never throws. */
  abort(): Promise<void>;
  /** Seconds from the start of the file that are final on disk while recording (0: unknown until stopped). */
  finalSec?(): number;
}

export interface LaneStart {
  page: Page;
  lane: LaneInfo;
  /** The lane file's path, its extension the method's container. */
  file: string;
  /** The picture size the lane is recorded at. */
  picture: Size;
  fps: number;
  tools: FfmpegTools;
  /** The lane's own screen, when this method gave it one (`screenFor`). */
  screen: LaneScreen | null;
  /**
   * Told once when the recording ends before it was asked to stop (its file could not be
   * written, its encoder died), so the run can stop at once instead of playing on unrecorded.
   */
  onLost?: (e: unknown) => void;
}

export interface CaptureMethod {
  /** The name on the command line (`--capture`) and in the run folder. */
  readonly id: string;
  /** One line for --help and the README. */
  readonly summary: string;
  /** What its files hold when they carry no colour tags. */
  readonly colour: { range: 'full' | 'limited'; matrix: Matrix };
  /** Its files' container: a fragmented MP4 can be composed while it grows (LaneCapture.finalSec); Matroska stays playable when cut short. */
  readonly container: 'mp4' | 'mkv';
  /**
   * How long after a page draws a picture this method reads it (ms): its files are placed that
   * much earlier on the run clock, so each step's picture comes with its caption.
   */
  readonly pictureLagMs?: number;
  /** Popups show in the lane's own picture: they get no capture of their own. */
  readonly popupsInPicture?: boolean;
  /** null when it can run on this machine. */
  unavailable(m: Machine): Promise<Unavailable | null>;
  /** A screen of the lane's own for its browser, asked before the browser starts. */
  screenFor?(laneId: string, picture: Size): Promise<(LaneScreen & { stop(): Promise<void> }) | null>;
  /** Starts recording a lane; throws when it cannot for this lane (the browser lacks an API, no screen): 'auto' then tries the next method. */
  start(o: LaneStart): Promise<LaneCapture>;
  /** Once stopped and probed: corrects where the file sits on the run clock. `keepProvisional`: segments were composed with the start it had. */
  place?(cap: CaptureRecord, probe: ProbeResult | undefined, o: { keepProvisional: boolean }): void;
}
