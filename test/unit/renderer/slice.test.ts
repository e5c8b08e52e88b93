/**
 * The 2-D slice panel's pure parts (viewer/slice-layout.ts, viewer/slice-image.ts): screen
 * orientation from the real scans' own matrices, the values it reads out against the source
 * voxels, and its pixels against a per-pixel reference.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Vector3 } from 'three';
import { openScan } from '../../../src/main/scan/open';
import { prepareVolume } from '../../../src/main/prepare';
import { WorkerPool } from '../../../src/main/workers/pool';
import type { GpuFormat, PreparedVolume } from '../../../src/shared/prepared';
import { voxelToPatientPoint, type Mat4, type Volume } from '../../../src/shared/volume';
import { SLICE_PLANES, mergeState, defaultState, sanitiseSlice, viewPatch, type SlicePlane } from '../../../src/shared/view-state';
import { canvasSize, sliceIndex, sliceLayout, voxelAt } from '../../../src/renderer/viewer/slice-layout';
import { codeDecoder, greyTable, linearIndex, maskOverlay, sliceRgba, voxelValue } from '../../../src/renderer/viewer/slice-image';
import { describeVoxel } from '../../../src/renderer/viewer/slice-readout';
import { draggedWindow, roiStats } from '../../../src/renderer/viewer/slice-tools';
import { roiText } from '../../../src/renderer/viewer/slice-readout';
import { canvasDistanceMm, canvasToVoxel, measurementValue, patientToVoxel, pointsOnSlice, sliceOf } from '../../../src/renderer/viewer/slice-measurements';
import { DICOM_DIR, INV3_GZ, INV3_PLAIN, NIFTI } from '../data';

const pool = new WorkerPool();
afterAll(() => pool.close());
const volumes = new Map<string, Promise<Volume>>();
const open = (path: string) => {
  if (!volumes.has(path)) volumes.set(path, openScan(path, { pool }));
  return volumes.get(path)!;
};
const prepared = async (path: string, format: GpuFormat, maxGrid?: number): Promise<PreparedVolume> =>
  prepareVolume(await open(path), { pool, format, ...(maxGrid ? { maxGrid } : {}) });

/** LPS directions the screen's right, its down and the slice normal should point along. */
const EXPECTED: Record<SlicePlane, { right: Vector3; down: Vector3; normal: Vector3; edges: [string, string, string, string] }> = {
  axial: { right: new Vector3(1, 0, 0), down: new Vector3(0, 1, 0), normal: new Vector3(0, 0, 1), edges: ['R', 'L', 'A', 'P'] },
  coronal: { right: new Vector3(1, 0, 0), down: new Vector3(0, 0, -1), normal: new Vector3(0, 1, 0), edges: ['R', 'L', 'S', 'I'] },
  sagittal: { right: new Vector3(0, 1, 0), down: new Vector3(0, 0, -1), normal: new Vector3(1, 0, 0), edges: ['A', 'P', 'S', 'I'] },
};

function patient(m: Mat4, voxel: [number, number, number]): Vector3 {
  return new Vector3(...voxelToPatientPoint(m, voxel));
}

