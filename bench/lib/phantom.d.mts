/** Types for phantom.mjs (used by the TypeScript kernel bench). */
export function headPhantom(shape: number[], seed?: number): Int16Array;
export function valueRange(voxels: ArrayLike<number>): [number, number];
