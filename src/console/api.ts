// The console's JSON API (hono). One route table drives the router, the permission check of every
// route and /openapi.json. Sessions ride in an HttpOnly, Secure, SameSite=Strict cookie; a
// cookie-authenticated request that changes anything must carry the session's CSRF token; scripts
// use bearer API tokens. Reading victims in clear and every warning action go to the audit log.
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { attackersOf, audit, auditEntries, deviceChecksOf, findCase, listCases, listVictims, rulesForCalls, victimStats, type PiiVault } from '../cases/index.ts';
import { huntReport } from '../hunt/index.ts';
import { exactJson, isVigilError, parseExactJson } from '../core/index.ts';
import { indicatorStats } from '../indicators/index.ts';
import { approve, createPlan, planStatus, plansOfCase, warningsOfVictim, type ChannelName } from '../notify/index.ts';
import type { Store } from '../store/index.ts';
import { AuthError, login, logout, sessionUser, tokenUser, type User } from './auth.ts';
import { allowed, type Permission } from './roles.ts';
import { openApi } from './openapi.ts';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web');
const WEB: Record<string, string> = Object.fromEntries(['index.html', 'app.js', 'app.css'].map((f) => [f, fs.readFileSync(path.join(WEB_DIR, f), 'utf8')]));

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  permission: Permission | null;
  summary: string;
  handler: (c: Context<Env>, deps: Deps) => Promise<Response>;
}

interface Deps {
  store: Store;
  vault: PiiVault;
}

type Env = { Variables: { user: User; via: 'session' | 'token'; csrf?: string } };

const COOKIE = 'vigil_session';

async function caseExists(store: Store, name: string): Promise<void> {
  if (!(await findCase(store, name))) throw Object.assign(new Error(`no case named '${name}'`), { status: 404 });
}

