// Runs the real `vigil` executable in a child process with its own VIGIL_HOME.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './fixtures.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function vigil(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/vigil.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', VIGIL_DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
