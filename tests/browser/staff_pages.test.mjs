// Browser tests of the staff pages in a real headless Chromium (Debian's chromium, driven
// by playwright-core), with axe-core checking every page for serious or critical WCAG
// violations. Run by ctest: node --test tests/browser/ with CF_BINARY and CF_TESTS_DIR set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { assertAccessible, assertFits, launchBrowser, testStore } from './support.mjs';

const bin = process.env.CF_BINARY;
const testsDir = process.env.CF_TESTS_DIR;
const dir = mkdtempSync(join(tmpdir(), 'cf-browser-'));
const store = testStore(dir);
const db = store.db;
const port = await new Promise((resolve) => {  // a free loopback port, the kernel's choice
  const probe = createServer().listen(0, '127.0.0.1', () => { const { port: p } = probe.address(); probe.close(() => resolve(p)); });
});
const base = `http://localhost:${port}`;
const password = 'a long browser test password';
let server;
let browser;
// Style sheets, fonts and images a page asked for that did not come (issue 13: GOV.UK
// Frontend's fonts once answered 404 on every page).
const missingFiles = [];

function cli(args, input) {
  const r = spawnSync(bin, ['--db', db, ...args], { input, encoding: 'utf8' });
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

before(async () => {
  cli(['import', join(testsDir, 'examples', 'cases.jsonl')]);
  // A case whose victim has not been told of a charge: closing it must be stopped.
  writeFileSync(join(dir, 'gate.jsonl'), [
    { id: 'g1', type: 'crime.recorded', crime: 'G/1/24', at: '2024-12-02T10:00:00Z', crime_type: 'Robbery', unit: 'N1', officer: 'PC101', flags: [] },
    { id: 'g2', type: 'person.added', crime: 'G/1/24', at: '2024-12-02T10:00:00Z', person: 'V1', role: 'victim', name: { title: 'Mr', given: 'Sam', family: 'Okoro' } },
    { id: 'g3', type: 'suspect.charged', crime: 'G/1/24', at: '2024-12-06T10:00:00Z', suspect: 'S1' },
  ].map((e) => JSON.stringify(e)).join('\n') + '\n');
  cli(['import', join(dir, 'gate.jsonl')]);
  // A case of PC102's for recording events and calls.
  writeFileSync(join(dir, 'bail.jsonl'), [
    { id: 'bail-1', type: 'crime.recorded', crime: 'B/1/24', at: '2024-12-02T10:00:00Z', crime_type: 'Burglary', unit: 'N1', officer: 'PC102' },
    { id: 'bail-2', type: 'person.added', crime: 'B/1/24', at: '2024-12-02T10:00:00Z', person: 'V1', role: 'victim', name: { title: 'Ms', given: 'Lena', family: 'Nowak' }, contact: { email: 'lena.nowak@example.org', address: '4 Ash Grove, Leeds', postcode: 'LS2 2BB' } },
  ].map((e) => JSON.stringify(e)).join('\n') + '\n');
  cli(['import', join(dir, 'bail.jsonl')]);
  // Enough of PC102's cases that the unit's queue runs to two pages, and a case of PC101's
  // closed before the victim was told there would be no charge.
  const many = [];
  for (let n = 1; n <= 60; n++) {
    const crime = `M/${n}/24`;
    many.push({ id: `m${n}-1`, type: 'crime.recorded', crime, at: '2024-12-02T10:00:00Z', crime_type: n % 2 ? 'Burglary' : 'Criminal damage', unit: 'N1', officer: 'PC102' });
    many.push({ id: `m${n}-2`, type: 'person.added', crime, at: '2024-12-02T10:00:00Z', person: 'V1', role: 'victim', name: { given: 'Alex', family: `Moss${n}` } });
  }
  many.push({ id: 'x1', type: 'crime.recorded', crime: 'X/1/24', at: '2024-12-02T10:00:00Z', crime_type: 'Burglary', unit: 'N1', officer: 'PC101' });
  many.push({ id: 'x2', type: 'person.added', crime: 'X/1/24', at: '2024-12-02T10:00:00Z', person: 'V1', role: 'victim', name: { given: 'Rosa', family: 'Quinn' } });
  many.push({ id: 'x3', type: 'decision.no_charge', crime: 'X/1/24', at: '2024-12-05T10:00:00Z', vrr_eligible: true });
  many.push({ id: 'x4', type: 'case.closed', crime: 'X/1/24', at: '2024-12-06T10:00:00Z', outcome: 'evidential_difficulties', reason: 'no prospect' });
  // Two victims of one name, told apart by postcode and date of birth.
  for (const [n, postcode, born] of [[1, 'LL55 4TY', '1985-03-12'], [2, 'M1 1AE', '1990-07-01']]) {
    const crime = `O/${n}/24`;
    many.push({ id: `o${n}-1`, type: 'crime.recorded', crime, at: '2024-12-02T10:00:00Z', crime_type: 'Burglary', unit: 'N1', officer: 'PC102' });
    many.push({ id: `o${n}-2`, type: 'person.added', crime, at: '2024-12-02T10:00:00Z', person: 'V1', role: 'victim', date_of_birth: born, name: { given: 'Grace', family: 'Okafor' }, contact: { postcode } });
  }
  // One victim on two crimes (issue 17): suggested as a repeat victim for a sergeant to decide.
  for (const [n, at] of [[1, '2024-10-01T10:00:00Z'], [2, '2024-12-02T10:00:00Z']]) {
    const crime = `R/${n}/24`;
    many.push({ id: `r${n}-1`, type: 'crime.recorded', crime, at, crime_type: 'Burglary', unit: 'N1', officer: 'PC102' });
    many.push({ id: `r${n}-2`, type: 'person.added', crime, at, person: 'V1', role: 'victim', date_of_birth: '1979-05-04', name: { given: 'Kemi', family: 'Adeyemi' }, contact: { phone_mobile: '07700 900321' } });
  }
  // A charged case whose victim was told (issue 17): only the needs assessment stands between
  // it and closing as charged.
  many.push({ id: 'na1', type: 'crime.recorded', crime: 'NA/1/24', at: '2024-12-02T10:00:00Z', crime_type: 'Robbery', unit: 'N1', officer: 'PC102' });
  many.push({ id: 'na2', type: 'person.added', crime: 'NA/1/24', at: '2024-12-02T10:00:00Z', person: 'V1', role: 'victim', name: { given: 'Tomasz', family: 'Nowicki' } });
  many.push({ id: 'na3', type: 'suspect.charged', crime: 'NA/1/24', at: '2024-12-03T10:00:00Z', suspect: 'S1', charges: 'robbery' });
  many.push({ id: 'na4', type: 'contact.made', crime: 'NA/1/24', at: '2024-12-03T12:00:00Z', person: 'V1', channel: 'phone', outcome: 'spoke' });
  // A charged case for the Witness Care Unit (issue 17, item 6): the witness has no needs
  // assessment, so only a sergeant may hand it over.
  many.push({ id: 'wc1', type: 'crime.recorded', crime: 'WC/1/24', at: '2024-12-02T10:00:00Z', crime_type: 'Robbery', unit: 'N1', officer: 'PC102' });
  many.push({ id: 'wc2', type: 'person.added', crime: 'WC/1/24', at: '2024-12-02T10:00:00Z', person: 'V1', role: 'victim', name: { given: 'Nia', family: 'Parry' } });
  many.push({ id: 'wc3', type: 'suspect.charged', crime: 'WC/1/24', at: '2024-12-03T10:00:00Z', suspect: 'S-HIDDEN-4', charges: 'robbery' });
  writeFileSync(join(dir, 'many.jsonl'), many.map((e) => JSON.stringify(e)).join('\n') + '\n');
  cli(['import', join(dir, 'many.jsonl')]);
  assert.match(cli(['repeat-victims', '--store']), /^1 suggested matches stored/);
  cli(['user', 'add', '--name', 'ann', '--role', 'officer', '--unit', 'N1', '--officer', 'PC101'], password + '\n');
  cli(['user', 'add', '--name', 'sam', '--role', 'supervisor', '--unit', 'N1', '--officer', 'SGT1'], password + '\n');
  cli(['user', 'add', '--name', 'bob', '--role', 'officer', '--unit', 'N1', '--officer', 'PC102'], password + '\n');
  cli(['user', 'add', '--name', 'bea', '--role', 'bureau', '--unit', 'HQ'], password + '\n');
  cli(['user', 'add', '--name', 'ada', '--role', 'admin', '--unit', 'HQ'], password + '\n');
  cli(['user', 'add', '--name', 'ana', '--role', 'analyst', '--unit', 'HQ'], password + '\n');
  cli(['user', 'add', '--name', 'wen', '--role', 'wcu', '--unit', 'WCU1'], password + '\n');
  const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
  cli(['leave', 'add', '--officer', 'PC101', '--from', day(-1), '--to', day(40), '--reason', 'annual leave', '--cover', 'PC102']);
  server = spawn(bin, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  browser = await launchBrowser();
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...options) => {
    const page = await newPage(...options);
    const subresource = (request) => ['stylesheet', 'font', 'image', 'script'].includes(request.resourceType());
    page.on('response', (r) => {
      if (subresource(r.request()) && r.status() >= 400) missingFiles.push(`${r.status()} ${r.url()}`);
    });
    // A file the browser stopped asking for (the page went on to the next before it came,
    // net::ERR_ABORTED) is not missing: a missing one answers 404, above.
    page.on('requestfailed', (r) => {
      if (subresource(r) && r.failure()?.errorText !== 'net::ERR_ABORTED') {
        missingFiles.push(`failed ${r.url()} (${r.failure()?.errorText}) on ${page.url()}`);
      }
    });
    return page;
  };
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(page, name = 'ann') {
  await page.goto(`${base}/login`);
  await assertAccessible(page, 'the sign-in page');
  await page.fill('#name', name);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
}

test('an officer signs in, finds an overdue duty, records a contact and sees it met', async () => {
  const page = await browser.newPage({ bypassCSP: true });  // axe-core is injected as a script
  await signIn(page);
  assert.equal(await page.textContent('h1'), 'My victims and witnesses');
  await assertAccessible(page, 'the work queue');
  const overdue = page.locator('tr', { hasText: 'EX/1/24' }).filter({ hasText: 'Overdue' }).first();
  assert.ok(await overdue.count() > 0, 'an overdue duty on EX/1/24 is listed');
  await overdue.locator('a[href="/cases/EX%2F1%2F24"]').click();
  assert.match(await page.textContent('h1'), /Crime EX\/1\/24/);
  await assertAccessible(page, 'the case page');
  const metBefore = await page.locator('strong.govuk-tag', { hasText: /^Met$/ }).count();
  await page.selectOption('#person', 'V1');
  await page.selectOption('#channel', 'phone');
  await page.selectOption('#outcome', 'spoke');
  await page.fill('#summary', 'Updated Mrs Patel on the investigation');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/contacts/check"] button')]);
  assert.equal(await page.textContent('h1'), 'Check the contact before you record it');
  assert.match(await page.textContent('main'), /What it will meet/);
  await assertAccessible(page, 'the contact check page');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Record contact")')]);
  assert.match(await page.textContent('.govuk-notification-banner'), /Contact recorded/);
  const metAfter = await page.locator('strong.govuk-tag', { hasText: /^Met$/ }).count();
  assert.ok(metAfter > metBefore, `a duty turned met (${metBefore} -> ${metAfter})`);
  await page.close();
});

test('closing a case before the victim is told is stopped', async () => {
  const page = await browser.newPage({ bypassCSP: true });  // axe-core is injected as a script
  await signIn(page);
  await page.goto(`${base}/cases/G%2F1%2F24`);
  await page.selectOption('#outcome-close', 'charged');
  await page.fill('#reason', 'charged, awaiting court');
  await page.click('text=Close case');
  const summary = await page.textContent('.govuk-error-summary');
  assert.match(summary, /Mr Sam Okoro \(victim\) has not been told about the charge \(due \d+ Dec 2024\)/);
  assert.match(summary, /A supervisor can close it/);
  await assertAccessible(page, 'the case page with the closure error');
  await page.close();
});

test('a case is found by the victim\'s name', async () => {
  const page = await browser.newPage({ bypassCSP: true });  // axe-core is injected as a script
  await signIn(page);
  await page.click('text=Find a case');
  await assertAccessible(page, 'the search page');
  await page.fill('#q', 'Patel');
  await page.click('button:has-text("Search")');
  await assertAccessible(page, 'the search results');
  await page.click('a:has-text("EX/1/24")');
  assert.match(await page.textContent('h1'), /Crime EX\/1\/24/);
  await page.close();
});

test('a call-back for an officer on leave lands with the cover officer, and the bureau is told who', async () => {
  for (const width of [390, 1280]) {
    const bureau = await browser.newPage({ bypassCSP: true, viewport: { width, height: 900 } });
    await signIn(bureau, 'bea');
    await bureau.goto(`${base}/cases/G%2F1%2F24`);  // PC101's, who is on leave with PC102 covering
    await bureau.fill('#call-request', `Asked at ${width} px whether the suspect is still on bail`);
    await bureau.check('#answered-no');
    await bureau.click('button:has-text("Record the call")');
    assert.match(await bureau.textContent('.govuk-notification-banner'),
      /bob \(PC102\) will call back \(ann \(PC101\) is on leave until .*; bob \(PC102\) is covering\)/);
    assert.match(await bureau.locator('table', { hasText: 'Calls back' }).textContent(), /bob \(PC102\)/);
    await assertAccessible(bureau, `the case page with a call-back for the cover at ${width} px`);
    await assertFits(bureau, `the case page with a call-back for the cover at ${width} px`);
    await bureau.close();
  }
  const cover = await browser.newPage({ bypassCSP: true });
  await signIn(cover, 'bob');
  assert.match(await cover.locator('table', { hasText: 'Call-back requests' }).textContent(), /Asked at 390 px/);
  await cover.close();
  const away = await browser.newPage({ bypassCSP: true });
  await signIn(away, 'ann');
  assert.doesNotMatch(await away.textContent('main'), /Asked at 390 px/, 'not the officer on leave');
  await away.close();
});

test('a sergeant reassigns a case from an officer on leave', async () => {
  const page = await browser.newPage({ bypassCSP: true });  // axe-core is injected as a script
  await signIn(page, 'sam');
  assert.equal(await page.textContent('h1'), "My team's outstanding actions");
  await assertAccessible(page, 'the team page');
  const away = page.locator('tr', { hasText: 'PC101' }).filter({ hasText: 'On leave' });
  assert.equal(await away.count(), 1, 'PC101 is shown as on leave');
  await away.locator('a').click();
  assert.equal(await page.textContent('h1'), 'ann (PC101): outstanding actions');
  await page.locator('a', { hasText: 'G/1/24' }).first().click();
  // Chosen from the unit's officers, by name: nobody can be typed in who does not exist.
  assert.deepEqual((await page.locator('#officer option').allTextContents()).sort(),
    ['Choose an officer', 'bob (PC102)', 'sam (SGT1)']);
  await page.selectOption('#officer', 'PC102');
  await page.click('button:has-text("Reassign")');
  assert.match(await page.textContent('.govuk-notification-banner'), /Case reassigned/);
  assert.match(await page.textContent('.govuk-caption-l'), /officer in case bob \(PC102\)/);
  await assertAccessible(page, 'the case page after reassignment');
  await page.close();
});

test('a sergeant pages through the whole queue, filters it, and reviews what was missed before closure', async () => {
  const page = await browser.newPage({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  await signIn(page, 'sam');
  const first = await page.textContent('#queue-count');
  const total = Number(/ of (\d+) /.exec(first)[1]);
  assert.ok(total > 50, `two pages at least: ${first}`);
  assert.match(first, /^Showing 1 to 50 of/);
  await assertFits(page, 'the team queue at 390 px');
  await assertAccessible(page, 'the team queue at 390 px');
  // To the last page, where the last action is.
  await page.locator('.govuk-pagination__item a').last().click();
  assert.match(await page.textContent('#queue-count'), new RegExp(`to ${total} of ${total} actions`));
  assert.equal(await page.locator('.govuk-pagination__prev a').count(), 1);
  await assertAccessible(page, 'the last page of the queue');
  // Filtered to what is overdue; the filter stays in the address, for a bookmark.
  await page.selectOption('#f-rag', 'red');
  await page.selectOption('#f-type', 'Criminal damage');
  await page.click('button:has-text("Show actions")');
  assert.match(page.url(), /rag=red/);
  assert.match(page.url(), /crime_type=Criminal%20damage|crime_type=Criminal\+damage/);
  const statuses = await page.locator('tbody td[data-label="Status"]').allTextContents();
  assert.ok(statuses.length > 0, 'overdue criminal damage is listed');
  assert.deepEqual([...new Set(statuses.map((t) => t.trim()))], ['Overdue']);
  assert.match(await page.textContent('#queue-count'), /matching the filters/);
  await assertFits(page, 'the filtered queue at 390 px');
  // The duty left unmet on the closed case is the sergeant's to review, not the officer's.
  await page.goto(`${base}/`);
  await page.click('a:has-text("left unmet when their cases were closed")');
  assert.equal(await page.textContent('h1'), 'Missed before closure');
  await assertFits(page, 'the missed list at 390 px');
  await assertAccessible(page, 'the missed list');
  const card = () => page.locator('.govuk-summary-card', { hasText: /\bX\/1\/24/ })
    .filter({ hasText: 'suspect will not be charged' });
  assert.equal(await card().count(), 1);
  await card().locator('button').click();  // no note: refused, and the summary links the field
  const link = page.locator('.govuk-error-summary a');
  assert.match(await link.textContent(), /say why the duty was missed/);
  const field = (await link.getAttribute('href')).slice(1);
  assert.equal(await page.locator(`#${field}-error`).count(), 1, 'the field shows its message');
  await assertAccessible(page, 'the missed list with an error');
  await page.fill(`#${field}`, 'PC101 moved to CID; Ms Quinn written to on 6 March');
  await page.locator(`#${field}`).locator('xpath=ancestor::form').locator('button').click();
  assert.match(await page.textContent('.govuk-notification-banner'), /Acknowledged/);
  assert.equal(await card().count(), 0, 'acknowledged, it leaves the list');
  await page.close();

  const officer = await browser.newPage({ bypassCSP: true });
  await signIn(officer, 'ann');
  assert.equal(await officer.locator('a', { hasText: /^X\/1\/24$/ }).count(), 0,
    'the closed case is not on the officer\'s to-do list');
  assert.equal(await officer.locator('.govuk-pagination').count(), 0, 'all on one page');
  await officer.close();
});

test('the bureau finds a caller by name and postcode, with or without the space', async () => {
  const page = await browser.newPage({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  await signIn(page, 'bea');
  for (const q of ['Okafor LL55 4TY', 'LL554TY', 'okafor 12/03/1985']) {
    await page.goto(`${base}/search`);
    await page.fill('#q', q);
    await page.click('button:has-text("Search")');
    assert.equal(await page.textContent('h2'), '1 found', q);
    const result = await page.textContent('.cf-results');
    assert.match(result, /O\/1\/24/, q);
    assert.match(result, /Grace Okafor, victim, born 12 Mar 1985, LL55 4TY/, q);
  }
  await page.fill('#q', 'Grace Okafor');
  await page.click('button:has-text("Search")');
  assert.equal(await page.textContent('h2'), '2 found', 'namesakes, each with what tells them apart');
  assert.match(await page.textContent('.cf-results'), /born 1 Jul 1990, M1 1AE/);
  await assertFits(page, 'search results at 390 px');
  await assertAccessible(page, 'search results at 390 px');
  await page.close();
});

test('signed out, pages send you to sign in', async () => {
  const page = await browser.newPage({ bypassCSP: true });  // axe-core is injected as a script
  await page.goto(`${base}/`);
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.close();
});

test('an officer records bail from the case page and sees it on the timeline', async () => {
  const page = await browser.newPage({ bypassCSP: true });  // axe-core is injected as a script
  await signIn(page, 'bob');
  await page.goto(`${base}/cases/B%2F1%2F24`);
  await page.selectOption('#event-type', 'suspect.bailed');
  await page.click('form[action$="/events/new"] button');
  assert.equal(await page.textContent('h1'), 'Record bail');
  await assertAccessible(page, 'the bail form');
  await page.fill('#f-suspect', 'S7');
  await page.fill('#f-conditions', 'Not to contact the victim');
  await page.click('button:has-text("Save")');
  assert.match(await page.textContent('.govuk-notification-banner'), /Saved/);
  assert.match(await page.textContent('.moj-timeline'), /Suspect S7 bailed/);
  assert.match(await page.textContent('.moj-timeline'), /Conditions: Not to contact the victim/);
  await assertAccessible(page, 'the case page with its timeline');
  await page.click('#all-duties > summary');  // every duty, collapsed below what to do next
  const why = page.locator('td details', { hasText: 'bailed' }).first();
  await why.locator('summary').click();
  const explanation = await why.locator('.cf-explanation').textContent();
  assert.match(explanation, /it was started by the suspect bailed event on \w{3} \d{1,2} \w{3} \d{4}/);
  assert.doesNotMatch(explanation, /suspect\.bailed/, 'event types in words, not codes');
  assert.match(await page.textContent('#explanation-key'), /square brackets/);
  assert.match(await page.textContent('#explanation-key'), /\[V\] checked against the official text/);
  await page.close();
});

test('the bureau takes a call it cannot answer and the officer in case sees the call-back', async () => {
  const bureau = await browser.newPage({ bypassCSP: true });  // axe-core is injected as a script
  await signIn(bureau, 'bea');
  await bureau.goto(`${base}/cases/B%2F1%2F24`);
  await bureau.fill('#call-request', 'Wants to know if the bail conditions cover her workplace');
  await bureau.check('#answered-no');
  await bureau.click('button:has-text("Record the call")');
  assert.match(await bureau.textContent('.govuk-notification-banner'), /Call-back requested: bob \(PC102\) will call back\./);
  await assertAccessible(bureau, 'the case page with a call-back');
  await bureau.close();
  const officer = await browser.newPage({ bypassCSP: true });
  await signIn(officer, 'bob');
  const callBacks = officer.locator('table', { hasText: 'Call-back requests' });
  assert.match(await callBacks.textContent(), /cover her workplace/);
  await assertAccessible(officer, 'the work queue with call-backs');
  await officer.close();
});

test('an admin adds a unit and a member of staff, and a sergeant puts them on the rota', async () => {
  const admin = await browser.newPage({ bypassCSP: true });  // axe-core is injected as a script
  await signIn(admin, 'ada');
  await admin.click('a:has-text("Units")');
  await assertAccessible(admin, 'the units page');
  await admin.fill('#id', 'N2');
  await admin.fill('#unit-name', 'North response team 2');
  await admin.fill('#bcu', 'North BCU');
  await admin.click('button:has-text("Add unit")');
  assert.match(await admin.textContent('.govuk-notification-banner'), /Added/);
  assert.match(await admin.textContent('table'), /North response team 2/);
  await admin.click('a:has-text("Staff")');
  await assertAccessible(admin, 'the staff page');
  await admin.fill('#name', 'pc777');
  await admin.selectOption('#role', 'officer');
  await admin.selectOption('#unit', 'N1');
  await admin.fill('#officer', 'PC777');
  await admin.fill('#password', 'a new officer password');
  await admin.click('button:has-text("Add")');
  assert.match(await admin.textContent('.govuk-notification-banner'), /Added/);
  await admin.click('a:has-text("pc777")');
  await assertAccessible(admin, 'a staff member\'s page');
  await admin.click('a:has-text("Audit log")');
  assert.match(await admin.textContent('table'), /Added user/);
  await assertAccessible(admin, 'the audit log');
  await admin.click('a:has-text("Settings")');
  await assertAccessible(admin, 'the force settings');
  await admin.fill('#force_name', 'Westshire Police');
  await admin.check('#contacts_count-sent');
  await admin.click('button:has-text("Save settings")');
  assert.match(await admin.textContent('.govuk-notification-banner'), /Saved/);
  assert.equal(await admin.isChecked('#contacts_count-sent'), true);
  await admin.check('#contacts_count-delivered');
  await admin.click('button:has-text("Save settings")');
  await admin.close();

  const sergeant = await browser.newPage({ bypassCSP: true });
  await signIn(sergeant, 'sam');
  await sergeant.click('a:has-text("Shifts and leave")');
  await assertAccessible(sergeant, 'the rota');
  const day = new Date(Date.now() + 2 * 86400000).toISOString().slice(0, 10);
  await sergeant.selectOption('#shift-user', 'pc777');
  await sergeant.fill('#shift-date', day);
  await sergeant.fill('#shift-start', '07:00');
  await sergeant.fill('#shift-end', '17:00');
  await sergeant.click('button:has-text("Add shift")');
  assert.match(await sergeant.textContent('.govuk-notification-banner'), /Shift added/);
  const card = sergeant.locator('.govuk-summary-card', { hasText: 'pc777' });
  assert.match(await card.textContent(), /07:00 to 17:00/);
  await assertAccessible(sergeant, 'the rota with a shift');
  await sergeant.close();
});

test('an officer checks a standard message and sends it', async () => {
  const page = await browser.newPage({ bypassCSP: true });  // axe-core is injected as a script
  await signIn(page, 'bob');
  await page.goto(`${base}/cases/B%2F1%2F24`);
  // "What to do next" opens the message form with the person and the message that meets the duty.
  const send = page.locator('.cf-todo a', { hasText: 'Send the letter that meets this' }).first();
  const chosen = new URL(await send.getAttribute('href'), page.url()).searchParams.get('template');
  assert.ok(chosen, 'the action names the message that meets the duty');
  await send.click();
  await page.waitForURL(/[?&]template=/, { waitUntil: 'load' });
  assert.equal(await page.$eval('#msg-person', (e) => e.value), 'V1');
  assert.equal(await page.$eval('#msg-template', (e) => e.value), chosen);
  await page.selectOption('#msg-template', 'periodic_update');
  await page.selectOption('#msg-channel', 'email');
  await page.click('button:has-text("Check the message")');
  assert.equal(await page.textContent('h1'), 'Check the email before it is sent');
  assert.match(await page.textContent('main'), /lena\.nowak@example\.org/);
  assert.match(await page.textContent('main'), /Dear Ms Nowak/);
  await assertAccessible(page, 'the message check page');
  await page.click('button:has-text("Send")');
  assert.match(await page.textContent('.govuk-notification-banner'), /Message queued/);
  assert.match(await page.locator('table', { hasText: 'Messages' }).last().textContent(), /Waiting/);
  await page.close();
});

test('a sergeant sees a repeat victim on the case and the queue, and confirms the match', async () => {
  const page = await browser.newPage({ bypassCSP: true });
  await signIn(page, 'sam');
  await page.goto(`${base}/?officer=PC102`);
  assert.match(await page.locator('tr', { hasText: 'R/1/24' }).first().textContent(), /Possible repeat victim/);
  await page.goto(`${base}/cases/R%2F2%2F24`);
  const card = page.locator('.govuk-summary-card', { hasText: 'Kemi Adeyemi' });
  assert.match(await card.textContent(), /Possible repeat victim: 2 crimes in 12 months/);
  assert.match(await card.textContent(), /R\/1\/24 V1, recorded 1 Oct 2024: 98% alike \(same name, same date of birth, same phone number\)/);
  assert.match(await card.textContent(), /Suggested/);
  await assertAccessible(page, 'a case with a suggested repeat victim');
  await card.locator('input[name=reason]').fill('Same person: checked on the phone');
  await card.locator('button', { hasText: /^Same person/ }).click();
  await page.waitForURL(/done=repeat_confirmed/);
  assert.match(await page.textContent('.govuk-notification-banner'), /both are flagged repeat victims/);
  const after = page.locator('.govuk-summary-card', { hasText: 'Kemi Adeyemi' });
  assert.match(await after.textContent(), /Confirmed: the same person/);
  assert.match(await after.locator('h4', { hasText: 'crimes in 12 months' }).textContent(), /^Repeat victim: 2 crimes in 12 months$/);
  assert.match(await after.textContent(), /Same person: checked on the phone/);
  assert.match(await after.textContent(), /Flags\s*repeat[ _]victim/);
  assert.equal(await after.locator('button', { hasText: /^Same person/ }).count(), 0, 'decided once');
  // The officer sees it and may not decide.
  const officer = await browser.newPage({ bypassCSP: true });
  await signIn(officer, 'bob');
  await officer.goto(`${base}/cases/R%2F1%2F24`);
  assert.match(await officer.locator('.govuk-summary-card', { hasText: 'Kemi Adeyemi' }).textContent(), /Confirmed: the same person/);
  assert.equal(await officer.locator('button', { hasText: /^Same person/ }).count(), 0);
  await officer.close();
  await page.close();
});

test('the message check says which language and format the record asks for', async () => {
  const page = await browser.newPage({ bypassCSP: true });
  await signIn(page, 'bob');
  await page.goto(`${base}/cases/B%2F1%2F24?to=V1&template=information_leaflet#send-message`);
  assert.equal(await page.$eval('#msg-lang', (e) => e.value), '', 'as their record asks, by default');
  await page.selectOption('#msg-channel', 'letter');
  await page.click('button:has-text("Check the message")');
  assert.match(await page.textContent('main'), /Language and format\s*English, standard print \(as their record asks\)/);
  await page.goto(`${base}/cases/B%2F1%2F24?to=V1&template=information_leaflet#send-message`);
  await page.selectOption('#msg-lang', 'easy');
  await page.click('button:has-text("Check the message")');
  assert.match(await page.textContent('main'), /English, easy read/);
  assert.match(await page.textContent('main'), /Your crime number is B\/1\/24\./);
  await assertAccessible(page, 'the easy-read message check');
  await page.close();
});

test('a letter to someone with no address is stopped at the check; the address is added and it goes', async () => {
  for (const width of [390, 1280]) {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width, height: 900 } });
    await signIn(page, 'bob');
    const crime = width < 641 ? 'M%2F3%2F24' : 'M%2F4%2F24';
    await page.goto(`${base}/cases/${crime}`);
    await page.selectOption('#msg-person', 'V1');
    await page.selectOption('#msg-template', 'periodic_update');
    await page.selectOption('#msg-channel', 'letter');
    await page.click('button:has-text("Check the message")');
    assert.match(await page.textContent('.govuk-error-summary'), /Alex Moss\d has no postal address on record/);
    assert.equal(await page.locator('button:has-text("Send")').count(), 0, 'no Send until it can go');
    await assertAccessible(page, `the check page with no address at ${width} px`);
    await assertFits(page, `the check page with no address at ${width} px`);
    await page.click('a:has-text("Add their postal address")');
    assert.equal(await page.textContent('h1'), 'Change contact details');
    await page.fill('#f-contact-postcode', 'not a postcode');
    await page.click('button:has-text("Save")');
    assert.match(await page.textContent('.govuk-error-summary'), /Postcode: "not a postcode" is not a UK postcode/);
    await page.fill('#f-contact-address', '12 Mill Lane, Caernarfon');
    await page.fill('#f-contact-postcode', 'LL55 4TY');
    await assertAccessible(page, `the contact details form at ${width} px`);
    await assertFits(page, `the contact details form at ${width} px`);
    await page.click('button:has-text("Save")');
    assert.match(await page.textContent('main'), /12 Mill Lane, Caernarfon/);
    assert.match(await page.textContent('main'), /Contact details of Alex Moss\d changed/);
    await page.selectOption('#msg-person', 'V1');
    await page.selectOption('#msg-template', 'periodic_update');
    await page.selectOption('#msg-channel', 'letter');
    await page.click('button:has-text("Check the message")');
    assert.match(await page.textContent('main'), /LL55 4TY/);
    await page.click('button:has-text("Send")');
    assert.match(await page.textContent('.govuk-notification-banner'), /Message queued/);
    await page.close();
  }
});

test('an analyst fills in a self-assessment, saves it and sees the spider diagram', async () => {
  const page = await browser.newPage({ bypassCSP: true });  // axe-core is injected as a script
  await signIn(page, 'ana');
  await page.click('a:has-text("Self-assessment")');
  await assertAccessible(page, 'the self-assessment history');
  await page.click('button:has-text("Start a new assessment")');
  assert.equal(await page.textContent('h1'), 'New self-assessment');
  await assertAccessible(page, 'the self-assessment form');
  await page.fill('#assessed_on', '2026-11-20');
  await page.fill('#assessor', 'Ch Insp R Shah');
  for (const [id, score] of [['1-1', 3], ['1-2', 2], ['2-6', 1], ['3-1', 4], ['6-1', 2]]) {
    await page.check(`#score-${id}-${score}`);
  }
  await page.fill('#note-2-6', 'Victims say they do not know who to call');
  await page.fill('#evidence-2-6', 'https://intranet.example/survey-2026');
  await page.click('button:has-text("Save the assessment")');
  assert.match(await page.textContent('.govuk-notification-banner'), /Saved/);
  assert.match(await page.textContent('h1'), /The force, Fri 20 Nov 2026/);
  const hexagon = page.locator('svg[aria-labelledby="overall-title overall-desc"]');
  assert.match(await hexagon.locator('desc').textContent(), /1\. Understand the needs of victims and witnesses 2\.5/);
  assert.equal(await page.locator('svg.cf-spider').count(), 7, 'the hexagon and one diagram per component');
  assert.match(await page.textContent('#component-2 + p'), /Average 1\.0/);
  await assertAccessible(page, 'the self-assessment report');
  await page.selectOption('#action-indicator', '2.6');
  await page.fill('#action-text', 'Give every victim the name and number of one contact');
  await page.fill('#action-owner', 'DI Shah');
  await page.fill('#action-due', '2027-03-31');
  await page.click('button:has-text("Add the action")');
  assert.match(await page.textContent('#actions + table'), /Give every victim the name and number of one contact/);
  await assertAccessible(page, 'the report with an action plan');
  // A BCU's scores kept in a spreadsheet, uploaded from the history page.
  await page.click('a:has-text("Self-assessment")');
  await page.setInputFiles('#scores-file', {
    name: 'north.csv', mimeType: 'text/csv',
    buffer: Buffer.from('scope,assessed_on,assessor,indicator,score,note\nforce,2026-10-01,Supt K Lee,1.1,3,From the 2026 survey\n'),
  });
  await page.click('button:has-text("Import")');
  assert.match(await page.textContent('.govuk-notification-banner'), /Imported/);
  assert.match(await page.textContent('main'), /From the 2026 survey/);
  await page.close();
});

test('an analyst compares units by duty, on a phone too, and downloads what the CLI reports', async () => {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width, height: 900 }, acceptDownloads: true });
    await signIn(page, 'ana');
    assert.equal(await page.locator('main a[href^="/cases/"]').count(), 0, 'no links to cases an analyst cannot open');
    if (width < 641) await page.click('summary:has-text("Menu")');  // the header's links, folded on a phone
    await page.locator('a:visible:has-text("Compliance")').click();
    assert.equal(await page.textContent('h1'), 'Compliance');
    await page.fill('#f-from', '2024-12-01');
    await page.selectOption('#f-by', 'unit');
    await page.selectOption('#f-then', 'duty');
    await page.click('button:has-text("Show figures")');
    const cells = await page.locator('#compliance-table tbody tr').count();
    assert.ok(cells > 1, 'a row per unit and duty');
    await assertAccessible(page, `compliance by unit and duty at ${width} px`);
    await assertFits(page, `compliance by unit and duty at ${width} px`);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("as CSV")')]);
    const bytes = readFileSync(await csv.path(), 'utf8');
    const to = new URL(page.url()).searchParams.get('to');
    assert.equal(bytes, cli(['compliance', '--from', '2024-12-01', '--to', to, '--by', 'unit', '--by', 'duty', '--format', 'csv']),
      'the page\'s figures are the CLI\'s');
    assert.equal(bytes.trim().split('\n').length, cells + 1);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("as Excel")')]);
    assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK');
    // One grouping: the chart, then its numbers.
    await page.selectOption('#f-then', '');
    await page.click('button:has-text("Show figures")');
    assert.equal(await page.locator('svg.cf-chart[role="img"]').count(), 1);
    await assertAccessible(page, `the compliance chart at ${width} px`);
    await assertFits(page, `the compliance chart at ${width} px`);
    await page.close();
  }
});

