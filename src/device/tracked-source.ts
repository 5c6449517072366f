// A source that notes every file the modules read, so info.json can give their hashes (chain of
// custody).
import type { ArtifactSource } from './sources/types.ts';

/** `read` gets, for each file a module opened, its logical name (domain-path in a backup) and the file on disk. */
export function trackedSource(source: ArtifactSource, read: Map<string, string>): ArtifactSource {
  return {
    ...source,
    file(p, domain) {
      const f = source.file(p, domain);
      if (f) read.set(domain ? `${domain}-${p}` : p, f);
      return f;
    },
    find(re) {
      const found = source.find(re);
      for (const x of found) read.set(x.domain ? `${x.domain}-${x.path}` : x.path, x.file);
      return found;
    },
  };
}
