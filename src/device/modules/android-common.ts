// Shared by the Android modules: the dumpsys services of a source (a bugreport's dumpstate text,
// or an AndroidQF collection's dumpsys.txt or bugreport.zip), split once per source; AndroidQF's
// inventories, JSON or protobuf; the lists of installers and packages that decide what is unusual.
import fs from 'node:fs';
import path from 'node:path';
import { splitLines } from '../android/lines.ts';
import { splitDumpsys } from '../android/parse-dumpsys.ts';
import { timezoneOfGetprop } from '../android/parse-text.ts';
import { knownZone } from '../time.ts';
import { bugreportText } from '../sources/android.ts';
import { ArtifactNotFound, DeviceError } from '../errors.ts';
import type { ArtifactSource } from '../sources/types.ts';
import type { Level, Result } from '../types.ts';
import { oncePerSource } from './common.ts';

/** An AndroidQF collection's bugreport, whose modules MVT's check-androidqf runs too. */
export const BUGREPORT_ZIP = /\/bugreport\.zip$/;

/**
 * The bugreport zip of a source: the bugreport checked alone (the one unpacked from a vendor's
 * archive around it), or the one inside an AndroidQF collection.
 */
export function bugreportZipOf(source: ArtifactSource): string {
  const zip = source.kind === 'bugreport' ? (source.unpackedInto ?? source.root) : source.find(BUGREPORT_ZIP)[0]?.file;
  if (!zip) throw new ArtifactNotFound('bugreport.zip in the collection');
  return zip;
}

/**
 * The dumpstate text of a source's bugreport (the bugreport checked alone, or an AndroidQF
 * collection's bugreport.zip), inflated once per source and shared by the modules that read it.
 */
export function bugreportDumpstate(source: ArtifactSource): string {
  const withText = source as ArtifactSource & { text?: () => string };
  return withText.text ? withText.text() : inflatedDumpstate(source);
}

const inflatedDumpstate = oncePerSource((source) => bugreportText(bugreportZipOf(source)));

/** The dumpstate's lines (Python's splitlines), split once per source for the modules that read its command sections. */
export const bugreportDumpstateLines = oncePerSource((source) => splitLines(bugreportDumpstate(source)));

/** The dumpsys services of a source, split once and kept for its other modules. */
const dumpsysOf = oncePerSource((source): { sections: Map<string, string>; endings: Map<string, string> } => {
  // An AndroidQF collection's own dumpsys.txt, else the dumpstate of a bugreport (checked alone, or the collection's).
  const own = source.find(/\/dumpsys\.txt$/)[0];
  let text: string | undefined;
  if (own) text = fs.readFileSync(own.file, 'utf8');
  else if (source.kind === 'bugreport' || source.find(BUGREPORT_ZIP).length > 0) text = bugreportDumpstate(source);
  if (text === undefined) throw new ArtifactNotFound('dumpsys output (dumpsys.txt or bugreport.zip)');
  const endings = new Map<string, string>();
  return { sections: splitDumpsys(text, endings), endings };
});

export function dumpsysSection(source: ArtifactSource, service: string): string {
  const s = dumpsysOf(source).sections.get(service);
  if (s === undefined) throw new ArtifactNotFound(`dumpsys ${service} section`);
  return s;
}

/** The closing line of a service's section (its duration and "ending at:" time), or '' when it has none. */
export const dumpsysEnding = (source: ArtifactSource, service: string): string => dumpsysOf(source).endings.get(service) ?? '';

/**
 * An AndroidQF inventory (files, packages, root_binaries, mounts) as MVT prefers it: <name>.json,
 * or <name>.pb, as recent AndroidQF writes it, when the JSON is absent or lists nothing.
 */
export function readInventory<T>(source: ArtifactSource, name: string, fromJson: (text: string, where: string) => T[], fromPb: (bytes: Buffer, where: string) => T[]): T[] {
  const json = source.find(new RegExp(`(^|/)${name}\\.json$`))[0];
  const listed = json ? fromJson(fs.readFileSync(json.file, 'utf8'), json.path) : [];
  const pb = listed.length === 0 ? source.find(new RegExp(`(^|/)${name}\\.pb$`))[0] : undefined;
  if (pb) return fromPb(fs.readFileSync(pb.file), pb.path);
  if (!json) throw new ArtifactNotFound(`${name}.json or ${name}.pb`);
  return listed;
}