// Last: every page above asked only for files the server has.
test('an officer records a needs assessment: a screening yes flags the victim, and the case then closes as charged', async () => {
  const page = await browser.newPage({ bypassCSP: true });  // axe-core is injected as a script
  await signIn(page, 'bob');
  await page.goto(`${base}/cases/NA%2F1%2F24`);
  await page.selectOption('#outcome-close', 'charged');
  await page.fill('#reason', 'charged, sent to the magistrates');
  await page.click('text=Close case');
  const summary = await page.textContent('.govuk-error-summary');
  assert.match(summary, /Tomasz Nowicki \(victim\): the needs assessment is not complete\. Still to ask: screening: mental health;/);
  assert.match(summary, /Complete the needs assessments first\. A supervisor can close it/);
  await assertAccessible(page, 'the case page with the needs assessment refusal');

  await page.click('a:has-text("Record a needs assessment")');
  assert.equal(await page.textContent('h1'), 'Record a needs assessment (MG11)');
  assert.equal(await page.inputValue('#person'), 'V1');
  await assertAccessible(page, 'the needs assessment form');
  await page.click('button:has-text("Save")');
  // Every unanswered question at once, each linked to its answers and said beside them.
  const errors = page.locator('.govuk-error-summary a');
  assert.equal(await errors.count(), 10, 'five screening questions and five others');
  assert.equal(await errors.first().textContent(), 'Do they have a mental health condition? Answer yes or no.');
  assert.equal(await errors.first().getAttribute('href'), '#f-screening-mental_health-yes');
  assert.match(await page.textContent('#f-dates_to_avoid-error'), /Dates to avoid: enter the dates, or none/);
  await assertAccessible(page, 'the needs assessment form with errors');
  for (const q of ['mental_health', 'learning_or_communication', 'physical_disability', 'targeted_repeatedly']) {
    await page.check(`#f-screening-${q}-no`);
  }
  await page.check('#f-screening-fear_or_distress-yes');
  await page.check('#f-willing_to_attend_court-yes');
  await page.check('#f-special_measures_needed-yes');
  await page.check('#f-special_measures-screens');
  await page.fill('#f-dates_to_avoid', '14/04/2027');
  await page.selectOption('#f-preferred_contact', 'phone');
  await page.check('#f-interpreter_needed-no');
  await page.click('button:has-text("Save")');
  assert.match(await page.textContent('.govuk-error-summary'), /Victim Personal Statement offered\? Answer yes or no \(they are a victim\)\./);
  assert.ok(await page.isChecked('#f-screening-fear_or_distress-yes'), 'the answers are kept');
  await page.check('#f-vps_offered-yes');
  await page.click('button:has-text("Save")');
  assert.match(await page.textContent('.govuk-notification-banner'), /Saved/);
  const card = page.locator('.govuk-summary-card', { hasText: 'Tomasz Nowicki' });
  assert.match(await card.textContent(), /Needs assessment \(MG11\)\s*Complete/);
  assert.match(await card.textContent(), /Flags\s*intimidated/);
  assert.match(await card.textContent(), /Screening: yes\s*fear or distress/);
  assert.match(await card.textContent(), /Dates to avoid\s*14 Apr 2027/);
  assert.match(await page.textContent('.moj-timeline'), /needs assessment: fear or distress about giving evidence or about the suspect/);
  await assertAccessible(page, 'the case page with the assessment');

  await page.selectOption('#outcome-close', 'charged');
  await page.fill('#reason', 'charged, sent to the magistrates');
  await page.click('text=Close case');
  assert.match(await page.textContent('.govuk-notification-banner'), /closed/i);
  await page.close();
});

