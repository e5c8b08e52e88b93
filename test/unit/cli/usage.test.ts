import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli';
import { WorkerPool } from '../../../src/main/workers/pool';
import { DICOM_DIR } from '../data';
import { cli, isOneLine } from './run';

describe('CLI usage and bad input (in-process)', () => {
  it('prints help on --help (exit 0) and on no arguments (exit 2)', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/usage: hounsfield <command>/);
    expect(help.stdout).toMatch(/^\s+info\s/m);
    expect(help.stdout).toMatch(/^\s+prepare\s/m);
    const sub = await cli('prepare', '--help');
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/--grid N/);
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
  });

  it('rejects bad usage with exit 2 and one line', async () => {
    for (const argv of [['frobnicate'], ['info'], ['info', 'x', '--nope'], ['prepare', 'x', '--format', 'f32'], ['prepare', 'x', '--grid', '0'], ['info', 'x', '--series']]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(isOneLine(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/^hounsfield: /);
      expect(r.stdout).toBe('');
    }
  });

  it('reports a junk file, an empty file and a missing file as bad input naming the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hounsfield-cli-'));
    const junk = path.join(dir, 'junk.inv3');
    writeFileSync(junk, Buffer.from('this is not a scan at all\n'.repeat(100)));
    const empty = path.join(dir, 'empty.dcm');
    writeFileSync(empty, '');
    for (const [cmd, file] of [['info', junk], ['prepare', junk], ['info', empty], ['info', path.join(dir, 'missing.inv3')]]) {
      const r = await cli(cmd, file, '--json');
      expect(r.code, `${cmd} ${file}: ${r.stderr}`).toBe(2);
      expect(isOneLine(r.stderr)).toBe(true);
      expect(r.stderr.startsWith(`hounsfield: ${file}: `)).toBe(true);
      expect(r.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack trace
      expect(r.stdout).toBe('');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports an internal failure (here: a pool that is already closed) as exit 1 with one line and a hint', async () => {
    const pool = new WorkerPool(1);
    await pool.close();
    let stdout = '';
    let stderr = '';
    const code = await runCli(['info', DICOM_DIR], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) }, { pool });
    expect(code).toBe(1);
    expect(isOneLine(stderr)).toBe(true);
    expect(stderr).toMatch(/^hounsfield: internal error: .*worker pool is closed.*report/);
    expect(stdout).toBe('');
  });
});
