/**
 * The CLI's commands. Register a command by importing it and adding it to `commandList`,
 * in `--help` order (an array: a module namespace lists its exports alphabetically).
 *
 * `export` is registered lazily: its module (the bundle writer, node:crypto) is loaded only when
 * it runs, which saves ~4–7 ms of start-up CPU for every other command (measured on `prepare`
 * of a small .inv3). Its metadata (export-info.ts) is all that loads before that.
 */
import { exportInfo } from './export-info';
import type { Command } from './command';
import { infoCommand } from './info';
import { prepareCommand } from './prepare';

/** A command whose module loads only when it runs; `info` is its metadata, needed before that. */
function lazyCommand(info: Omit<Command, 'run'>, load: () => Promise<Command>): Command {
  return { ...info, run: async (args, ctx) => (await load()).run(args, ctx) };
}

const exportCommand = lazyCommand(
  exportInfo,
  () => import('./export').then((m) => m.exportCommand),
);

export const commandList: Command[] = [infoCommand, prepareCommand, exportCommand];
