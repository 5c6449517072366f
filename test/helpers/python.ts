// Python as the reference in tests (MVT is Python): runs a program with arguments and standard
// input, fails the test with Python's own error output, and gives what the program printed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

export function python(program: string, args: string[] = [], input?: string): string {
  const r = spawnSync('python3', ['-c', program, ...args], { input, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}
