// A filesystem dump of a phone: a folder tree as it was on the device. Symbolic links are not
// followed, so a hostile dump cannot point the check outside itself.
import fs from 'node:fs';
import path from 'node:path';
import { ArtifactNotFound } from '../errors.ts';
import type { ArtifactSource } from './types.ts';

/** A folder that must exist: a check of a mistyped path must fail, not report a clean phone. */
export function requireFolder(root: string, what: string): void {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new ArtifactNotFound(what, root);
}

export function fsSource(root: string): ArtifactSource {
  requireFolder(root, 'filesystem dump folder');
  const abs = path.resolve(root);
  const inside = (p: string) => {
    const full = path.resolve(abs, p.replace(/^\/+/, ''));
    return full.startsWith(abs + path.sep) ? full : undefined;
  };
  let all: string[] | undefined;
  const walk = () => {
    if (all) return all;
    all = [];
    const stack = [abs];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) stack.push(p);
        else if (e.isFile()) all.push(p);
      }
    }
    return all;
  };
  return {
    kind: 'fs',
    root: abs,
    spec: { kind: 'fs', root: abs },
    file(relativePath) {
      const p = inside(relativePath);
      if (!p || !fs.existsSync(p)) return undefined;
      return fs.lstatSync(p).isFile() ? p : undefined;
    },
    find(pattern) {
      return walk()
        .map((f) => ({ path: `/${path.relative(abs, f)}`, file: f }))
        .filter((x) => pattern.test(x.path));
    },
  };
}
