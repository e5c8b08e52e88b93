import { describe, expect, it } from 'vitest';
import { fileUriToPath, scanPathsFromArgv, selectionFromOs } from '../../../src/main/app/argv';
import { OpenQueue } from '../../../src/main/app/open-queue';

describe('argv → scan paths', () => {
  const packaged = { defaultApp: false, cwd: '/home/u' };
  const dev = { defaultApp: true, cwd: '/home/u/proj', appPath: '/home/u/proj' };

  it('packaged: the double-clicked file follows the executable', () => {
    expect(scanPathsFromArgv(['/opt/Hounsfield/hounsfield', '/data/head.inv3'], packaged)).toEqual(['/data/head.inv3']);
  });

  it('dev: skips electron and the app path, resolves relative paths against cwd', () => {
    expect(scanPathsFromArgv(['/x/electron', '.', 'scans/a.nii.gz'], dev)).toEqual(['/home/u/proj/scans/a.nii.gz']);
    expect(scanPathsFromArgv(['/x/electron', '--inspect=5858', 'out/main/index.js', '/d/b.inv3'], dev)).toEqual(['/d/b.inv3']);
  });

  it('ignores Chromium switches anywhere, and keeps files after --', () => {
    const argv = ['/opt/h', '--allow-file-access-from-files', '/a.inv3', '--enable-features=X', '--', '-weird-name.dcm'];
    expect(scanPathsFromArgv(argv, packaged)).toEqual(['/a.inv3', '/home/u/-weird-name.dcm']);
  });

  it('decodes file:// URIs (desktop entry %U) and drops other schemes', () => {
    const argv = ['/opt/h', 'file:///data/My%20Scans/head%231.inv3', 'https://evil.example/x.inv3', 'hounsfield://open'];
    expect(scanPathsFromArgv(argv, packaged)).toEqual(['/data/My Scans/head#1.inv3']);
  });

  it('normalises, de-duplicates, drops the app path itself and NUL-bearing args', () => {
    const argv = ['/x/electron', '/home/u/proj', '/d/../d/a.dcm', '/d/a.dcm', '/home/u/proj', 'bad\0.dcm', ''];
    expect(scanPathsFromArgv(argv, dev)).toEqual(['/d/a.dcm']);
  });

  it('a second instance with only switches opens nothing', () => {
    expect(scanPathsFromArgv(['/opt/h', '--no-sandbox'], packaged)).toEqual([]);
    expect(scanPathsFromArgv(['/opt/h'], packaged)).toEqual([]);
  });

  it('fileUriToPath rejects non-file and malformed URIs', () => {
    expect(fileUriToPath('file:///tmp/a.inv3')).toBe('/tmp/a.inv3');
    expect(fileUriToPath('http://x/a')).toBeNull();
    expect(fileUriToPath('file://remote-host/share/a')).toBeNull(); // UNC-like hosts are not local files on POSIX
  });
});

describe('selection from the OS', () => {
  it('keeps DICOM files together, opens a project or NIfTI file on its own', () => {
    expect(selectionFromOs(['/d/I10', '/d/I20'])).toEqual(['/d/I10', '/d/I20']);
    expect(selectionFromOs(['/s/a.inv3', '/s/b.inv3'])).toEqual(['/s/a.inv3']);
    expect(selectionFromOs(['/d/I10', '/s/head.NII.GZ'])).toEqual(['/s/head.NII.GZ']);
    expect(selectionFromOs(['/s/one.nii'])).toEqual(['/s/one.nii']);
    expect(selectionFromOs([])).toEqual([]);
  });
});

describe('open queue (open-file before ready, bursts)', () => {
  function fakeTimers() {
    const timers: { fn: () => void; at: number }[] = [];
    return {
      setTimer: (fn: () => void, ms: number) => {
        const t = { fn, at: ms };
        timers.push(t);
        return t;
      },
      clearTimer: (h: unknown) => {
        const i = timers.indexOf(h as never);
        if (i >= 0) timers.splice(i, 1);
      },
      fire: () => timers.splice(0).forEach((t) => t.fn()),
      count: () => timers.length,
    };
  }

  it('holds paths until ready, then delivers them as one selection', () => {
    const t = fakeTimers();
    const got: string[][] = [];
    const q = new OpenQueue({ deliver: (p) => got.push(p), ...t });
    q.add(['/a/1.dcm']);
    q.add(['/a/2.dcm', '/a/1.dcm']);
    t.fire();
    expect(got).toEqual([]); // not ready: nothing armed
    q.ready();
    expect(t.count()).toBe(1);
    t.fire();
    expect(got).toEqual([['/a/1.dcm', '/a/2.dcm']]);
  });

  it('after ready, a burst re-arms the timer and arrives once; an empty add does nothing', () => {
    const t = fakeTimers();
    const got: string[][] = [];
    const q = new OpenQueue({ deliver: (p) => got.push(p), ...t });
    q.ready();
    q.add([]);
    expect(t.count()).toBe(0);
    q.add(['/x.inv3']);
    q.add(['/y.inv3']);
    expect(t.count()).toBe(1);
    t.fire();
    q.add(['/z.inv3']);
    t.fire();
    expect(got).toEqual([['/x.inv3', '/y.inv3'], ['/z.inv3']]);
  });
});
