// The web console in headless Chromium, against a Stowage that ConsoleTest filled with data.
// One browser for everything: an administrator's context with two tabs (one watches the queues
// while the other acts), then a read-only user's context.
//
//   node console.js ORIGIN ADMIN_TOKEN USER_TOKEN CHROMIUM SHOTS_DIR IMAGE RUNNING_JOB LAMP HOSTILE_PROGRAM HOSTILE_JOB TEMPLATE EXPORT
//
// Prints one JSON line on stdout: {"csp", "bulkMatched", "liveCounts", "liveMode",
// "thumbnailWidth", "readOnlyButtons", "readOnlyPause", "readOnlyBulk", "xssShown", "dialogs",
// "pageErrors", "enqueued", "fromTemplate", "importReport",
// "settingsSaved", "settingsStatus", "settingsType", "settingsDetail", "errorShowsDetail", "tabStops",
// "tabReachedNav", "tabReachedPause", "hiddenEventRequests", "hiddenEvents", "hiddenPending",
// "resumedLastEventId", "deleteAsksFirst", "deletesAfterCancel", "deleteRequests", "unlabelled"};
// exits 1 with the failed step on stderr.
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const [origin, adminToken, userToken, executablePath, shotsDir, imageFile, runningJob, lampId, hostileProgram, hostileJob,
  templateName, exportFile] = process.argv.slice(2);
if (!exportFile) {
  console.error('usage: node console.js ORIGIN ADMIN_TOKEN USER_TOKEN CHROMIUM SHOTS_DIR IMAGE RUNNING_JOB LAMP HOSTILE_PROGRAM HOSTILE_JOB TEMPLATE EXPORT');
  process.exit(2);
}
const XSS_SCRIPT = "<script>alert('xss-script')</script>";
const XSS_IMG = "<img src=x onerror=alert('xss-img')>";
const ACTION_WORDS = /^(Pause|Resume|Retry|Cancel|Delete|Restore|Upload image|Enqueue|Import|Create backup|Rotate|Save settings|Preview rotation)\b/;

const out = { dialogs: 0, pageErrors: 0 };
const problems = [];
let step = 'start';

function watch(page, name) {
  page.on('dialog', async (d) => {
    out.dialogs++;
    problems.push(`${name}: a ${d.type()} dialog opened: ${d.message()}`);
    await d.dismiss();
  });
  page.on('pageerror', (e) => {
    out.pageErrors++;
    problems.push(`${name}: page error: ${e.message}`);
  });
  page.on('console', (m) => {
    // A refused API call is logged by Chromium as a failed resource; that is the server's answer,
    // shown by the console. Anything else at error level (a CSP violation, a script error) counts.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) {
      out.pageErrors++;
      problems.push(`${name}: console error: ${m.text()}`);
    }
  });
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
}

async function signIn(page, token) {
  await page.goto(`${origin}/console/`);
  await page.fill('#token', token);
  await page.click('form.signin button[type=submit]');
  await page.waitForSelector('body[data-role]');
}

async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
}

async function count(page, queue, state) {
  return page.locator(`section[data-queue="${queue}"] .count[data-state="${state}"] dd`).textContent();
}

async function confirmDialog(page) {
  await page.waitForSelector('dialog#confirm[open]');
  const text = await page.textContent('#confirm-text');
  await page.click('#confirm-yes');
  return text;
}

async function textShown(page, text) {
  await page.getByText(text, { exact: false }).first().waitFor({ state: 'visible' });
  return true;
}

// Lines of Playwright's accessibility snapshot of main for a control or button without a name.
async function unlabelled(page, screen) {
  const snapshot = await page.locator('main').ariaSnapshot();
  return snapshot.split('\n')
    .filter((l) => /^\s*- (textbox|searchbox|combobox|spinbutton|checkbox|radio|slider|switch|button)\b(?!\s+")/.test(l))
    .map((l) => `${screen}: ${l.trim()}`);
}

// What has the focus, and whether it is drawn with a visible outline.
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      name: `${el.tagName.toLowerCase()} ${(el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40)}`,
      outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
      id: el.id,
    };
  });
}

