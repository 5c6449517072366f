// The script a check's worker thread runs. vigil's TypeScript is loaded through tsx, whose loader
// a new thread registers for itself and then resolves and loads some hundred files through, one
// round trip each: 0.5 s on an idle machine, over a second beside a busy check, before the worker
// takes its first module. So the worker's code is bundled once per process by esbuild (which tsx
// runs on anyway) into one file, ~50 ms, and a thread starts from it in a fifth of the time.
// Packages stay outside the bundle, so the file lives where Node finds them: the project's
// node_modules/.cache. If it cannot be made there, workers start through tsx as before.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENTRY = path.join(HERE, 'check-worker.ts');
/** Starts a worker through tsx: the fallback. */
const THROUGH_TSX = new URL('./check-worker.mjs', import.meta.url);

let made: Promise<URL> | undefined;

async function bundle(): Promise<URL> {
  const esbuild = await import('esbuild');
  const r = await esbuild.build({ entryPoints: [ENTRY], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', write: false, logLevel: 'silent' });
  const code = r.outputFiles[0].contents;
  // Named by its contents: checks running side by side, or after an upgrade, never share a stale file.
  const dir = path.resolve(HERE, '../../node_modules/.cache/vigil');
  const file = path.join(dir, `check-worker-${crypto.createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    // Written whole under another name, then renamed: a thread never starts from half a file.
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, file);
  }
  return pathToFileURL(file);
}

/** The URL a worker thread starts from: the bundle, or the tsx bootstrap if it cannot be made. */
export function workerScript(): Promise<URL> {
  made ??= bundle().catch(() => THROUGH_TSX);
  return made;
}
