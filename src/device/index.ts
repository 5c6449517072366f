// Device check: verify a phone the way MVT does, from an iOS backup or a filesystem dump, with
// MVT-compatible outputs. Modules live in modules/, sources in sources/.
export * from './types.ts';
export * from './errors.ts';
export { MODULES } from './modules/index.ts';
export { parseShutdownLog } from './modules/shutdownlog-parse.ts';
export { backupSource, readManifest } from './sources/backup.ts';
export { fsSource } from './sources/fs.ts';
export type { ArtifactSource } from './sources/types.ts';
export { runDeviceCheck, type CheckOptions, type CheckResult, type ModuleOutcome } from './run.ts';
export { recheckResults } from './recheck.ts';
export { sysdiagnoseSource } from './sources/sysdiagnose.ts';
export { extractTarGz, safeEntryPath } from './sources/tar.ts';
export { parsePlist, PlistError, type PlistValue } from './plist.ts';
export { openBackup, encryptedBackupSource, decryptBackup, isEncryptedBackup, fileKeyOf } from './sources/encrypted-backup.ts';
export { parseKeybag, KeybagError } from './sources/backup-crypto.ts';
export { androidBackupSource, androidqfSource, androidqfZipSource, bugreportSource, bugreportText, openAndroidQF, openBugreport } from './sources/android.ts';
export { openZip, readZipDirectory, ZipError } from './sources/zip.ts';
export { parseGetprop, parsePs, parseSettings } from './android/parse-text.ts';
export { parsePackagesJson, parseFilesJson, CollectionError } from './android/parse-json.ts';
export { parseFilesRecords, parsePackagesRecords, parseStringRecords } from './android/protobuf.ts';
export { splitDumpsys, parseReceivers, parseAppops, parseBatteryHistory } from './android/parse-dumpsys.ts';
export { parseAccessibility, type AccessibilityRecord } from './android/parse-accessibility.ts';
export { parseActivities, parseBatteryDaily, parseDbinfo, parsePlatformCompat } from './android/parse-dumpsys-history.ts';
export { adbKeyInfo, parseDumpsysAdb, type AdbKey } from './android/parse-dumpsys-adb.ts';
export { parseDumpsysPackages } from './android/parse-packages.ts';
export { messagesOfFiles, parseAndroidBackupSms, AndroidBackupError } from './android/backup-ab.ts';
export { SYNTH_KINDS, synthesize, type SynthKind } from './synthetic/index.ts';
export { privateTempDir, removeTempDir, removeAllTempDirs } from './temp.ts';
