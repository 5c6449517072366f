// Shared by the Android modules: the dumpsys services of a source (a bugreport's dumpstate text,
// or an AndroidQF collection's dumpsys.txt or bugreport.zip), split once per source; the lists of
// installers and packages that decide what is unusual.
import fs from 'node:fs';
import { splitDumpsys } from '../android/parse-dumpsys.ts';
import { bugreportText } from '../sources/android.ts';
import { ArtifactNotFound } from '../errors.ts';
import type { ArtifactSource } from '../sources/types.ts';

const cache = new WeakMap<ArtifactSource, Map<string, string>>();

export function dumpsysSection(source: ArtifactSource, service: string): string {
  let sections = cache.get(source);
  if (!sections) {
    const withText = source as ArtifactSource & { text?: () => string };
    let text: string | undefined = withText.text?.();
    if (text === undefined) {
      const own = source.find(/\/dumpsys\.txt$/)[0];
      const zip = source.find(/\/bugreport\.zip$/)[0];
      if (own) text = fs.readFileSync(own.file, 'utf8');
      else if (zip) text = bugreportText(zip.file);
    }
    if (text === undefined) throw new ArtifactNotFound('dumpsys output (dumpsys.txt or bugreport.zip)');
    sections = splitDumpsys(text);
    cache.set(source, sections);
  }
  const s = sections.get(service);
  if (s === undefined) throw new ArtifactNotFound(`dumpsys ${service} section`);
  return s;
}

export const PLAY_STORE_INSTALLERS = new Set(['com.android.vending']);
/** Installs from a browser or a file manager go through the system package installer. */
export const SIDELOAD_INSTALLERS = new Set(['com.google.android.packageinstaller', 'com.android.packageinstaller', 'com.android.shell']);
export const OTHER_STORES = new Set(['com.aurora.store', 'org.fdroid.fdroid', 'com.sec.android.app.samsungapps', 'com.huawei.appmarket', 'com.xiaomi.market', 'com.amazon.venezia', 'com.heytap.market', 'com.oppo.market', 'com.bbk.appstore']);
export const ROOT_PACKAGES = new Set(['com.topjohnwu.magisk', 'eu.chainfire.supersu', 'com.noshufou.android.su', 'com.koushikdutta.superuser', 'com.thirdparty.superuser', 'com.kingroot.kinguser', 'com.kingo.root', 'com.zhiqupk.root.global', 'com.smedialink.oneclickroot', 'com.alephzain.framaroot', 'me.weishu.kernelsu']);
export const SECURITY_PACKAGES = new Set(['com.google.android.gms', 'com.android.vending', 'com.google.android.apps.work.oobconfig', 'com.samsung.android.securitylogagent']);
/** Permissions that, together, let an app read messages, calls, location, microphone and camera. */
export const SURVEILLANCE_PERMISSIONS = new Set(['android.permission.READ_SMS', 'android.permission.RECEIVE_SMS', 'android.permission.READ_CALL_LOG', 'android.permission.RECORD_AUDIO', 'android.permission.CAMERA', 'android.permission.ACCESS_FINE_LOCATION', 'android.permission.ACCESS_BACKGROUND_LOCATION', 'android.permission.READ_CONTACTS', 'android.permission.BIND_ACCESSIBILITY_SERVICE', 'android.permission.BIND_DEVICE_ADMIN', 'android.permission.READ_PHONE_STATE']);

/** Where an app came from, as an investigator would say it; undefined for a store install. */
export function unusualInstaller(installer: string | null, system: boolean): string | undefined {
  if (system) return undefined;
  if (installer === null) return 'installed without an installer (adb or another method)';
  if (SIDELOAD_INSTALLERS.has(installer)) return `installed from a browser or a file (installer ${installer})`;
  if (PLAY_STORE_INSTALLERS.has(installer) || OTHER_STORES.has(installer)) return undefined;
  return `installed by ${installer}, which is not an app store`;
}
