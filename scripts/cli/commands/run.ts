// The `run` command: plays the demo scenario in two browsers without recording, to check that it works.
import path from 'node:path';
import { formatError, UserError } from '../../../app/common/errors';
import { RunError } from '../../../app/recorder/runner/errors';
import { prepareRun } from '../../../app/recorder/runner/prepare';
import { runScenario } from '../../../app/recorder/runner/run';
import { scenarioHash } from '../../../app/recorder/scenario/load';
import { writeRunRecord } from '../../../app/recorder/scenario/suggest';
import type { RunResult } from '../../../app/recorder/runner/types';
import { fillMissedInWords, type TimelineEvent } from '../../../app/recorder/timeline';
import { EXIT, type Command, type CommandContext } from '../command';
import { facebookOptions, FACEBOOK_OPTIONS, FACEBOOK_OPTIONS_HELP } from '../facebook-options';
import { terminalHandOver, terminalStepThrough } from '../hand-over-prompt';
import { loadProfileForCommand } from '../store-context';
import { hasTerminal } from '../terminal-line';
import { WEBITEL_RELEASE_HELP, webitelReleaseOption } from '../webitel-release';

function stamp(d = new Date()): string {
  return d
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z');
}

function short(text: string, max = 72): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** One progress line per finished step: `[ 7/31] webitel  Switch Call Center on … ok 0.4 s`. */
export function progressPrinter(ctx: Pick<CommandContext, 'err'>, total: number): (e: TimelineEvent) => void {
  const w = String(total).length;
  const started = new Map<number, { lane: string; label: string }>();
  // Steps the person stopped while they were theirs (the timeline says so before the step ends).
  const stopped = new Set<number>();
  const head = (i: number) => `[${String(i + 1).padStart(w)}/${total}]`;
  return (e) => {
    if (e.type === 'scene-started') ctx.err(`— ${e.title}${e.permissions.length ? ` (${e.permissions.join(', ')})` : ''}`);
    else if (e.type === 'step-started') started.set(e.index, { lane: e.laneId, label: short(e.caption || `${e.action} ${e.stepId}`) });
    else if (e.type === 'step-succeeded') {
      const s = started.get(e.index);
      ctx.err(`${head(e.index)} ${(s?.lane ?? '').padEnd(9)} ${s?.label ?? e.stepId} … ok ${(e.durationMs / 1000).toFixed(1)} s`);
    } else if (e.type === 'step-skipped') {
      const why = e.reason.startsWith('condition not met') ? 'not needed here' : short(e.reason, 90);
      ctx.err(`${head(e.index)} ${''.padEnd(9)} ${e.stepId} … skipped (${why})`);
    } else if (e.type === 'step-failed') {
      const s = started.get(e.index);
      const what = e.error === 'the run was cancelled' ? 'cancelled' : stopped.has(e.index) ? 'stopped' : 'FAILED';
      ctx.err(`${head(e.index)} ${(s?.lane ?? '').padEnd(9)} ${s?.label ?? e.stepId} … ${what}`);
    } else if (e.type === 'assist-stopped') {
      stopped.add(e.index);
    } else if (e.type === 'assist-fill-missed') {
      ctx.err(`    Nothing was typed: ${fillMissedInWords(e.why)}. Click into the field, then press f again.\n`);
    } else if (e.type === 'page-crashed') {
      ctx.err(`    The ${e.popup ? 'popup' : 'page'} of lane ${e.laneId} crashed (${e.url})${e.reloaded ? ': loaded again' : ''}.`);
    } else if (e.type === 'manual-waiting') {
      ctx.err(`\n>>> Your turn (lane ${e.laneId}): ${e.prompt}\n`);
    } else if (e.type === 'assist-ended') {
      const s = started.get(e.index);
      ctx.err(`${head(e.index)} ${(s?.lane ?? '').padEnd(9)} ${s?.label ?? e.stepId} … done by hand in ${((e.t - e.startedAt) / 1000).toFixed(1)} s`);
    }
  };
}

/** `--pace`, refused when unknown; by default brisk when nobody can watch (headless), natural otherwise. */
export function paceOption(value: unknown, headless: boolean): 'natural' | 'brisk' {
  if (value === undefined) return headless ? 'brisk' : 'natural';
  if (value === 'natural' || value === 'brisk') return value;
  throw new UserError('usage', `--pace must be brisk or natural, not "${String(value)}"`, {
    hint: 'brisk checks the scenario as fast as the pages answer; natural plays it as the video will',
  });
}

