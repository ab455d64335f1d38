// Browser tests of the victim and witness portal (issue 15) in headless Chromium: an invitation
// from the command line, choosing a password, the case page, signing out and in again, at a
// 320 px phone and a 1280 px desktop, with axe-core's WCAG 2.2 A and AA rules on every page.
// The case holds a suspect's name, a summary staff wrote and another victim: none may show.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { assertAccessible, assertFits, launchBrowser, testStore } from './support.mjs';

const bin = process.env.CF_BINARY;
const dir = mkdtempSync(join(tmpdir(), 'cf-portal-'));
const store = testStore(dir);
const db = store.db;
// Screenshots: into CF_SHOTS to look at them, else the run's own folder (removed after).
const shots = process.env.CF_SHOTS ?? dir;
const freePort = () => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => { const { port: p } = probe.address(); probe.close(() => resolve(p)); });
});
const staffPort = await freePort();
const portalPort = await freePort();
const portal = `http://localhost:${portalPort}`;
const secrets = ['Darren Vexley', 'SUSPECT-NAME', 'internal: neighbour thinks', 'Owen Hughes', '07700 900999'];
let server;
let browser;

function cli(args, input) {
  const r = spawnSync(bin, ['--db', db, ...args], { input, encoding: 'utf8' });
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function invite(person, crime = 'P/1/24') {
  const out = cli(['portal', 'invite', '--crime', crime, '--person', person, '--by', 'ann', '--base-url', portal]);
  return out.trim().split('\n').pop();
}

before(async () => {
  const at = (day) => `2024-12-0${day}T10:00:00Z`;
  writeFileSync(join(dir, 'case.jsonl'), [
    { id: 'p1', type: 'crime.recorded', crime: 'P/1/24', at: at(2), crime_type: 'Burglary', unit: 'N1', officer: 'PC101' },
    { id: 'p2', type: 'person.added', crime: 'P/1/24', at: at(2), person: 'V1', role: 'victim', name: { given: 'Nia', family: 'Hughes' }, contact: { email: 'nia@example.org' } },
    { id: 'p3', type: 'person.added', crime: 'P/1/24', at: at(2), person: 'V2', role: 'victim', name: { given: 'Owen', family: 'Hughes' }, contact: { mobile: '07700 900999' } },
    { id: 'p4', type: 'suspect.arrested', crime: 'P/1/24', at: at(3), suspect: 'SUSPECT-NAME Darren Vexley' },
    { id: 'p5', type: 'contact.made', crime: 'P/1/24', at: at(4), person: 'V1', channel: 'phone', outcome: 'spoke', summary: 'internal: neighbour thinks it was Darren Vexley' },
    { id: 'p6', type: 'suspect.bailed', crime: 'P/1/24', at: at(5), suspect: 'SUSPECT-NAME', conditions: 'Darren Vexley not to contact the victim', return_date: '2025-01-10' },
    { id: 'q1', type: 'crime.recorded', crime: 'Q/1/24', at: at(2), crime_type: 'Robbery', unit: 'N1', officer: 'PC101' },
    { id: 'q2', type: 'person.added', crime: 'Q/1/24', at: at(2), person: 'V1', role: 'victim', name: { given: 'Ravi', family: 'Shah' } },
    { id: 'w1', type: 'crime.recorded', crime: 'W/1/24', at: at(2), crime_type: 'Burglary', unit: 'N1', officer: 'PC101' },
    { id: 'w2', type: 'person.added', crime: 'W/1/24', at: at(2), person: 'W1', role: 'victim', name: { given: 'Dafydd', family: 'Evans' }, language: 'Welsh' },
    { id: 'w3', type: 'suspect.arrested', crime: 'W/1/24', at: at(3), suspect: 'SUSPECT-NAME' },
  ].map((e) => JSON.stringify(e)).join('\n') + '\n');
  cli(['import', join(dir, 'case.jsonl')]);
  cli(['settings', 'set', 'portal_url', portal]);
  cli(['user', 'add', '--name', 'ann', '--role', 'officer', '--unit', 'N1', '--officer', 'PC101'], 'a long browser test password\n');
  server = spawn(bin, ['--db', db, 'serve', '--listen', `127.0.0.1:${staffPort}`, '--public-listen', `127.0.0.1:${portalPort}`, '--threads', '1'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${portal}/healthz`)).ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

async function assertKeepsSecrets(page, what) {
  const html = await page.content();
  for (const secret of secrets) assert.ok(!html.includes(secret), `${what} shows "${secret}"`);
}

async function check(page, what) {
  await assertAccessible(page, what);
  await assertFits(page, what);
  await assertKeepsSecrets(page, what);
}

for (const width of [320, 1280]) {
  test(`a victim invited chooses a password, sees their own case and nothing else, signs out and in (${width} px)`, async () => {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width, height: 800 } });
    const link = invite('V1');
    await page.goto(link);
    await check(page, 'the invitation page');
    // Two passwords that differ: the GOV.UK error summary, linked to the field.
    await page.fill('#password', 'three good words');
    await page.fill('#confirm_password', 'three other words');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert.match(await page.textContent('.govuk-error-summary'), /The two passwords are not the same/);
    await check(page, 'the invitation page with an error');
    await page.fill('#password', 'three good words');
    await page.fill('#confirm_password', 'three good words');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert.equal(new URL(page.url()).pathname, '/');
    const text = await page.textContent('main');
    assert.match(text, /Crime reference P\/1\/24/);
    assert.match(text, /Burglary/);
    assert.match(text, /Someone was arrested\./);
    assert.match(text, /released on bail, with conditions/);
    assert.match(text, /Victims' Code/);
    await page.screenshot({ path: join(shots, `status-${width}.png`), fullPage: true });
    await check(page, 'the case page');

    // Asking for a call back: too long first (the error summary), then within the limit.
    await page.fill('#text', 'x'.repeat(1001));
    await Promise.all([page.waitForNavigation(), page.click('form[action="/ask"] button')]);
    assert.match(await page.textContent('.govuk-error-summary'), /1000 characters or fewer/);
    await check(page, 'the case page with an error');
    await page.fill('#text', `Has anyone been caught? (${width})`);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/ask"] button')]);
    assert.match(await page.textContent('.govuk-notification-banner--success'), /We have asked .* to call you back/);
    await check(page, 'the case page after asking');
    const raised = store.query(`SELECT person, raised_by, request FROM call_backs WHERE request LIKE '%(${width})'`);
    assert.equal(raised.stdout.trim(), `V1|portal|Please call me back (asked on the portal): Has anyone been caught? (${width})`);

    // Stopping updates, then starting them again.
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Stop updates")')]);
    assert.match(await page.textContent('main'), /You have asked us not to send you updates/);
    await check(page, 'the case page with updates stopped');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Start updates again")')]);
    assert.match(await page.textContent('main'), /We will keep you updated about your case/);

    // How and how often: a way marked not safe cannot be the way to update them.
    await page.click('summary:has-text("Change how we keep you updated")');
    await page.check('#channel-letter');
    await page.check('#frequency-14');
    await page.check('#unsafe-letter');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save how we keep you updated")')]);
    assert.match(await page.textContent('.govuk-error-summary'), /you also said is not safe/);
    assert.ok(await page.isChecked('#unsafe-letter'), 'what they chose is kept');
    await check(page, 'the case page with a contact choice refused');
    await page.check('#channel-sms');
    await page.fill('#times', 'Weekdays after 6pm');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save how we keep you updated")')]);
    assert.match(await page.textContent('.govuk-notification-banner--success'), /the way you chose/);
    await page.click('summary:has-text("Change how we keep you updated")');
    assert.ok(await page.isChecked('#channel-sms'));
    assert.ok(await page.isChecked('#frequency-14'));
    assert.ok(await page.isChecked('#unsafe-letter'));
    await check(page, 'the case page after choosing how to hear');

    // The link is used: opening it again says so, and keeps the case private.
    await page.goto(link);
    assert.match(await page.textContent('main'), /This link cannot be used/);
    assert.match(await page.title(), /Track your case/, 'the portal\'s own page, not the staff app\'s');
    await check(page, 'the used link page');

    // Signing out, then in with the crime reference and password.
    await page.goto(`${portal}/`);
    await Promise.all([page.waitForNavigation(), page.click('header button[type=submit]')]);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await check(page, 'the sign-in page');
    await page.goto(`${portal}/`);
    assert.equal(new URL(page.url()).pathname, '/sign-in', 'signed out: the case is not shown');
    await page.fill('#crime', 'P/1/24');
    await page.fill('#password', 'not the password');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    assert.match(await page.textContent('.govuk-error-summary'), /not right/);
    await check(page, 'the sign-in page with an error');
    await page.fill('#crime', 'P/1/24');
    await page.fill('#password', 'three good words');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.match(await page.textContent('main'), /Someone was arrested\./);
    await page.close();
  });
}

for (const width of [320, 1280]) {
  test(`a Welsh reader has the portal in Welsh, and either language is a switch away (${width} px)`, async () => {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width, height: 800 } });
    // Their recorded language is Welsh: the invitation opens in Welsh.
    await page.goto(invite('W1', 'W/1/24'));
    assert.equal(await page.getAttribute('html', 'lang'), 'cy');
    assert.equal(await page.textContent('h1'), 'Dewiswch gyfrinair');
    await check(page, 'the Welsh invitation page');
    await page.fill('#password', 'tri gair da iawn');
    await page.fill('#confirm_password', 'tri gair arall iawn');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    assert.match(await page.textContent('.govuk-error-summary'), /Nid yw'r ddau gyfrinair yr un fath/);
    await check(page, 'the Welsh invitation page with an error');
    await page.fill('#password', 'tri gair da iawn');
    await page.fill('#confirm_password', 'tri gair da iawn');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    let text = await page.textContent('main');
    assert.match(text, /Cyfeirnod y drosedd W\/1\/24/);
    assert.match(text, /Byrgleriaeth/);
    assert.match(text, /Dydd Llun 2 Rhagfyr 2024/, 'the date it was reported, in Welsh');
    assert.match(text, /Cafodd rhywun ei arestio\./);
    assert.match(text, /Cod Ymarfer ar gyfer Dioddefwyr Troseddau/);
    assert.equal(await page.title(), 'Eich achos – Dilyn eich achos');
    await page.screenshot({ path: join(shots, `welsh-${width}.png`), fullPage: true });
    await check(page, 'the Welsh case page');
    // A refused request is explained in Welsh.
    await page.check('#kind-message');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/ask"] button')]);
    assert.match(await page.textContent('.govuk-error-summary'), /Ysgrifennwch eich neges/);
    assert.match(await page.title(), /^Gwall: Eich achos/);
    await check(page, 'the Welsh case page with an error');

    // The switch: English, on the same page, remembered; then Welsh again.
    await Promise.all([page.waitForNavigation(), page.click('.cf-language-switch a[hreflang=en]')]);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    text = await page.textContent('main');
    assert.match(text, /Someone was arrested\./);
    assert.match(text, /Burglary/);
    await check(page, 'the case page switched to English');
    await page.goto(`${portal}/`);
    assert.equal(await page.textContent('h1'), 'Your case', 'the choice is remembered');
    await Promise.all([page.waitForNavigation(), page.click('.cf-language-switch a[hreflang=cy]')]);
    assert.equal(await page.textContent('h1'), 'Eich achos');
    // Signed out, the sign-in page keeps their choice.
    await Promise.all([page.waitForNavigation(), page.click('header button[type=submit]')]);
    assert.equal(await page.textContent('h1'), 'Mewngofnodi i ddilyn eich achos');
    await check(page, 'the Welsh sign-in page');
    await page.fill('#crime', 'W/1/24');
    await page.fill('#password', 'not the password');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    assert.match(await page.textContent('.govuk-error-summary'), /Mae cyfeirnod y drosedd neu'r cyfrinair yn anghywir/);
    await check(page, 'the Welsh sign-in page refused');
    await page.close();

    // A browser that asks for Welsh first gets it before anyone has chosen; the switch goes
    // back only to a page of the portal's own.
    const fresh = await browser.newPage({ bypassCSP: true, viewport: { width, height: 800 }, locale: 'cy-GB' });
    await fresh.goto(`${portal}/sign-in`);
    assert.equal(await fresh.getAttribute('html', 'lang'), 'cy');
    // The switch returns to the page it was on.
    await Promise.all([fresh.waitForNavigation(), fresh.click('.cf-language-switch a[hreflang=en]')]);
    assert.equal(new URL(fresh.url()).pathname, '/sign-in');
    assert.equal(await fresh.textContent('h1'), 'Sign in to track your case');
    await fresh.goto(`${portal}/language/en?back=%2F%2Fevil.example%2F`);
    assert.equal(new URL(fresh.url()).origin, portal);
    assert.equal(await fresh.getAttribute('html', 'lang'), 'en');
    await fresh.goto(`${portal}/no-such-page`);
    assert.equal(await fresh.textContent('h1'), 'Page not found');
    await fresh.close();
  });
}

test('the portal serves no staff page, and a staff cookie opens nothing there', async () => {
  const staff = await fetch(`${portal}/cases/P%2F1%2F24`, { redirect: 'manual' });
  assert.equal(staff.status, 404);
  const queue = await fetch(`${portal}/queue`, { redirect: 'manual', headers: { cookie: 'cf_session=cf_anything' } });
  assert.equal(queue.status, 404);
  const home = await fetch(`${portal}/`, { redirect: 'manual', headers: { cookie: 'cf_session=cf_anything' } });
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), '/sign-in');
});

const staff = `http://localhost:${staffPort}`;

async function staffSignIn(page) {
  await page.goto(`${staff}/login`);
  await page.fill('#name', 'ann');
  await page.fill('#password', 'a long browser test password');
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
}

test('an officer invites from the case page, sees what the victim sees, and ends their access', async () => {
  for (const width of [390, 1280]) {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width, height: 800 } });
    await staffSignIn(page);
    await page.goto(`${staff}/cases/${encodeURIComponent('P/1/24')}`);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Invite to the portal (Owen Hughes)")')]);
    assert.match(await page.textContent('main'), /Invitation made/);
    await assertAccessible(page, `the invitation made page at ${width} px`);
    await assertFits(page, `the invitation made page at ${width} px`);
    const link = (await page.textContent('main code')).trim();
    assert.ok(link.includes('/invitation/cf_'), link);

    // The portal view: the victim's page, inside the staff app, with nothing of the victim's to do.
    await page.goto(`${staff}/cases/${encodeURIComponent('P/1/24')}`);
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("See what they see (Owen Hughes)")')]);
    const view = await page.textContent('main');
    assert.match(view, /This is what Owen Hughes sees/);
    assert.match(view, /Someone was arrested\./);
    assert.ok(!view.includes('Sign out on every device'));
    for (const secret of ['Darren Vexley', 'SUSPECT-NAME', 'internal: neighbour thinks']) assert.ok(!view.includes(secret), secret);
    await assertAccessible(page, `the portal view at ${width} px`);
    await assertFits(page, `the portal view at ${width} px`);
    // And as a Welsh reader sees it.
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("See it in Welsh")')]);
    assert.match(await page.textContent('main'), /Cafodd rhywun ei arestio\./);
    assert.match(await page.textContent('main'), /This is what Owen Hughes sees/);
    await assertAccessible(page, `the portal view in Welsh at ${width} px`);
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("See it in English")')]);
    await page.close();
  }
  // Owen signs up with the officer's link; then the officer ends his access.
  const victim = await browser.newPage({ bypassCSP: true });
  const links = store.query("SELECT count(*) FROM portal_invitations WHERE person = 'V2' AND ended_at IS NULL");
  assert.equal(links.stdout.trim(), '1', 'the second invitation ended the first');
  const page = await browser.newPage({ bypassCSP: true });
  await staffSignIn(page);
  await page.goto(`${staff}/cases/${encodeURIComponent('P/1/24')}`);
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Invite to the portal (Owen Hughes)")')]);
  await victim.goto((await page.textContent('main code')).trim());
  await victim.fill('#password', 'owen chose this one');
  await victim.fill('#confirm_password', 'owen chose this one');
  await Promise.all([victim.waitForNavigation(), victim.click('main button[type=submit]')]);
  assert.equal(new URL(victim.url()).pathname, '/');
  await page.goto(`${staff}/cases/${encodeURIComponent('P/1/24')}`);
  assert.match(await page.textContent('main'), /Signed up/);
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("End portal access (Owen Hughes)")')]);
  assert.match(await page.textContent('main'), /Portal access ended/);
  await victim.goto(`${portal}/`);
  assert.equal(new URL(victim.url()).pathname, '/sign-in', 'the ended account is signed out');
  await victim.close();
  await page.close();
});

test('a victim writes to their officer, who sees it due on the queue and replies from the portal view', async () => {
  const victim = await browser.newPage({ bypassCSP: true, viewport: { width: 320, height: 800 } });
  await victim.goto(invite('V1', 'Q/1/24'));
  await victim.fill('#password', 'ravi chose these words');
  await victim.fill('#confirm_password', 'ravi chose these words');
  await Promise.all([victim.waitForNavigation(), victim.click('main button[type=submit]')]);
  assert.match(await victim.textContent('#messages + p'), /No messages yet/);
  // A message must have words; then it is sent, and shown in their thread.
  await victim.check('#kind-message');
  await Promise.all([victim.waitForNavigation(), victim.click('form[action="/ask"] button')]);
  assert.match(await victim.textContent('.govuk-error-summary'), /Write your message/);
  assert.ok(await victim.isChecked('#kind-message'), 'their choice is kept');
  await check(victim, 'the case page with an empty message');
  await victim.fill('#text', 'Will I have to go to court? <b>not bold</b>');
  await Promise.all([victim.waitForNavigation(), victim.click('form[action="/ask"] button')]);
  assert.match(await victim.textContent('.govuk-notification-banner--success'), /We have sent your message to .*\. They will reply here by /);
  assert.match(await victim.textContent('.cf-portal-thread'), /You, .*Will I have to go to court\? <b>not bold<\/b>/s, 'shown as text, not markup');
  await check(victim, 'the case page with a message sent');

  for (const width of [390, 1280]) {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width, height: 800 } });
    await staffSignIn(page);
    // The officer's queue: the message, due by the force's policy (1 working day by default).
    const row = page.locator('tr', { hasText: 'Will I have to go to court?' });
    assert.match(await row.textContent(), /Reply in the portal/);
    assert.match(await row.textContent(), /\d{1,2} \w{3} \d{4}/, 'a due date');
    await assertAccessible(page, `the queue with a portal message at ${width} px`);
    await assertFits(page, `the queue with a portal message at ${width} px`);
    if (width === 390) { await page.close(); continue; }
    await Promise.all([page.waitForNavigation(), row.locator('a').first().click()]);
    assert.match(await page.textContent('main'), /This is what Ravi Shah sees/);
    // An empty reply is refused with the error by its field; then the reply is sent.
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Send reply")')]);
    assert.match(await page.textContent('#reply-error'), /Write your reply/);
    await assertAccessible(page, 'the portal view with a reply error');
    await page.fill('#reply', 'Perhaps. I will tell you as soon as a date is set.');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Send reply")')]);
    assert.match(await page.textContent('main'), /Reply sent/);
    assert.match(await page.textContent('.cf-portal-thread'), /Perhaps\. I will tell you/);
    await assertAccessible(page, 'the portal view after a reply');
    await assertFits(page, 'the portal view after a reply');
    // Answered: off the queue, and recorded as a contact with Ravi on the portal.
    await page.goto(`${staff}/`);
    assert.equal(await page.locator('tr', { hasText: 'Will I have to go to court?' }).count(), 0);
    const contact = store.query("SELECT count(*) FROM events WHERE type = 'contact.made' AND id LIKE 'portal-reply:Q/1/24:%'");
    assert.equal(contact.stdout.trim(), '1', contact.stderr);
    await page.close();
  }
  // A letter posted to Ravi: he can download it, in large print too.
  writeFileSync(join(dir, 'address.jsonl'), JSON.stringify({ id: 'q3', type: 'person.details_changed', crime: 'Q/1/24', at: '2024-12-03T10:00:00Z', person: 'V1', contact: { address: '9 Elm Street, Leeds', postcode: 'LS2 2BB' } }) + '\n');
  cli(['import', join(dir, 'address.jsonl')]);
  cli(['send', '--crime', 'Q/1/24', '--person', 'V1', '--template', 'periodic_update', '--channel', 'letter', '--by', 'ann']);
  cli(['outbox', 'print', '-o', join(dir, 'post.pdf')]);
  await victim.reload();
  assert.match(await victim.textContent('.cf-portal-thread'), /Your officer's team, .*Perhaps\. I will tell you as soon as a date is set\./s);
  const download = victim.locator('a', { hasText: 'Download the letter' });
  assert.equal(await download.count(), 1);
  const pdf = await victim.request.get(new URL(await download.getAttribute('href'), portal).href);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  const other = await victim.request.get(`${portal}/letters/999999.pdf`);
  assert.equal(other.status(), 404);
  await victim.screenshot({ path: join(shots, 'thread-320.png'), fullPage: true });
  await check(victim, 'the case page with a reply');
  await victim.close();
});

