/**
 * PreparedVolume: the render-ready form of a Volume, produced by the prepare pipeline
 * (src/main/prepare) and consumed by the renderer, whether it arrives over Electron IPC
 * or out of an exported web bundle. Plain data only (structured-clone / JSON friendly
 * apart from the typed arrays), no class instances.
 */
import type { Mat4, Shape3, Vec3, WindowLevel, Measurement, Vec3 as Colour } from './volume';

/**
 * 'f16': IEEE half floats holding HU directly (exact for every integer in ±2048), as Uint16 bits.
 * 'u8': value v ∈ 0..255 stands for HU = huMin + v·(huMax − huMin)/255 (see `u8Mapping`).
 * 'u16': v ∈ 0..65535 stands for HU = huMin + v·(huMax − huMin)/65535 (web-bundle 16-bit option).
 * 'i16': the int16 values exactly as the source stores them (HU, no mapping), as an Int16Array
 *        that is the source Volume's own array (no CPU pass at all). The renderer converts them to
 *        half floats on the GPU, giving the very texture an 'f16' volume would: exact in ±2048,
 *        larger magnitudes rounded to the nearest half (ties to even). Only for int16 sources
 *        kept on their own grid; never in an exported bundle (which stores u8/u16 codes).
 */
export type GpuFormat = 'f16' | 'u8' | 'u16' | 'i16';

export interface LinearMapping {
  /** Value that code 0 stands for. */
  huMin: number;
  /** Value that the top code (255 or 65535) stands for. */
  huMax: number;
}

export interface Histogram {
  /** Value of the first bin's lower edge (integer HU). */
  min: number;
  /** Largest value seen. */
  max: number;
  /** Bin width in HU (1 for integer data). */
  binWidth: number;
  /** counts[i] = number of voxels with min + i·binWidth ≤ v < min + (i+1)·binWidth. */
  counts: Uint32Array;
  /** Exact statistics of the source voxels. */
  mean: number;
  total: number;
}

export interface PreparedMask {
  name: string;
  colour: Colour;
  opacity: number;
  visible: boolean;
  /** Resampled to the render grid, 0/255. */
  data?: Uint8Array;
  /**
   * Exact volume inside the mask in mm³, counted on the source grid (resampling a thin mask
   * to the render grid can change its voxel count by tens of percent).
   */
  volumeMm3?: number;
}

export interface PreparedSurface {
  name: string;
  colour: Colour;
  transparency: number;
  visible: boolean;
  /** Positions already transformed into the render grid's voxel-mm frame (see PreparedVolume). */
  positions: Float32Array;
  normals?: Float32Array;
  indices: Uint32Array;
}

export interface PreparedVolume {
  /** Render grid [z, y, x]. */
  shape: Shape3;
  /** Render-grid spacing [x, y, z] in mm (physical extent preserved when resampling). */
  spacing: Vec3;
  /** Render-grid voxel index → patient LPS mm (row-major 4×4). */
  voxelToPatient: Mat4;
  format: GpuFormat;
  /** f16 → Uint16Array of half-float bits; u8 → Uint8Array; u16 → Uint16Array; i16 → Int16Array of HU. */
  data: Uint16Array | Uint8Array | Int16Array;
  /** For 'u8' and 'u16': how codes map back to HU. */
  mapping?: LinearMapping;
  histogram: Histogram;
  window: WindowLevel;
  /** The source grid, for labels ("512×512×28 → 256×256×28"). */
  sourceShape: Shape3;
  sourceSpacing: Vec3;
  meta: {
    name: string;
    modality: string;
    sourceFormat: string;
    isHU: boolean;
    warnings: string[];
    /** What the reader did about the geometry (oblique axes kept, orientation unknown, tilt as shear, …). */
    geometryNotes?: string[];
    /** The file states no patient orientation: show no direction letters (VolumeMeta.orientationUnknown). */
    orientationUnknown?: boolean;
    /** Present only when identity is kept (never in an anonymised export). */
    identity?: { patientName?: string; patientId?: string; birthDate?: string };
  };
  masks: PreparedMask[];
  surfaces: PreparedSurface[];
  measurements: Measurement[];
}

export interface Progress {
  /** Human-readable stage name: "reading", "decoding", "resampling", … */
  stage: string;
  /** 0..1 overall. */
  fraction: number;
}

/**
 * What the renderer needs from whoever supplies volumes: the Electron preload,
 * the exported web bundle, or a test host. One small interface for all three.
 */
export interface VolumeSource {
  onVolume(cb: (volume: PreparedVolume) => void): void;
  onProgress(cb: (progress: Progress) => void): void;
  onError(cb: (message: string) => void): void;
}

export type { Vec3 };
