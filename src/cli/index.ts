/**
 * The headless CLI (built to out/main/cli.js, launched by bin/hounsfield.js). runCli is the
 * whole program minus the process: tests call it in-process with their own io.
 */
import path from 'node:path';
import { WorkerPool } from '../main/workers/pool';
import { parseArgs } from './args';
import { UsageError, type CliIO } from './command';
import { findCommand } from './commands';
import { describeFailure, EXIT_BAD_INPUT, EXIT_OK } from './errors';
import { commandHelp, mainHelp } from './help';

export type { CliIO };

/** argv: the arguments after the program name, e.g. ['info', 'scan.inv3', '--json']. Returns the exit code. */
export async function runCli(argv: string[], io: CliIO, opts: { pool?: WorkerPool } = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(mainHelp());
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  const command = findCommand(name);
  if (!command) {
    io.stderr(`hounsfield: unknown command "${name}" (see hounsfield --help)\n`);
    return EXIT_BAD_INPUT;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(command));
    return EXIT_OK;
  }
  const pool = opts.pool ?? new WorkerPool();
  try {
    const args = parseArgs(rest, command);
    return await command.run(args, { io, pool });
  } catch (e) {
    const failure = describeFailure(e);
    io.stderr(`${failure.line}\n`);
    if (process.env.HOUNSFIELD_DEBUG && e instanceof Error && !(e instanceof UsageError)) io.stderr(`${e.stack ?? ''}\n`);
    return failure.code;
  } finally {
    if (!opts.pool) await pool.close();
  }
}

/** True when this module is the program: run directly, or required by bin/hounsfield.js. */
function launchedAsCli(): boolean {
  if (typeof require === 'undefined' || typeof module === 'undefined' || !require.main) return false;
  return require.main === module || path.basename(require.main.filename) === 'hounsfield.js';
}

if (launchedAsCli()) {
  // The program's own pool is never closed: process.exit stops its threads anyway, and waiting for
  // each to terminate first only delays the exit (a caller of runCli without a pool gets it closed).
  const pool = new WorkerPool();
  void runCli(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }, { pool }).then((code) => {
    // Exit once output is flushed, even if a stray handle would keep the loop alive.
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
}
