// dumpsys_adb_state: the computers a phone trusts for USB debugging, read as MVT reads `dumpsys adb`
// (fingerprints checked against Python's hashlib), and MVT's rules against the computer an AndroidQF
// collection was acquired with.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { androidqfSource, DeviceError, MODULES, parseDumpsysAdb, recheckResults, runDeviceCheck, splitDumpsys, type Alert } from '../../src/device/index.ts';
import { MatchIndex } from '../../src/indicators/index.ts';
import { ANDROID_PLANTED as P, buildAndroidQF, dumpstateText } from '../../src/device/synthetic/index.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { python } from '../helpers/python.ts';

const adbModule = MODULES.find((m) => m.slug === 'dumpsys_adb_state')!;
const index = new MatchIndex([]);
const check = (records: Record<string, unknown>[]) => adbModule.check(records, { source: { kind: 'fs', root: '/', file: () => undefined, find: () => [] }, index });
const levels = (alerts: Alert[]) => alerts.map((a) => a.level);

/** Python's own fingerprint of "<base64> <user>": MD5 of the decoded key, upper-case pairs joined by colons. */
function pythonFingerprint(line: string): string {
  const code = 'import base64, hashlib, sys\nh = hashlib.md5(base64.b64decode(sys.argv[1].split(" ", 1)[0])).hexdigest().upper()\nprint(":".join(h[i:i + 2] for i in range(0, len(h), 2)))';
  return python(code, [line]).trim();
}

describe('dumpsys adb', () => {
  it('reads the trusted keys and the keystore with their fingerprints, as Python computes them', () => {
    const [record] = parseDumpsysAdb(splitDumpsys(dumpstateText()).get('adb')!);
    assert.equal(record.connected_to_adb, 'true');
    assert.equal(record.last_key_received, '');
    const users = record.user_keys as { user: string; fingerprint: string; key: string }[];
    assert.deepEqual(users, [P.adbHostKey, P.adbOtherKey].map((line) => ({ user: line.split(' ')[1], fingerprint: pythonFingerprint(line), key: line.split(' ')[0] })));
    assert.deepEqual(record.keystore, [{ ...users[0], last_connected: '1620028800000' }, { ...users[1], last_connected: '1619900000000' }]);
  });

  it('ends a value of several lines at the next key or a closing brace, and keeps a keystore that is not XML as its lines', () => {
    const [structural] = parseDumpsysAdb(['{', 'debugging_manager={', '  keystore=ABX\u0000\u000bkeyStore\u0000\u0002\u0011', '  connected_to_adb=true', '  adb_wifi={', '    enabled=false', '    tls_port=0', '  }', '}', '}'].join('\n'));
    assert.deepEqual(structural, { keystore: ['ABX\u0000\u000bkeyStore\u0000\u0002\u0011'], connected_to_adb: 'true', adb_wifi: { enabled: 'false', tls_port: '0' }, user_keys: [] });
    const [closing] = parseDumpsysAdb(['debugging_manager={', '  keystore=ABX', '}', 'other={', '  value=true', '}'].join('\n'));
    assert.deepEqual(closing.keystore, ['ABX']);
    assert.deepEqual(parseDumpsysAdb("Can't find service: adb"), []);
    assert.deepEqual(parseDumpsysAdb('ADB MANAGER STATE (dumpsys adb):\n{\n  other={\n  }\n}'), []);
    assert.throws(() => parseDumpsysAdb('debugging_manager={\n}\n}'), DeviceError);
  });

  it('gives a record or a typed error, whatever the text (fast-check)', () => {
    const lines = splitDumpsys(dumpstateText()).get('adb')!.split('\n');
    const text = fc.array(fc.oneof(fc.constantFrom(...lines, '}', '{', 'user_keys=', 'keystore=<keyStore><adbKey key="x y" lastConnection="1"/>', ''), fc.string({ maxLength: 40 })), { maxLength: 30 }).map((l) => l.join('\n'));
    fc.assert(fc.property(text, (t) => {
      try {
        for (const r of parseDumpsysAdb(t)) assert.ok(Array.isArray(r.user_keys));
      } catch (e) {
        assert.ok(e instanceof DeviceError, String(e));
      }
    }), { numRuns: 1500 });
  });
});

describe('dumpsys_adb_state against the acquisition host', () => {
  const acquisition = { started: '2025-06-20T18:00:00Z', adb_host_public_key: 'QUJDRA== acquisition@host' };

  it('as MVT: the host key last used a day before INFORMATIONAL, another key and an invalid one LOW, each key once', () => {
    const alerts = check([{
      acquisition,
      user_keys: [{ key: 'QUJDRA==', user: 'acquisition@host', fingerprint: 'acquisition-fingerprint' }, { key: 'RUZHSA==', user: 'other@host', fingerprint: 'other-fingerprint' }, { key: 'not-base64', user: 'invalid@host', fingerprint: '' }],
      keystore: [{ key: 'QUJDRA==', user: 'acquisition@host', fingerprint: 'acquisition-fingerprint', last_connected: '1750266000000' }],
    }]);
    assert.deepEqual(levels(alerts), ['INFORMATIONAL', 'LOW', 'LOW']);
    assert.match(alerts[0].message, /at least one day before/);
    assert.equal(alerts[0].event_time, '2025-06-18 17:00:00.000000');
    assert.match(alerts[1].message, /different from the AndroidQF acquisition host: other-fingerprint \(other@host\)/);
    assert.match(alerts[2].message, /invalid trusted ADB host key: <unknown key> \(invalid@host\)/);
  });

  it('a collection naming no host key: every trusted key LOW; a recent host key or no acquisition at all: nothing', () => {
    const key = { key: 'QUJDRA==', user: 'host@example', fingerprint: 'fingerprint' };
    const missing = check([{ acquisition: {}, user_keys: [key] }]);
    assert.deepEqual(levels(missing), ['LOW']);
    assert.match(missing[0].message, /does not include its host key/);
    assert.deepEqual(check([{ acquisition, keystore: [{ ...key, last_connected: '1750438800000' }] }]), []);
    assert.deepEqual(check([{ user_keys: [key] }]), []);
  });

  it('takes the host from adb_host_key.pub when acquisition.json is absent, and check-iocs judges as the check did', async () => {
    const root = buildAndroidQF(tempDir());
    fs.rmSync(path.join(root, 'acquisition.json'));
    fs.writeFileSync(path.join(root, 'adb_host_key.pub'), `${P.adbOtherKey}\n`);
    const out = tempDir();
    const r = await runDeviceCheck(androidqfSource(root), [adbModule], index, out);
    // The other computer is now the acquisition host; the investigator's key is the stranger.
    assert.deepEqual(r.alerts.map((a) => `${a.level} ${a.message.split(':')[0]} ${(a.event as { user: string }).user}`), ['LOW Found a trusted ADB host key different from the AndroidQF acquisition host investigator@lab']);
    assert.deepEqual(recheckResults(out, index).alerts.map((a) => a.message), r.alerts.map((a) => a.message));
  });
});
