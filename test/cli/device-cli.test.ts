// `vigil device` as a user runs it: list modules, check a backup with indicator files, read the results.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { vigil } from '../helpers/cli.ts';
import { openStore } from '../../src/store/index.ts';
import { PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';
import { buildBackup } from '../helpers/device-fixtures.ts';

describe('vigil device', () => {
  it('lists modules, checks a backup (exit 1 on findings), and writes MVT-compatible results', async () => {
    const env = { VIGIL_HOME: tempDir() };
    const list = await vigil(['device', 'check-backup', '--list-modules'], env);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^sms\s+SMS and iMessage/m);
    const out = tempDir();
    const r = await vigil(['device', 'check-backup', buildBackup(tempDir()), '--iocs', PEGASUS_STIX, '--output', out], env);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /CRITICAL \[sms\]/);
    assert.match(r.stdout, /not proof of infection/);
    assert.ok(fs.existsSync(path.join(out, 'timeline.csv')));
    const clean = await vigil(['device', 'check-backup', buildBackup(tempDir()), '--iocs', PEGASUS_STIX, '--module', 'sms', '--json'], env);
    assert.equal(JSON.parse(clean.stdout).modules.length, 1);
    // Stored for the console: encrypted, since alerts quote what was on the phone.
    const stored = await vigil(['device', 'check-backup', buildBackup(tempDir()), '--iocs', PEGASUS_STIX, '--case', 'dc', '--label', "Ana's phone"], env);
    assert.equal(stored.code, 1);
    const store = await openStore({ home: env.VIGIL_HOME });
    try {
      const rows = await store.query<{ t: string }>('SELECT row_to_json(d)::text AS t FROM device_checks d');
      assert.equal(rows.length, 1);
      // Only strings base64 cannot hold (a dot, an apostrophe): ciphertext may spell anything else.
      assert.doesNotMatch(rows[0].t, /weather4free\.com|Ana's/);
      assert.match(rows[0].t, /"CRITICAL": ?8/);
    } finally {
      await store.close();
    }
    const missing = await vigil(['device', 'check-backup', tempDir(), '--iocs', PEGASUS_STIX], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no Manifest\.db/);
  });
});
