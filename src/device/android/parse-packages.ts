// `dumpsys package`: every installed package from the "Packages:" list, as MVT's records hold it
// (its keys, in its order, times as dumpsys wrote them), plus the installer and the system flag,
// which MVT does not keep and vigil's checks read. Total: lines that do not fit are skipped.

export interface DumpsysPermission {
  name: string;
  granted?: boolean | null;
  type: 'install' | 'runtime' | 'declared';
}

export interface DumpsysPackage {
  package_name: string;
  uid: string;
  version_name: string;
  version_code: string;
  /** Times as dumpsys writes them (the phone's local time), "" when absent, as MVT keeps them. */
  timestamp: string;
  first_install_time: string;
  last_update_time: string;
  permissions: DumpsysPermission[];
  requested_permissions: string[];
  installer: string | null;
  system: boolean;
}

const FIELDS: Record<string, 'uid' | 'version_name' | 'version_code' | 'timestamp' | 'first_install_time' | 'last_update_time'> = {
  userId: 'uid', versionName: 'version_name', versionCode: 'version_code', timeStamp: 'timestamp', firstInstallTime: 'first_install_time', lastUpdateTime: 'last_update_time',
};
const LISTS: Record<string, 'requested' | DumpsysPermission['type']> = {
  'requested permissions:': 'requested', 'install permissions:': 'install', 'runtime permissions:': 'runtime', 'declared permissions:': 'declared',
};

const indent = (line: string) => line.length - line.trimStart().length;

export function parseDumpsysPackages(section: string): DumpsysPackage[] {
  const out: DumpsysPackage[] = [];
  let inPackages = false;
  let cur: DumpsysPackage | undefined;
  // The list being read and the indent of its heading: its items are indented deeper.
  let list: { kind: 'requested' | DumpsysPermission['type']; depth: number } | undefined;
  for (const line of section.split('\n')) {
    if (/^Packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages) continue;
    if (line.trim() === '') break;
    const head = /^ {2}Package \[(.+?)\]/.exec(line);
    if (head) {
      cur = { package_name: head[1], uid: '', version_name: '', version_code: '', timestamp: '', first_install_time: '', last_update_time: '', permissions: [], requested_permissions: [], installer: null, system: false };
      out.push(cur);
      list = undefined;
      continue;
    }
    if (!cur) continue;
    const text = line.trim();
    if (list && indent(line) > list.depth) {
      if (list.kind === 'requested') cur.requested_permissions.push(text);
      else {
        const [name, rest] = text.split(/:(.*)/s);
        // MVT's keys in its order; a declared permission has no grant.
        cur.permissions.push(list.kind === 'declared' ? { name, type: 'declared' } : { name, granted: rest?.includes('granted=') ? rest.includes('granted=true') : null, type: list.kind });
      }
      continue;
    }
    list = undefined;
    if (LISTS[text]) {
      list = { kind: LISTS[text], depth: indent(line) };
      continue;
    }
    // versionCode=12 minSdk=23 targetSdk=30: the first pair is the field.
    const kv = /^(\w+)=(.*)$/.exec(text);
    if (!kv) continue;
    const [, k, v] = kv;
    if (FIELDS[k]) cur[FIELDS[k]] = k === 'versionCode' ? v.trim() : v.split('=')[0].trim();
    else if (k === 'installerPackageName') cur.installer = v.trim() === 'null' ? null : v.trim();
    else if (k === 'pkgFlags' || k === 'flags') cur.system ||= /\bSYSTEM\b/.test(v);
  }
  return out;
}

/** The permissions a package holds granted. */
export const grantedPermissions = (p: { permissions: DumpsysPermission[] }): string[] => p.permissions.filter((x) => x.granted === true).map((x) => x.name);
