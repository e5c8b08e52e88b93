/**
 * What `hounsfield export` accepts, without its code: --help and argument parsing need this for
 * every command, while the export module itself (the bundle writer) loads only when it runs.
 */
import { DEFAULT_EXPORT_GRID } from '../main/export/options';
import type { Command } from './command';

export const exportInfo: Omit<Command, 'run'> = {
  name: 'export',
  synopsis: 'export <scan>... -o|--output <file.html> [--grid N] [--bits 8|16] [--keep-identity] [--series <uid>] [--view <state.json>] [--json]',
  summary: `write a one-file offline web viewer (.html) of the scan; grid ≤ ${DEFAULT_EXPORT_GRID} by default, patient identifiers left out unless --keep-identity; --view: the viewer state it opens on (JSON as the viewer's getState() gives)`,
  aliases: { o: 'output' },
  flags: { output: 'string', grid: 'string', bits: 'string', 'keep-identity': 'boolean', series: 'string', view: 'string', json: 'boolean' },
  minPositionals: 1,
};
