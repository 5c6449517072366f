// `vigil console serve` for real: a user made with the CLI signs in over HTTP on loopback.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { vigil } from '../helpers/cli.ts';
import { ROOT, tempDir } from '../helpers/fixtures.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('vigil console', () => {
  it('adds a user, serves the API on loopback, signs in, and stops on SIGINT', async () => {
    const home = tempDir();
    const env = { VIGIL_HOME: home, NEW_PW: 'a long enough password' };
    const short = await vigil(['console', 'user', 'add', 'ana', '--role', 'analyst', '--password-env', 'SHORT_PW'], { ...env, SHORT_PW: 'short' });
    assert.equal(short.code, 2);
    assert.match(short.stderr, /at least 12 characters/);
    assert.equal((await vigil(['console', 'user', 'add', 'ana', '--role', 'analyst', '--password-env', 'NEW_PW'], env)).code, 0);
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/vigil.mjs'), 'console', 'serve', '--port', String(port)], { env: { ...process.env, ...env, VIGIL_DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d) => String(d).includes('console API on') && resolve());
        child.on('exit', () => reject(new Error('server exited')));
      });
      const base = `http://127.0.0.1:${port}`;
      assert.equal((await fetch(`${base}/api/cases`)).status, 401);
      const login = await fetch(`${base}/api/login`, { method: 'POST', body: JSON.stringify({ name: 'ana', password: 'a long enough password' }), headers: { 'content-type': 'application/json' } });
      assert.equal(login.status, 200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const cases = await fetch(`${base}/api/cases`, { headers: { cookie } });
      assert.equal(cases.status, 200);
      assert.equal(cases.headers.get('x-content-type-options'), 'nosniff');
      assert.match(cases.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      assert.ok(((await (await fetch(`${base}/openapi.json`)).json()) as { openapi: string }).openapi.startsWith('3.'));
    } finally {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    assert.equal(child.exitCode, 0);
  });
});
