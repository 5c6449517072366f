// `vigil console …`: serve the HTTP API, add users, make API tokens.
import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import { openVault } from '../../cases/index.ts';
import { addToken, addUser, createApi, ROLES } from '../../console/index.ts';
import { loadConfig, UsageError } from '../../core/index.ts';
import { openStore, withStore } from '../../store/index.ts';
import { wholeNumber } from '../args.ts';
import { println } from '../output.ts';

export function registerConsole(program: Command): void {
  const c = program.command('console').description('the investigators\' console: HTTP API, users, tokens');

  c.command('serve')
    .description('serve the JSON API (and /openapi.json) until interrupted')
    .option('--port <n>', 'port', '8470')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .action(async (o) => {
      const store = await openStore();
      const vault = await openVault(store, loadConfig());
      const app = createApi({ store, vault });
      const port = wholeNumber(o.port, '--port', 1);
      const server = serve({ fetch: app.fetch, port, hostname: o.host });
      println(`vigil console API on http://${o.host}:${port}/ (OpenAPI at /openapi.json); Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        const stop = () => server.close(() => resolve());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await store.close();
    });

  const user = c.command('user').description('console accounts');
  user
    .command('add')
    .description(`add a user with a role (${ROLES.join(', ')}); the password comes from an environment variable`)
    .argument('<name>', 'user name')
    .requiredOption('--role <role>', ROLES.join('|'))
    .requiredOption('--password-env <var>', 'environment variable holding the password (at least 12 characters)')
    .action(async (name: string, o) => {
      const password = process.env[o.passwordEnv];
      if (!password) throw new UsageError(`${o.passwordEnv} is not set`, { hint: 'put the password in that variable; it is never read from the command line' });
      const u = await withStore((s) => addUser(s, name, o.role, password));
      println(`user ${u.name} (${u.role}) added`);
    });

  const token = c.command('token').description('API tokens for scripts');
  token
    .command('add')
    .description('make an API token for a user; it is shown once and stored only hashed')
    .requiredOption('--user <name>', 'user the token acts as')
    .requiredOption('--name <label>', 'what the token is for')
    .action(async (o) => {
      const t = await withStore((s) => addToken(s, o.user, o.name));
      println(t);
    });
}
