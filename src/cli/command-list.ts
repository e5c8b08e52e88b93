/**
 * The CLI's commands, in `--help` order. Register a command with ONE line here.
 */
export { infoCommand } from './info';
export { prepareCommand } from './prepare';
export { exportCommand } from './export';
