// `dumpsys adb`: the computers this phone trusts for USB debugging, from its debugging manager's
// state, in the record MVT's DumpsysADBArtifact gives: the `debugging_manager` block of the dump
// (DualDumpOutputStream's `key=value` and `key={ … }` lines), its `user_keys` as each key's user,
// MD5 fingerprint (colon-separated hex, as `adb` prints it) and base64 text, and its `keystore`, when
// it is the XML Android writes, as the same with each key's last connection (milliseconds).
// A value that runs over several lines (`user_keys`, `keystore`) ends at an empty line, a closing
// brace or the next `key=` line. A dump this cannot read is a CollectionError.
import crypto from 'node:crypto';
import { CollectionError } from './parse-json.ts';

type Dump = { [key: string]: string | string[] | Dump };

export interface AdbKey {
  user: string;
  fingerprint: string;
  key: string;
  last_connected?: string;
}

const WHERE = 'dumpsys adb';
/** Values whose later lines carry no key: a key to a line, or XML. */
const MULTILINE = new Set(['user_keys', 'keystore']);
/** A line of the dump's own structure: Android's keys are lower-case words (a base64 key never begins so). */
const KEY_LINE = /^([a-z_][a-z0-9_]*)=(.*)$/;

/** The dump's blocks as nested objects, its values as text, a multi-line value as its lines. */
function indentedDump(text: string): Dump {
  const root: Dump = {};
  const stack: Dump[] = [root];
  let open: string[] | undefined;
  const lines = text.split('\n').map((l) => l.trim());
  // The dump begins at its first brace or key (a title line comes before it).
  const first = lines.findIndex((l) => l === '{' || KEY_LINE.test(l));
  for (const line of first < 0 ? [] : lines.slice(first)) {
    if (open) {
      if (line !== '' && line !== '}' && !KEY_LINE.test(line)) {
        open.push(line);
        continue;
      }
      open = undefined;
    }
    if (line === '') continue;
    // The dump's outer braces hold its blocks as they are.
    if (line === '{') {
      stack.push(stack[stack.length - 1]);
      continue;
    }
    if (line === '}') {
      if (stack.length === 1) throw new CollectionError(WHERE, 'the dump closes more blocks than it opens');
      stack.pop();
      continue;
    }
    const kv = KEY_LINE.exec(line);
    if (!kv) throw new CollectionError(WHERE, `a line that is not "key=value": ${line.slice(0, 60)}`);
    const [, key, value] = kv;
    const block = stack[stack.length - 1];
    if (value === '{') {
      const inner: Dump = {};
      block[key] = inner;
      stack.push(inner);
    } else if (MULTILINE.has(key)) block[key] = open = value === '' ? [] : [value];
    else block[key] = value;
  }
  return root;
}

/** What Python's base64.b64decode(validate=True) accepts and decodes to some bytes: the alphabet only, padded whole. */
export const isBase64Key = (key: string): boolean => key !== '' && /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(key);

/** "<base64 key> <user>" as its user, fingerprint and key; the fingerprint is empty when the key is not base64. */
export function adbKeyInfo(line: string): AdbKey {
  const space = line.indexOf(' ');
  const key = space < 0 ? line : line.slice(0, space);
  const md5 = isBase64Key(key) ? crypto.createHash('md5').update(Buffer.from(key, 'base64')).digest('hex').toUpperCase() : '';
  return { user: space < 0 ? '' : line.slice(space + 1), fingerprint: md5.match(/../g)?.join(':') ?? '', key };
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => XML_ENTITIES[e]);

/** The keys of the keystore's XML (`<adbKey key="…" lastConnection="…"/>`), or undefined when it is not that XML (Android's binary XML, say). */
function keystoreKeys(lines: string[]): AdbKey[] | undefined {
  const xml = lines.join('\n');
  if (!/<keyStore\b/.test(xml)) return undefined;
  const keys: AdbKey[] = [];
  for (const m of xml.matchAll(/<adbKey\b([^>]*)\/?>/g)) {
    const attrs = new Map([...m[1].matchAll(/(\w+)\s*=\s*"([^"]*)"/g)].map(([, k, v]) => [k, unescapeXml(v)]));
    const key = attrs.get('key');
    if (key === undefined) continue;
    keys.push({ ...adbKeyInfo(key), last_connected: attrs.get('lastConnection') ?? '' });
  }
  return keys;
}

/** The debugging manager's state as MVT's one record, or none where the phone has no adb service or no such state. */
export function parseDumpsysAdb(section: string): Record<string, unknown>[] {
  if (section.trim() === '' || section.includes("Can't find service: adb")) return [];
  const manager = indentedDump(section).debugging_manager;
  if (manager === undefined) return [];
  if (typeof manager === 'string' || Array.isArray(manager)) throw new CollectionError(WHERE, 'debugging_manager is not a block');
  const record: Record<string, unknown> = { ...manager };
  const userKeys = manager.user_keys;
  if (userKeys !== undefined && !Array.isArray(userKeys)) throw new CollectionError(WHERE, 'user_keys is not a list');
  record.user_keys = (userKeys ?? []).map(adbKeyInfo);
  if (Array.isArray(manager.keystore)) record.keystore = keystoreKeys(manager.keystore) ?? manager.keystore;
  return [record];
}