function summary(r: RunResult, target: string): string {
  const count = (s: string) => r.steps.filter((x) => x.status === s).length;
  const scenes = new Set(r.timeline.filter((e) => e.type === 'scene-started').map((e) => (e as { title: string }).title));
  const lines = [
    `${r.ok ? 'Every step passed' : r.status === 'cancelled' ? 'Cancelled' : 'The run failed'}: ${count('passed')} passed, ${count('skipped')} skipped (not needed on this host), ${count('failed')} failed, ${count('not-run')} not run — ${r.steps.length} steps in ${r.lanes.length} browsers (${r.browser.name}) against ${target}.`,
  ];
  if (scenes.size) lines.push(`Scenes shown: ${[...scenes].join('; ')}.`);
  if (r.evidenceDir && (!r.ok || r.steps.some((s) => s.screenshot))) lines.push(`Evidence (screenshots, page HTML): ${path.join(r.evidenceDir, 'steps')}`);
  const learnt = r.timeline.filter((e) => e.type === 'assist-ended' && e.target).length;
  if (learnt && r.evidenceDir)
    lines.push(
      `You did ${learnt} step${learnt === 1 ? '' : 's'} by hand. To learn them: review-assistant scenario suggest ${JSON.stringify(r.evidenceDir)} --out FILE`,
    );
  return lines.join('\n');
}