async function dialogClosed(page) {
  await page.waitForFunction(() => !document.getElementById('confirm').open);
}

async function main() {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    admin.setDefaultTimeout(30000);

    step = 'sign in';
    const watcher = watch(await admin.newPage(), 'watcher');
    const answer = await watcher.goto(`${origin}/console`);
    out.csp = answer.headers()['content-security-policy'] || '';
    await watcher.waitForSelector('#token');
    await shot(watcher, 'signin');
    await watcher.fill('#token', adminToken);
    await watcher.click('form.signin button[type=submit]');
    await watcher.waitForSelector('body[data-role="admin"]');
    if (await watcher.evaluate(() => location.href.includes('token') || document.cookie !== '')) {
      throw new Error('the token went into the URL or a cookie');
    }

    step = 'queues';
    await watcher.waitForFunction(() => document.querySelector('section[data-queue="mail"] .count[data-state="failed"] dd')
      && document.querySelector('section[data-queue="mail"] .count[data-state="failed"] dd').textContent === '530');
    await watcher.waitForSelector('section[data-queue="mail"] .chart-box > *');
    await shot(watcher, 'queues');

    step = 'filter jobs';
    const actor = watch(await admin.newPage(), 'actor');
    await signIn(actor, adminToken);
    await go(actor, '#/jobs');
    await actor.waitForSelector('form.filters');
    await actor.fill('form.filters input[name=queue]', 'mail');
    await actor.fill('form.filters input[name=type]', 'send');
    await actor.selectOption('form.filters select[name=state]', 'failed');
    await actor.click('form.filters button[type=submit]');
    await actor.waitForFunction(() => location.hash.includes('state=failed')
      && document.querySelectorAll('table.list tbody tr[data-state="failed"]').length === 50);
    const states = await actor.$$eval('table.list tbody tr', (rows) => rows.map((r) => r.dataset.state));
    if (states.some((s) => s !== 'failed')) throw new Error(`filtered rows in other states: ${states}`);
    await actor.click('text=Next page');
    await actor.waitForFunction(() => document.querySelector('.muted[aria-live]')
      && document.querySelector('.muted[aria-live]').textContent.startsWith('Page 2'));
    await shot(actor, 'jobs');

    step = 'cancel a running job';
    await go(actor, `#/jobs/${runningJob}`);
    await actor.waitForSelector('.job [data-state="running"]');
    await actor.waitForSelector('.job progress');
    await shot(actor, 'job');
    await actor.click('button[data-action="cancel"]');
    await confirmDialog(actor);
    await actor.waitForSelector('.job [data-state="cancelled"]');

    step = 'hostile job payload';
    await go(actor, `#/jobs/${hostileJob}`);
    await textShown(actor, XSS_SCRIPT);
    await textShown(actor, XSS_IMG);
    if (await actor.$('.job script, .job img')) throw new Error('the job payload became markup');

    step = 'program diff and restore';
    await go(actor, '#/programs');
    await actor.waitForSelector(`tr[data-program="${lampId}"]`);
    await shot(actor, 'programs');
    await go(actor, `#/programs/${lampId}`);
    await actor.waitForSelector('tr[data-version="1"]');
    await actor.click('tr[data-version="1"] button:has-text("Diff with current")');
    await actor.waitForSelector('table.diff tr.changed');
    const changed = await actor.$$eval('table.diff tr.changed, table.diff tr.added', (rows) => rows.map((r) => r.textContent));
    if (!changed.some((t) => t.includes('"brightness": 10') && t.includes('"brightness": 80'))) {
      throw new Error(`the diff does not pair the brightness lines: ${JSON.stringify(changed)}`);
    }
    if (!changed.some((t) => t.includes('"mode": "night"'))) throw new Error('the diff misses the added line');
    await shot(actor, 'program-diff');
    await actor.click('tr[data-version="1"] button[data-action="restore"]');
    await confirmDialog(actor);
    await actor.waitForFunction(() => document.querySelector('dd[data-field="version"]')
      && document.querySelector('dd[data-field="version"]').textContent === '3');

    step = 'upload an image';
    await actor.setInputFiles('form[aria-label="Upload a new image"] input[type=file]', imageFile);
    await actor.click('form[aria-label="Upload a new image"] button[type=submit]');
    await actor.waitForFunction(() => {
      const img = document.querySelector('img.thumbnail');
      return img && img.complete && img.naturalWidth > 0;
    });
    out.thumbnailWidth = await actor.$eval('img.thumbnail', (img) => img.naturalWidth);
    await shot(actor, 'program-image');

    step = 'hostile program config';
    await go(actor, `#/programs/${hostileProgram}`);
    await textShown(actor, XSS_SCRIPT);
    await textShown(actor, `described as ${XSS_IMG}`);
    if (await actor.$('main script, .json img, .description img')) throw new Error('the program config became markup');

    step = 'backups';
    await go(actor, '#/backups');
    await actor.waitForSelector('form[aria-label="Create a backup"]');
    await actor.fill('form[aria-label="Create a backup"] input', 'from-console');
    await actor.click('form[aria-label="Create a backup"] button[type=submit]');
    await actor.waitForSelector('tr[data-status="complete"] button[data-action="verify"]');
    await actor.click('tr[data-status="complete"] button[data-action="verify"]');
    await actor.waitForFunction(() => /verified: ok/.test(document.querySelector('.result').textContent));
    await actor.waitForFunction(() => /^ok /.test(document.querySelector('tr[data-status="complete"] td.verify').textContent));
    await actor.fill('form[aria-label="Rotation rules"] input[type=number]', '1');
    await actor.click('form[aria-label="Rotation rules"] button[type=submit]');
    await actor.waitForFunction(() => /Would keep 1 and delete 0/.test(document.querySelector('.rotation').textContent));
    await shot(actor, 'backups');

    step = 'read-only token';
    const user = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    user.setDefaultTimeout(30000);
    const reader = watch(await user.newPage(), 'reader');
    await signIn(reader, userToken);
    await reader.waitForSelector('body[data-role="user"]');
    const screens = await reader.$$eval('#nav a', (links) => links.map((a) => a.dataset.screen));
    if (screens.includes('jobs') || screens.includes('backups')) throw new Error(`a read-only token sees ${screens}`);
    let buttons = 0;
    const countActions = async () => {
      const texts = await reader.$$eval('main button', (bs) => bs.filter((b) => !b.hidden).map((b) => b.textContent));
      buttons += texts.filter((t) => ACTION_WORDS.test(t)).length;
    };
    // the queues the token may read, with their counts, and no action
    await reader.waitForFunction(() => {
      const dd = document.querySelector('section[data-queue="mail"] .count[data-state="failed"] dd');
      return dd && dd.textContent !== '';
    });
    await countActions();
    await go(reader, '#/documents');
    await textShown(reader, `note ${XSS_IMG}`);
    await countActions();
    await shot(reader, 'read-only');
    await go(reader, `#/programs/${lampId}`);
    await reader.waitForSelector('tr[data-version="1"]');
    await countActions();
    out.readOnlyButtons = buttons;
    const refused = await reader.evaluate(async () => {
      const auth = { Authorization: `Bearer ${sessionStorage.getItem('stowage.token')}`, 'Content-Type': 'application/json' };
      const pause = await fetch('/api/v1/queues/mail/pause', { method: 'POST', headers: auth });
      const bulk = await fetch('/api/v1/jobs/bulk?dryRun=true', {
        method: 'POST', headers: auth, body: JSON.stringify({ action: 'delete', filter: { queue: 'mail' } }),
      });
      return { pause: pause.status, bulk: bulk.status };
    });
    out.readOnlyPause = refused.pause;
    out.readOnlyBulk = refused.bulk;

    step = 'sign out';
    await reader.click('#sign-out');
    await reader.waitForSelector('#token');
    if (await reader.evaluate(() => sessionStorage.getItem('stowage.token') !== null)) throw new Error('sign-out kept the token');

    // What needs the console API of issue 14 (search, bulk actions, the stream, documents of
    // any owner) comes last, so that a failure there leaves the rest already shown.
    step = 'search jobs';
    await go(actor, '#/jobs');
    await actor.waitForSelector('form.filters input[name=q]');
    await actor.fill('form.filters input[name=queue]', '');
    await actor.fill('form.filters input[name=type]', '');
    await actor.selectOption('form.filters select[name=state]', '');
    await actor.fill('form.filters input[name=q]', hostileJob);
    await actor.click('form.filters button[type=submit]');
    await actor.waitForFunction((id) => {
      const rows = document.querySelectorAll('table.list tbody tr');
      return rows.length === 1 && rows[0].dataset.job === id;
    }, hostileJob);

    step = 'bulk retry';
    await go(actor, '#/jobs?queue=mail&type=send&state=failed');
    await actor.waitForFunction(() => document.querySelectorAll('table.list tbody tr[data-state="failed"]').length === 50);
    await actor.click('button[data-action="retry-matching"]');
    const question = await confirmDialog(actor);
    out.bulkMatched = (question.match(/\d+/) || ['?'])[0];
    await actor.waitForFunction(() => /500 matched, 500 changed/.test(document.querySelector('.result').textContent));
    // the other tab was never reloaded: its counts came over the live stream (or its polling)
    await watcher.waitForFunction(() => {
      const c = (s) => document.querySelector(`section[data-queue="mail"] .count[data-state="${s}"] dd`).textContent;
      return c('failed') === '30' && c('pending') === '500';
    });
    out.liveCounts = `${await count(watcher, 'mail', 'failed')}/${await count(watcher, 'mail', 'pending')}`;
    out.liveMode = await watcher.evaluate(() => window.stowageConsole.liveMode);

    step = 'documents (administrator)';
    await go(actor, '#/documents?owner=ana');
    await textShown(actor, `note ${XSS_IMG}`);
    await actor.fill('form.filters input[name=q]', 'nothing like it');
    await actor.click('form.filters button[type=submit]');
    await actor.waitForSelector('text=No documents.');
    await actor.fill('form.filters input[name=q]', 'note <img');
    await actor.click('form.filters button[type=submit]');
    await textShown(actor, `note ${XSS_IMG}`);
    // another owner's document: the server would refuse its delete, so none is offered
    if (await actor.getByRole('button', { name: /^Delete/ }).count() !== 0) throw new Error('a Delete for another owner\'s document');
    await shot(actor, 'documents');


    step = 'labelled controls';
    // every input, select and button of every administrator's screen has an accessible name
    const unnamed = [];
    const labelScreens = [
      ['#/queues', 'form[aria-labelledby="enqueue-title"] select option + option'],
      ['#/jobs', 'table.list tbody tr input[type=checkbox]'],
      ['#/documents?owner=ana', 'table.list tbody tr'],
      ['#/programs', 'table.list tbody tr'],
      [`#/programs/${lampId}`, 'tr[data-version="1"]'],
      ['#/backups', 'tr[data-status="complete"]'],
    ];
    for (const [hash, ready] of labelScreens) {
      await go(actor, hash);
      await actor.waitForSelector(ready, { state: 'attached' });
      unnamed.push(...await unlabelled(actor, hash));
    }
    if (unnamed.length) throw new Error(`controls without an accessible name:\n${unnamed.join('\n')}`);
    out.unlabelled = unnamed.length;

    step = 'enqueue a job';
    await go(actor, '#/queues');
    const enqueue = actor.getByRole('form', { name: 'Enqueue a job' });
    await enqueue.getByLabel('Queue', { exact: true }).fill('e2e');
    await enqueue.getByLabel('Type', { exact: true }).fill('hello');
    await enqueue.getByLabel('Payload (JSON)').fill('{"greeting":"hi"}');
    await enqueue.getByRole('button', { name: 'Enqueue' }).click();
    const enqueuedLink = actor.locator('section.panel .result a');
    await enqueuedLink.waitFor();
    out.enqueued = await enqueuedLink.textContent();

    step = 'enqueue from a template';
    await enqueue.getByLabel('Template').selectOption(templateName);
    await enqueue.getByLabel('Queue', { exact: true }).fill('');
    await enqueue.getByLabel('Type', { exact: true }).fill('');
    await enqueue.getByLabel('Payload (JSON)').fill('{}');
    await enqueue.getByRole('button', { name: 'Enqueue' }).click();
    await actor.waitForFunction((first) => {
      const a = document.querySelector('section.panel .result a');
      return a && a.textContent !== first;
    }, out.enqueued);
    out.fromTemplate = await enqueuedLink.textContent();
    await actor.waitForSelector('section[data-queue="e2e"] .count[data-state="pending"] dd');
    await shot(actor, 'enqueue');

    step = 'queue settings';
    const mail = actor.locator('section[data-queue="mail"]');
    await mail.locator('summary').click();
    await mail.getByLabel('Max concurrency').fill('3');
    await mail.getByLabel('Lease duration').fill('PT45S');
    const saved = actor.waitForResponse((r) => r.url().endsWith('/api/v1/queues/mail/settings') && r.request().method() === 'PUT');
    await mail.getByRole('button', { name: 'Save settings' }).click();
    out.settingsSaved = (await saved).status();

    step = 'an API error shows its detail';
    await mail.getByLabel('Lease duration').fill('forever');
    await mail.getByRole('button', { name: 'Save settings' }).click();
    await actor.waitForSelector('#error:not([hidden])');
    const shown = await actor.textContent('#error');
    const problem = await actor.evaluate(async () => {
      const res = await fetch('/api/v1/queues/mail/settings', {
        method: 'PUT',
        headers: { Authorization: `Bearer ${sessionStorage.getItem('stowage.token')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ leaseDuration: 'forever' }),
      });
      return { status: res.status, type: res.headers.get('Content-Type'), detail: (await res.json()).detail };
    });
    out.settingsStatus = problem.status;
    out.settingsType = problem.type;
    out.settingsDetail = String(problem.detail).replace(/"/g, "'");
    out.errorShowsDetail = typeof problem.detail === 'string' && problem.detail !== '' && shown.includes(problem.detail);
    await shot(actor, 'queue-settings-error');
    await mail.getByLabel('Lease duration').fill('PT45S');

    step = 'keyboard: Tab to a queue and pause it';
    await actor.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
    const tabbed = [];
    const noOutline = [];
    out.tabReachedPause = false;
    for (let i = 0; i < 100; i++) {
      await actor.keyboard.press('Tab');
      const f = await focused(actor);
      if (!f) continue;
      tabbed.push(f.name);
      if (!f.outlined) noOutline.push(f.name);
      if (await actor.evaluate(() => document.activeElement.closest('section[data-queue="mail"]') !== null
        && document.activeElement.textContent === 'Pause')) {
        out.tabReachedPause = true;
        break;
      }
    }
    if (noOutline.length) throw new Error(`focus without a visible outline on: ${noOutline.join(', ')}`);
    out.tabStops = tabbed.length;
    out.tabReachedNav = tabbed.includes('a Jobs') && tabbed.includes('a Programs');
    await actor.keyboard.press('Enter');
    await mail.locator('h2 .badge', { hasText: 'paused' }).waitFor();
    await shot(actor, 'queue-paused');
    await mail.getByRole('button', { name: 'Resume' }).click();
    await mail.locator('h2 .badge', { hasText: 'running' }).waitFor();

    step = 'live stream paused while hidden';
    const eventRequests = [];
    watcher.on('request', (r) => {
      if (r.url().includes('/api/v1/events')) eventRequests.push(r.headers()['last-event-id'] || '');
    });
    const setHidden = (hidden) => watcher.evaluate((h) => {
      if (h) {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      } else {
        delete document.hidden;
        delete document.visibilityState;
      }
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
    await setHidden(true);
    const eventsWhenHidden = await watcher.evaluate(() => window.stowageConsole.events);
    const pendingBefore = Number(await count(watcher, 'e2e', 'pending'));
    // a change while the watcher is hidden: the actor's own stream shows it
    await enqueue.getByLabel('Template').selectOption('');
    await enqueue.getByLabel('Queue', { exact: true }).fill('e2e');
    await enqueue.getByLabel('Type', { exact: true }).fill('hello');
    await enqueue.getByRole('button', { name: 'Enqueue' }).click();
    await actor.waitForFunction((n) => Number(document.querySelector('section[data-queue="e2e"] .count[data-state="pending"] dd')
      .textContent) === n, pendingBefore + 1);
    await shot(watcher, 'hidden-tab');
    out.hiddenEventRequests = eventRequests.length;
    out.hiddenEvents = (await watcher.evaluate(() => window.stowageConsole.events)) - eventsWhenHidden;
    out.hiddenPending = Number(await count(watcher, 'e2e', 'pending')) - pendingBefore;
    await setHidden(false);
    await watcher.waitForFunction((n) => Number(document.querySelector('section[data-queue="e2e"] .count[data-state="pending"] dd')
      .textContent) === n, pendingBefore + 1);
    out.resumedLastEventId = eventRequests[0];

    step = 'import a localStorage export';
    await go(actor, '#/programs');
    const importForm = actor.getByRole('region', { name: 'Import a localStorage export' });
    await importForm.getByLabel('localStorage export (JSON)').setInputFiles(exportFile);
    await importForm.getByRole('button', { name: 'Import' }).click();
    await actor.waitForSelector('.import-report');
    out.importReport = await actor.textContent('.import-report');
    // the list shows what came in without a reload
    await actor.waitForSelector('table.list tr:has-text("Bottle Cap Inspection")');
    await shot(actor, 'program-import');

    step = 'delete a document, cancelled twice then confirmed by keyboard';
    let deletes = 0;
    actor.on('request', (r) => { if (r.method() === 'DELETE' && r.url().includes('/api/v1/documents/')) deletes++; });
    await go(actor, '#/documents');
    const deleteNote = actor.getByRole('button', { name: 'Delete old report' });
    const dialog = actor.getByRole('dialog', { name: 'Are you sure?' });
    await deleteNote.click();
    await dialog.waitFor();
    out.deleteAsksFirst = /cannot be undone/.test(await actor.textContent('#confirm-text'));
    await shot(actor, 'document-delete-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialogClosed(actor);
    await deleteNote.click();
    await dialog.waitFor();
    const onOpen = await focused(actor);
    if (onOpen.id !== 'confirm-no') throw new Error(`the dialog opened with the focus on ${onOpen.name}`);
    await actor.keyboard.press('Escape');
    await dialogClosed(actor);
    // both refusals: the document is still listed and nothing was asked of the server
    await deleteNote.waitFor();
    out.deletesAfterCancel = deletes;
    await deleteNote.click();
    await dialog.waitFor();
    await actor.keyboard.press('Tab');
    const yes = await focused(actor);
    if (yes.id !== 'confirm-yes' || !yes.outlined) throw new Error(`Tab in the dialog went to ${JSON.stringify(yes)}`);
    const deleted = actor.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes('/api/v1/documents/'));
    await actor.keyboard.press('Enter');
    await dialogClosed(actor);
    const deleteStatus = (await deleted).status();
    if (deleteStatus !== 204) throw new Error(`the delete answered ${deleteStatus}: ${await actor.textContent('#error')}`);
    await actor.waitForFunction(() => !document.querySelector('table.list tbody tr') && /No documents\./.test(document.querySelector('main').textContent))
      .catch(async (e) => {
        throw new Error(`the list still shows ${await actor.locator('main').textContent()} / error: ${await actor.textContent('#error')} (${e.message})`);
      });
    out.deleteRequests = deletes;
    await shot(actor, 'document-deleted');

    out.xssShown = true;
    await user.close();
    await admin.close();
  } finally {
    await browser.close();
  }
  if (problems.length) console.error(problems.join('\n'));
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  console.error(`step "${step}" failed: ${e.stack || e}`);
  if (problems.length) console.error(problems.join('\n'));
  process.exit(1);
});
