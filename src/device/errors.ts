// Typed device-check errors: a module that fails says why, and the others go on.
import { VigilError } from '../core/index.ts';

export class DeviceError extends VigilError {}

/** The module's file is not in this source (other iOS version, app not installed). */
export class ArtifactNotFound extends DeviceError {
  constructor(what: string, where?: string) {
    super('DEVICE_NOT_FOUND', `${what} not found`, { where });
  }
}

export class DatabaseCorrupted extends DeviceError {
  constructor(where: string, detail: string) {
    super('DEVICE_DB_CORRUPT', `database cannot be read: ${detail}`, { where });
  }
}

/** A table or column the module needs is missing (another iOS or app version). */
export class SchemaMismatch extends DeviceError {
  constructor(where: string, detail: string) {
    super('DEVICE_SCHEMA', detail, { where, hint: 'this iOS or app version stores it differently' });
  }
}

export class EncryptedBackup extends DeviceError {
  constructor(where: string) {
    super('DEVICE_ENCRYPTED', 'the backup is encrypted', { where, hint: 'decrypt it first with vigil device decrypt-backup, or give --password-env' });
  }
}

export class WrongPassword extends DeviceError {
  constructor(where: string) {
    super('DEVICE_PASSWORD', 'the backup password is wrong', { where, hint: 'check the password the phone asked for when backup encryption was turned on' });
  }
}

/** An Android backup (backup.ab) that cannot be read: not one, damaged, or encrypted without its password. */
export class AndroidBackupError extends DeviceError {
  constructor(where: string, detail: string, hint?: string) {
    super('DEVICE_ANDROID_BACKUP', `Android backup: ${detail}`, { where, hint });
  }
}

/** Intrusion logs that hold no event: not exported intrusion logs, or damaged. */
export class IntrusionLogError extends DeviceError {
  constructor(where: string, detail: string) {
    super('DEVICE_INTRUSION_LOGS', detail, { where, hint: 'export the intrusion logs again from the phone (Advanced Protection)' });
  }
}