describe('slice layout', () => {
  it('lays an LPS-aligned grid out in the radiological convention', () => {
    // voxel x → Left, y → Posterior, z → Superior
    const m: Mat4 = [0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
    const axial = sliceLayout('axial', m, [10, 20, 30], [0.5, 0.5, 2]);
    expect([axial.right.axis, axial.right.flip, axial.down.axis, axial.down.flip, axial.normal.axis]).toEqual([0, false, 1, false, 2]);
    expect(axial.edges).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
    expect(axial.normalLabel).toBe('I → S');
    const coronal = sliceLayout('coronal', m, [10, 20, 30], [0.5, 0.5, 2]);
    expect([coronal.right.axis, coronal.down.axis, coronal.down.flip, coronal.normal.axis]).toEqual([0, 2, true, 1]);
    expect(canvasSize(coronal)).toEqual({ width: 30, height: 10, widthMm: 15, heightMm: 20 });
    const sagittal = sliceLayout('sagittal', m, [10, 20, 30], [0.5, 0.5, 2]);
    expect([sagittal.right.axis, sagittal.right.flip, sagittal.down.axis, sagittal.normal.axis]).toEqual([1, false, 2, 0]);
    expect(sagittal.edges).toEqual({ left: 'A', right: 'P', top: 'S', bottom: 'I' });
    // the first canvas pixel of the coronal slice is the top (superior) row: the last z
    expect(voxelAt(coronal, 0, 0, 7)).toEqual([0, 7, 9]);
    expect(sliceIndex(axial, 0)).toBe(0);
    expect(sliceIndex(axial, 1)).toBe(9);
    expect(sliceIndex(axial, 0.5)).toBe(5); // 4.5 rounds up
  });

  it('flips and permutes axes for a grid stored the other way round', () => {
    // voxel x → Posterior, y → Right (−x), z → Inferior (−z): every axis moved and two reversed
    const m: Mat4 = [0, -1, 0, 0, 1, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1];
    const axial = sliceLayout('axial', m, [4, 5, 6], [1, 1, 1]);
    expect([axial.right.axis, axial.right.flip, axial.down.axis, axial.down.flip, axial.normal.axis]).toEqual([1, true, 0, false, 2]);
    expect(axial.normalLabel).toBe('S → I');
    for (let col = 0; col < 4; col++) {
      const step = patient(m, voxelAt(axial, col + 1, 0, 0)).sub(patient(m, voxelAt(axial, col, 0, 0)));
      expect(step.toArray()).toEqual([1, 0, 0]); // one pixel right = 1 mm to the patient's left
    }
  });

  it('on any rotated, scaled grid, shows every voxel exactly once and never runs an axis backwards (seeded random matrices)', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    for (let trial = 0; trial < 40; trial++) {
      // a random rotation (normalised quaternion), scaled per axis by the spacing
      const [qw, qx, qy, qz] = (() => {
        const q = [random(), random(), random(), random()];
        const n = Math.hypot(...q);
        return q.map((v) => v / n);
      })();
      const r = [
        [1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw)],
        [2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw)],
        [2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy)],
      ];
      const spacing: [number, number, number] = [0.5 + Math.abs(random()), 0.5 + Math.abs(random()), 1 + 2 * Math.abs(random())];
      const m = [0, 1, 2].flatMap((row) => [r[row][0] * spacing[0], r[row][1] * spacing[1], r[row][2] * spacing[2], 10 * random()]).concat([0, 0, 0, 1]) as Mat4;
      const shape: [number, number, number] = [3 + (trial % 3), 4 + (trial % 2), 5];
      for (const plane of SLICE_PLANES) {
        const layout = sliceLayout(plane, m, shape, spacing);
        const seen = new Uint8Array(shape[0] * shape[1] * shape[2]);
        const { width, height } = canvasSize(layout);
        for (let k = 0; k < layout.normal.count; k++) for (let row = 0; row < height; row++) for (let col = 0; col < width; col++) seen[linearIndex(shape, voxelAt(layout, col, row, k))]++;
        expect(seen.every((n) => n === 1), `trial ${trial} ${plane}`).toBe(true);
        const want = EXPECTED[plane];
        const step = (dc: number, dr: number) => patient(m, voxelAt(layout, dc, dr, 0)).sub(patient(m, voxelAt(layout, 0, 0, 0)));
        expect(step(1, 0).dot(want.right), `trial ${trial} ${plane} right`).toBeGreaterThanOrEqual(0);
        expect(step(0, 1).dot(want.down), `trial ${trial} ${plane} down`).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it.each([
    ['DICOM series', DICOM_DIR],
    ['InVesalius gzip project (flipped rows)', INV3_GZ],
    ['InVesalius plain project', INV3_PLAIN],
    ['NIfTI', NIFTI],
  ])('on the real %s, right, down and the slice index point where the plane says', async (_, path) => {
    const vol = await prepared(path, 'f16', 48);
    for (const plane of SLICE_PLANES) {
      const layout = sliceLayout(plane, vol.voxelToPatient, vol.shape, vol.spacing);
      const want = EXPECTED[plane];
      const at = (c: number, r: number, k: number) => patient(vol.voxelToPatient, voxelAt(layout, c, r, k));
      const right = at(1, 0, 0).sub(at(0, 0, 0)).normalize();
      const down = at(0, 1, 0).sub(at(0, 0, 0)).normalize();
      const normal = at(0, 0, 1).sub(at(0, 0, 0)).normalize();
      expect(right.dot(want.right), `${plane} right`).toBeGreaterThan(0.7);
      expect(down.dot(want.down), `${plane} down`).toBeGreaterThan(0.7);
      expect(Math.abs(normal.dot(want.normal)), `${plane} normal`).toBeGreaterThan(0.7);
      const { left, right: r, top, bottom } = layout.edges;
      expect([left[0], r[0], top[0], bottom[0]], `${plane} edge letters`).toEqual(want.edges);
    }
  });
});

describe('slice values and pixels', () => {
  it('reads the source HU exactly from f16 and i16 volumes on the source grid (real head CT)', async () => {
    const source = await open(DICOM_DIR);
    const src = source.data as Int16Array;
    for (const format of ['f16', 'i16'] as const) {
      const vol = await prepared(DICOM_DIR, format);
      expect(vol.shape).toEqual(source.shape);
      const layout = sliceLayout('axial', vol.voxelToPatient, vol.shape, vol.spacing);
      const k = sliceIndex(layout, 0.5);
      const { width, height } = canvasSize(layout);
      let mismatches = 0;
      let bone = 0;
      for (let r = 0; r < height; r++) {
        for (let c = 0; c < width; c++) {
          const i = linearIndex(vol.shape, voxelAt(layout, c, r, k));
          const v = voxelValue(vol, i);
          if (v.value !== src[i] || v.uncertainty !== 0) mismatches++;
          if (src[i] >= 400) bone++;
        }
      }
      expect(mismatches, format).toBe(0);
      expect(bone, 'the mid slice holds skull').toBeGreaterThan(1000);
    }
  });

  it('gives coded (u8) values with their half-step uncertainty, within it of the same grid in f16', async () => {
    const [u8, f16] = await Promise.all([prepared(DICOM_DIR, 'u8', 64), prepared(DICOM_DIR, 'f16', 64)]);
    const { huMin, huMax } = u8.mapping!;
    const half = (huMax - huMin) / 255 / 2;
    let worst = 0;
    for (let i = 0; i < u8.data.length; i += 7) {
      const v = voxelValue(u8, i);
      expect(v.uncertainty).toBeCloseTo(half, 9);
      const exact = voxelValue(f16, i).value;
      if (exact >= huMin && exact <= huMax) worst = Math.max(worst, Math.abs(v.value - exact));
    }
    expect(worst).toBeGreaterThan(0); // codes do round
    // the f16 reference is itself rounded to half precision: ≤ 0.5 HU below 2048
    expect(worst).toBeLessThanOrEqual(half + 0.5);
  });

  it('draws every pixel as its voxel through the window (all planes, real head CT)', async () => {
    const vol = await prepared(DICOM_DIR, 'f16', 64);
    const window = { level: 40, width: 400 };
    const table = greyTable(vol, window);
    for (const plane of SLICE_PLANES) {
      const layout = sliceLayout(plane, vol.voxelToPatient, vol.shape, vol.spacing);
      const k = sliceIndex(layout, 0.4);
      const rgba = sliceRgba(vol, layout, k, table);
      const { width, height } = canvasSize(layout);
      expect(rgba.length).toBe(width * height * 4);
      let grey = 0;
      for (let r = 0; r < height; r++) {
        for (let c = 0; c < width; c++) {
          const v = voxelValue(vol, linearIndex(vol.shape, voxelAt(layout, c, r, k))).value;
          const want = Math.min(255, Math.max(0, Math.round(((v - (window.level - window.width / 2)) * 255) / window.width)));
          const p = 4 * (r * width + c);
          expect([rgba[p], rgba[p + 1], rgba[p + 2], rgba[p + 3]]).toEqual([want, want, want, 255]);
          if (want > 0 && want < 255) grey++;
        }
      }
      expect(grey, `${plane}: soft tissue in the window`).toBeGreaterThan(50);
    }
  });

  it('counts 16-bit codes of integer HU (one code per HU) as exact, and other codes as a step', () => {
    const integer = codeDecoder({ format: 'u16', mapping: { huMin: -1024, huMax: -1024 + 65535 } });
    expect(integer.uncertainty).toBe(0);
    expect(integer.decode(1064)).toBe(40);
    const stretched = codeDecoder({ format: 'u16', mapping: { huMin: 0, huMax: 1 } });
    expect(stretched.uncertainty).toBeCloseTo(0.5 / 65535, 12);
    expect(codeDecoder({ format: 'u8', mapping: { huMin: -1000, huMax: 1550 } }).uncertainty).toBe(5);
  });

  it('tints exactly the voxels of a mask, which on the source grid are its threshold range (real InVesalius project)', async () => {
    const vol = await prepared(INV3_GZ, 'i16');
    const skin = vol.masks.find((m) => m.name === 'Skin')!;
    const source = await open(INV3_GZ);
    const threshold = source.masks.find((m) => m.name === 'Skin')!.threshold;
    const layout = sliceLayout('axial', vol.voxelToPatient, vol.shape, vol.spacing);
    const k = sliceIndex(layout, 0.5);
    const overlay = maskOverlay({ ...skin, data: skin.data! });
    const window = { level: 40, width: 400 };
    const rgba = sliceRgba(vol, layout, k, greyTable(vol, window), [overlay]);
    const plain = sliceRgba(vol, layout, k, greyTable(vol, window));
    const { width, height } = canvasSize(layout);
    let tinted = 0;
    let wrong = 0;
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const p = 4 * (r * width + c);
        const hu = voxelValue(vol, linearIndex(vol.shape, voxelAt(layout, c, r, k))).value;
        const inside = hu >= threshold[0] && hu <= threshold[1];
        const g = plain[p];
        const want = inside ? overlay.rgb.map((m) => Math.round(g + (m - g) * overlay.alpha)) : [g, g, g];
        if (rgba[p] !== want[0] || rgba[p + 1] !== want[1] || rgba[p + 2] !== want[2]) wrong++;
        if (inside) tinted++;
      }
    }
    expect(wrong).toBe(0);
    expect(tinted).toBeGreaterThan(500);
    expect(overlay.rgb).toEqual([255, 255, 84]); // InVesalius' yellow, opacity 0.4
    expect(overlay.alpha).toBe(0.4);
  });

  it('maps int16 bit patterns and window ends to grey levels', () => {
    const t = greyTable({ format: 'i16' }, { level: 40, width: 400 });
    expect(t[(-160) & 0xffff]).toBe(0);
    expect(t[240]).toBe(255);
    expect(t[40]).toBe(128); // 127.5 rounds up
    expect(t[0xffff]).toBe(Math.round((-1 + 160) * (255 / 400))); // bits of −1
    expect(t[0x8000]).toBe(0); // −32768
  });

  it('turns a drag into a window as cornerstone does: sideways = width, down = higher level', () => {
    const start = { level: 40, width: 400 };
    expect(draggedWindow(start, 10, 0, 4095, true)).toEqual({ level: 40, width: 480 }); // 4095/512 ≈ 8 HU per px
    expect(draggedWindow(start, 0, -5, 4095, true)).toEqual({ level: 0, width: 400 });
    expect(draggedWindow(start, -1000, 0, 4095, true).width).toBe(1);
    expect(draggedWindow({ level: 0.5, width: 0.2 }, 1, 1, 1, false)).toEqual({ level: 0.5 + 1 / 512, width: 1 }); // never below 1
    expect(draggedWindow(start, 3, 3, 100, true)).toEqual({ level: 43, width: 403 }); // at least 1 per px for integers
  });

  it('takes into an ROI exactly the voxels whose centres lie inside its ellipse', () => {
    // one 5×5 axial slice, value = x + 10·y, voxels 0.5 × 0.5 mm
    const m: Mat4 = [0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    const vol = { format: 'i16' as const, data: Int16Array.from({ length: 25 }, (_, i) => (i % 5) + 10 * Math.floor(i / 5)), shape: [1, 5, 5] as [number, number, number] };
    const layout = sliceLayout('axial', m, vol.shape, [0.5, 0.5, 1]);
    // the box (1,1)–(4,4): all nine centres of the middle 3×3 lie inside the inscribed circle
    const nine = roiStats(vol, layout, 0, [1, 1], [4, 4])!;
    const values = [11, 12, 13, 21, 22, 23, 31, 32, 33];
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - 22) ** 2, 0) / 8);
    expect(nine).toEqual({ count: 9, mean: 22, sd: expect.closeTo(sd, 12), min: 11, max: 33, areaMm2: 2.25, uncertainty: 0 });
    // the whole slice's box: the four corner centres fall outside the circle
    const whole = roiStats(vol, layout, 0, [5, 5], [0, 0])!;
    expect(whole.count).toBe(21);
    expect([whole.min, whole.max]).toEqual([1, 43]);
    expect(roiStats(vol, layout, 0, [2, 2], [2, 4])).toBeNull(); // no width: no ellipse
    const meta = { name: 'x', modality: 'CT', sourceFormat: 'dicom', isHU: true, warnings: [] };
    expect(roiText(nine, { shape: vol.shape, sourceShape: vol.shape, meta })).toBe(`mean 22.0 · SD ${sd.toFixed(1)} · 11…33 HU · 9 voxels, 2.3 mm²`);
    expect(roiText(nine, { shape: vol.shape, sourceShape: [2, 10, 10], meta })).toContain('9 voxels of the resampled grid, 2.3 mm²');
  });

  it('gives ROI statistics equal to a two-pass computation over the same voxels (real head CT)', async () => {
    const vol = await prepared(DICOM_DIR, 'i16');
    const layout = sliceLayout('coronal', vol.voxelToPatient, vol.shape, vol.spacing);
    const k = sliceIndex(layout, 0.45);
    const [a, b]: [number, number][] = [[100.3, 3.2], [400.7, 20.9]];
    const stats = roiStats(vol, layout, k, a, b)!;
    const inside: number[] = [];
    const [cx, cy, rx, ry] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (b[0] - a[0]) / 2, (b[1] - a[1]) / 2];
    const { width, height } = canvasSize(layout);
    for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) {
      if (((c + 0.5 - cx) / rx) ** 2 + ((r + 0.5 - cy) / ry) ** 2 <= 1) inside.push(voxelValue(vol, linearIndex(vol.shape, voxelAt(layout, c, r, k))).value);
    }
    const mean = inside.reduce((s, v) => s + v, 0) / inside.length;
    const sd = Math.sqrt(inside.reduce((s, v) => s + (v - mean) ** 2, 0) / (inside.length - 1));
    expect(stats.count).toBe(inside.length);
    expect(stats.mean).toBeCloseTo(mean, 9);
    expect(stats.sd).toBeCloseTo(sd, 6);
    expect([stats.min, stats.max]).toEqual([Math.min(...inside), Math.max(...inside)]);
    expect(stats.max - stats.min).toBeGreaterThan(1000); // air and skull
    expect(stats.areaMm2).toBeCloseTo(inside.length * layout.right.spacingMm * layout.down.spacingMm, 9);
  });

  it('says when a value is coded or from a resampled grid', () => {
    const m: Mat4 = [1, 0, 0, -10, 0, 1, 0, 5, 0, 0, 1, 0, 0, 0, 0, 1];
    const meta = { name: 'x', modality: 'CT', sourceFormat: 'dicom', isHU: true, warnings: [] };
    const own = { voxelToPatient: m, shape: [2, 3, 4] as [number, number, number], sourceShape: [2, 3, 4] as [number, number, number], meta };
    expect(describeVoxel([3, 1, 0], own, -12, 0)).toBe('x 3 y 1 z 0 · R 7.0 P 6.0 S 0.0 mm · -12 HU');
    expect(describeVoxel([0, 0, 1], { ...own, sourceShape: [4, 6, 8] }, 35.5, 4)).toBe('x 0 y 0 z 1 · R 10.0 P 5.0 S 1.0 mm · ≈ 36 ± 4 HU (resampled grid)');
    expect(describeVoxel([0, 0, 0], { ...own, meta: { ...meta, isHU: false } }, 7, 0)).toContain('7 (value)');
    expect(describeVoxel([0, 0, 0], own, 90.63, 0.5)).toContain('≈ 90.6 ± 0.5 HU');
    expect(describeVoxel([0, 0, 0], own, 90.63, 0.004)).toContain('≈ 90.630 ± 0.004 HU');
  });
});

