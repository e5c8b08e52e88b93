/**
 * CLI start-up: `export` is registered lazily in src/cli/command-list.ts with its metadata from
 * export-info.ts (help and parsing need it before the module loads). It must equal the command
 * module's own, and running the lazy command must run the real one.
 */
import { describe, expect, it } from 'vitest';
import { commands, findCommand } from '../../../src/cli/commands';
import { exportCommand } from '../../../src/cli/export';
import { mainHelp } from '../../../src/cli/help';
import { cli } from '../cli/run';

const withoutRun = ({ run: _run, ...info }: { run: unknown }) => info;

describe('lazily registered CLI commands', () => {
  it("the registered export command's metadata equals src/cli/export.ts's", () => {
    const registered = findCommand('export');
    expect(registered).toBeDefined();
    expect(registered).not.toBe(exportCommand); // lazy: a stand-in, not the module's object
    expect(withoutRun(registered!)).toEqual(withoutRun(exportCommand));
    expect(commands.map((c) => c.name)).toEqual(['info', 'prepare', 'export']);
    expect(mainHelp()).toContain(exportCommand.summary);
  });

  it('running it loads and runs the real command (a usage error from export.ts itself)', async () => {
    const r = await cli('export', 'scan.inv3');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('hounsfield: export needs --output <file.html>\n');
  });
});
