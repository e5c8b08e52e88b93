/**
 * `hounsfield export <scan>... -o|--output <file.html> [--grid N] [--bits 8|16] [--keep-identity]
 * [--view <state.json>]`: writes the one-file offline web viewer (see src/main/export).
 */
import { readFile, stat } from 'node:fs/promises';
import type { ViewState } from '../shared/api';
import { checkViewState, LIMITS } from '../main/app/validate';
import { exportBundle, TemplateMissingError } from '../main/export';
import { intFlag, stringFlag } from './args';
import { UsageError, type Command } from './command';
import { dims, jsonText, keyValueLines } from './format';
import { exportInfo } from './export-info';
import { checkPaths } from './paths';

export const exportCommand: Command = {
  ...exportInfo,
  async run(args, { io, pool }) {
    const output = stringFlag(args, 'output');
    if (!output) throw new UsageError('export needs --output <file.html>');
    const bitsText = stringFlag(args, 'bits') ?? '8';
    if (bitsText !== '8' && bitsText !== '16') throw new UsageError(`--bits must be 8 or 16 (got "${bitsText}")`);
    const grid = intFlag(args, 'grid');
    const viewFile = stringFlag(args, 'view');
    const view = viewFile === undefined ? undefined : await readView(viewFile);
    await checkPaths(args.positionals);
    const started = performance.now();
    let result;
    try {
      result = await exportBundle(args.positionals, {
        output,
        grid,
        bits: bitsText === '16' ? 16 : 8,
        keepIdentity: args.flags['keep-identity'] === true,
        seriesUid: stringFlag(args, 'series'),
        view,
        pool,
      });
    } catch (e) {
      // A missing template is a setup problem, reported in one clear line (exit 1).
      if (e instanceof TemplateMissingError) {
        io.stderr(`hounsfield: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
    const seconds = (performance.now() - started) / 1000;
    if (args.flags.json) {
      io.stdout(jsonText({ ...result, seconds: Math.round(seconds * 100) / 100 }));
      return 0;
    }
    io.stdout(
      keyValueLines([
        ['output', result.output],
        ['size', `${result.bytes} bytes (${(result.bytes / 2 ** 20).toFixed(2)} MiB), of which embedded data ${result.payloadBytes}`],
        ['grid', `${dims(result.shape)} [z,y,x], ${result.bits}-bit`],
        ['identity', result.anonymised ? 'left out' : 'KEPT (--keep-identity)'],
        ['time', `${seconds.toFixed(2)} s`],
      ]),
    );
    return 0;
  },
};

/**
 * The --view file: JSON of a viewer state (what the viewer's getState() returns), checked as the
 * app checks the state its renderer sends. The bundle's viewer ignores fields it cannot use.
 */
async function readView(file: string): Promise<ViewState> {
  const bad = (why: string) => new UsageError(`--view ${file}: ${why}`);
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : -1),
    () => -1,
  );
  if (size < 0) throw bad('not a readable file');
  if (size > 4 * LIMITS.maxViewStateBytes) throw bad(`${size} bytes is too large for a view state`);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw bad('not valid JSON');
  }
  try {
    return checkViewState(value);
  } catch (e) {
    throw bad(e instanceof Error ? e.message : String(e));
  }
}
