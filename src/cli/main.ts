// The vigil command line: `vigil <noun> <verb>`, --help everywhere, --json for machines.
// Exit codes: 0 ok, 1 findings or failure, 2 usage error. Errors are one line, never a stack.
import { Command, CommanderError } from 'commander';
import { asVigilError, color, isVigilError } from '../core/index.ts';
import { registerDemo } from './commands/demo.ts';
import { registerHunt } from './commands/hunt.ts';
import { registerRules } from './commands/rules.ts';
import { registerTelemetry } from './commands/telemetry.ts';
import { registerVictims } from './commands/victims.ts';
import { registerNotify } from './commands/notify.ts';
import { registerConsole } from './commands/console.ts';
import { registerReport } from './commands/report.ts';
import { registerDevice } from './commands/device.ts';
import { registerIocs } from './commands/iocs.ts';
import { registerWarninglist } from './commands/warninglist.ts';
import { takeExitCode } from './exit.ts';

export const EXIT = { ok: 0, findings: 1, failure: 1, usage: 2 } as const;

export function buildProgram(): Command {
  const program = new Command('vigil')
    .description('Find who mercenary spyware targeted, warn them, and check their phones.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(color.red(s)) });
  registerIocs(program);
  registerWarninglist(program);
  registerTelemetry(program);
  registerRules(program);
  registerHunt(program);
  registerVictims(program);
  registerNotify(program);
  registerConsole(program);
  registerReport(program);
  registerDevice(program);
  registerDemo(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  // Every subcommand inherits exitOverride so usage errors come back here as exit code 2.
  const propagate = (c: Command) => {
    c.exitOverride();
    c.commands.forEach(propagate);
  };
  propagate(program);
  takeExitCode();
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return takeExitCode();
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    const err = isVigilError(e) ? e : asVigilError(e);
    process.stderr.write(`${color.red('vigil: error')} ${err.oneLine()}\n`);
    if (process.env.VIGIL_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return err.exitCode;
  }
}
