/** Any failure → exit code + ONE stderr line (no stack trace unless HOUNSFIELD_DEBUG is set). */
import { isCancelled, isScanError } from '../main/scan/errors';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;

export interface Failure {
  code: number;
  line: string;
}

/** Keeps a message on one line (readers' reasons should already be one line; be safe). */
const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

export function describeFailure(e: unknown): Failure {
  if (isScanError(e)) return { code: EXIT_BAD_INPUT, line: `hounsfield: ${oneLine(`${e.file}: ${e.reason}`)}` };
  if (e instanceof Error && e.name === 'UsageError') return { code: EXIT_BAD_INPUT, line: `hounsfield: ${oneLine(e.message)}` };
  if (isCancelled(e)) return { code: EXIT_INTERNAL, line: 'hounsfield: cancelled' };
  const message = e instanceof Error ? e.message : String(e);
  return { code: EXIT_INTERNAL, line: `hounsfield: internal error: ${oneLine(message)} (this is a bug: please report it, with HOUNSFIELD_DEBUG=1 output)` };
}
