import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addRecent, sanitizeState, scanKey, StateStore, STATE_LIMITS } from '../../../src/main/app/state-store';
import { INV3_GZ } from '../data';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'hf-state-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('state store', () => {
  it('round-trips window bounds, recent list and per-scan view state through the file', () => {
    const file = path.join(tempDir(), 'sub', 'state.json');
    const a = new StateStore(file);
    a.setWindow({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
    a.addRecent('/scans/a.inv3');
    a.addRecent('/scans/b.inv3');
    a.addRecent('/scans/a.inv3');
    a.setViewState('k1', { mode: 'mip', window: { level: 40, width: 80 } });
    const b = new StateStore(file);
    expect(b.snapshot.window).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
    expect(b.snapshot.recent).toEqual(['/scans/a.inv3', '/scans/b.inv3']);
    expect(b.viewState('k1')).toEqual({ mode: 'mip', window: { level: 40, width: 80 } });
    expect(b.viewState('missing')).toBeNull();
    expect(b.viewState('__proto__')).toBeNull();
  });

  it('writes atomically: no temp files left, and the old file survives a failed write', () => {
    const dir = tempDir();
    const file = path.join(dir, 'state.json');
    const s = new StateStore(file);
    s.setViewState('k', { a: 1 });
    expect(readdirSync(dir)).toEqual(['state.json']);
    const before = readFileSync(file, 'utf8');
    // Make serialisation fail mid-save (a BigInt cannot be JSON): save reports it, the old file stays whole.
    (s.snapshot.scans as Record<string, unknown>).bad = { n: 1n };
    expect(s.save()).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('is bounded: oldest scans drop out, the recent list is capped, re-saving a scan refreshes it', () => {
    const s = new StateStore(path.join(tempDir(), 'state.json'));
    for (let i = 0; i < STATE_LIMITS.maxScans + 5; i++) s.setViewState(`k${i}`, { i });
    s.setViewState('k5', { i: 5, again: true }); // touched: now most recent
    for (let i = 0; i < 3; i++) s.setViewState(`extra${i}`, { i });
    const keys = Object.keys(new StateStore(s.file).snapshot.scans);
    expect(keys.length).toBe(STATE_LIMITS.maxScans);
    expect(keys).not.toContain('k0');
    expect(keys).not.toContain('k7');
    expect(keys).toContain('k5');
    expect(keys.at(-1)).toBe('extra2');
    let list: string[] = [];
    for (let i = 0; i < 30; i++) list = addRecent(list, `/s/${i}`);
    expect(list.length).toBe(STATE_LIMITS.maxRecent);
    expect(list[0]).toBe('/s/29');
  });

  it('refuses oversized view state and keeps going after a corrupt file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'state.json');
    writeFileSync(file, '{"recent": ["/ok.inv3", "relative.inv3", 5], "scans": {"a": {"x": NaN}, "b": {"y": 1}}, "window": {"width": -5}');
    expect(new StateStore(file).snapshot).toEqual({ recent: [], scans: {} }); // not JSON → defaults
    writeFileSync(file, JSON.stringify({ recent: ['/ok.inv3', 'relative.inv3', 5], scans: { a: { x: 'x'.repeat(20000) }, b: { y: 1 } }, window: { width: -5 } }));
    const st = new StateStore(file).snapshot;
    expect(st.recent).toEqual(['/ok.inv3']);
    expect(st.scans).toEqual({ b: { y: 1 } });
    expect(st.window).toBeUndefined();
    const s = new StateStore(file);
    expect(() => s.setViewState('big', { s: 'x'.repeat(20000) })).toThrow(/too large/);
  });

  it('sanitizeState keeps only well-formed bounds', () => {
    expect(sanitizeState({ window: { width: 800, height: 600, x: 'a', y: 3 } }).window).toEqual({ width: 800, height: 600 });
    expect(sanitizeState(null)).toEqual({ recent: [], scans: {} });
  });

  it('scanKey changes with size/mtime and uses the absolute path', () => {
    const k = scanKey(INV3_GZ);
    expect(k.startsWith(`${INV3_GZ}|`)).toBe(true);
    const fake = (size: number, mtimeMs: number) => () => ({ size, mtimeMs });
    expect(scanKey('/a', fake(1, 1000.7))).toBe('/a|1|1000');
    expect(scanKey('/a', fake(2, 1000))).not.toBe(scanKey('/a', fake(1, 1000)));
    expect(scanKey('/a', fake(1, 2000))).not.toBe(scanKey('/a', fake(1, 1000)));
  });
});
