// The PII vault: AES-256-GCM round trips and tamper detection, keyed-hash lookups, the key file's
// creation and permissions, and a lost or wrong key as one clear error.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openVault, PiiError, PiiVault, redact } from '../../src/cases/index.ts';
import { drivers, TEST_KEY } from '../helpers/stores.ts';
import { tempDir } from '../helpers/fixtures.ts';

describe('PII vault', () => {
  const vault = new PiiVault(crypto.randomBytes(32));

  it('round-trips text, with a fresh IV every time', () => {
    for (const s of ['+5215512345678', 'María José Núñez', 'منظمة حقوق الإنسان', '']) assert.equal(vault.decrypt(vault.encrypt(s)), s);
    assert.notEqual(vault.encrypt('+97333123456'), vault.encrypt('+97333123456'));
    assert.ok(!vault.encrypt('+97333123456').includes('97333'));
  });

  it('detects tampering and a wrong key instead of returning garbage', () => {
    const token = vault.encrypt('+97333123456');
    const raw = Buffer.from(token.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    assert.throws(() => vault.decrypt(`v1:${raw.toString('base64')}`), (e: unknown) => e instanceof PiiError && e.code === 'PII_KEY_MISMATCH');
    assert.throws(() => new PiiVault(crypto.randomBytes(32)).decrypt(token), /does not open with this key/);
    assert.throws(() => vault.decrypt('plain text'), /not an encrypted vigil value/);
  });

  it('hashes for lookup: stable per key, different across keys and kinds', () => {
    assert.equal(vault.hash('account', '+97333123456'), vault.hash('account', '+97333123456'));
    assert.notEqual(vault.hash('account', '+97333123456'), vault.hash('actor', '+97333123456'));
    assert.notEqual(vault.hash('account', '+97333123456'), new PiiVault(crypto.randomBytes(32)).hash('account', '+97333123456'));
  });

  it('redacts numbers to calling code and last two digits, text to an initial', () => {
    assert.equal(redact('+5215512345678'), '+52•••••••••78');
    assert.equal(redact('+97333123456'), '+973••••••56');
    assert.equal(redact('Ana Pérez', 'text'), 'A•••');
  });

  it('creates a 0600 key file on first use and records its fingerprint', async () => {
    const home = tempDir();
    const s = await drivers[0].open();
    try {
      const v = await openVault(s, { home }, {});
      const file = path.join(home, 'key');
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const again = await openVault(s, { home }, {});
      assert.equal(again.fingerprint, v.fingerprint);
      assert.equal(again.decrypt(v.encrypt('x')), 'x');
    } finally {
      await s.close();
    }
  });

  it('refuses a lost key, a wrong key and a key file others can read, each with one clear error', async () => {
    const home = tempDir();
    const s = await drivers[0].open();
    try {
      await openVault(s, { home }, {});
      fs.rmSync(path.join(home, 'key'));
      await assert.rejects(openVault(s, { home }, {}), (e: unknown) => e instanceof PiiError && e.code === 'PII_KEY_MISSING' && /fingerprint/.test(e.message));
      assert.ok(!fs.existsSync(path.join(home, 'key')), 'no new key is made over encrypted data');
      await assert.rejects(openVault(s, { home }, { VIGIL_KEY: TEST_KEY }), (e: unknown) => e instanceof PiiError && e.code === 'PII_KEY_MISMATCH');
      await assert.rejects(openVault(s, { home }, { VIGIL_KEY: 'short' }), (e: unknown) => e instanceof PiiError && e.code === 'PII_KEY_FORMAT');
      const loose = tempDir();
      fs.writeFileSync(path.join(loose, 'key'), crypto.randomBytes(32).toString('base64'), { mode: 0o644 });
      const s2 = await drivers[0].open();
      await assert.rejects(openVault(s2, { home: loose }, {}), (e: unknown) => e instanceof PiiError && e.code === 'PII_KEY_PERMISSIONS');
      await s2.close();
    } finally {
      await s.close();
    }
  });
});
