// Browser test of the web chat: starts the real `mltrainer serve`, drives
// Debian's Chromium with playwright-core at phone and desktop sizes, asks
// for a model comparison and waits for the trial to finish with a result
// table; checks that HTML typed by the user stays text; reloads the page
// and reopens the conversation from History (messages and cards restored).
//
//   node --test tests/browser/chat.test.mjs
//   MLT_BINARY=build/h-web/src/cli/mltrainer MLT_SCREENSHOT_DIR=/tmp/shots node --test tests/browser/
//
// Env: MLT_BINARY (default build/release/src/cli/mltrainer), MLT_CHROMIUM
// (default /usr/bin/chromium), MLT_SCREENSHOT_DIR (default: a temp folder).
// playwright-core comes from web/node_modules (npm ci in web/).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BINARY = resolve(ROOT, process.env.MLT_BINARY ?? 'build/release/src/cli/mltrainer');
const CHROMIUM = process.env.MLT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = process.env.MLT_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'mlt-shots-'));
const PROMPT =
  'train xgboost and a random forest on the S&P 500 daily data to predict next-day direction and compare them';
const TRIAL_TIMEOUT_MS = 120_000;

const require = createRequire(join(ROOT, 'web', 'package.json'));
const { chromium } = require('playwright-core');

let server;
let work;
let baseUrl;
let browser;

function startServer() {
  return new Promise((resolveUrl, reject) => {
    const proc = spawn(BINARY, ['--data-dir', join(work, 'data'), 'serve', '--host', '127.0.0.1', '--port', '0'], {
      cwd: ROOT, // ./data holds the bundled real datasets, imported on first start
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s\n${out}\n${err}`)), 60_000);
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/mltrainer listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    proc.stderr.on('data', (chunk) => {
      err += chunk;
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening\n${out}\n${err}`));
    });
    server = proc;
  });
}

before(async () => {
  assert.ok(existsSync(BINARY), `no mltrainer binary at ${BINARY}; build it or set MLT_BINARY`);
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}; scripts/install-deps.sh installs Debian's chromium`);
  mkdirSync(SHOTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'mlt-browser-'));
  baseUrl = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

async function openChat(viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(baseUrl + '/');
  await page.getByTestId('goal-banner').filter({ hasNotText: 'loading' }).waitFor();
  return { context, page, problems };
}

async function send(page, text) {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

for (const [name, viewport] of [
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 800 }],
]) {
  test(`chat compares two models with live progress (${name} ${viewport.width}x${viewport.height})`, async () => {
    const { context, page, problems } = await openChat(viewport);
    try {
      await send(page, PROMPT);
      await page.getByTestId('user-message').filter({ hasText: 'random forest' }).waitFor();
      const card = page.getByTestId('action-card').filter({ hasText: 'ml.compare' });
      await card.waitFor({ timeout: 30_000 });
      await assert.doesNotReject(card.getByTestId('decision').filter({ hasText: 'allowed' }).waitFor());
      await card.getByTestId('progress').waitFor();
      await page.screenshot({ path: join(SHOTS, `chat-${name}-running.png`) });
      await card.and(page.locator('[data-state="succeeded"]')).waitFor({ timeout: TRIAL_TIMEOUT_MS });
      const table = card.getByTestId('result-table');
      await table.waitFor({ timeout: 15_000 });
      const rows = await table.locator('tbody tr').allInnerTexts();
      assert.equal(rows.length, 2, `two leaderboard rows, got ${JSON.stringify(rows)}`);
      assert.ok(rows.some((r) => r.includes('xgboost_classifier')), rows.join('\n'));
      assert.ok(rows.some((r) => r.includes('random_forest_100')), rows.join('\n'));
      assert.equal(await card.getByRole('progressbar').getAttribute('aria-valuenow'), '100');
      await page.locator('.typing').waitFor({ state: 'detached' });
      await page.screenshot({ path: join(SHOTS, `chat-${name}.png`) });
      await page.screenshot({ path: join(SHOTS, `chat-${name}-full.png`), fullPage: true });

      // Markup typed by the user is shown as text, never parsed.
      const evil = 'look at this <img src=x onerror=alert(1)> please';
      await send(page, evil);
      const bubble = page.getByTestId('user-message').filter({ hasText: '<img src=x onerror=alert(1)>' });
      await bubble.waitFor();
      await page.locator('.typing').waitFor({ state: 'detached' });
      assert.equal(await page.locator('.app img').count(), 0, 'no <img> element may appear in the chat');
      await page.screenshot({ path: join(SHOTS, `chat-${name}-escaped.png`) });

      // After a reload the conversation is still there: reopen it from History
      // and see the earlier messages and the finished comparison card again.
      await page.reload();
      await page.getByTestId('goal-banner').filter({ hasNotText: 'loading' }).waitFor();
      assert.equal(await page.getByTestId('user-message').count(), 0, 'a reloaded page starts a new chat');
      await page.getByRole('tab', { name: 'History' }).click();
      const stored = page.getByTestId('conversation').filter({ hasText: 'random forest' }).first();
      await stored.waitFor();
      await page.screenshot({ path: join(SHOTS, `history-${name}.png`) });
      await stored.click();
      await page.getByTestId('user-message').filter({ hasText: 'random forest' }).waitFor();
      await page.getByTestId('user-message').filter({ hasText: '<img src=x onerror=alert(1)>' }).waitFor();
      const reopened = page.getByTestId('action-card').filter({ hasText: 'ml.compare' });
      await reopened.and(page.locator('[data-state="succeeded"]')).waitFor();
      const again = await reopened.getByTestId('result-table').locator('tbody tr').allInnerTexts();
      assert.deepEqual(again, rows, 'the reopened card shows the same leaderboard');
      assert.ok((await page.getByTestId('assistant-message').first().innerText()).includes('I will'));
      assert.equal(await page.locator('.app img').count(), 0, 'stored markup stays text when reopened');
      await page.screenshot({ path: join(SHOTS, `reopened-${name}.png`) });
      // A reopened conversation continues: the next answer joins it.
      await send(page, 'list datasets');
      await page.getByTestId('user-message').filter({ hasText: 'list datasets' }).waitFor();
      await page.locator('.typing').waitFor({ state: 'detached' });
      await page.getByRole('tab', { name: 'History' }).click();
      await page.getByTestId('conversation').filter({ hasText: 'random forest' }).first().click();
      await page.getByTestId('user-message').filter({ hasText: 'list datasets' }).waitFor();

      if (name === 'desktop') {
        await page.getByRole('tab', { name: 'Data' }).click();
        await page.getByTestId('data-panel').getByText('sp500_daily', { exact: true }).waitFor();
        await page.screenshot({ path: join(SHOTS, `data-${name}.png`) });
      }
      assert.deepEqual(problems, [], 'no console errors, page errors or dialogs');
    } finally {
      await context.close();
    }
  });
}
