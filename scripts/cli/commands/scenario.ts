// `scenario suggest`: the targets a person used during hand-overs, put first in the scenario's steps.
import path from 'node:path';
import { UserError } from '../../../app/common/errors';
import { suggestFromRun } from '../../../app/recorder/scenario/suggest';
import { DEFAULT_SCENARIO } from '../../../app/recorder/scenarios/default';
import { EXIT, type Command } from '../command';

const scenarioOverview: Command = {
  name: 'scenario',
  summary: 'Work on scenario files (suggest: learn the targets you clicked when a run handed you a step)',
  usage: 'suggest RUN_FOLDER [--out FILE] [--scenario FILE]',
  noJson: true,
  help: `
Subcommands (each has --help):
  scenario suggest RUN_FOLDER [--out FILE]   the scenario with what you did by hand in that run
                                             as new first-choice targets, and the diff`,
  async run(ctx) {
    const sub = ctx.args[0];
    throw new UserError('usage', sub ? `unknown subcommand "scenario ${sub}"` : 'which scenario subcommand?', {
      hint: 'run "review-assistant scenario --help"',
    });
  },
};

export const scenarioSuggestCommand: Command = {
  name: 'scenario suggest',
  summary: "Write the scenario with the elements you used during a run's hand-overs as first-choice targets",
  usage: 'RUN_FOLDER [--out FILE] [--scenario FILE] [--json]',
  help: `
When a run with visible windows could not find a step's element, it handed the step to you
("Your turn") and noted the element you clicked or typed into: its role and accessible name,
its visible text and a short CSS path, never what you typed. This writes the scenario the run
played with those as the first choices of those steps' targets (the old selectors stay behind
them as fallbacks) and prints the diff. Run again with the new file: those steps then pass
without you.

RUN_FOLDER is the folder "review-assistant run" prints (<data>/runs/<profile>/<time>/) or a
recording's folder (<data>/recordings/<profile>/<time>/).

Options:
  --out FILE        where to write the scenario (default: RUN_FOLDER/scenario.suggested.json;
                    give your scenario file's own path to update it in place)
  --scenario FILE   the scenario the run played, when the run folder does not name it
                    (a recording made with --scenario); default: the one the run names,
                    else the built-in scenario
  --json            print {out, changes} as JSON

Names of your Page or logins the person's element showed are written as they were (only
secrets are left out): edit them into {{…}} references if the scenario serves other profiles.

Example:
  review-assistant scenario suggest "~/.config/App Review Assistant/runs/acme/2026-12-06T10-31-04Z" --out my-scenario.json
  review-assistant run --profile acme --scenario my-scenario.json
`,
  options: { out: { type: 'string' }, scenario: { type: 'string' } },
  async run(ctx) {
    const dir = ctx.args[0];
    if (!dir || ctx.args.length > 1)
      throw new UserError('usage', dir ? `unexpected argument "${ctx.args[1]}"` : 'which run? pass the RUN_FOLDER', {
        hint: 'run folders are under <data>/runs/<profile>/ and <data>/recordings/<profile>/',
      });
    const r = await suggestFromRun({
      runDir: path.resolve(dir),
      ...(ctx.values.out ? { out: path.resolve(ctx.values.out as string) } : {}),
      ...(ctx.values.scenario ? { scenarioFile: path.resolve(ctx.values.scenario as string) } : {}),
      builtIn: () => DEFAULT_SCENARIO,
    });
    if (ctx.json) ctx.outJson({ out: r.changes.length ? r.out : null, changes: r.changes });
    if (!r.changes.length) {
      ctx.err('Nothing to learn: no step of that run was handed to you because its element was not found (nothing written).');
      return EXIT.ok;
    }
    if (!ctx.json) ctx.out(r.diff + '\n');
    ctx.err(
      `${r.changes.length} step${r.changes.length === 1 ? '' : 's'} updated (${r.changes.map((c) => c.stepId).join(', ')}); wrote ${r.out}\nNext: review-assistant run --profile NAME --scenario ${JSON.stringify(r.out)}`,
    );
    return EXIT.ok;
  },
};

export const SCENARIO_COMMANDS: Command[] = [scenarioOverview, scenarioSuggestCommand];
