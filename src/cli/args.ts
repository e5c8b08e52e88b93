/** A small, strict argument parser: unknown flags and missing values are usage errors. */
import { UsageError, type Command, type ParsedArgs } from './command';

export function parseArgs(argv: string[], command: Command): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: {} };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    const alias = !onlyPositionals && /^-[A-Za-z]$/.test(arg) ? command.aliases?.[arg.slice(1)] : undefined;
    if (alias) arg = `--${alias}`;
    if (onlyPositionals || !arg.startsWith('--') || arg === '-') {
      if (!onlyPositionals && arg.startsWith('-') && arg !== '-' && arg !== '--') throw new UsageError(`unknown option ${arg} (see hounsfield ${command.name} --help)`);
      out.positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = command.flags[name];
    if (!kind) throw new UsageError(`unknown option --${name} (see hounsfield ${command.name} --help)`);
    if (kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      out.flags[name] = true;
    } else {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new UsageError(`option --${name} needs a value`);
      out.flags[name] = value;
    }
  }
  if (out.positionals.length < command.minPositionals) throw new UsageError(`missing <scan> (usage: hounsfield ${command.synopsis})`);
  return out;
}

/** A string flag's value, or undefined. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** A positive integer flag, or undefined; anything else is a usage error. */
export function intFlag(args: ParsedArgs, name: string, min = 1): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} must be an integer ≥ ${min} (got "${v}")`);
  return Number(v);
}