test('an officer checks a draft from the queue and sends it in one click, back to the queue', async () => {
  const page = await browser.newPage({ bypassCSP: true });  // axe-core is injected as a script
  await signIn(page, 'bob');
  await page.goto(`${base}/?sort=crime#actions`);
  const row = page.locator('tbody tr', { hasText: 'B/1/24' }).filter({ has: page.locator('a:has-text("Check and send the draft")') }).first();
  await Promise.all([page.waitForNavigation(), row.locator('a:has-text("Check and send the draft")').click()]);
  assert.equal(await page.textContent('h1'), 'Check the email before it is sent');
  assert.match(await page.textContent('main'), /Drafted as their email address is on record\./);
  assert.match(await page.textContent('main'), /lena\.nowak@example\.org/);
  await assertAccessible(page, 'a draft from the queue');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Send")')]);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.match(await page.textContent('.govuk-notification-banner'), /Message queued/);
  // The case page's "what to do next" offers the same draft, and goes back to the case.
  await page.goto(`${base}/cases/B%2F1%2F24`);
  await Promise.all([page.waitForNavigation(), page.locator('.cf-todo a', { hasText: 'Check and send the draft' }).first().click()]);
  assert.equal(await page.textContent('h1'), 'Check the email before it is sent');
  await page.click('a:has-text("Cancel")');
  assert.match(await page.textContent('h1'), /Crime B\/1\/24/);
  await page.close();
});

