/**
 * The real executable, spawned. It needs the build (out/main/cli.js): CI builds before it
 * tests, so there this always runs; in a fresh checkout without `npm run build` it is skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DICOM_DIR, INV3_PLAIN, reference } from '../data';

const root = path.resolve(__dirname, '../../..');
const built = existsSync(path.join(root, 'out/main/cli.js'));
const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/hounsfield.js'), ...args], { encoding: 'utf8', timeout: 60_000 });

describe.runIf(built)('bin/hounsfield.js (spawned; needs `npm run build`)', () => {
  it('exits 2 with one stderr line for a junk file, 0 with JSON for a real scan', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hounsfield-spawn-'));
    const junk = path.join(dir, 'junk.dcm');
    writeFileSync(junk, 'DICM? no.\n'.repeat(50));
    const bad = run('info', junk);
    rmSync(dir, { recursive: true, force: true });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`^hounsfield: ${junk.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [^\\n]+\\n$`));
    expect(bad.stdout).toBe('');

    const good = run('info', DICOM_DIR, '--json');
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(JSON.parse(good.stdout).sha256).toBe('84d520219d26b899f28881aae841accdbbd021a5bbb6943d6155bb10a7593078');
  });

  it('prepare prints its whole JSON report and exits 0 without waiting for the pool to close', () => {
    const ref = reference('inv3_CT_pitch_cli-nogui.json');
    const r = run('prepare', INV3_PLAIN, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.source.shape).toEqual(ref.main_plist.matrix.shape);
    expect(report.grid.bytes).toBe(2 * ref.main_plist.matrix.shape.reduce((a: number, b: number) => a * b, 1));
    // int16 at its own grid: 'i16' (the voxels as read), histogram counted while reading
    expect(report.grid.format).toBe('i16');
    expect(report.histogramWhileReading).toBe(true);
    expect(report.histogramInQuantize).toBe(false);
  });
});
