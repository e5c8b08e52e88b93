/**
 * What index.ts needs from a project archive, whether it is a plain tar (read by position)
 * or a gzipped one (streamed once, keeping what we need). Members are named by basename.
 */

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** Per-member limits for what we keep in memory (besides the volume and masks). */
export const LIMITS = {
  plist: 4 * MiB,
  vtp: GiB,
};

export interface Inv3Archive {
  container: 'gzip' | 'plain';
  /** Size of a member by basename, or undefined when there is none. */
  size(basename: string): number | undefined;
  /** A member's bytes; fails if it is larger than `cap` or was not kept. */
  read(basename: string, cap: number): Promise<Uint8Array>;
  /**
   * The volume member in a SharedArrayBuffer of exactly `bytes` bytes (the member's real
   * size). `signal` (default: the open's) stops a plain-tar read between chunks.
   */
  readVolume(basename: string, bytes: number, signal?: AbortSignal, onBytes?: OnVolumeBytes): Promise<SharedArrayBuffer>;
}

/** Told each time bytes [start, end) of the volume buffer hold their final values (streaming prepare). */
export type OnVolumeBytes = (buffer: SharedArrayBuffer, start: number, end: number) => void;

/** The volume member InVesalius writes; a gzip stream can only route this one into shared memory. */
export const VOLUME_MEMBER = 'matrix.dat';

/**
 * Which members a single pass over a gzip stream keeps. We learn what masks and surfaces
 * exist only from main.plist, which comes last, so we keep every candidate by name pattern
 * (mask .dat files, plists, vtp) and let index.ts confirm them later.
 */
export type Keep = 'volume' | 'plist' | 'vtp' | 'mask' | null;

export function keepKind(basename: string): Keep {
  if (basename === VOLUME_MEMBER) return 'volume';
  if (basename.endsWith('.plist')) return 'plist';
  if (basename.endsWith('.vtp')) return 'vtp';
  if (/^mask.*\.dat$/.test(basename)) return 'mask';
  return null;
}

export function capFor(kind: Keep): number {
  return kind === 'plist' ? LIMITS.plist : kind === 'vtp' ? LIMITS.vtp : Number.MAX_SAFE_INTEGER;
}
