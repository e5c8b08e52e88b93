/** Runs the CLI in-process and captures its output. */
import { runCli } from '../../../src/cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** Exactly one non-empty line, ending in a newline. */
export function isOneLine(s: string): boolean {
  return /^[^\n]+\n$/.test(s);
}
