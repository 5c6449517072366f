// The web console in Debian's Chromium (playwright-core, headless): sign in, the overview (a
// screenshot is saved to test-output/), filter victims, open a victim, approve a plan as a second
// user; a roster name built as an XSS attack renders as inert text; a viewer gets no victims page.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { annotateVictims, storeDeviceCheck } from '../../src/cases/index.ts';
import { backupSource, MODULES, runDeviceCheck } from '../../src/device/index.ts';
import { buildBackup } from '../../src/device/synthetic/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { addUser, createApi } from '../../src/console/index.ts';
import { runHunt } from '../../src/hunt/index.ts';
import { createPlan } from '../../src/notify/index.ts';
import type { Store } from '../../src/store/index.ts';
import { generateTelemetry } from '../../src/telemetry/index.ts';
import { drivers, testVault } from '../helpers/stores.ts';
import { ROOT, tempDir, writeTemp } from '../helpers/fixtures.ts';

const PW = 'a long enough password';
const XSS = '<img src=x onerror="window.__xss=1">';
const OUT = path.join(ROOT, 'test-output');

describe('web console in Chromium', () => {
  let store: Store;
  let server: ReturnType<typeof serve>;
  let browser: Browser;
  let base = '';
  let planId = 0;

  before(async () => {
    store = await drivers[0].open();
    const vault = await testVault(store);
    const data = tempDir();
    const gen = await generateTelemetry({ out: data, events: 30_000, seed: 12, format: 'parquet', targets: 40, attackers: 4 });
    await runHunt(store, { caseName: 'demo', rules: [path.join(ROOT, 'rules/cve-2019-3568')], data: [gen.dataFile], iocs: [gen.iocFile], vault });
    const [first, second] = gen.truth.targets;
    await annotateVictims(store, vault, 'demo', writeTemp(tempDir(), 'r.csv', `number,sector,name,organisation\n${first},journalist,"${XSS.replace(/"/g, '""')}",Free Press\n${second},government,Official Two,Ministry\n`));
    for (const [n, r] of [['ana', 'analyst'], ['nina', 'notifier'], ['noor', 'notifier'], ['vic', 'viewer']]) await addUser(store, n, r, PW);
    planId = (await createPlan(store, 'demo', ['inapp'], 'nina')).planId;
    const check = await runDeviceCheck(backupSource(buildBackup(tempDir())), MODULES, new MatchIndex(recordsFromFiles([path.join(ROOT, 'data/iocs/amnesty-pegasus-2021/pegasus.stix2')]).records));
    await storeDeviceCheck(store, vault, 'demo', `phone of ${XSS}`, check);
    const app = createApi({ store, vault });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => server.close(r));
    await store.close();
  });

  async function signIn(name: string): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    page.on('dialog', () => assert.fail('a dialog opened: injected script ran'));
    await page.goto(base);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Password').fill(PW);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Campaign demo' }).waitFor();
    return page;
  }

  it('signs an analyst in to the overview, and saves a screenshot of it', async () => {
    const page = await signIn('ana');
    await page.getByText('victims', { exact: true }).first().waitFor();
    assert.equal(await page.locator('.card .n').first().textContent(), '40');
    const mx = page.getByRole('img', { name: /^MX: \d+ victims$/ });
    assert.ok(await mx.isVisible());
    // Styles set under the Content-Security-Policy really apply: the tile sits where Mexico is, shaded.
    assert.deepEqual(await mx.evaluate((e) => [getComputedStyle(e).gridColumnStart, getComputedStyle(e).backgroundColor !== 'rgb(242, 242, 242)']), ['3', true]);
    await page.getByRole('heading', { name: 'Rules that fired' }).waitFor();
    assert.ok((await page.locator('.bars').first().locator('div').count()) >= 10, 'attempts over the campaign days');
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'console-overview.png'), fullPage: true });
    assert.ok(fs.statSync(path.join(OUT, 'console-overview.png')).size > 10_000);
    await page.context().close();
  });

  it('filters victims, opens one, and shows a hostile roster name as text', async () => {
    const page = await signIn('ana');
    await page.getByRole('link', { name: 'Victims' }).click();
    await page.getByText('40 of 40 victims').waitFor();
    await page.getByLabel('Sector').selectOption('journalist');
    await page.getByText('1 of 40 victims').waitFor();
    // The name is on the page literally, and nothing it tried to run ran.
    assert.ok(await page.getByText(XSS, { exact: true }).isVisible());
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.equal(await page.locator('img').count(), 0);
    await page.getByLabel('Sector').selectOption('');
    await page.getByLabel('Search').fill('Official Two');
    await page.getByText('1 of 40 victims').waitFor();
    await page.locator('tbody a').first().click();
    await page.getByRole('heading', { name: 'Evidence: calls from attacker accounts' }).waitFor();
    assert.ok((await page.locator('tbody tr').count()) >= 1);
    await page.getByText('Official Two, Ministry').waitFor();
    await page.getByRole('heading', { name: 'Rules that fired on these calls' }).waitFor();
    await page.getByRole('heading', { name: 'Attacker accounts and the indicators that named them' }).waitFor();
    assert.ok((await page.getByText(/exploit signature|indicator/).count()) > 0);
    await page.context().close();
  });

  it('shows an analyst the phones checked for the case, findings first, labels as text', async () => {
    const page = await signIn('ana');
    await page.getByRole('link', { name: 'Phones' }).click();
    await page.getByRole('heading', { name: `phone of ${XSS} (backup`, exact: false }).waitFor();
    await page.getByText(/\d+ critical/).waitFor();
    assert.equal(await page.locator('tbody tr').first().locator('td').first().textContent(), 'CRITICAL');
    assert.ok((await page.getByRole('cell', { name: 'sms', exact: true }).count()) >= 1);
    assert.ok(await page.getByText(/weather4free\.com/).first().isVisible());
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    await page.context().close();
  });

  it('lets a second notifier approve a plan the first one made, and not the first', async () => {
    const nina = await signIn('nina');
    await nina.getByRole('link', { name: 'Warnings' }).click();
    await nina.getByText('awaiting a second person').waitFor();
    assert.equal(await nina.getByRole('button', { name: `Approve plan ${planId}` }).count(), 0);
    await nina.context().close();
    const noor = await signIn('noor');
    await noor.getByRole('link', { name: 'Warnings' }).click();
    await noor.getByRole('button', { name: `Approve plan ${planId}` }).click();
    await noor.getByRole('cell', { name: 'noor', exact: true }).waitFor();
    await noor.context().close();
  });

  it('gives a viewer counts and charts, no victims', async () => {
    const page = await signIn('vic');
    assert.equal(await page.getByRole('link', { name: 'Victims' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Phones' }).count(), 0);
    await page.goto(`${base}/#/victims/demo`);
    await page.getByText('Something went wrong').waitFor();
    assert.ok(!(await page.content()).includes('Free Press'));
    await page.context().close();
  });
});
