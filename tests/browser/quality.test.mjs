// Browser tests of dip-sampling (issue 16) in headless Chromium with axe-core: a sergeant
// draws a month's sample of their unit and reviews a case against the rubric (the form's
// errors first); the officer reads the findings on their work page; roles without the right
// are refused; an analyst imports the satisfaction survey (a bad line first) and reads it; a
// sergeant draws their quality call-back list and records a call (its errors first).
// Every page at 390 and 1280 px. Screenshots to $CF_SHOTS when it is set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertAccessible, assertFits, freePort, launchBrowser, startServer, testStore } from './support.mjs';

const bin = process.env.CF_BINARY;
const dir = mkdtempSync(join(tmpdir(), 'cf-quality-'));
const store = testStore(dir);
const db = store.db;
const port = await freePort();
const base = `http://localhost:${port}`;
const password = 'a long browser test password';
const month = new Date().toISOString().slice(0, 7);
let server;
let browser;

function cli(args, input) {
  const r = spawnSync(bin, ['--db', db, ...args], { input, encoding: 'utf8' });
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function shot(page, name) {
  if (process.env.CF_SHOTS) await page.screenshot({ path: join(process.env.CF_SHOTS, `${name}.png`), fullPage: true });
}

before(async () => {
  // Eight cases of PC101's recorded this month in N1, one with an enhanced (vulnerable) victim.
  const events = [];
  const at = `${month}-01T10:00:00Z`;
  for (let n = 1; n <= 8; n++) {
    const crime = `Q/${n}/26`;
    events.push({ id: `q${n}-1`, type: 'crime.recorded', crime, at, crime_type: 'Burglary', unit: 'N1', officer: 'PC101' });
    events.push({ id: `q${n}-2`, type: 'person.added', crime, at, person: 'V1', role: 'victim', name: { given: 'Jo', family: `Reed${n}` }, ...(n === 3 ? { flags: ['vulnerable'] } : {}) });
  }
  // Recorded six weeks ago: victims a sergeant may phone this week (one opted out of updates).
  const earlier = new Date(Date.now() - 42 * 86400000).toISOString().slice(0, 10) + 'T10:00:00Z';
  events.push({ id: 'c1', type: 'crime.recorded', crime: 'QC/1/26', at: earlier, crime_type: 'Burglary', unit: 'N1', officer: 'PC101' });
  events.push({ id: 'c2', type: 'person.added', crime: 'QC/1/26', at: earlier, person: 'V1', role: 'victim', name: { given: 'Rhys', family: 'Morgan' }, contact: { phone_mobile: '07700 900123' }, ethnicity: 'W1' });
  events.push({ id: 'c3', type: 'person.added', crime: 'QC/1/26', at: earlier, person: 'V2', role: 'victim', name: { given: 'Ola', family: 'Bankole' }, contact: { phone_mobile: '07700 900124' } });
  events.push({ id: 'c4', type: 'contract.agreed', crime: 'QC/1/26', at: earlier, person: 'V2', wants_updates: false });
  writeFileSync(join(dir, 'cases.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  cli(['import', join(dir, 'cases.jsonl')]);
  // An admin adds unit N1 in North BCU first (its sergeant may then act on that BCU's plan).
  cli(['user', 'add', '--name', 'adm', '--role', 'admin', '--unit', 'HQ'], password + '\n');
  server = await startServer(bin, db, port);
  browser = await launchBrowser();
  const admin = await browser.newPage({ bypassCSP: true });
  await signIn(admin, 'adm');
  await admin.goto(`${base}/admin/units`);
  await admin.fill('#id', 'N1');
  await admin.fill('#unit-name', 'North 1');
  await admin.fill('#bcu', 'North BCU');
  await Promise.all([admin.waitForNavigation(), admin.click('button:has-text("Add unit")')]);
  assert.match(await admin.textContent('main'), /North BCU/);
  await admin.close();
  cli(['user', 'add', '--name', 'ann', '--role', 'officer', '--unit', 'N1', '--officer', 'PC101'], password + '\n');
  cli(['user', 'add', '--name', 'sam', '--role', 'supervisor', '--unit', 'N1', '--officer', 'SGT1'], password + '\n');
  cli(['user', 'add', '--name', 'sue', '--role', 'supervisor', '--unit', 'S1', '--officer', 'SGT2'], password + '\n');
  cli(['user', 'add', '--name', 'bea', '--role', 'bureau', '--unit', 'HQ'], password + '\n');
  cli(['user', 'add', '--name', 'ana', '--role', 'analyst', '--unit', 'HQ'], password + '\n');
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(page, name) {
  await page.goto(`${base}/login`);
  await page.fill('#name', name);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

async function check(page, what) {
  await assertAccessible(page, what);
  await assertFits(page, what);
}

test('a sergeant draws a sample, reviews a case against the rubric, and the officer reads the findings', async () => {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width, height: 900 } });
    await signIn(page, 'sam');
    if (width === 1280) {
      await Promise.all([page.waitForNavigation(), page.locator('a[href="/dip-samples"]:visible').first().click()]);
    } else {
      await page.goto(`${base}/dip-samples`);
    }
    assert.match(await page.textContent('h1'), /^Dip samples: /);
    await check(page, `the dip samples page at ${width} px`);
    if (width === 1280) {
      assert.match(await page.textContent('main'), /No sample has been drawn/);
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Draw a sample")')]);
      assert.match(await page.textContent('.govuk-notification-banner'), /Sample drawn/);
      assert.equal(await page.locator('tbody tr').count(), 8, 'all eight of the month\'s cases, fewer than the 20 asked');
      assert.match(await page.textContent('main'), /At random/);
      assert.match(await page.textContent('main'), /Weighted by risk/);
      assert.match(await page.textContent('main'), /0 of 8 cases reviewed/);
    }
    await check(page, `the drawn sample at ${width} px`);
    await shot(page, `dip-samples-${width}`);
    await Promise.all([page.waitForNavigation(), page.locator('tbody tr').first().locator('a', { hasText: /Review|Change/ }).click()]);
    assert.match(await page.textContent('h1'), /^Review Q\/\d\/26$/);
    await check(page, `the review form at ${width} px`);
    await shot(page, `dip-sample-review-${width}`);
    if (width === 1280) {
      // Nothing chosen: each rubric item is named.
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save the review")')]);
      const summary = await page.textContent('.govuk-error-summary');
      assert.match(summary, /Contact details complete and checked: choose yes, partly, no or does not apply/);
      assert.match(summary, /Closure explained in plain words/);
      await check(page, 'the review form with its errors');
      for (const key of ['contact_details', 'needs_assessment', 'contract', 'leaflet', 'referral']) await page.check(`#${key}-yes`);
      await page.check('#updates-no');
      await page.check('#closure-na');
      // "No" without findings: the officer must be told what fell short.
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save the review")')]);
      assert.match(await page.textContent('.govuk-error-summary'), /Findings: say what fell short/);
      assert.ok(await page.isChecked('#updates-no'), 'what was chosen is kept');
      await page.fill('#findings', 'The victim waited five weeks for an update; ring them this week.');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save the review")')]);
      assert.match(await page.textContent('.govuk-notification-banner'), /Review saved/);
      // 5 yes and 1 no of 6 that apply: 10 of 12 points.
      assert.match(await page.textContent('tbody tr:first-child'), /Score 83%/);
      assert.match(await page.textContent('main'), /1 of 8 cases reviewed, average score 83%/);
      // The findings become an action on North BCU's self-assessment plan (the owner first).
      await Promise.all([page.waitForNavigation(), page.locator('tbody tr').first().locator('a', { hasText: /Change/ }).click()]);
      assert.match(await page.textContent('main'), /Raise an action on the self-assessment/);
      assert.match(await page.textContent('main'), /add it to the plan of North BCU/);
      assert.equal(await page.inputValue('#action-text'), 'The victim waited five weeks for an update; ring them this week.');
      assert.equal(await page.inputValue('#action-indicator'), '6.1');
      await page.fill('#action-owner', '');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Add the action")')]);
      assert.match(await page.textContent('.govuk-error-summary'), /owner: say who owns the action/);
      await check(page, 'the review page with the action\'s error');
      await page.fill('#action-text', 'Brief the team on monthly updates');
      await page.fill('#action-owner', 'Sgt Sam Jones');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Add the action")')]);
      assert.match(await page.textContent('.govuk-notification-banner'), /Action added to the self-assessment's plan/);
    }
    if (width === 390) {
      // Findings of 1,500 characters are kept whole (the form allows 2,000); 2,001 are refused.
      const long = 'The victim was not told of the arrest until they rang in. '.repeat(26).slice(0, 1500);
      await page.fill('#findings', long);
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save the review")')]);
      assert.match(await page.textContent('.govuk-notification-banner'), /Review saved/);
      await Promise.all([page.waitForNavigation(), page.locator('tbody tr').first().locator('a', { hasText: /Change/ }).click()]);
      assert.equal(await page.inputValue('#findings'), long);
      await page.fill('#findings', 'x'.repeat(2001));
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save the review")')]);
      assert.match(await page.textContent('.govuk-error-summary'), /Findings must be 2000 characters or fewer/);
      await page.fill('#findings', 'The victim waited five weeks for an update; ring them this week.');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save the review")')]);
    }
    await page.close();
  }
  const officer = await browser.newPage({ bypassCSP: true, viewport: { width: 390, height: 900 } });
  await signIn(officer, 'ann');
  assert.match(await officer.textContent('main'), /Dip-sample reviews of your cases/);
  assert.match(await officer.textContent('main'), /ring them this week/);
  assert.match(await officer.textContent('main'), /Score 83%/);
  await check(officer, 'the officer\'s work page with findings at 390 px');
  await shot(officer, 'officer-findings-390');
  assert.equal(await officer.locator('a.govuk-header__link:has-text("Dip samples")').count(), 0, 'officers are not offered dip samples');
  await officer.close();
});

test('dip samples are refused to those without the right', async () => {
  for (const [who, url] of [['ann', `/dip-samples?unit=N1&month=${month}`], ['bea', '/dip-samples'],
    ['ana', `/dip-samples?unit=N1&month=${month}`],
    ['sue', `/dip-samples?unit=N1&month=${month}`]]) {
    const page = await browser.newPage({ bypassCSP: true });
    await signIn(page, who);
    const response = await page.goto(`${base}${url}`);
    assert.equal(response.status(), 403, `${url} as ${who}`);
    await page.close();
  }
  const other = await browser.newPage({ bypassCSP: true });
  await signIn(other, 'sue');
  const response = await other.goto(`${base}/dip-samples/1/cases/Q%2F1%2F26`);
  assert.equal(response.status(), 403, 'another unit\'s sergeant cannot open a review');
  await other.close();
});

test('an analyst imports survey results, a bad line first, and reads satisfaction and the gap', async () => {
  const header = 'response_id,interviewed_on,crime_reference,ethnic_group,follow_up,whole_experience,knew_who_to_contact';
  const day = new Date().toISOString().slice(0, 10);
  const rows = [];
  for (let n = 1; n <= 8; n++) {
    rows.push(`R${n},${day},Q/${n}/26,${n % 4 === 0 ? 'Black British' : 'White British'},${n % 3 === 0 ? 6 : 2},${n % 2 ? 'Very satisfied' : 'Fairly dissatisfied'},${n % 2 ? 'yes' : 'no'}`);
  }
  // A year and more before: the period before the page's default one, none satisfied with follow-up.
  const before = new Date(Date.now() - 400 * 86400000).toISOString().slice(0, 10);
  for (let n = 1; n <= 8; n++) rows.push(`P${n},${before},,White British,6,Very satisfied,no`);
  const bad = [...rows];
  bad[2] = bad[2].replace(',6,', ',9,');
  writeFileSync(join(dir, 'bad.csv'), [header, ...bad].join('\n') + '\n');
  writeFileSync(join(dir, 'good.csv'), [header, ...rows].join('\n') + '\n');
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width, height: 900 } });
    await signIn(page, 'ana');
    await page.goto(`${base}/survey`);
    assert.equal(await page.textContent('h1'), 'Satisfaction survey');
    await check(page, `the survey page at ${width} px`);
    if (width === 1280) {
      assert.match(await page.textContent('main'), /0 responses/);
      await page.setInputFiles('#survey-file', join(dir, 'bad.csv'));
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Import")')]);
      const summary = await page.textContent('.govuk-error-summary');
      assert.match(summary, /bad\.csv line 4, column follow_up: "9" is not on the seven-point scale/);
      assert.match(summary, /nothing was stored/);
      await check(page, 'the survey page with the bad file\'s problems');
      await page.setInputFiles('#survey-file', join(dir, 'good.csv'));
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Import")')]);
      assert.match(await page.textContent('.govuk-notification-banner'), /16 responses, 16 added, 0 replaced, 0 unchanged; 8 linked to a case/);
    }
    const table = await page.textContent('table');
    // Follow-up: 6 of 8 satisfied (2 is very satisfied; 6 very dissatisfied for 3 and 6).
    assert.match(table, /Follow-up \(kept informed\)\s*75\.0%\s*8/);
    assert.match(table, /Ease of contact\s*no answers\s*0/);
    // 6 of 8 against 0 of 8 the year before.
    assert.match(table, /\+75\.0 points: a real change \(significant at 5%\)/);
    assert.match(await page.textContent('main'), /Gap, percentage points/);
    await check(page, `the survey page with results at ${width} px`);
    await shot(page, `survey-${width}`);
    await page.close();
  }
  const officer = await browser.newPage({ bypassCSP: true });
  await signIn(officer, 'ann');
  assert.equal((await officer.goto(`${base}/survey`)).status(), 403, 'officers do not see the survey');
  await officer.close();
});

