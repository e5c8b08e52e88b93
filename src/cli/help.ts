/** `hounsfield --help` and `hounsfield <command> --help`. */
import type { Command } from './command';
import { commands } from './commands';

export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Hounsfield: open CT scans (InVesalius .inv3, DICOM, NIfTI) in exact Hounsfield units.',
    '',
    'usage: hounsfield <command> <scan>... [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    '<scan> is a .inv3 file, a NIfTI file, a DICOM folder, or several DICOM files.',
    'Run `hounsfield <command> --help` for its options.',
    'Exit codes: 0 ok, 2 bad input or usage, 1 internal error.',
    '',
  ].join('\n');
}

export function commandHelp(c: Command): string {
  return `usage: hounsfield ${c.synopsis}\n\n${c.summary}\n`;
}
