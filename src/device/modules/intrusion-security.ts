// security_event of the intrusion logs: Android's SecurityLog entries, one tag per event (its key
// beside event_time). Against indicators, as MVT: the app id of a process started (and, where the
// whole name does not match, each part of it, the app's own id first, which MVT skips), of a package
// installed, updated or removed, the app ids an adb shell command names, the paths adb moved. MVT's
// heuristics, with or without indicators: a key integrity violation, a failed wipe or crypto
// self-test, a trusted certificate installed, a certificate that failed validation: MEDIUM. vigil's
// own: a boot Android could not verify. The timeline text is MVT's for each tag.
import type { MatchIndex } from '../../indicators/index.ts';
import { pythonRepr } from '../python-values.ts';
import type { Alert, Result } from '../types.ts';
import { heuristic, matchAlerts } from './common.ts';

const METADATA = new Set(['event_id', 'event_time', 'event_type', 'timestamp']);
const MODULE = 'security_event';

/** The event's tag (`app_process_start`, `adb_shell_cmd`…): its first key that is not metadata, known to MVT or not. */
export function securityEventTag(r: Result): string | undefined {
  return Object.keys(r).find((k) => !METADATA.has(k));
}

type Info = Record<string, unknown>;
const s = (v: unknown, fallback = '') => (v === undefined || v === null ? fallback : String(v));
const did = (info: Info, yes: string, no: string) => (info.success ? yes : no);
const withReason = (text: string, info: Info) => (info.reason ? `${text} - ${s(info.reason)}` : text);
const byAdmin = (what: string) => (i: Info) => `${what} by ${s(i.admin_package)}`;

// MVT's timeline text of each tag it knows; the names of those it knows without a text of their own.
const TEXTS: Record<string, (i: Info) => string> = {
  adb_shell_interactive: () => 'ADB interactive shell opened',
  adb_shell_cmd: (i) => `ADB shell command: ${s(i.command)}`,
  adb_sync_recv_file: (i) => `File pulled via ADB: ${s(i.path)}`,
  adb_sync_send_file: (i) => `File pushed via ADB: ${s(i.path)}`,
  app_process_start: (i) => `Process started: ${s(i.process)} (UID: ${s(i.uid)}, PID: ${s(i.pid)})`,
  keyguard_dismiss_auth_attempt: (i) => `Auth attempt: ${did(i, 'Success', 'Failed')} (method strength: ${s(i.method_strength, '0')})`,
  keyguard_dismissed: () => 'Keyguard dismissed',
  keyguard_secured: () => 'Device locked',
  keyguard_disabled_features_set: (i) => `Keyguard features disabled by ${s(i.admin_package)}: ${s(i.disabled_features)}`,
  key_generated: (i) => `Key ${did(i, 'generated', 'generation failed')}: ${s(i.key_id, 'unknown')} (UID: ${s(i.uid)})`,
  key_destruction: (i) => `Key ${did(i, 'destroyed', 'destruction failed')}: ${s(i.key_id, 'unknown')} (UID: ${s(i.uid)})`,
  key_import: (i) => `Key ${did(i, 'imported', 'import failed')}: ${s(i.key_id, 'unknown')}`,
  key_integrity_violation: (i) => `Key integrity violation: ${s(i.key_id, 'unknown')}`,
  cert_authority_installed: (i) => `Cert ${did(i, 'installed', 'install failed')}: ${s(i.subject, 'unknown')}`,
  cert_authority_removed: (i) => `Cert ${did(i, 'removed', 'removal failed')}: ${s(i.subject, 'unknown')}`,
  os_startup: (i) => `OS startup (verified boot: ${s(i.verified_boot_state)}, dm-verity: ${s(i.dm_verity_mode)})`,
  os_shutdown: () => 'OS shutdown',
  logging_started: () => 'Audit logging started',
  logging_stopped: () => 'Audit logging stopped',
  log_buffer_size_critical: () => 'Log buffer at 90% capacity',
  media_mount: (i) => `Media mounted: ${s(i.mount_point)} (${s(i.volume_label)})`,
  media_unmount: (i) => `Media unmounted: ${s(i.mount_point)} (${s(i.volume_label)})`,
  password_expiration_set: (i) => `Password expiration set by ${s(i.admin_package)}: ${s(i.timeout_ms)}ms`,
  password_complexity_set: byAdmin('Password complexity set'),
  password_complexity_required: (i) => `Password complexity required by ${s(i.admin_package)}: ${s(i.complexity)}`,
  password_history_length_set: (i) => `Password history length set by ${s(i.admin_package)}: ${s(i.length)}`,
  password_changed: (i) => `Password changed (complexity: ${s(i.complexity)}, user: ${s(i.user_id)})`,
  max_screen_lock_timeout_set: (i) => `Max screen lock timeout set by ${s(i.admin_package)}: ${s(i.timeout_ms)}ms`,
  max_password_attempts_set: (i) => `Max password attempts set by ${s(i.admin_package)}: ${s(i.max_attempts)}`,
  remote_lock: byAdmin('Device remotely locked'),
  wipe_failure: () => 'Device wipe failed',
  user_restriction_added: (i) => `User restriction added by ${s(i.admin_package)}: ${s(i.restriction)}`,
  user_restriction_removed: (i) => `User restriction removed by ${s(i.admin_package)}: ${s(i.restriction)}`,
  wifi_connection: (i) => withReason(`WiFi connection: ${s(i.event_type)} (BSSID: ${s(i.bssid)})`, i),
  wifi_disconnection: (i) => withReason(`WiFi disconnection (BSSID: ${s(i.bssid)})`, i),
  bluetooth_connection: (i) => withReason(`Bluetooth ${did(i, 'connected', 'connection failed')}: ${s(i.mac_address)}`, i),
  bluetooth_disconnection: (i) => withReason(`Bluetooth disconnected: ${s(i.mac_address)}`, i),
  camera_policy_set: (i) => `Camera ${i.disabled ? 'disabled' : 'enabled'} by ${s(i.admin_package)}`,
  backup_service_toggled: (i) => `Backup service ${i.enabled ? 'enabled' : 'disabled'} by ${s(i.admin_package)}`,
  nfc_enabled: () => 'NFC enabled',
  nfc_disabled: () => 'NFC disabled',
};
const NAMES: Record<string, string> = {
  app_process_start: 'App Process Start', crypto_self_test_completed: 'Crypto Self Test Completed', cert_validation_failure: 'Certificate Validation Failure',
  package_installed: 'Package Installed', package_updated: 'Package Updated', package_uninstalled: 'Package Uninstalled',
};