test('a sergeant draws their call-back list, follows the script and records the answers', async () => {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width, height: 900 } });
    await signIn(page, 'sam');
    if (width === 1280) {
      await Promise.all([page.waitForNavigation(), page.locator('a[href="/quality-calls"]:visible').first().click()]);
      assert.match(await page.textContent('h1'), /^Quality call-backs: week of /);
      assert.match(await page.textContent('main'), /has not been drawn yet/);
      await check(page, 'the call-back page before the list is drawn');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Draw this week\'s list")')]);
      assert.match(await page.textContent('.govuk-notification-banner'), /Your list is drawn/);
      // One a week (the force's default); Ola opted out of updates, so it is Rhys.
      assert.equal(await page.locator('tbody tr').count(), 1);
      assert.match(await page.textContent('tbody'), /Rhys Morgan\s*07700 900123/);
      assert.match(await page.textContent('tbody'), /To call/);
    } else {
      await page.goto(`${base}/quality-calls`);
    }
    await check(page, `the call list at ${width} px`);
    await shot(page, `quality-calls-${width}`);
    await Promise.all([page.waitForNavigation(), page.locator('tbody tr').first().locator('a', { hasText: /Call|View/ }).click()]);
    assert.equal(await page.textContent('h1'), 'Call Rhys Morgan');
    assert.match(await page.textContent('main'), /You reported a burglary to us on/);
    await check(page, `the call script at ${width} px`);
    await shot(page, `quality-call-${width}`);
    if (width === 1280) {
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save the call")')]);
      assert.match(await page.textContent('.govuk-error-summary'), /Choose how the call went/);
      await check(page, 'the call form with its errors');
      await page.check('#outcome-answered');
      await page.check('#follow_up-5');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save the call")')]);
      const summary = await page.textContent('.govuk-error-summary');
      assert.match(summary, /Not answered: Choose an answer, or don't know \(Thinking about when you first contacted/);
      assert.doesNotMatch(summary, /kept you informed of progress/, 'the answered question is not named');
      assert.ok(await page.isChecked('#follow_up-5'), 'what was chosen is kept');
      for (const key of ['ease_of_contact', 'actions_taken', 'treatment']) await page.check(`#${key}-2`);
      await page.check('#whole_experience-0');
      await page.check('#kept_informed_without_asking-no');
      await page.fill('#comments', 'I had to ring three times to find out anything.');
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save the call")')]);
      assert.match(await page.textContent('.govuk-notification-banner'), /Call saved/);
      assert.match(await page.textContent('tbody'), /Answered/);
      assert.match(await page.textContent('main'), /1 of 1 calls made/);
    } else {
      // Opened again, the answers are shown to correct.
      assert.ok(await page.isChecked('#outcome-answered'));
      assert.ok(await page.isChecked('#follow_up-5'));
      assert.equal(await page.inputValue('#comments'), 'I had to ring three times to find out anything.');
    }
    await page.close();
  }
  // The comment reaches the unit: the sergeant's work page counts it and links to it.
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width, height: 900 } });
    await signIn(page, 'sam');
    assert.match(await page.textContent('main'), /1 comment from victims on your unit's cases/);
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("1 comment from victims")')]);
    assert.equal(await page.textContent('h1'), 'What victims said');
    assert.match(await page.textContent('main'), /I had to ring three times to find out anything\./);
    assert.match(await page.textContent('main'), /A supervisor's quality call\. Whole experience: no answer\. Kept informed: Fairly dissatisfied\./);
    await check(page, `victims' comments at ${width} px`);
    await shot(page, `survey-comments-${width}`);
    await page.close();
  }
  const elsewhere = await browser.newPage({ bypassCSP: true });
  await signIn(elsewhere, 'sue');
  assert.doesNotMatch(await elsewhere.textContent('main'), /comment from victims/);
  assert.equal((await elsewhere.goto(`${base}/survey/comments?unit=N1`)).status(), 403, 'another unit\'s comments are refused');
  await elsewhere.close();
  // The answers count in the survey: an officer is refused the list, the analyst sees the call.
  const officer = await browser.newPage({ bypassCSP: true });
  await signIn(officer, 'ann');
  assert.equal((await officer.goto(`${base}/quality-calls`)).status(), 403, 'officers make no quality calls');
  await officer.close();
  const other = await browser.newPage({ bypassCSP: true });
  await signIn(other, 'sue');
  assert.equal((await other.goto(`${base}/quality-calls/1/1`)).status(), 403, 'another sergeant cannot open the call');
  await other.close();
  const analyst = await browser.newPage({ bypassCSP: true });
  await signIn(analyst, 'ana');
  await analyst.goto(`${base}/survey`);
  assert.match(await analyst.textContent('main'), /9 responses/, 'the year\'s eight imported and the call');
  await analyst.close();
});