export const ROUTES: Route[] = [
  { method: 'GET', path: '/api/me', permission: null, summary: 'the signed-in user and role', handler: async (c) => c.json({ user: c.get('user'), csrf: c.get('csrf') ?? null }) },
  { method: 'GET', path: '/api/cases', permission: 'cases.read', summary: 'cases with hunt and victim counts', handler: async (c, d) => c.json(await listCases(d.store)) },
  {
    method: 'GET', path: '/api/cases/:case/stats', permission: 'stats.read', summary: 'victim counts by country, sector and day; no PII',
    handler: async (c, d) => c.json(await victimStats(d.store, c.req.param('case')!)),
  },
  {
    method: 'GET', path: '/api/cases/:case/victims', permission: 'victims.read', summary: 'victims in clear, with evidence (audited)',
    handler: async (c, d) => {
      const name = c.req.param('case')!;
      const list = await listVictims(d.store, d.vault, name, true);
      await audit(d.store, c.get('user').name, 'victims.reveal', name, { via: 'api', victims: list.length });
      return c.json(list);
    },
  },
  {
    method: 'GET', path: '/api/cases/:case/victims/:id', permission: 'victims.read', summary: 'one victim in clear, with the evidence that made them a target, the rules and indicators that fired, and warning status per channel (audited)',
    handler: async (c, d) => {
      const name = c.req.param('case')!;
      const cs = await findCase(d.store, name);
      const v = cs && (await listVictims(d.store, d.vault, name, true)).find((x) => x.id === c.req.param('id'));
      if (!cs || !v) throw Object.assign(new Error('no such victim'), { status: 404 });
      await audit(d.store, c.get('user').name, 'victims.reveal', name, { via: 'api', victim: v.id });
      const attempts = (v.evidence as { attempts?: { attacker?: string; callIds?: string[] }[] }).attempts ?? [];
      const callIds = attempts.flatMap((a) => a.callIds ?? []);
      const mine = new Set(attempts.map((a) => a.attacker));
      // The indicators that named this victim's attackers (accounts, hosting addresses).
      const attackers = (await attackersOf(d.store, cs.id)).filter((a) => mine.has(a.account)).map((a) => ({ account: a.account, reason: a.evidence.reason, indicators: a.evidence.indicators ?? [], rules: a.evidence.rules ?? {} }));
      return c.json({ ...v, attackers, rules: await rulesForCalls(d.store, cs.id, callIds), warnings: await warningsOfVictim(d.store, cs.id, v.id) });
    },
  },
  {
    method: 'GET', path: '/api/cases/:case/hunt', permission: 'hunts.read', summary: 'the latest hunt: attackers, targets by country (redacted), rules, hosts',
    handler: async (c, d) => c.json(await huntReport(d.store, c.req.param('case')!, d.vault, false)),
  },
  {
    method: 'GET', path: '/api/cases/:case/devices', permission: 'victims.read', summary: 'device-check results of a case: modules, alerts (audited: they quote phone contents)',
    handler: async (c, d) => {
      const name = c.req.param('case')!;
      const cs = await findCase(d.store, name);
      if (!cs) throw Object.assign(new Error('no such case'), { status: 404 });
      const checks = await deviceChecksOf(d.store, cs.id);
      await audit(d.store, c.get('user').name, 'victims.reveal', name, { via: 'api', deviceChecks: checks.length });
      // Read and written keeping every digit of a phone's big integers (Chrome's times), as the check wrote them.
      const body = checks.map((x) => ({ id: x.id, label: x.label_enc ? d.vault.decrypt(x.label_enc) : null, kind: x.kind, checkedAt: x.checked_at, alertsByLevel: x.alerts_by_level, ...(parseExactJson(d.vault.decrypt(x.result_enc)) as object) }));
      return c.body(exactJson(body), 200, { 'content-type': 'application/json' });
    },
  },
  { method: 'GET', path: '/api/indicators/stats', permission: 'indicators.read', summary: 'indicators by type and collection', handler: async (c, d) => c.json(await indicatorStats(d.store)) },
  {
    method: 'GET', path: '/api/cases/:case/plans', permission: 'warnings.read', summary: 'warning plans of a case',
    handler: async (c, d) => {
      const cs = await findCase(d.store, c.req.param('case')!);
      if (!cs) throw Object.assign(new Error('no such case'), { status: 404 });
      return c.json(await plansOfCase(d.store, cs.id));
    },
  },
  {
    method: 'POST', path: '/api/cases/:case/plans', permission: 'warnings.plan', summary: 'plan warnings (body: {"channels": ["inapp", "sms"]})',
    handler: async (c, d) => {
      const name = c.req.param('case')!;
      await caseExists(d.store, name);
      const body = (await c.req.json().catch(() => ({}))) as { channels?: unknown };
      const channels = Array.isArray(body.channels) ? (body.channels.map(String) as ChannelName[]) : ['inapp' as ChannelName];
      const plan = await createPlan(d.store, name, channels, c.get('user').name);
      await audit(d.store, c.get('user').name, 'notify.plan', name, { via: 'api', plan: plan.planId, queued: plan.queued });
      return c.json({ planId: plan.planId, queued: plan.queued, byChannelLanguage: plan.byChannelLanguage }, 201);
    },
  },
  {
    method: 'POST', path: '/api/plans/:id/approve', permission: 'warnings.approve', summary: 'approve a plan (not by its planner)',
    handler: async (c, d) => {
      const id = Number(c.req.param('id'));
      await approve(d.store, id, c.get('user').name);
      await audit(d.store, c.get('user').name, 'notify.approve', null, { via: 'api', plan: id });
      return c.json({ approved: id });
    },
  },
  { method: 'GET', path: '/api/plans/:id', permission: 'warnings.read', summary: 'rollout status per channel and country', handler: async (c, d) => c.json(await planStatus(d.store, Number(c.req.param('id')))) },
  { method: 'GET', path: '/api/audit', permission: 'audit.read', summary: 'the audit log, newest first', handler: async (c, d) => c.json(await auditEntries(d.store, c.req.query('case') || undefined)) },
];

