// `vigil device synth KIND --out PATH`: one of the synthetic evidence builders, by name, into a
// new folder or file (never over existing evidence).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeviceError } from '../errors.ts';
import { buildAndroidBackup, buildAndroidQF, buildBugreport, zipFolder } from './android.ts';
import { encryptBackup } from './encrypt.ts';
import { buildIntrusionLogs } from './intrusion.ts';
import { buildBackup, buildFsDump, buildSysdiagnose } from './ios.ts';

export const SYNTH_KINDS = ['backup', 'encrypted-backup', 'fs', 'sysdiagnose', 'androidqf', 'bugreport', 'android-backup', 'intrusion-logs'] as const;
export type SynthKind = (typeof SYNTH_KINDS)[number];

export function synthesize(kind: SynthKind, out: string, password?: string): string {
  const target = path.resolve(out);
  if (fs.existsSync(target) && (fs.statSync(target).isFile() || fs.readdirSync(target).length > 0)) {
    throw new DeviceError('DEVICE_OUTPUT', 'the output already exists and is not empty', { where: target, hint: 'choose a new path' });
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  switch (kind) {
    case 'backup':
      return buildBackup(target, { triangle: true, backupAgentTraffic: 31_337 });
    case 'encrypted-backup': {
      if (!password) throw new DeviceError('DEVICE_PASSWORD', 'an encrypted backup needs a password');
      const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-synth-'));
      try {
        // Real iOS iteration counts (10,000,000 and 10,000) would make every check take seconds; these keep it quick.
        return encryptBackup(buildBackup(plain, { triangle: true, backupAgentTraffic: 31_337 }), target, password, { dpic: 100_000, iter: 10_000 });
      } finally {
        fs.rmSync(plain, { recursive: true, force: true });
      }
    }
    case 'fs':
      return buildFsDump(target);
    case 'sysdiagnose':
      return buildSysdiagnose(target.endsWith('.tar.gz') ? target : `${target}.tar.gz`);
    case 'androidqf': {
      // With a password, its backup.ab is encrypted as a phone whose owner set a backup password writes it.
      if (!target.toLowerCase().endsWith('.zip')) return buildAndroidQF(target, { backupPassword: password });
      // Zipped as a collection is handed over: its folder, named by the acquisition's UUID, inside.
      const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-synth-'));
      try {
        return zipFolder(buildAndroidQF(path.join(plain, '2f7e9c1a-5b3d-4e8f-9a6c-1d2b3c4d5e6f'), { backupPassword: password }), target);
      } finally {
        fs.rmSync(plain, { recursive: true, force: true });
      }
    }
    case 'bugreport':
      return buildBugreport(target.endsWith('.zip') ? target : `${target}.zip`);
    case 'android-backup':
      return buildAndroidBackup(target.endsWith('.ab') ? target : `${target}.ab`, password);
    case 'intrusion-logs':
      return buildIntrusionLogs(target);
  }
}
