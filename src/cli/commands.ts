/** The command table, built from command-list.ts (so registering a command is one line there). */
import type { Command } from './command';
import * as list from './command-list';

export const commands: Command[] = Object.values(list as Record<string, Command>);

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
