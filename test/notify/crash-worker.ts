// Child process of the crash test: one dispatcher over a PostgreSQL store, sending a plan to the
// test's HTTP sink. The test kills it with SIGKILL at random moments and starts it again.
import { PiiVault, parseKey } from '../../src/cases/index.ts';
import { dispatch, webhookChannel } from '../../src/notify/index.ts';
import { openPostgres } from '../../src/store/index.ts';

const store = await openPostgres(process.env.CRASH_DB_URL!);
const vault = new PiiVault(parseKey(process.env.CRASH_KEY!, 'CRASH_KEY'));
const channels = {
  inapp: webhookChannel('inapp', { url: process.env.CRASH_SINK!, secret: process.env.CRASH_SECRET! }),
  sms: webhookChannel('sms', { url: process.env.CRASH_SINK!, secret: process.env.CRASH_SECRET! }),
};
const r = await dispatch(store, { planId: Number(process.env.CRASH_PLAN), channels, vault, caseName: 'crash', batch: 50, concurrency: 16, leaseMs: 1500, rate: Number(process.env.CRASH_RATE) || undefined });
await store.close();
process.stdout.write(JSON.stringify(r) + '\n');
