/** The command table, built from command-list.ts (so registering a command is one line there). */
import type { Command } from './command';
import { commandList } from './command-list';

export const commands: Command[] = commandList;

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
