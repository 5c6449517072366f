// Synthetic phone evidence with planted indicators: iOS backups (plain and encrypted), dumps,
// sysdiagnose archives, AndroidQF collections, bugreports, Android intrusion logs, and a large backup
// for benchmarks.
export { buildBackup, buildFsDump, buildSysdiagnose, writeTarGz, smsDb, historyDb, usageDb, type BackupOptions } from './ios.ts';
export { PLANTED, type Planted } from './planted.ts';
export { encryptBackup, mbFileBlob, type MBFileTimes } from './encrypt.ts';
export { encryptBackupAb } from './android-ab-encrypt.ts';
export { ANDROID_PLANTED, androidTestStix, androidBackupAb, buildAndroidBackup, buildAndroidQF, buildBugreport, dumpstateText, MOUNTINFO, tombstonePb, tombstoneText, writeZip, zipFolder } from './android.ts';
export { buildIntrusionLogs, INTRUSION_PLANTED } from './intrusion.ts';
export { buildBulkBackup, type BulkSizes } from './bulk.ts';
export { bplist, type BV } from './bplist-write.ts';
export { chromeTime } from './fixture-db.ts';
export { SYNTH_KINDS, synthesize, type SynthKind } from './synthesize.ts';
