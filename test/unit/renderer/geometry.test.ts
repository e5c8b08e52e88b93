import { describe, expect, it } from 'vitest';
import { Vector3 } from 'three';
import { cubeBounds, cubeToPatient, orientationLabel, standardViewPose } from '../../../src/renderer/viewer/geometry';
import type { Mat4 } from '../../../src/shared/volume';

const apply = (m: Mat4, v: [number, number, number]) => [0, 1, 2].map((r) => m[r * 4] * v[0] + m[r * 4 + 1] * v[1] + m[r * 4 + 2] * v[2] + m[r * 4 + 3]);

describe('volume placement', () => {
  it('maps texel centres to exactly where voxelToPatient puts the voxels, shear (gantry tilt) included', () => {
    const tilt = (20 * Math.PI) / 180;
    const shape: [number, number, number] = [10, 20, 30]; // z, y, x
    const v2p: Mat4 = [0.5, 0, 0, -10, 0, 0.7, 2 * Math.tan(tilt), 5, 0, 0, 2, 100, 0, 0, 0, 1];
    const cube = cubeToPatient(v2p, shape);
    for (const [i, j, k] of [[0, 0, 0], [29, 0, 0], [0, 19, 9], [12, 7, 3]] as [number, number, number][]) {
      const tex = new Vector3((i + 0.5) / 30, (j + 0.5) / 20, (k + 0.5) / 10).applyMatrix4(cube);
      const expected = apply(v2p, [i, j, k]);
      expect(tex.x).toBeCloseTo(expected[0], 9);
      expect(tex.y).toBeCloseTo(expected[1], 9);
      expect(tex.z).toBeCloseTo(expected[2], 9);
    }
    const { centre, radius } = cubeBounds(cube);
    const mid = apply(v2p, [14.5, 9.5, 4.5]);
    expect(centre.x).toBeCloseTo(mid[0], 9);
    expect(radius).toBeGreaterThan(10);
  });

  it('labels directions in LPS, two letters when oblique', () => {
    expect(orientationLabel(new Vector3(1, 0, 0))).toBe('L');
    expect(orientationLabel(new Vector3(-1, 0, 0))).toBe('R');
    expect(orientationLabel(new Vector3(0, -1, 0))).toBe('A');
    expect(orientationLabel(new Vector3(0, 0, 1))).toBe('S');
    expect(orientationLabel(new Vector3(-1, -0.8, 0))).toBe('RA');
    expect(orientationLabel(new Vector3(0.1, 0, -1))).toBe('I');
  });

  it('standard views look at the patient from the named side with an orthogonal up', () => {
    for (const view of ['anterior', 'posterior', 'left', 'right', 'superior', 'inferior'] as const) {
      const { eye, up } = standardViewPose(view);
      expect(eye.dot(up)).toBe(0);
    }
    expect(orientationLabel(standardViewPose('anterior').eye)).toBe('A');
    expect(orientationLabel(standardViewPose('left').eye)).toBe('L');
    expect(orientationLabel(standardViewPose('inferior').eye)).toBe('I');
  });
});

describe('GPU limits', () => {
  it('refuses a volume larger than MAX_3D_TEXTURE_SIZE on any axis, with the sizes in the message', async () => {
    const { checkTextureSize, VolumeTooLargeError } = await import('../../../src/renderer/viewer/volume-texture');
    expect(() => checkTextureSize({ shape: [300, 512, 512] }, 2048)).not.toThrow();
    expect(() => checkTextureSize({ shape: [3000, 512, 512] }, 2048)).toThrow(VolumeTooLargeError);
    expect(() => checkTextureSize({ shape: [10, 10, 4096] }, 2048)).toThrow(/4096×10×10 exceeds .* 2048/);
  });
});