// The plain text of the email in `folder` whose subject is `subject` and whose text has `has`
// ("" while none has come). The worker sends every queued message: earlier tests' too.
function mailText(folder, subject, has) {
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.eml'))) {
    const raw = readFileSync(join(folder, name), 'utf8');
    if (!raw.includes(`Subject: ${subject}`)) continue;
    const part = raw.split('Content-Type: text/plain')[1] ?? '';
    const body = part.split(/\r?\n\r?\n/)[1] ?? '';
    const b64 = body.split(/\r?\n--/)[0];
    const text = Buffer.from(b64.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (text.includes(has)) return text;
  }
  return '';
}

async function until(what, fn, seconds = 60) {
  for (let i = 0; i < seconds * 10; i++) {
    const value = fn();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`waited ${seconds} s for ${what}`);
}

test('an arrest an officer records alerts the enrolled victim by email at once, and opening it meets the duty', async () => {
  writeFileSync(join(dir, 'alert.jsonl'), [
    { id: 'r1', type: 'crime.recorded', crime: 'R/1/24', at: '2024-12-02T10:00:00Z', crime_type: 'Criminal damage', unit: 'N1', officer: 'PC101' },
    { id: 'r2', type: 'person.added', crime: 'R/1/24', at: '2024-12-02T10:00:00Z', person: 'V1', role: 'victim', name: { given: 'Rhys', family: 'Evans' }, contact: { email: 'rhys@example.org' } },
  ].map((e) => JSON.stringify(e)).join('\n') + '\n');
  cli(['import', join(dir, 'alert.jsonl')]);
  cli(['settings', 'set', 'quiet_hours', 'none']);  // whatever the hour the tests run at
  const mail = join(dir, 'mail');
  mkdirSync(mail);
  const smtpPort = await freePort();
  const sink = spawn('/usr/bin/python3', [join(process.env.CF_TESTS_DIR, 'support', 'smtp_sink.py'), String(smtpPort), mail], { stdio: 'ignore' });
  const config = join(dir, 'cf.toml');
  writeFileSync(config, `[smtp]\nurl = "smtp://127.0.0.1:${smtpPort}"\nfrom = "updates@police.example"\n[schedule]\ndispatch = "1s"\n`);
  let log = '';
  const worker = spawn(bin, ['--db', db, '--config', config, 'worker']);
  worker.stdout.on('data', (d) => { log += d; });
  try {
    await until('the worker\'s first round of alerts', () => / alerts: /.test(log));
    // Rhys is invited: the invitation comes by email through the outbox.
    const link = invite('V1', 'R/1/24');
    const invitation = await until('the invitation email', () => mailText(mail, 'Follow your case online', link));
    assert.match(invitation, /Dear Rhys Evans|Dear Mr Evans|Dear Evans/);
    const victim = await browser.newPage({ bypassCSP: true, viewport: { width: 320, height: 800 } });
    await victim.goto(link);
    await victim.fill('#password', 'rhys picked these words');
    await victim.fill('#confirm_password', 'rhys picked these words');
    await Promise.all([victim.waitForNavigation(), victim.click('main button[type=submit]')]);
    await Promise.all([victim.waitForNavigation(), victim.click('header button[type=submit]')]);  // signs out

    // The officer records the arrest on the case page.
    const page = await browser.newPage({ bypassCSP: true });
    await staffSignIn(page);
    await page.goto(`${staff}/cases/${encodeURIComponent('R/1/24')}`);
    await page.selectOption('#event-type', 'suspect.arrested');
    await page.click('form[action$="/events/new"] button');
    await page.fill('#f-suspect', 'SUSPECT-NAME Darren Vexley');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save")')]);
    assert.match(await page.textContent('.govuk-notification-banner'), /Saved/);

    // The alert comes by email, says what happened and who did not, and links to the portal.
    const alert = await until('the alert email', () => mailText(mail, 'News about your case', 'R/1/24'));
    assert.match(alert, /Someone was arrested\./);
    for (const secret of ['Darren Vexley', 'SUSPECT-NAME']) assert.ok(!alert.includes(secret), secret);
    const alertLink = alert.match(/http:\/\/localhost:\d+\/alert\/[A-Za-z0-9_-]+/)[0];
    const met = () => store.query("SELECT count(*) FROM obligations o JOIN crimes k ON k.id = o.case_id WHERE k.ref = 'R/1/24' AND o.person = 'V1' AND o.duty = 'arrest' AND o.met_at IS NOT NULL").stdout.trim();
    assert.equal(met(), '0', 'not met by the alert being sent');

    // Opening it asks Rhys to sign in, then shows his case; the arrest duty is met.
    await victim.goto(alertLink);
    assert.equal(new URL(victim.url()).pathname, `/alert/${alertLink.split('/alert/')[1]}`);
    await check(victim, 'the sign-in page from an alert');
    await victim.fill('#crime', 'R/1/24');
    await victim.fill('#password', 'rhys picked these words');
    await Promise.all([victim.waitForNavigation(), victim.click('main button[type=submit]')]);
    assert.equal(new URL(victim.url()).pathname, '/');
    assert.match(await victim.textContent('main'), /Someone was arrested\./);
    await check(victim, 'the case page after an alert');
    assert.equal(met(), '1', 'opened: the duty is met');
    await page.goto(`${staff}/cases/${encodeURIComponent('R/1/24')}`);
    await page.close();
    await victim.close();
  } finally {
    worker.kill('SIGTERM');
    sink.kill('SIGTERM');
  }
});

