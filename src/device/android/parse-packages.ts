// `dumpsys package`: every installed package with its installer, flags, install times and
// permissions, from the "Packages:" list. Total: lines that do not fit are skipped.

export interface DumpsysPackage {
  package_name: string;
  uid: string | null;
  version_name: string | null;
  installer: string | null;
  system: boolean;
  first_install_time: string | null;
  last_update_time: string | null;
  requested_permissions: string[];
  granted_permissions: string[];
}

const when = (s: string | undefined): string | null => {
  const m = s && /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})/.exec(s.trim());
  if (!m) return null;
  const d = new Date(`${m[1]}T${m[2]}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

export function parseDumpsysPackages(section: string): DumpsysPackage[] {
  const out: DumpsysPackage[] = [];
  let inPackages = false;
  let cur: DumpsysPackage | undefined;
  let list: 'requested' | 'granted' | undefined;
  for (const line of section.split('\n')) {
    if (/^Packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages) continue;
    if (/^\S/.test(line)) break;
    const head = /^ {2}Package \[([^\]]+)\]/.exec(line);
    if (head) {
      cur = { package_name: head[1], uid: null, version_name: null, installer: null, system: false, first_install_time: null, last_update_time: null, requested_permissions: [], granted_permissions: [] };
      out.push(cur);
      list = undefined;
      continue;
    }
    if (!cur) continue;
    const kv = /^ {4}(\w+)=(.*)$/.exec(line);
    if (kv) {
      list = undefined;
      const [, k, v] = kv;
      if (k === 'userId' || k === 'appId') cur.uid = v.trim();
      else if (k === 'versionName') cur.version_name = v.trim();
      else if (k === 'installerPackageName') cur.installer = v.trim() === 'null' ? null : v.trim();
      else if (k === 'pkgFlags' || k === 'flags') cur.system ||= /\bSYSTEM\b/.test(v);
      else if (k === 'firstInstallTime') cur.first_install_time = when(v);
      else if (k === 'lastUpdateTime') cur.last_update_time = when(v);
      continue;
    }
    if (/^ {4}requested permissions:/.test(line)) list = 'requested';
    else if (/^ {4}(install|runtime) permissions:/.test(line) || /^ {6}runtime permissions:/.test(line)) list = 'granted';
    else if (/^ {4}\S/.test(line)) list = undefined;
    else if (list) {
      const perm = /^\s+([\w.]+)(?::\s*granted=(\w+))?/.exec(line);
      if (!perm) continue;
      if (list === 'requested') cur.requested_permissions.push(perm[1]);
      else if (perm[2] === 'true') cur.granted_permissions.push(perm[1]);
    }
  }
  return out;
}
