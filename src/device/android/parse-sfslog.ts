// Samsung's system framework logs (sfslog.N.gz, which AndroidQF collects from Samsung phones):
// the USB and ADB events MVT's SamsungSFSLogs reads from them — a computer's ADB key logged with
// its state (allowed, denied…), a USB device attached with its vendor, product and classes, and
// the USB state changes. Each line as MVT matches it; times moved to UTC from the zone each line
// names. A line of another kind, or of an impossible time, is not a record.
import { partition } from './lines.ts';
import { adbKeyInfo } from './parse-dumpsys-adb.ts';
import { mvtTimeOfParts, secondsOfCivil } from '../time.ts';

const ADB_STATES: Record<number, string> = {
  0: 'unknown', 1: 'awaiting_user_approval', 2: 'user_allowed', 3: 'user_denied', 4: 'automatically_allowed', 5: 'denied_invalid_key', 6: 'denied_vold_decrypt', 7: 'disconnected',
};

const LOG_LINE = /^(\d{2})-(\d{2})-(\d{2}) \(GMT([+-])(\d{2}):(\d{2})\) (\d{2}):(\d{2}):(\d{2})\.(\d{3}) \d+ [VDIWEAF] ([^:]+): (.*)$/;
const ADB_KEY = /^Logging key (.*), state = (\d+), alwaysAllow = (true|false), lastConnectionTime = (\d+), authWindow = (\d+)$/;
const USB_DEVICE = /^USB device attached: vidpid ([^:\s]+):(\S+) mfg\/product\/ver(?:\/serial)? (.*?)\/(.*?)\/(.*?)\/(.*?) hasAudio\/HID\/Storage: (true|false)\/(true|false)\/(true|false)$/;
const USB_UEVENT = /^USB UEVENT: \{(.*)\}$/;

/** The files MVT reads, by their name wherever they are. */
export const SFSLOG_FILE = /(^|\/)sfslog\.\d+\.gz$/i;

/** strptime("%y-%m-%d (GMT%z) %H:%M:%S.%f") moved to UTC, as MVT's text; null for a time Python refuses. */
function utcTime(m: RegExpExecArray): string | null {
  const [yy, mo, d, , oh, om, h, mi, s, ms] = m.slice(1, 11).map(Number);
  // Python's %y: 69–99 are 1969–1999, 00–68 are 2000–2068.
  const local = secondsOfCivil(yy + (yy >= 69 ? 1900 : 2000), mo, d, h, mi, s);
  if (oh > 23 || om > 59) return null;
  const offset = (m[4] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  return mvtTimeOfParts(local - offset, ms * 1000);
}

/** One line's record, or null. */
export function parseSfslogLine(line: string): Record<string, unknown> | null {
  const m = LOG_LINE.exec(line.replace(/[ \t\n\r\v\f\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/, ''));
  if (!m) return null;
  const timestamp = utcTime(m);
  if (!timestamp) return null;
  const [tag, message] = [m[11], m[12]];
  if (tag === 'AdbDebuggingManager') {
    const k = ADB_KEY.exec(message);
    if (!k) return null;
    const key = adbKeyInfo(k[1]);
    const state = Number(k[2]);
    return { timestamp, event: 'adb_connection', key: key.key, user: key.user, fingerprint: key.fingerprint, state, state_name: ADB_STATES[state] ?? 'unknown', always_allow: k[3] === 'true', last_connection_time: Number(k[4]), auth_window: Number(k[5]) };
  }
  if (tag === 'UsbHostManager') {
    const u = USB_DEVICE.exec(message);
    if (!u) return null;
    return { timestamp, event: 'usb_device_attached', vendor_id: u[1], product_id: u[2], manufacturer: u[3], product: u[4], version: u[5], serial: u[6], has_audio: u[7] === 'true', has_hid: u[8] === 'true', has_storage: u[9] === 'true' };
  }
  if (tag === 'UsbDeviceManager') {
    const e = USB_UEVENT.exec(message);
    if (!e) return null;
    const props: Record<string, string> = {};
    for (const item of e[1].split(',')) {
      const [key, value] = partition(item.trim(), '=');
      if (value !== undefined) props[key] = value;
    }
    if (!('USB_STATE' in props)) return null;
    return { timestamp, event: 'usb_state', usb_state: props.USB_STATE, subsystem: props.SUBSYSTEM ?? null, sequence_number: props.SEQNUM ?? null, action: props.ACTION ?? null, device_path: props.DEVPATH ?? null };
  }
  return null;
}

/** The records of one log's text, lines split as Python's text files split them (\n, \r\n, \r). */
export function parseSfslog(text: string, sourceFile: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const r = parseSfslogLine(line);
    if (r) out.push({ ...r, source_file: sourceFile });
  }
  return out;
}