// A signed-out form of the portal's: its CSRF field and the cookie that must come back with it.
async function formAt(path, cookie = '') {
  const r = await fetch(`${portal}${path}`, { headers: cookie ? { cookie } : {} });
  const html = await r.text();
  const csrf = html.match(/name="csrf" value="([^"]+)"/)[1];
  const set = r.headers.get('set-cookie').split(';')[0];
  return { csrf, cookie: set, status: r.status };
}

async function post(path, fields, cookie) {
  return fetch(`${portal}${path}`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  });
}

test('sign-in refusals look the same, a planted session is not adopted, and forms need their token', async () => {
  // Ravi signs up (Q/1/24); a session cookie planted beforehand is replaced, not adopted.
  const planted = 'cf_portal=cf_0000000000000000000000000000000000000000000000000000000000000000';
  const link = new URL(invite('V1', 'Q/1/24')).pathname;
  const form = await formAt(link);
  const noToken = await post(link, { password: 'ravi chose this', confirm_password: 'ravi chose this' }, `${form.cookie}`);
  assert.equal(noToken.status, 403, 'no CSRF field');
  const signedUp = await post(link, { csrf: form.csrf, password: 'ravi chose this', confirm_password: 'ravi chose this' },
    `${form.cookie}; ${planted}`);
  assert.equal(signedUp.status, 303);
  const session = signedUp.headers.get('set-cookie').split(';')[0];
  assert.match(session, /^cf_portal=cf_[0-9a-f]{64}$/);
  assert.notEqual(session, planted);
  assert.equal((await fetch(`${portal}/`, { redirect: 'manual', headers: { cookie: planted } })).status, 303);
  assert.equal((await fetch(`${portal}/`, { redirect: 'manual', headers: { cookie: session } })).status, 200);
  // Asking without the session's token is refused, and nothing is raised.
  const ask = await post('/ask', { csrf: 'wrong', kind: 'call_back', text: 'hello' }, session);
  assert.equal(ask.status, 403);
  // So are changing how to be contacted, stopping updates, and signing out.
  const contracts = () => store.query("SELECT count(*) FROM events WHERE type = 'contract.agreed'").stdout.trim();
  const before = contracts();
  const contact = await post('/contact', { csrf: 'wrong', channel: 'letter', frequency: '7' }, session);
  assert.equal(contact.status, 403);
  assert.equal((await post('/updates', { csrf: 'wrong', wanted: '0' }, session)).status, 403);
  assert.equal(contracts(), before, 'no contract recorded');
  assert.equal((await post('/sign-out', { csrf: 'wrong' }, session)).status, 403);
  assert.equal((await fetch(`${portal}/`, { redirect: 'manual', headers: { cookie: session } })).status, 200, 'still signed in');

  // The same status and page (but for the echoed reference and the new form token) for an
  // unknown reference, a wrong password, and an account locked by five of them.
  const refusal = async (crime, password) => {
    const f = await formAt('/sign-in');
    const r = await post('/sign-in', { csrf: f.csrf, crime, password }, f.cookie);
    const body = (await r.text()).replace(/value="[^"]*"/g, 'value=""');
    return { status: r.status, body };
  };
  const unknown = await refusal('Z/404/99', 'a password of some kind');
  const wrong = await refusal('Q/1/24', 'a password of some kind');
  for (let i = 0; i < 4; i++) await refusal('Q/1/24', 'a password of some kind');
  const locked = await refusal('Q/1/24', 'ravi chose this');
  assert.equal(unknown.status, 401);
  assert.deepEqual(wrong, unknown);
  assert.deepEqual(locked, unknown, 'the right password on a locked account');
  assert.match(unknown.body, /not right/);
  const noCookie = await post('/sign-in', { csrf: 'x', crime: 'Q/1/24', password: 'ravi chose this' });
  assert.equal(noCookie.status, 403, 'a sign-in without its form cookie');
});