function problem(c: Context, status: number, code: string, message: string) {
  return c.json({ error: code, message }, status as 400);
}

export function createApi(deps: Deps): Hono<Env> {
  const app = new Hono<Env>();
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  });
  app.onError((err, c) => {
    const status = (err as { status?: number }).status;
    if (err instanceof AuthError) return problem(c, 401, err.code, err.message);
    if (isVigilError(err)) return problem(c, err.code === 'USAGE' ? (/^no /.test(err.message) ? 404 : 400) : err.code.startsWith('NOTIFY') ? 409 : 400, err.code, err.message);
    if (status) return problem(c, status, 'NOT_FOUND', err.message);
    return problem(c, 500, 'INTERNAL', 'internal error');
  });
  app.get('/openapi.json', (c) => c.json(openApi(ROUTES)));
  // The web console: static files bundled with vigil, no outside network.
  app.get('/', (c) => c.body(WEB['index.html'], 200, { 'content-type': 'text/html; charset=utf-8' }));
  app.get('/assets/:file', (c) => {
    const f = c.req.param('file');
    if (!Object.hasOwn(WEB, f) || f === 'index.html') return c.notFound();
    return c.body(WEB[f], 200, { 'content-type': f.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8' });
  });
  // Guessing passwords: after five failures an account is locked for fifteen minutes, whatever is tried.
  const failures = new Map<string, { count: number; since: number }>();
  const LOCK_AFTER = 5;
  const LOCK_MS = 15 * 60_000;
  app.post('/api/login', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { name?: unknown; password?: unknown };
    const name = String(body.name ?? '');
    const f = failures.get(name);
    if (f && Date.now() - f.since > LOCK_MS) failures.delete(name);
    if ((failures.get(name)?.count ?? 0) >= LOCK_AFTER) return problem(c, 429, 'AUTH_LOCKED', 'too many failed sign-ins; try again in 15 minutes');
    let r;
    try {
      r = await login(deps.store, name, String(body.password ?? ''));
    } catch (e) {
      const cur = failures.get(name) ?? { count: 0, since: Date.now() };
      failures.set(name, { count: cur.count + 1, since: cur.since });
      throw e;
    }
    failures.delete(name);
    setCookie(c, COOKIE, r.sessionId, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/', maxAge: 8 * 3600 });
    return c.json({ user: r.user, csrf: r.csrf });
  });
  // Everything else under /api needs a signed-in user.
  app.use('/api/*', async (c, next) => {
    const bearer = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer) {
      const user = await tokenUser(deps.store, bearer);
      if (!user) return problem(c, 401, 'AUTH_TOKEN', 'unknown or revoked API token');
      c.set('user', user);
      c.set('via', 'token');
      return next();
    }
    const sid = getCookie(c, COOKIE);
    const s = sid ? await sessionUser(deps.store, sid) : undefined;
    if (!s) return problem(c, 401, 'AUTH_REQUIRED', 'sign in first');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.header('x-csrf-token') !== s.csrf) return problem(c, 403, 'CSRF', 'missing or wrong CSRF token');
    c.set('user', s.user);
    c.set('via', 'session');
    c.set('csrf', s.csrf);
    return next();
  });
  app.post('/api/logout', async (c) => {
    const sid = getCookie(c, COOKIE);
    if (sid) await logout(deps.store, sid);
    deleteCookie(c, COOKIE, { path: '/' });
    return c.json({ ok: true });
  });
  for (const r of ROUTES) {
    const handler = async (c: Context<Env>) => {
      if (r.permission && !allowed(c.get('user').role, r.permission)) return problem(c, 403, 'FORBIDDEN', `the ${c.get('user').role} role may not ${r.summary}`);
      return r.handler(c, deps);
    };
    if (r.method === 'GET') app.get(r.path, handler);
    else app.post(r.path, handler);
  }
  return app;
}