describe('measurements on slices (real InVesalius project: M1 115.5 mm, M2 90° on axial slice 14)', () => {
  it('get patient coordinates that keep their length and angle', async () => {
    const source = await open(INV3_GZ);
    const [m1, m2] = source.measurements;
    expect([m1.name, m1.type, m1.value, m2.name, m2.type, m2.value]).toEqual(['M1', 'linear', 115.5, 'M2', 'angular', 90]);
    const v = (p: number[]) => new Vector3(p[0], p[1], p[2]);
    const [a, b] = m1.patientPoints!.map(v);
    expect(a.distanceTo(b)).toBeCloseTo(115.5, 6);
    const [p, vertex, q] = m2.patientPoints!.map(v);
    expect((p.clone().sub(vertex).angleTo(q.clone().sub(vertex)) * 180) / Math.PI).toBeCloseTo(90, 6);
    // in source voxels: all on slice 14 (70 mm / 5 mm)
    const toVoxel = patientToVoxel(source.voxelToPatient);
    for (const point of [...m1.patientPoints!, ...m2.patientPoints!]) expect(toVoxel(point)[2]).toBeCloseTo(14, 9);
  });

  it.each([
    ['the source grid', undefined],
    ['a resampled grid', 200],
  ])('are found on their slice and land on the voxels they name, on %s', async (_, maxGrid) => {
    const vol = await prepared(INV3_GZ, 'f16', maxGrid);
    const layouts = new Map(SLICE_PLANES.map((plane) => [plane, sliceLayout(plane, vol.voxelToPatient, vol.shape, vol.spacing)] as const));
    const toVoxel = patientToVoxel(vol.voxelToPatient);
    const axial = layouts.get('axial')!;
    for (const m of vol.measurements) {
      const voxels = m.patientPoints!.map(toVoxel);
      expect(sliceOf(voxels, layouts)).toEqual({ plane: 'axial', index: 14 });
      expect(pointsOnSlice(voxels, axial, 13)).toBeNull();
      const points = pointsOnSlice(voxels, axial, 14)!;
      points.forEach(([column, row], i) => {
        const voxel = voxelAt(axial, Math.floor(column), Math.floor(row), 14);
        expect(voxel).toEqual(voxels[i].map((x) => Math.round(x)));
      });
      if (maxGrid) expect(Math.max(...points.flat())).toBeLessThanOrEqual(maxGrid);
    }
  });

  it('measures a ruler in true mm on anisotropic voxels, and maps canvas points back to the voxels drawn there', () => {
    // voxel x → Left 0.5 mm, y → Posterior 0.5 mm, z → Superior 2.5 mm; coronal: right = x, down = −z
    const m: Mat4 = [0.5, 0, 0, 3, 0, 0.5, 0, -2, 0, 0, 2.5, 7, 0, 0, 0, 1];
    const coronal = sliceLayout('coronal', m, [10, 20, 30], [0.5, 0.5, 2.5]);
    expect(canvasDistanceMm(m, coronal, 4, [2, 3], [6, 3])).toBeCloseTo(2, 12); // 4 px across = 4 × 0.5 mm
    expect(canvasDistanceMm(m, coronal, 4, [2, 3], [2, 7])).toBeCloseTo(10, 12); // 4 px down = 4 × 2.5 mm
    expect(canvasDistanceMm(m, coronal, 4, [0, 0], [3, 4])).toBeCloseTo(Math.hypot(1.5, 10), 12);
    // round trip with pointsOnSlice, including the flipped axis
    const voxel = canvasToVoxel(coronal, 2.5, 3.5, 4);
    expect(voxel).toEqual([2, 4, 10 - 1 - 3]);
    expect(pointsOnSlice([voxel], coronal, 4)).toEqual([[2.5, 3.5]]);
  });

  it('formats values with their units', () => {
    expect(measurementValue({ type: 'linear', value: 115.5 })).toBe('115.5 mm');
    expect(measurementValue({ type: 'angular', value: 90 })).toBe('90.0°');
    expect(measurementValue({ type: 'density-ellipse', value: 12.34 })).toBe('12.3');
  });
});

describe('slice state', () => {
  it('keeps a valid slice and mask list, and drops malformed ones', () => {
    expect(sanitiseSlice({ plane: 'coronal', position: 1.7 })).toEqual({ plane: 'coronal', position: 1 });
    expect(sanitiseSlice({ plane: 'oblique', position: 0.2 })).toBeNull();
    expect(sanitiseSlice({ plane: 'axial', position: NaN })).toBeNull();
    expect(viewPatch({ slice: { plane: 'sagittal', position: 0.25 } })).toEqual({ slice: { plane: 'sagittal', position: 0.25 } });
    expect(viewPatch({ slice: 'axial' })).toEqual({});
    expect(viewPatch({ visibleMasks: ['Skin', 'Skin', 'Mask 1'] })).toEqual({ visibleMasks: ['Skin', 'Mask 1'] });
    expect(viewPatch({ visibleMasks: ['Skin', 3] })).toEqual({});
    const s = mergeState(defaultState(), { slice: { plane: 'sagittal', position: 0.3 } });
    expect(s.slice).toEqual({ plane: 'sagittal', position: 0.3 });
    expect(mergeState(s, { slice: { plane: 'x', position: 0 } as never }).slice).toEqual({ plane: 'sagittal', position: 0.3 });
  });
});
