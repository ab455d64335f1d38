// What every browser test checks on a page: axe-core's WCAG 2.2 A and AA rules, and that it
// fits the window (reflow). Not a test file itself (node --test runs *.test.mjs).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

// The markup checks below (axe-core, reflow) run on the SQLite runs. The PostgreSQL runs
// (CF_TEST_BACKEND=postgresql) check the same flows over the other store: every click, form,
// message and what reaches the store. The pages' markup comes from the same templates on both
// backends, and axe alone is a fifth of a suite's time in Chromium (measured), which CI's
// 30 minutes cannot hold twice.
const markupChecks = process.env.CF_TEST_BACKEND !== 'postgresql';

// Pages axe has passed in this suite: the window's size and the markup, less the values of
// hidden inputs (a form's CSRF token differs on every load and is not shown). The same markup
// in the same window is the same page to axe, so it is checked once: a suite signs in dozens
// of times, and a third of its axe runs were of pages it had checked already (measured).
const passed = new Set();

// axe-core on the page with every WCAG 2.2 A and AA rule: no violations of any impact.
export async function assertAccessible(page, what) {
  if (!markupChecks) return;
  const markup = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true);
    copy.querySelectorAll('input[type=hidden]').forEach((input) => input.removeAttribute('value'));
    return `${window.innerWidth}x${window.innerHeight} ${copy.outerHTML}`;
  });
  const key = createHash('sha256').update(markup).digest('hex');
  if (passed.has(key)) return;
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  // Only the violations are wanted: axe then skips describing every node that passed.
  const results = await page.evaluate(async () => await window.axe.run({
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    resultTypes: ['violations'],
  }));
  assert.deepEqual(results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes[0].target}`), [],
    `${what} has accessibility violations`);
  passed.add(key);
}

// Nothing on the page is wider than the window (WCAG 1.4.10 reflow).
export async function assertFits(page, what) {
  if (!markupChecks) return;
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}`)
      .slice(0, 5);
  });
  assert.deepEqual(wide, [], `${what}: elements wider than the window`);
}

// Debian's Chromium, headless, with nothing of its own going to the network: its headless shell
// (Debian's chromium-headless-shell, the same Blink and V8 without the desktop browser around
// them), which playwright-core drives for headless runs too. Measured on the same pages and axe
// runs: a third of the full browser's CPU, which spent it keeping up a desktop window that
// headless never shows (docs/adr/0006-chromium-headless-shell.md).
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium-headless-shell',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// A free loopback port, the kernel's choice.
export function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
  });
}

// `citizenfocus --db DB serve` on the port, once /healthz answers; the caller kills it.
export async function startServer(bin, db, port, extra = []) {
  const server = spawn(bin, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, ...extra], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return server;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  server.kill('SIGTERM');
  throw new Error(`the server on port ${port} did not start`);
}

// The store a suite works on. On SQLite (the default) the file store.db in the suite's folder,
// read back with the sqlite3 shell. With CF_TEST_BACKEND=postgresql (tests/CMakeLists.txt runs
// each suite a second time so) a schema of its own on the server CF_TEST_POSTGRESQL names,
// read back with psql: the same pages and flows over the other backend.
//   db: the --db value; query(sql): spawnSync's result, rows on stdout as `a|b`. The schema
// stays with the throwaway cluster scripts/test removes.
export function testStore(dir) {
  if (process.env.CF_TEST_BACKEND !== 'postgresql') {
    const path = join(dir, 'store.db');
    return { db: path, query: (sql) => spawnSync('sqlite3', [path, sql], { encoding: 'utf8' }) };
  }
  const server = process.env.CF_TEST_POSTGRESQL;
  // ctest's SKIP_REGULAR_EXPRESSION matches this message: no server named, nothing to run on.
  if (!server) throw new Error('CF_TEST_BACKEND=postgresql without CF_TEST_POSTGRESQL (scripts/test sets it)');
  const psql = (url, sql) => spawnSync('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8' });
  const schema = `b${process.pid}_${basename(dir).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  const made = psql(server, `DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  assert.equal(made.status, 0, `could not make the schema ${schema}: ${made.stderr}`);
  const db = `${server}${server.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}&application_name=${schema}`;
  return { db, query: (sql) => psql(db, sql) };
}
