/**
 * Bad input is not a bug: readers throw ScanError with the file and a one-line reason,
 * the CLI prints it and exits 2, the app shows it in a dialog. Anything else is internal.
 */
export class ScanError extends Error {
  readonly file: string;
  readonly reason: string;

  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ScanError';
    this.file = file;
    this.reason = reason;
  }
}

/** Raised when an operation was cancelled (a newer open replaced it). */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function isScanError(e: unknown): e is ScanError {
  return e instanceof Error && e.name === 'ScanError';
}

export function isCancelled(e: unknown): e is CancelledError {
  return e instanceof Error && (e.name === 'CancelledError' || e.name === 'AbortError');
}

/** Throws CancelledError if the signal has fired. Call between chunks of long work. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError();
}
