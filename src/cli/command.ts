/**
 * What a CLI command is. Each command lives in its own file (info.ts, prepare.ts, export.ts)
 * and is registered with one line in command-list.ts.
 */
import type { WorkerPool } from '../main/workers/pool';

export interface CliIO {
  /** Writes text verbatim (commands include their own newlines). */
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface CliContext {
  io: CliIO;
  /** The process's worker pool (runCli closes it when the command ends). */
  pool: WorkerPool;
}

/** Parsed command line: positionals in order, flags by name (without "--"). */
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

export interface Command {
  name: string;
  /** e.g. "info <scan>... [--json] [--series <uid>]" */
  synopsis: string;
  /** One line for `hounsfield --help`. */
  summary: string;
  /** Accepted flags: 'boolean' takes no value, 'string' takes the next argument (or --flag=value). */
  flags: Record<string, 'boolean' | 'string'>;
  /** Single-letter aliases, e.g. { o: 'output' } lets `-o x` stand for `--output x`. */
  aliases?: Record<string, string>;
  /** Fewest positional arguments the command needs. */
  minPositionals: number;
  /** Returns the exit code (0 ok). Throw ScanError / UsageError for bad input. */
  run(args: ParsedArgs, ctx: CliContext): Promise<number>;
}

/** Bad command line: exit code 2 with one line on stderr. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
