// Accounts, sessions and API tokens. Passwords are hashed with scrypt (salted, parameters kept with
// the hash); session ids and API tokens are random and stored only as SHA-256 hashes.
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { UsageError, VigilError } from '../core/index.ts';
import { pgText, type Queryable } from '../store/index.ts';
import { ROLES, type Role } from './roles.ts';

export class AuthError extends VigilError {}

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
const N = 16384;
const R = 8;
const P = 1;
const SESSION_HOURS = 8;

export async function hashPassword(password: string): Promise<string> {
  if (password.length < 12) throw new UsageError('a password needs at least 12 characters');
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, 32, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return crypto.timingSafeEqual(got, expected);
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export interface User {
  id: number;
  name: string;
  role: Role;
}

export async function addUser(q: Queryable, name: string, role: string, password: string): Promise<User> {
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`unknown role '${role}'`, { hint: `one of ${ROLES.join(', ')}` });
  if (!/^[A-Za-z0-9._-]{2,64}$/.test(name)) throw new UsageError('a user name is 2–64 letters, digits, dots, dashes or underscores');
  const existing = await q.query('SELECT 1 FROM users WHERE name = $1', [name]);
  if (existing.length > 0) throw new UsageError(`user '${name}' exists`);
  const rows = await q.query<User>('INSERT INTO users (name, role, password_hash) VALUES ($1, $2, $3) RETURNING id::int AS id, name, role', [name, role, await hashPassword(password)]);
  return rows[0];
}

export async function login(q: Queryable, name: string, password: string): Promise<{ user: User; sessionId: string; csrf: string }> {
  const rows = await q.query<User & { password_hash: string; disabled: boolean }>('SELECT id::int AS id, name, role, password_hash, disabled FROM users WHERE name = $1', [pgText(name)]);
  const u = rows[0];
  // The same work and the same answer whether the user exists or not.
  const ok = u ? await verifyPassword(password, u.password_hash) : (await hashPassword('x'.repeat(12)), false);
  if (!u || !ok || u.disabled) throw new AuthError('AUTH_FAILED', 'wrong name or password');
  const sessionId = crypto.randomBytes(32).toString('base64url');
  const csrf = crypto.randomBytes(24).toString('base64url');
  await q.query(`INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + interval '${SESSION_HOURS} hours')`, [sha256(sessionId), u.id, csrf]);
  return { user: { id: u.id, name: u.name, role: u.role }, sessionId, csrf };
}

export async function sessionUser(q: Queryable, sessionId: string): Promise<{ user: User; csrf: string } | undefined> {
  const rows = await q.query<User & { csrf_token: string }>(
    `SELECT u.id::int AS id, u.name, u.role, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [sha256(sessionId)],
  );
  return rows[0] && { user: { id: rows[0].id, name: rows[0].name, role: rows[0].role }, csrf: rows[0].csrf_token };
}

export async function logout(q: Queryable, sessionId: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE id_hash = $1', [sha256(sessionId)]);
}

/** Makes an API token for a user; the token is returned once and stored only hashed. */
export async function addToken(q: Queryable, userName: string, tokenName: string): Promise<string> {
  const u = (await q.query<{ id: number }>('SELECT id::int AS id FROM users WHERE name = $1', [userName]))[0];
  if (!u) throw new UsageError(`no user '${userName}'`);
  const token = `vigil_${crypto.randomBytes(32).toString('base64url')}`;
  await q.query('INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3)', [u.id, pgText(tokenName), sha256(token)]);
  return token;
}

export async function tokenUser(q: Queryable, token: string): Promise<User | undefined> {
  const rows = await q.query<User>(
    `UPDATE api_tokens t SET last_used_at = now() FROM users u
     WHERE t.token_hash = $1 AND NOT t.revoked AND u.id = t.user_id AND NOT u.disabled
     RETURNING u.id::int AS id, u.name, u.role`,
    [sha256(token)],
  );
  return rows[0];
}
