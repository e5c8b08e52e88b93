/**
 * The CLI's commands. Register a command by importing it and adding it to `commandList`,
 * in `--help` order (an array: a module namespace lists its exports alphabetically).
 *
 * `export` is registered lazily: its module (the bundle writer, node:crypto) is loaded only when
 * it runs, which saves ~4–7 ms of start-up CPU for every other command (measured on `prepare`
 * of a small .inv3). Its metadata is repeated here for --help and parsing; a test compares it
 * with src/cli/export.ts, so a change there that is not copied here fails CI.
 */
import { DEFAULT_EXPORT_GRID } from '../main/export/options';
import type { Command } from './command';
import { infoCommand } from './info';
import { prepareCommand } from './prepare';

/** A command whose module loads only when it runs; `info` is its metadata, needed before that. */
function lazyCommand(info: Omit<Command, 'run'>, load: () => Promise<Command>): Command {
  return { ...info, run: async (args, ctx) => (await load()).run(args, ctx) };
}

const exportCommand = lazyCommand(
  {
    name: 'export',
    synopsis: 'export <scan>... -o|--output <file.html> [--grid N] [--bits 8|16] [--keep-identity] [--series <uid>] [--json]',
    summary: `write a one-file offline web viewer (.html) of the scan; grid ≤ ${DEFAULT_EXPORT_GRID} by default, patient identifiers left out unless --keep-identity`,
    aliases: { o: 'output' },
    flags: { output: 'string', grid: 'string', bits: 'string', 'keep-identity': 'boolean', series: 'string', json: 'boolean' },
    minPositionals: 1,
  },
  () => import('./export').then((m) => m.exportCommand),
);

export const commandList: Command[] = [infoCommand, prepareCommand, exportCommand];
