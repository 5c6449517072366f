// Private temporary folders for evidence (database copies, decrypted files, unpacked archives):
// created 0700 under the system's temporary folder and remembered, so that an interrupted check
// (Ctrl-C, SIGTERM) can remove every one of them before exiting.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const live = new Set<string>();
let parent: string | undefined;

/**
 * Puts this thread's temporary folders inside `dir`: a check's worker thread makes its folders in
 * one of the check's own thread, which removes it, on a signal too.
 */
export function setTempParent(dir: string): void {
  parent = dir;
}

export function privateTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(parent ?? os.tmpdir(), prefix));
  live.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** Removes every folder still alive; for signal handlers. */
export function removeAllTempDirs(): void {
  for (const dir of live) fs.rmSync(dir, { recursive: true, force: true });
  live.clear();
}
