import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args';
import { UsageError, type Command } from '../../../src/cli/command';

const cmd: Command = {
  name: 'export',
  synopsis: 'export <scan> -o <file>',
  summary: '',
  flags: { output: 'string', json: 'boolean' },
  aliases: { o: 'output' },
  minPositionals: 1,
  run: async () => 0,
};

describe('parseArgs', () => {
  it('takes a single-letter alias for its long flag', () => {
    expect(parseArgs(['scan', '-o', 'x.html'], cmd)).toEqual({ positionals: ['scan'], flags: { output: 'x.html' } });
    expect(parseArgs(['scan', '--output=y.html', '--json'], cmd).flags).toEqual({ output: 'y.html', json: true });
  });

  it('rejects unknown short options, and keeps everything after -- positional', () => {
    expect(() => parseArgs(['scan', '-x', 'a'], cmd)).toThrow(UsageError);
    expect(parseArgs(['--', '-o'], cmd)).toEqual({ positionals: ['-o'], flags: {} });
  });
});
