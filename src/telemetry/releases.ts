// The messaging service's official client builds (data/telemetry/releases.json).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/index.ts';

export interface Release {
  platform: string;
  version: string;
  released: string;
}

export const RELEASES_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/telemetry/releases.json');

export function loadReleases(file = RELEASES_FILE): Release[] {
  try {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { releases: Release[] };
    return doc.releases;
  } catch (e) {
    throw new InputError('RELEASES', `cannot read the release manifest: ${(e as Error).message}`, { where: file });
  }
}

/** Compares dotted versions numerically: 2.18.100 > 2.18.95. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function clientString(r: Pick<Release, 'platform' | 'version'>): string {
  return `${r.platform}/${r.version}`;
}