export const runCommand: Command = {
  name: 'run',
  summary: 'Play the demo scenario in two browsers (no recording), to check it works',
  usage:
    '--profile NAME [--sandbox] [--headless] [--step-through] [--scenario FILE] [--webitel-release 26.04|26.06|26.08] [--facebook-consent first-time|returning] [--cookie-banner] [--browser PATH] [--keep-logged-in] [--pace brisk|natural] [--json]',
  help: `
Plays the demo scenario: one browser for Webitel (the administrator, then the operator) and
one for Facebook Messenger (the customer), side by side, step by step, and reports each step.
Nothing is recorded: use it to check that the scenario works with your Webitel host and
logins before "review-assistant record".

Options:
  --profile NAME       the submission whose Webitel host, Page and logins to use
  --sandbox            run against the built-in demo sandbox instead of the real sites
                       (always on for the sample profile)
  --headless           no visible windows (a step that needs you, e.g. a Facebook login code,
                       then cannot be done by hand)
  --step-through       pause before each step: Enter to go, s to skip an optional step,
                       q to stop (watch a new scenario against a real host; needs a terminal)
  --scenario FILE      a scenario JSON file instead of the built-in one
  ${WEBITEL_RELEASE_HELP}
${FACEBOOK_OPTIONS_HELP}
  --browser PATH       the Chrome, Chromium or Edge to drive (else REVIEW_ASSISTANT_BROWSER,
                       else the installed one)
  --keep-logged-in     keep the browser profiles' logins (default: start logged out, because
                       Meta wants the login on video)
  --pace P             natural: typed key by key, the cursor glides, captions hold, as in the
                       video; brisk: as fast as the pages answer. Default: brisk with
                       --headless (nobody watches), natural with windows
  --json               print {ok, steps, timeline, evidenceDir} on standard output

Progress goes to standard error, one line per step. Exit code 0 only when every step passed.
With visible windows, a step whose element is not found (or whose wait does not come true)
is handed to you instead of failing: ">>> Your turn …" says what to do and in which window;
do it there and the run goes on by itself (Enter = done, f = fill it for me, q = stop). Steps
marked "assist": false, and every step of a --headless run, fail as before. What you clicked
is kept in <run folder>/run.json: "review-assistant scenario suggest RUN_FOLDER" turns it into
an updated scenario.
Ctrl-C stops the run and closes the browsers. A failed step names the step, the lane, the
selectors tried, the time waited and the page address, and leaves a screenshot and the page
HTML in the evidence folder (<data>/runs/<profile>/<time>/steps/).

Examples:
  review-assistant run --profile sample --headless
  review-assistant run --profile acme
  review-assistant run --profile sample --sandbox --headless --webitel-release 26.04
  review-assistant run --profile sample --headless --facebook-consent returning --cookie-banner
`,
  options: {
    profile: { type: 'string', short: 'p' },
    sandbox: { type: 'boolean' },
    headless: { type: 'boolean' },
    scenario: { type: 'string' },
    'webitel-release': { type: 'string' },
    'login-form': { type: 'string' },
    browser: { type: 'string' },
    'keep-logged-in': { type: 'boolean' },
    'step-through': { type: 'boolean' },
    pace: { type: 'string' },
    ...FACEBOOK_OPTIONS,
  },
  async run(ctx: CommandContext): Promise<number> {
    if (ctx.args.length) throw new UserError('usage', `unexpected argument "${ctx.args[0]}"`, { hint: 'pass the submission as --profile NAME' });
    const release = webitelReleaseOption(ctx.values);
    const profile = await loadProfileForCommand(ctx, ctx.values.profile as string | undefined);
    if (release && !(ctx.values.sandbox || profile.sample)) {
      throw new UserError('usage', '--webitel-release chooses the release the sandbox draws; it needs --sandbox', {
        hint: 'the scenario handles the release of a real Webitel host by itself',
      });
    }
    const pace = paceOption(ctx.values.pace, ctx.values.headless === true);
    const scenarioFile = ctx.values.scenario as string | undefined;
    const stepThrough = ctx.values['step-through'] === true;
    if (stepThrough && !hasTerminal())
      throw new UserError('usage', '--step-through asks before each step: it needs a terminal', { hint: 'run it in a terminal, or leave --step-through out' });
    const fb = facebookOptions(ctx, ctx.values.sandbox === true || profile.sample);
    const prepared = await prepareRun({
      profile,
      ...fb,
      sandbox: ctx.values.sandbox === true,
      ...(scenarioFile ? { scenarioFile: path.resolve(scenarioFile) } : {}),
      ...(release ? { webitelRelease: release } : {}),
    });
    const evidenceDir = path.join(ctx.dataDir, 'runs', profile.name, stamp());
    const target = prepared.sandbox ? `the sandbox (${prepared.sandbox.origins.webitel})` : (prepared.context.entries['webitel.origin']?.value ?? 'Webitel');
    ctx.err(
      `Running "${prepared.scenario.title || 'scenario'}" (${prepared.scenario.steps.length} steps) for "${profile.name}" against ${target}${ctx.values.headless ? ', headless' : ''}${pace === 'brisk' ? ', at a brisk pace' : ''}…`,
    );
    let result: RunResult | undefined;
    let failure: unknown;
    try {
      result = await runScenario({
        scenario: prepared.scenario,
        context: prepared.context,
        browserProfilesDir: path.join(ctx.dataDir, 'browser-profiles', profile.name),
        startLoggedOut: ctx.values['keep-logged-in'] !== true,
        headless: ctx.values.headless === true,
        pace,
        ...(ctx.values.browser ? { browserPath: ctx.values.browser as string } : {}),
        evidenceDir,
        signal: ctx.signal,
        env: ctx.env,
        onEvent: progressPrinter(ctx, prepared.scenario.steps.length),
        ...terminalHandOver(ctx),
        ...(stepThrough ? { beforeStep: terminalStepThrough(ctx, prepared.scenario.steps.length) } : {}),
      });
    } catch (e) {
      failure = e;
      if (e instanceof RunError) result = e.result;
    } finally {
      await prepared.close();
    }
    // What `scenario suggest` learns from: the timeline (never a typed value) and the scenario played.
    if (result) {
      await writeRunRecord(evidenceDir, {
        ...(scenarioFile ? { scenarioFile: path.resolve(scenarioFile) } : {}),
        scenarioHash: scenarioHash(prepared.scenario),
        timeline: result.timeline,
      }).catch((e: unknown) => ctx.err(`warning: could not write ${evidenceDir}/run.json: ${(e as Error).message}`));
    }
    if (result) ctx.err('\n' + summary(result, target));
    if (failure && !(failure instanceof RunError && result)) throw failure;
    if (ctx.json && result) {
      ctx.outJson({
        ok: result.ok,
        status: result.status,
        steps: result.steps,
        timeline: result.timeline,
        evidenceDir: result.evidenceDir ?? evidenceDir,
        ...(failure instanceof RunError ? { error: failure.toJSON() } : {}),
      });
    }
    if (failure) {
      ctx.err(formatError(failure));
      return EXIT.failed;
    }
    return result?.ok ? EXIT.ok : EXIT.failed;
  },
};
