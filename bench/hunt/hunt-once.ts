// bench/hunt's `vigil hunt run` in a process of its own, as a user runs it: the CVE-2019-3568 pack,
// the campaign's indicators and the pivot, every detection stored with its evidence in the embedded
// store. Prints its milliseconds, the targets it stored (decrypted) and its queries as JSON.
// Usage: hunt-once.ts DATA_FILE IOC_FILE
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PiiVault } from '../../src/cases/index.ts';
import { runHunt } from '../../src/hunt/index.ts';
import { migrate, openPglite } from '../../src/store/index.ts';

const PACK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../rules/cve-2019-3568');
const [dataFile, iocFile] = process.argv.slice(2);
const store = await openPglite();
await migrate(store);
const vault = new PiiVault(crypto.randomBytes(32));
const t = Date.now();
const summary = await runHunt(store, { caseName: 'bench', rules: [PACK], data: [dataFile], iocs: [iocFile], vault });
const ms = Date.now() - t;
const targets = (await store.query<{ account_enc: string }>('SELECT account_enc FROM victims')).map((r) => vault.decrypt(r.account_enc));
await store.close();
console.log(JSON.stringify({ ms, targets, attackers: summary.attackers, phases: summary.phases, queries: summary.queries.map((q) => ({ name: q.name, ms: q.ms, matches: q.matches })) }));