test('a case goes to the Witness Care Unit, which is told of the hearing and tells the victim', async () => {
  // The officer may not hand over before the needs assessment; the sergeant may, saying why.
  const officer = await browser.newPage({ bypassCSP: true });
  await signIn(officer, 'bob');
  await officer.goto(`${base}/cases/WC%2F1%2F24`);
  await officer.selectOption('#handover-unit', 'WCU1');
  await officer.click('button:has-text("Hand over")');
  assert.match(await officer.textContent('.govuk-error-summary'), /needs assessment/i);
  await assertAccessible(officer, 'the case page with the handover refused');
  await officer.close();
  const sergeant = await browser.newPage({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  await signIn(sergeant, 'sam');
  await sergeant.goto(`${base}/cases/WC%2F1%2F24`);
  await sergeant.fill('#handover-override', 'trial date is close; the unit will assess');
  await sergeant.click('button:has-text("Hand over")');
  assert.match(await sergeant.textContent('.govuk-notification-banner'), /Handed over/);
  assert.match(await sergeant.textContent('.moj-timeline'), /Handed to the Witness Care Unit/);
  assert.equal(await sergeant.locator('#handover-unit').count(), 0, 'handed over once');
  await assertFits(sergeant, 'the handed-over case at 390 px');
  await sergeant.close();

  for (const width of [390, 1280]) {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width, height: 900 } });
    await signIn(page, 'wen');
    assert.match(await page.textContent('h1'), /WCU1: victims and witnesses to keep informed/);
    await assertAccessible(page, `the unit's queue at ${width} px`);
    await assertFits(page, `the unit's queue at ${width} px`);
    // Only the cases handed to the unit: another of PC102's is not for it.
    assert.equal((await page.goto(`${base}/cases/B%2F1%2F24`)).status(), 404);
    await page.goto(`${base}/cases/WC%2F1%2F24`);
    await assertAccessible(page, `the case page as the unit at ${width} px`);
    await assertFits(page, `the case page as the unit at ${width} px`);
    assert.equal(await page.locator('#event-type option[value="suspect.arrested"]').count(), 0,
      'the unit records no investigation');
    if (width === 390) {
      await page.selectOption('#event-type', 'wcu.hearing_received');
      await page.click('form[action$="/events/new"] button');
      assert.equal(await page.textContent('h1'), 'Record hearing details received');
      await page.click('button:has-text("Save")');  // nothing filled in: each problem is said
      assert.match(await page.textContent('.govuk-error-summary'), /Court/);
      await assertAccessible(page, 'the hearing form with its errors');
      await page.fill('#f-court', 'Leeds Crown Court');
      const hearing = new Date(Date.now() + 30 * 86400000);
      while ([0, 6].includes(hearing.getUTCDay())) hearing.setUTCDate(hearing.getUTCDate() + 1);
      // The victim asked to avoid that very day: the unit is told to let the CPS know.
      writeFileSync(join(dir, 'avoid.jsonl'), JSON.stringify({ id: 'wc-avoid', type: 'needs.assessed',
        crime: 'WC/1/24', at: new Date().toISOString().slice(0, 19) + 'Z', person: 'V1',
        dates_to_avoid: [hearing.toISOString().slice(0, 10)] }) + '\n');
      cli(['import', join(dir, 'avoid.jsonl')]);
      await page.fill('#f-hearing_at-date', hearing.toISOString().slice(0, 10));
      await page.fill('#f-hearing_at-time', '10:00');
      await page.fill('#f-hearing', 'trial');
      await page.click('button:has-text("Save")');
      assert.match(await page.textContent('.govuk-notification-banner'), /Saved/);
      assert.match(await page.textContent('.moj-timeline'), /Hearing: \w{3} \d{1,2} \w{3} \d{4} at 10:00/);
      assert.match(await page.textContent('.govuk-warning-text'),
        /Nia Parry \(V1\) asked to avoid \w{3} \d{1,2} \w{3} \d{4}, the day of the trial at Leeds Crown Court: tell the CPS/);
      await assertAccessible(page, 'the case page warning of a hearing on a date to avoid');
      assert.match(await page.textContent('#to-do'), /./);
      const todo = await page.textContent('.cf-todo');
      assert.match(todo, /hearing/i);
      await page.goto(`${base}/`);
      assert.match(await page.textContent('main'), /WC\/1\/24/);
      assert.doesNotMatch(await page.textContent('main'), /S-HIDDEN-4|PC102/);
    }
    await page.close();
  }
});

