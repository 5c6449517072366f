// The console API: every route refuses the unauthenticated; the role matrix holds for every route;
// a viewer never receives PII; CSRF and tokens; four eyes; audit rows written.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exactJson } from '../../src/core/index.ts';
import { auditEntries, ensureCase, importVictims, insertDeviceCheck } from '../../src/cases/index.ts';
import { addToken, addUser, allowed, createApi, ROLES, ROUTES, type Role } from '../../src/console/index.ts';
import type { Store } from '../../src/store/index.ts';
import { drivers, testVault } from '../helpers/stores.ts';
import { tempDir, writeTemp } from '../helpers/fixtures.ts';

const PASSWORD = 'correct horse battery';
const VICTIMS = ['+525512345678', '+97333123456'];

describe('console API', () => {
  let store: Store;
  let app: ReturnType<typeof createApi>;
  const sessions: Record<string, { cookie: string; csrf: string }> = {};

  const request = (path: string, init: RequestInit = {}) => app.request(path, init);
  const as = (who: string, path: string, method = 'GET', body?: unknown) =>
    request(path, {
      method,
      headers: { cookie: sessions[who].cookie, 'x-csrf-token': sessions[who].csrf, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  before(async () => {
    store = await drivers[0].open();
    const vault = await testVault(store);
    await importVictims(store, vault, 'c', writeTemp(tempDir(), 'v.csv', `number,name,sector,first_targeted\n${VICTIMS[0]},Ana Reportera,journalist,2019-05-02T00:00:00Z\n${VICTIMS[1]},Hamad Official,government,2019-05-03T00:00:00Z\n`));
    for (const role of ROLES) await addUser(store, role, role, PASSWORD);
    await addUser(store, 'notifier2', 'notifier', PASSWORD);
    await insertDeviceCheck(store, await ensureCase(store, 'c'), vault.encrypt("Ana's phone"), 'backup', { CRITICAL: 1 }, vault.encrypt(exactJson({ modules: [], alerts: [{ level: 'CRITICAL', message: `link in a message https://evil.example from ${VICTIMS[0]}`, event: { timestamp: 13264333200000001n } }] })));
    app = createApi({ store, vault });
    for (const who of [...ROLES, 'notifier2']) {
      const res = await request('/api/login', { method: 'POST', body: JSON.stringify({ name: who, password: PASSWORD }), headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 200);
      const cookie = res.headers.get('set-cookie')!;
      if (who === 'admin') {
        assert.match(cookie, /HttpOnly/);
        assert.match(cookie, /Secure/);
        assert.match(cookie, /SameSite=Strict/);
      }
      sessions[who] = { cookie: cookie.split(';')[0], csrf: ((await res.json()) as { csrf: string }).csrf };
    }
  });
  after(() => store.close());

  const concrete = (path: string) => path.replace(':case', 'c').replace(':id', '1');

  it('refuses every route without a session or token', async () => {
    for (const r of ROUTES) {
      const res = await request(concrete(r.path), { method: r.method });
      assert.equal(res.status, 401, `${r.method} ${r.path}`);
    }
  });

  it('refuses a wrong password with the same answer for unknown users', async () => {
    const a = await request('/api/login', { method: 'POST', body: JSON.stringify({ name: 'admin', password: 'wrong password!' }) });
    const b = await request('/api/login', { method: 'POST', body: JSON.stringify({ name: 'nobody', password: 'wrong password!' }) });
    assert.deepEqual([a.status, b.status], [401, 401]);
    assert.deepEqual(await a.json(), await b.json());
  });

  it('holds the role matrix on every route', async () => {
    for (const role of ROLES) {
      for (const r of ROUTES) {
        const res = await as(role, concrete(r.path), r.method, r.method === 'POST' ? { channels: ['inapp'] } : undefined);
        const may = r.permission === null || allowed(role as Role, r.permission);
        const text = await res.text();
        if (may) assert.notEqual(res.status, 403, `${role} ${r.method} ${r.path}: ${text}`);
        else assert.equal(res.status, 403, `${role} ${r.method} ${r.path}`);
        assert.ok(res.status < 500, `${role} ${r.method} ${r.path}: ${text}`);
      }
    }
  });

  it('never sends a viewer PII, on any route it may use', async () => {
    for (const r of ROUTES.filter((x) => x.method === 'GET')) {
      const res = await as('viewer', concrete(r.path));
      const text = await res.text();
      for (const v of VICTIMS) assert.ok(!text.includes(v) && !text.includes(v.slice(1)), `${r.path} leaked a number`);
      for (const n of ['Ana Reportera', 'Hamad']) assert.ok(!text.includes(n), `${r.path} leaked a name`);
    }
    const stats = (await (await as('viewer', '/api/cases/c/stats')).json()) as { headline: { victims: number } };
    assert.equal(stats.headline.victims, 2);
  });

  it('shows analysts the victims in clear and writes it to the audit log', async () => {
    const res = await as('analyst', '/api/cases/c/victims');
    assert.equal(res.status, 200);
    const list = (await res.json()) as { account: string; name: string }[];
    assert.deepEqual(list.map((v) => v.account).sort(), [...VICTIMS].sort());
    const log = await auditEntries(store, 'c');
    assert.ok(log.some((e) => e.actor === 'analyst' && e.action === 'victims.reveal'));
  });

  it('serves device-check results to analysts, decrypted', async () => {
    const res = await as('analyst', '/api/cases/c/devices');
    const [check] = (await res.json()) as { label: string; alerts: { level: string }[] }[];
    assert.equal(check.label, "Ana's phone");
    assert.equal(check.alerts[0].level, 'CRITICAL');
    assert.equal(res.headers.get('content-type'), 'application/json');
  });

  it('gives a stored event\'s integers past 2^53 with every digit (Chrome\'s times), as the check wrote them', async () => {
    const text = await (await as('analyst', '/api/cases/c/devices')).text();
    assert.ok(text.includes('"timestamp":13264333200000001'), text);
  });

  it('requires the CSRF token on changes made with a session cookie', async () => {
    const res = await request('/api/cases/c/plans', { method: 'POST', headers: { cookie: sessions.notifier.cookie, 'content-type': 'application/json' }, body: '{"channels":["inapp"]}' });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { error: string }).error, 'CSRF');
  });

  it('accepts API tokens without CSRF, and refuses unknown ones', async () => {
    const token = await addToken(store, 'viewer', 'dashboard script');
    const ok = await request('/api/cases', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    const denied = await request('/api/cases/c/victims', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(denied.status, 403);
    const bad = await request('/api/cases', { headers: { authorization: 'Bearer vigil_nope' } });
    assert.equal(bad.status, 401);
    const stored = await store.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens');
    assert.ok(stored.every((r) => r.token_hash !== token), 'tokens are stored hashed');
  });

  it('enforces four eyes over the API and audits warning actions', async () => {
    const plan = await as('notifier', '/api/cases/c/plans', 'POST', { channels: ['inapp'] });
    const { planId } = (await plan.json()) as { planId: number };
    const self = await as('notifier', `/api/plans/${planId}/approve`, 'POST');
    assert.equal(self.status, 409);
    assert.equal(((await self.json()) as { error: string }).error, 'NOTIFY_FOUR_EYES');
    const other = await as('notifier2', `/api/plans/${planId}/approve`, 'POST');
    assert.equal(other.status, 200);
    const log = await auditEntries(store);
    assert.ok(log.some((e) => e.actor === 'notifier' && e.action === 'notify.plan'));
    assert.ok(log.some((e) => e.actor === 'notifier2' && e.action === 'notify.approve'));
  });

  it('describes every route in /openapi.json', async () => {
    const doc = (await (await request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const r of ROUTES) assert.ok(doc.paths[r.path.replace(/:([a-z]+)/g, '{$1}')]?.[r.method.toLowerCase()], r.path);
  });

  it('locks an account after five failed sign-ins, even against the right password', async () => {
    await addUser(store, 'target', 'viewer', PASSWORD);
    const attempt = (password: string) => request('/api/login', { method: 'POST', body: JSON.stringify({ name: 'target', password }) });
    for (let i = 0; i < 5; i++) assert.equal((await attempt(`guess number ${i}!`)).status, 401);
    const locked = await attempt(PASSWORD);
    assert.equal(locked.status, 429);
    assert.equal(((await locked.json()) as { error: string }).error, 'AUTH_LOCKED');
    // Other accounts are not affected.
    assert.equal((await request('/api/login', { method: 'POST', body: JSON.stringify({ name: 'viewer', password: PASSWORD }) })).status, 200);
  });

  it('signs out: the session no longer works', async () => {
    const res = await request('/api/logout', { method: 'POST', headers: { cookie: sessions.viewer.cookie, 'x-csrf-token': sessions.viewer.csrf } });
    assert.equal(res.status, 200);
    assert.equal((await as('viewer', '/api/cases')).status, 401);
  });
});
