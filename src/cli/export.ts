/**
 * `hounsfield export <scan>... -o|--output <file.html> [--grid N] [--bits 8|16] [--keep-identity]`:
 * writes the one-file offline web viewer (see src/main/export).
 */
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