/** The crypto self-test's outcome: an object with `success`, or 1 for a pass. */
const selfTestPassed = (v: unknown) => (v && typeof v === 'object' ? (v as Info).success !== false : v === 1);

export function securityEventText(tag: string, value: unknown): string {
  const info = (value && typeof value === 'object' ? value : {}) as Info;
  if (TEXTS[tag]) return TEXTS[tag](info);
  if (tag === 'cert_validation_failure') return `Certificate validation failure: ${typeof value === 'string' ? value : pythonRepr(value)}`;
  if (tag === 'crypto_self_test_completed') return `Crypto self test: ${selfTestPassed(value) ? 'passed' : 'FAILED'}`;
  if (tag.startsWith('package_') && NAMES[tag]) return `Package ${tag.slice('package_'.length).replace(/^./, (c) => c.toUpperCase())}: ${s(info.package_name)} (v${s(info.version_code)}, user: ${s(info.user_id)})`;
  return `${tag}: ${pythonRepr(value)}`;
}

export function securityAlerts(r: Result, index: MatchIndex): Alert[] {
  const tag = securityEventTag(r);
  if (!tag) return [];
  const value = r[tag];
  const info = (value && typeof value === 'object' ? value : {}) as Info;
  const time = (r.timestamp as string | null) ?? null;
  const apps = (v: unknown, what: string) => (typeof v === 'string' && v ? matchAlerts(MODULE, r, time, index.exactOf('app_id', v), what) : []);
  const flag = (level: 'LOW' | 'MEDIUM', message: string) => [heuristic(MODULE, level, message, r, time)];
  switch (tag) {
    case 'app_process_start': {
      const process = s(info.process);
      const whole = apps(process, 'process started');
      if (whole.length > 0 || !process.includes(':')) return whole;
      // "com.app:remote", "com.google.android.webview:sandboxed_process0:…": the first part that
      // matches. MVT reads only the parts after the first colon; the first is the app's own id.
      return process.split(':').map((p) => apps(p, 'part of the process started')).find((m) => m.length > 0) ?? [];
    }
    case 'package_installed':
    case 'package_updated':
    case 'package_uninstalled':
      return apps(info.package_name, tag.replace('_', ' '));
    case 'adb_shell_cmd':
      // The app ids an adb command names (pm install, am start…), each word apart.
      return s(info.command).split(/\s+/).flatMap((w) => apps(w, 'app named by an adb shell command'));
    case 'adb_sync_recv_file':
    case 'adb_sync_send_file':
      return typeof info.path === 'string' && info.path ? matchAlerts(MODULE, r, time, index.filePath(info.path), tag === 'adb_sync_send_file' ? 'file pushed over adb' : 'file pulled over adb') : [];
    case 'key_integrity_violation':
      return flag('MEDIUM', `Key integrity violation detected: ${pythonRepr(value)}`);
    case 'wipe_failure':
      return flag('MEDIUM', 'Device wipe failure detected');
    case 'crypto_self_test_completed':
      return selfTestPassed(value) ? [] : flag('MEDIUM', 'Cryptographic self test failed');
    case 'cert_validation_failure':
      return flag('MEDIUM', `Certificate validation failure: ${typeof value === 'string' ? value : pythonRepr(value)}`);
    case 'cert_authority_installed':
      // A trusted root the user or an app installed can read the phone's TLS traffic.
      return info.success === false
        ? flag('LOW', `Certificate authority install failed: ${s(info.subject, 'unknown')}`)
        : flag('MEDIUM', `Certificate authority installed: ${s(info.subject, 'unknown')}`);
    case 'os_startup': {
      // vigil's own: a boot Android could not verify (an unlocked bootloader: orange; a failed check: red), or dm-verity off.
      const boot = s(info.verified_boot_state).toLowerCase();
      const verity = s(info.dm_verity_mode).toLowerCase();
      if (boot === 'orange' || boot === 'red' || verity === 'disabled') return flag('MEDIUM', `The phone started with verified boot ${boot || 'unstated'} and dm-verity ${verity || 'unstated'}: its system may have been modified`);
      return [];
    }
    default:
      return [];
  }
}