export const PLAY_STORE_INSTALLERS = new Set(['com.android.vending']);
/** Installs from a browser or a file manager go through the system package installer (MVT's browser installers). */
export const BROWSER_INSTALLERS = new Set(['com.google.android.packageinstaller', 'com.android.packageinstaller']);
/** The stores MVT names as third-party ones: an install from them is worth a note, no more. */
export const THIRD_PARTY_STORES = new Set(['com.aurora.store', 'org.fdroid.fdroid']);
/** The phone makers' own stores. */
export const VENDOR_STORES = new Set(['com.sec.android.app.samsungapps', 'com.huawei.appmarket', 'com.xiaomi.market', 'com.amazon.venezia', 'com.heytap.market', 'com.oppo.market', 'com.bbk.appstore']);
/** Rooting apps and the tools that hide or patch around root: MVT's list, and KingRoot's, KingoRoot's, KernelSU's and the one-click rooters'. */
export const ROOT_PACKAGES = new Set([
  'com.noshufou.android.su', 'com.noshufou.android.su.elite', 'eu.chainfire.supersu', 'eu.chainfire.supersu.pro', 'com.koushikdutta.superuser', 'com.thirdparty.superuser', 'com.yellowes.su',
  'com.koushikdutta.rommanager', 'com.koushikdutta.rommanager.license', 'com.dimonvideo.luckypatcher', 'com.chelpus.lackypatch', 'com.ramdroid.appquarantine', 'com.ramdroid.appquarantinepro',
  'com.devadvance.rootcloak', 'com.devadvance.rootcloakplus', 'de.robv.android.xposed.installer', 'com.saurik.substrate', 'com.zachspong.temprootremovejb', 'com.amphoras.hidemyroot',
  'com.amphoras.hidemyrootadfree', 'com.formyhm.hiderootPremium', 'com.formyhm.hideroot', 'me.phh.superuser', 'com.kingouser.com', 'com.topjohnwu.magisk',
  'com.kingroot.kinguser', 'com.kingo.root', 'com.zhiqupk.root.global', 'com.smedialink.oneclickroot', 'com.alephzain.framaroot', 'me.weishu.kernelsu',
]);
/** Security and device-management agents (MVT's list, and Google Play's services and store). */
export const SECURITY_PACKAGES = new Set(['com.policydm', 'com.samsung.android.app.omcagent', 'com.samsung.android.securitylogagent', 'com.sec.android.soagent', 'com.google.android.gms', 'com.android.vending', 'com.google.android.apps.work.oobconfig']);
/** The packages that bring system updates (MVT's list). */
export const SYSTEM_UPDATE_PACKAGES = new Set(['com.android.updater', 'com.google.android.gms', 'com.huawei.android.hwouc', 'com.lge.lgdmsclient', 'com.motorola.ccc.ota', 'com.oneplus.opbackup', 'com.oppo.ota', 'com.transsion.systemupdate', 'com.wssyncmldm']);
/** Permissions that, together, let an app read messages, calls, location, microphone and camera. */
export const SURVEILLANCE_PERMISSIONS = new Set(['android.permission.READ_SMS', 'android.permission.RECEIVE_SMS', 'android.permission.READ_CALL_LOG', 'android.permission.RECORD_AUDIO', 'android.permission.CAMERA', 'android.permission.ACCESS_FINE_LOCATION', 'android.permission.ACCESS_BACKGROUND_LOCATION', 'android.permission.READ_CONTACTS', 'android.permission.BIND_ACCESSIBILITY_SERVICE', 'android.permission.BIND_DEVICE_ADMIN', 'android.permission.READ_PHONE_STATE']);

/**
 * Where an app came from, as an investigator would say it, and how much it weighs (MVT's levels:
 * adb HIGH, a browser MEDIUM, a third-party store INFORMATIONAL); undefined for a system app or a
 * store install.
 */
export function installerFinding(installer: string | null, system: boolean): { level: Level; how: string } | undefined {
  if (system) return undefined;
  if (installer === null) return { level: 'HIGH', how: 'installed without an installer (adb or another method)' };
  // `adb install` names the shell as installer on recent Android.
  if (installer === 'com.android.shell') return { level: 'HIGH', how: 'installed over adb (installer com.android.shell)' };
  if (BROWSER_INSTALLERS.has(installer)) return { level: 'MEDIUM', how: `installed from a browser or a file (installer ${installer})` };
  if (THIRD_PARTY_STORES.has(installer)) return { level: 'INFORMATIONAL', how: `installed from a third-party store (installer ${installer})` };
  if (PLAY_STORE_INSTALLERS.has(installer) || VENDOR_STORES.has(installer)) return undefined;
  return { level: 'MEDIUM', how: `installed by ${installer}, which is not an app store` };
}

/**
 * The records of each of `items` (databases, log files), read by `read`: one whose reading fails with
 * a DeviceError is left out, as MVT logs it and goes on, and when none can be read, the first one's
 * error is the module's.
 */
export function recordsOfEach<T>(items: readonly T[], read: (item: T) => Result[]): Result[] {
  const records: Result[] = [];
  let first: DeviceError | undefined;
  let readable = 0;
  for (const item of items) {
    try {
      for (const r of read(item)) records.push(r);
      readable++;
    } catch (e) {
      if (!(e instanceof DeviceError)) throw e;
      first ??= e;
    }
  }
  if (readable === 0 && first) throw first;
  return records;
}

/**
 * A collection file's path as MVT names it: the collection's folder, then the path inside (`found`
 * is a source's find path). A zipped collection is named by the folder it was unpacked into, named
 * as the folder in the zip.
 */
export const mvtCollectionPath = (source: ArtifactSource, found: string): string => `${path.basename(source.unpackedInto ?? source.root)}${found}`;

/** The phone's time zone as a getprop.txt among the source's files names it; UTC when it names none, as MVT assumes. */
export function deviceZone(source: ArtifactSource): string {
  const f = source.find(/(^|\/)getprop\.txt$/)[0];
  const zone = f ? timezoneOfGetprop(fs.readFileSync(f.file, 'utf8')) : undefined;
  return zone && knownZone(zone) ? zone : 'UTC';
}
