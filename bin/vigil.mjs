#!/usr/bin/env node
// Launcher: vigil runs its TypeScript sources through tsx, so there is no build step to forget.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
// A device check runs its big modules side by side on worker threads, and V8's garbage-collector
// helper threads then take the cores from them: with V8's single-threaded collector the check took
// 5.0-5.6 s on two cores, against 5.5-6.2 s (bench/device). The flag is only read when Node
// starts, so a device check runs in a second Node given it, which this one waits for; signals
// sent here go on to it, and it cleans up and exits with its own code.
const GC_FLAG = '--single-threaded-gc';
if (args[0] === 'device' && /^check-/.test(args[1] ?? '') && !process.execArgv.includes(GC_FLAG)) {
  const child = spawn(process.execPath, [GC_FLAG, ...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (e) => {
    console.error(`vigil: cannot start the device check: ${e.message}`);
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
