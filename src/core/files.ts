// File-system questions the capabilities ask of paths a user gave.
import fs from 'node:fs';

/** True when the path exists and is (or links to) a regular file: an archive, not a folder. */
export function isFile(p: string): boolean {
  return fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
}
