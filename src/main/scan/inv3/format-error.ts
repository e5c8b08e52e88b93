/**
 * Thrown by the inv3 parsing modules for anything wrong with the input. They do not know
 * the file name; index.ts turns it into a ScanError(file, reason). Any other exception type
 * escaping those modules is a bug, not bad input.
 */
export class Inv3FormatError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Inv3FormatError';
  }
}

export function fail(reason: string): never {
  throw new Inv3FormatError(reason);
}

/** Allocation of an attacker-chosen (but already bounded) size can still fail: say so clearly. */
export function allocate<T>(what: string, bytes: number, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof RangeError) fail(`${what} needs ${bytes} bytes, which cannot be allocated`);
    throw e;
  }
}
