#!/usr/bin/env node
// Launcher: vigil runs its TypeScript sources through tsx, so there is no build step to forget.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { nodeFlagsFor } from '../src/cli/node-flags.mjs';

const args = process.argv.slice(2);
// Some commands want Node started with V8 flags (see src/cli/node-flags.mjs), which V8 reads only
// at start: such a command runs in a second Node given them, which this one waits for; signals
// sent here go on to it, and it cleans up and exits with its own code.
const flags = nodeFlagsFor(args, os.availableParallelism()).filter((f) => !process.execArgv.includes(f));
if (flags.length > 0) {
  const child = spawn(process.execPath, [...flags, ...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (e) => {
    console.error(`vigil: cannot start the command: ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (code !== null) process.exit(code);
    // Ended by a signal it did not handle: end the same way.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(args);
}