test('an admin lists Women\'s Aid; an officer records the victim\'s consent; its own feed sends it once', async () => {
  const admin = await browser.newPage({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  await signIn(admin, 'ada');
  await admin.goto(`${base}/admin/organisations`);
  assert.match(await admin.textContent('main'), /None yet/);
  await admin.fill('#org-id', 'Womens Aid');
  await admin.click('button:has-text("Save organisation")');
  const problems = await admin.textContent('.govuk-error-summary');
  assert.match(problems, /"Womens Aid" is not another organisation's id/);
  assert.match(problems, /Name: give 1 to 100 characters/);
  await assertAccessible(admin, 'the organisations page with its errors');
  await admin.fill('#org-id', 'womens_aid');
  await admin.fill('#org-name', 'Women\'s Aid');
  await admin.fill('#org-offers', 'Support for women and children living with domestic abuse');
  await admin.click('button:has-text("Save organisation")');
  assert.match(await admin.textContent('.govuk-notification-banner'), /Saved/);
  assert.match(await admin.textContent('table'), /Women's Aid\s*womens_aid/);
  await assertFits(admin, 'the organisations page at 390 px');
  await assertAccessible(admin, 'the organisations page at 390 px');
  await admin.close();

  for (const width of [390, 1280]) {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width, height: 900 } });
    await signIn(page, 'bob');
    await page.goto(`${base}/cases/B%2F1%2F24`);
    const card = page.locator('.govuk-summary-card', { hasText: 'Lena Nowak' });
    if (width === 390) {
      assert.match(await card.textContent(), /Not asked about a referral to any other organisation/);
      await card.locator('summary:has-text("Record whether they want a referral")').click();
      await card.locator('button:has-text("Record their answer")').click();  // nothing chosen
      const summary = await page.textContent('.govuk-error-summary');
      assert.match(summary, /Organisation: choose one/);
      assert.match(summary, /What they said/);
      await page.locator('.govuk-summary-card', { hasText: 'Lena Nowak' })
        .locator('summary:has-text("Record whether they want a referral")').click();
      const form = page.locator('.govuk-summary-card', { hasText: 'Lena Nowak' }).locator('form[action$="/referrals"]');
      assert.equal(await form.locator('select[name=organisation]').inputValue(), '', 'no organisation chosen for the officer');
      await form.locator('select[name=organisation]').selectOption('womens_aid');
      await form.locator('input[value=consented]').check();
      await page.click('button:has-text("Record their answer")');
      assert.match(await page.textContent('.govuk-notification-banner'), /Recorded/);
      assert.match(await page.textContent('.moj-timeline'), /Ms Lena Nowak agreed to a referral to Women's Aid/);
      // Women's Aid's feed sends it, once.
      const drop = join(dir, 'womens-aid');
      assert.match(cli(['referrals', 'export', '--organisation', 'womens_aid', '--to', drop]), /: 1 referral\n/);
      assert.match(cli(['referrals', 'export', '--organisation', 'womens_aid', '--to', drop]), /no referrals due/);
      const sent = readFileSync(join(drop, readdirSync(drop)[0]), 'utf8');
      assert.match(sent, /B\/1\/24\|V1\|to:womens_aid,B\/1\/24,Burglary,.*lena\.nowak@example\.org/);
      await page.reload();
    }
    assert.match(await page.locator('.govuk-summary-card', { hasText: 'Lena Nowak' }).textContent(),
      /Women's Aid: agreed on \w{3} \d{1,2} \w{3} \d{4}; referred on .* by file transfer: Women's Aid has not replied yet/);
    await page.locator('.govuk-summary-card', { hasText: 'Lena Nowak' })
      .locator('summary:has-text("Record whether they want a referral")').click();
    await assertFits(page, `the case page with other organisations at ${width} px`);
    await assertAccessible(page, `the case page with other organisations at ${width} px`);
    await page.close();
  }
});

test('an analyst sees how complete the needs assessments are, by unit', async () => {
  const page = await browser.newPage({ bypassCSP: true });  // axe-core is injected as a script
  await signIn(page, 'ana');
  await page.goto(`${base}/compliance?from=2024-11-01&to=2024-12-31&by=unit`);
  await page.click('a:has-text("Show how many needs assessments")');
  assert.match(await page.textContent('#needs'), /Needs assessments \(MG11\) complete/);
  const row = page.locator('#needs-table tbody tr', { hasText: 'N1' });
  assert.match(await row.textContent(), /\d+\s*\d+\s*\d+\.\d%/);
  await assertAccessible(page, 'the compliance page with needs assessments');
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.click('a:has-text("Download these figures as CSV") >> nth=-1')]);
  assert.match(download.suggestedFilename(), /^needs-assessments-2024-11-01-to-2024-12-31\.csv$/);
  await page.close();
});