test('the measures: an analyst rolls them up and reads a measure as a chart and a table', async () => {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width, height: 900 } });
    await signIn(page, 'ana');
    await page.goto(`${base}/measures`);
    assert.equal(await page.textContent('h1'), "Victims' Code duties met on time");
    if (width === 1280) {
      assert.match(await page.textContent('main'), /not yet rolled up/);
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Roll up this month and last now")')]);
      assert.match(await page.textContent('.govuk-notification-banner'), /rolled up afresh/);
      assert.match(await page.textContent('main'), /Figures rolled up \d{4}-\d\d-\d\dT/);
    }
    await check(page, `the measures page at ${width} px`);
    // The sergeant's review of 83% and the survey's follow-up answers, by the unit's BCU.
    await page.goto(`${base}/measures?measure=dip_sample_score&by=unit`);
    assert.equal(await page.textContent('h1'), 'Dip-sample score');
    assert.equal(await page.textContent('tbody tr:first-child td[data-label="N1"]'), '83.0% (83 of 100)');
    assert.equal(await page.locator('svg.cf-chart circle').count(), 1, 'one month reviewed: one point');
    await page.goto(`${base}/measures?measure=satisfaction_follow_up&by=bcu`);
    // The eight imported this month (six satisfied) and the call (fairly dissatisfied).
    assert.equal(await page.textContent('tbody tr:first-child td[data-label="North BCU"]'), '66.7% (6 of 9)');
    await check(page, `a satisfaction measure at ${width} px`);
    await shot(page, `measures-${width}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/measures.csv"]')]);
    const csv = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(csv).toString('utf8');
    assert.match(text, /^month,group,measure,numerator,denominator,rate\r\n/);
    assert.match(text, new RegExp(`${month},North BCU,satisfaction_follow_up,6,9,0\\.6667`));
    const [workbook] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/measures.xlsx"]')]);
    assert.equal(workbook.suggestedFilename(), `measures-bcu-to-${month}.xlsx`);
    const [report] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/measures.pdf"]')]);
    assert.equal(report.suggestedFilename(), `measures-bcu-${month}.pdf`);
    const pdf = Buffer.concat(await (await report.createReadStream()).toArray());
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    await page.close();
  }
  const sergeant = await browser.newPage({ bypassCSP: true });
  await signIn(sergeant, 'sam');
  await sergeant.goto(`${base}/measures`);
  assert.equal(await sergeant.locator('button:has-text("Roll up")').count(), 0, 'sergeants read the measures, the worker and analysts roll them up');
  await sergeant.close();
  const officer = await browser.newPage({ bypassCSP: true });
  await signIn(officer, 'ann');
  assert.equal((await officer.goto(`${base}/measures`)).status(), 403, 'officers do not see the measures');
  await officer.close();
});
