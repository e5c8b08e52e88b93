/**
 * Tar parsing over a stream of arbitrary chunks (the output of gunzip). For each regular
 * member it asks `onMember` where the bytes should go (an array of exactly the member's
 * size) or gets null and skips them. Copies are whole sub-arrays, never per byte.
 */
import { fail } from './format-error';
import { BLOCK, TarHeaderState, paddedSize } from './tar';

export interface StreamMember {
  basename: string;
  size: number;
}

/**
 * Where a member's bytes go: an array of exactly its size, a SharedArrayBuffer of exactly
 * its size (may exceed the 4 GiB a single Uint8Array can span), or null to skip them.
 */
export type Target = Uint8Array | SharedArrayBuffer | null;
export type OnMember = (member: StreamMember) => Target;
/** Told after bytes [start, end) of a SharedArrayBuffer target were filled. */
export type OnFilled = (target: SharedArrayBuffer, start: number, end: number) => void;
/** Puts `bytes` at `offset` of a SharedArrayBuffer target (default: a plain copy). */
export type CopyShared = (target: SharedArrayBuffer, offset: number, bytes: Uint8Array) => void;

const copyShared: CopyShared = (target, offset, bytes) => new Uint8Array(target, offset, bytes.length).set(bytes);

type State = 'header' | 'meta' | 'data' | 'padding' | 'end';

export class TarStreamParser {
  private readonly headers = new TarHeaderState();
  private state: State = 'header';
  private readonly block = new Uint8Array(BLOCK);
  private blockFill = 0;
  /** Bytes still to consume in the current 'meta' / 'data' / 'padding' state. */
  private remaining = 0;
  private paddingAfter = 0;
  private target: Target = null;
  private targetFill = 0;
  private metaType = '';
  /** Bytes of the stream consumed so far. Inside onMember: where the member's data starts. */
  position = 0;

  constructor(
    private readonly onMember: OnMember,
    private readonly onFilled?: OnFilled,
    private readonly copy: CopyShared = copyShared,
  ) {}

  /** True once the end-of-archive marker was seen; later input is ignored. */
  get ended(): boolean {
    return this.state === 'end';
  }

  push(chunk: Uint8Array): void {
    let p = 0;
    while (p < chunk.length && this.state !== 'end') {
      if (this.state === 'header') {
        const take = Math.min(BLOCK - this.blockFill, chunk.length - p);
        this.block.set(chunk.subarray(p, p + take), this.blockFill);
        this.blockFill += take;
        p += take;
        this.position += take;
        if (this.blockFill === BLOCK) {
          this.blockFill = 0;
          this.onHeader();
        }
      } else {
        const take = Math.min(this.remaining, chunk.length - p);
        if (this.target instanceof Uint8Array) this.target.set(chunk.subarray(p, p + take), this.targetFill);
        else if (this.target) {
          this.copy(this.target, this.targetFill, chunk.subarray(p, p + take));
          this.onFilled?.(this.target, this.targetFill, this.targetFill + take);
        }
        this.targetFill += take;
        this.remaining -= take;
        p += take;
        this.position += take;
        if (this.remaining === 0) this.endOfSection();
      }
    }
  }

  /** Call when the input is exhausted. */
  finish(): void {
    if (this.state === 'end') return;
    // Like Python's tarfile, a missing end marker is fine if we stopped on a header boundary.
    if (this.state === 'header' && this.blockFill === 0) return;
    fail('archive is truncated');
  }

  private onHeader(): void {
    const step = this.headers.next(this.block);
    if (step.kind === 'end') {
      this.state = 'end';
      return;
    }
    this.paddingAfter = paddedSize(step.size) - step.size;
    this.targetFill = 0;
    if (step.kind === 'meta') {
      this.metaType = step.typeflag;
      this.target = new Uint8Array(step.size);
      this.enter('meta', step.size);
    } else if (step.kind === 'member') {
      this.target = this.onMember({ basename: step.basename, size: step.size });
      if (this.target && this.target.byteLength !== step.size) throw new Error('onMember returned a wrong-sized target');
      this.enter('data', step.size);
    } else {
      this.target = null;
      this.enter('data', step.size);
    }
  }

  private enter(state: State, bytes: number): void {
    this.state = state;
    this.remaining = bytes;
    if (bytes === 0) this.endOfSection();
  }

  private endOfSection(): void {
    if (this.state === 'meta' && this.target instanceof Uint8Array) this.headers.addMeta(this.metaType, this.target);
    this.target = null;
    if (this.state === 'padding' || this.paddingAfter === 0) {
      this.state = 'header';
    } else {
      const pad = this.paddingAfter;
      this.paddingAfter = 0;
      this.enter('padding', pad);
    }
  }
}
