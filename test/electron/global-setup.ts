/** Prints the one line that explains why the Electron tests skip, when they do. */
import { electronBinary, SKIP_REASON } from './electron-binary';

export default function globalSetup(): void {
  if (!electronBinary()) console.log(SKIP_REASON);
}
