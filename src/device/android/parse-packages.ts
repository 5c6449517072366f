// `dumpsys package`: every installed package from the "Packages:" list, as MVT's records hold it
// (its keys, in its order, times as dumpsys wrote them), plus the installer and the system flag,
// which vigil's checks read. What dumpsys gives per user (`User 0:` and the users of work profiles
// or a secure folder) is the primary user's, as MVT reads it: user 0, or the first user listed
// when there is no user 0. Total: lines that do not fit are skipped.

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

/** What one user's block of a package gives: its install time (Android 14 moved it there) and runtime grants. */
interface UserFields {
  user: number;
  firstInstallTime?: string;
  runtime: DumpsysPermission[];
}

/** Folds the primary user's fields into the package: user 0, else the first user listed. */
function takePrimaryUser(p: DumpsysPackage, users: UserFields[]): void {
  const primary = users.find((u) => u.user === 0) ?? users[0];
  if (!primary) return;
  if (primary.firstInstallTime !== undefined) p.first_install_time = primary.firstInstallTime;
  p.permissions.push(...primary.runtime);
}

export function parseDumpsysPackages(section: string): DumpsysPackage[] {
  const out: DumpsysPackage[] = [];
  let inPackages = false;
  let cur: DumpsysPackage | undefined;
  let users: UserFields[] = [];
  // The user block being read: from its `User N:` line to the next line indented as little.
  let user: UserFields | undefined;
  // The list being read and the indent of its heading: its items are indented deeper.
  let list: { kind: 'requested' | DumpsysPermission['type']; depth: number } | undefined;
  const endPackage = () => {
    if (cur) takePrimaryUser(cur, users);
    users = [];
    user = undefined;
  };
  for (const line of section.split('\n')) {
    if (/^Packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages) continue;
    if (line.trim() === '') break;
    const head = /^ {2}Package \[(.+?)\]/.exec(line);
    if (head) {
      endPackage();
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
        const permission: DumpsysPermission = list.kind === 'declared' ? { name, type: 'declared' } : { name, granted: rest?.includes('granted=') ? rest.includes('granted=true') : null, type: list.kind };
        if (user && list.kind === 'runtime') user.runtime.push(permission);
        else cur.permissions.push(permission);
      }
      continue;
    }
    list = undefined;
    const userHead = /^ {4}User (\d+):/.exec(line);
    if (userHead) {
      users.push((user = { user: Number(userHead[1]), runtime: [] }));
      continue;
    }
    if (indent(line) <= 4) user = undefined;
    if (LISTS[text]) {
      list = { kind: LISTS[text], depth: indent(line) };
      continue;
    }
    // versionCode=12 minSdk=23 targetSdk=30: the first pair is the field.
    const kv = /^(\w+)=(.*)$/.exec(text);
    if (!kv) continue;
    const [, k, v] = kv;
    if (user && k === 'firstInstallTime') user.firstInstallTime = v.split('=')[0].trim();
    else if (FIELDS[k]) cur[FIELDS[k]] = k === 'versionCode' ? v.trim() : v.split('=')[0].trim();
    else if (k === 'installerPackageName') cur.installer = v.trim() === 'null' ? null : v.trim();
    else if (k === 'pkgFlags' || k === 'flags') cur.system ||= /\bSYSTEM\b/.test(v);
  }
  endPackage();
  return out;
}

/** The permissions a package holds granted. */
export const grantedPermissions = (p: { permissions: DumpsysPermission[] }): string[] => p.permissions.filter((x) => x.granted === true).map((x) => x.name);
