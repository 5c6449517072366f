// Starts a throwaway PostgreSQL cluster (Debian's server binaries) on a free loopback port for a
// test file, or uses VIGIL_TEST_PG_URL when given. Root cannot run postgres, so as root the
// cluster belongs to the `postgres` user.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PgServer {
  url: string;
  /** A fresh database on the server, for one test's isolation. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

function binDir(): string {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: install the Debian package postgresql (.ci/run does)');
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin/postgres'))).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL server binary in /usr/lib/postgresql/*/bin');
  return path.join(base, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function asPostgresUser(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

class PortTaken extends Error {}

/**
 * Waits until our server answers. The port was free when picked but another test file may have
 * taken it since: the server answering must be ours (its data folder), or ours cannot bind.
 */
async function waitReady(url: string, data: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw /could not bind|could not create any TCP\/IP sockets/i.test(log()) ? new PortTaken() : new Error(`postgres exited early: ${log()}`);
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      const dir = (await c.query<{ data_directory: string }>('SHOW data_directory')).rows[0].data_directory;
      await c.end();
      if (dir !== data) throw new PortTaken();
      return;
    } catch (e) {
      await c.end().catch(() => {});
      if (e instanceof PortTaken) throw e;
      if (Date.now() > deadline) throw new Error(`postgres did not become ready: ${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function adminUrl(port: number, db = 'postgres'): string {
  return `postgres://postgres@127.0.0.1:${port}/${db}`;
}

export async function startPostgres(): Promise<PgServer> {
  const given = process.env.VIGIL_TEST_PG_URL;
  if (given) {
    return {
      url: given,
      async createDatabase(name) {
        const c = new pg.Client({ connectionString: given });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name}`);
        await c.query(`CREATE DATABASE ${name}`);
        await c.end();
        const u = new URL(given);
        u.pathname = `/${name}`;
        return u.toString();
      },
      async stop() {},
    };
  }
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-pg-'));
  if (process.getuid?.() === 0) {
    fs.chmodSync(dir, 0o755);
    execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  }
  const data = path.join(dir, 'data');
  const [initCmd, initArgs] = asPostgresUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });
  let port = 0;
  let child: ChildProcess | undefined;
  let output = '';
  for (let attempt = 1; !child; attempt++) {
    port = await freePort();
    const [cmd, args] = asPostgresUser(path.join(bin, 'postgres'), [
      '-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1',
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
    ]);
    const started = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    output = '';
    started.stdout!.on('data', (d) => (output += d));
    started.stderr!.on('data', (d) => (output += d));
    try {
      await waitReady(adminUrl(port), data, started, () => output.slice(-2000));
      child = started;
    } catch (e) {
      if (!(e instanceof PortTaken) || attempt >= 5) throw e;
      // Ours lost the race for the port: it cannot bind, exits, and starts again on another.
      if (started.exitCode === null) {
        const exited = new Promise((r) => started.once('exit', r));
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
        if (started.exitCode === null) throw new Error(`postgres on a taken port did not exit: ${output.slice(-2000)}`);
      }
    }
  }
  const server = child;
  return {
    url: adminUrl(port),
    async createDatabase(name) {
      const c = new pg.Client({ connectionString: adminUrl(port) });
      await c.connect();
      await c.query(`CREATE DATABASE ${name}`);
      await c.end();
      return adminUrl(port, name);
    },
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        // runuser does not pass SIGINT on to postgres; pg_ctl stops the server itself.
        const [stopCmd, stopArgs] = asPostgresUser(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
        try {
          execFileSync(stopCmd, stopArgs, { stdio: 'pipe' });
        } catch {
          server.kill('SIGKILL');
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