test('every page fits a 390 px phone and passes axe, for each role that may open it', async () => {
  const pages = {
    bob: ['/', '/search?q=Nowak', '/cases/B%2F1%2F24', '/cases/B%2F1%2F24/events/new?type=suspect.bailed',
      '/cases/NA%2F1%2F24/events/new?type=needs.assessed&person=V1',
      '/cases/B%2F1%2F24/events/new?type=vrr.requested', '/cases/B%2F1%2F24/events/new?type=cps.charge_altered'],
    wen: ['/', '/cases/WC%2F1%2F24/events/new?type=wcu.evidence_required'],
    sam: ['/', '/missed', '/rota', '/compliance', '/cases/R%2F1%2F24'],
    bea: ['/', '/search?q=Okafor+LL55+4TY'],
    ana: ['/', '/compliance?by=unit&then=duty', '/compliance?by=unit&then=crime_type&needs=yes',
      '/assessments', '/assessments/new'],
    ada: ['/admin/users', '/admin/users/ann', '/admin/units', '/admin/audit', '/admin/audit?from=2026-02-30',
      '/admin/settings', '/admin/organisations', '/admin/templates', '/admin/templates/arrest/en',
      '/admin/templates/closure/easy'],
  };
  for (const [who, urls] of Object.entries(pages)) {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    await signIn(page, who);
    for (const url of urls) {
      const response = await page.goto(`${base}${url}`);
      assert.ok(response.status() < 500, `${url} as ${who}: ${response.status()}`);
      await assertFits(page, `${url} as ${who} at 390 px`);
      await assertAccessible(page, `${url} as ${who} at 390 px`);
    }
    await page.close();
  }
});

test('the audit log pages, shows London time and plain words, and downloads as CSV', async () => {
  const page = await browser.newPage({ bypassCSP: true });
  await signIn(page, 'ada');
  await page.goto(`${base}/admin/audit?user=bob`);
  const table = await page.textContent('table');
  assert.match(table, /Viewed case/);
  assert.doesNotMatch(table, /\d{4}-\d{2}-\d{2}T/, 'no RFC 3339 instants');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Download these records as CSV")')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv.split('\r\n')[0], /^When \(UTC\),When \(London\),Who,What/);
  assert.match(csv, /,bob,Viewed case,viewed_case,/);
  await page.close();
});

test('no page asks for a file that does not exist', () => {
  assert.deepEqual(missingFiles, []);
});
