// The web console in a headless browser, against a Stowage that ConsoleTest filled with data.
// One scenario for every engine (browsers.js: Chromium with playwright-core, Firefox with
// puppeteer-core). One browser for everything: an administrator's context with two tabs (one
// watches the queues while the other acts), then a read-only user's context.
//
//   node console.js ORIGIN ADMIN_TOKEN USER_TOKEN ENGINE BROWSER SHOTS_DIR IMAGE RUNNING_JOB LAMP HOSTILE_PROGRAM HOSTILE_JOB TEMPLATE EXPORT
//
// ENGINE is chromium or firefox, BROWSER its executable. Prints one JSON line on stdout:
// {"engine", "browserVersion", "csp", "bulkMatched", "liveCounts", "liveMode", "thumbnailWidth",
// "readOnlyButtons", "readOnlyPause", "readOnlyBulk", "xssShown", "dialogs", "pageErrors",
// "enqueued", "fromTemplate", "importReport", "settingsSaved", "settingsStatus", "settingsType",
// "settingsDetail", "errorShowsDetail", "tabStops", "tabReachedNav", "tabReachedPause",
// "hiddenEventRequests", "hiddenEvents", "hiddenPending", "resumedLastEventId", "deleteAsksFirst",
// "deletesAfterCancel", "deleteRequests", "unlabelled", "otherOwnerDownload", "otherOwnerDelete"};
// exits 1 with the failed step on stderr.
'use strict';
const path = require('path');
const { launch } = require('./browsers');

const [origin, adminToken, userToken, engine, executablePath, shotsDir, imageFile, runningJob, lampId, hostileProgram, hostileJob,
  templateName, exportFile] = process.argv.slice(2);
if (!exportFile) {
  console.error('usage: node console.js ORIGIN ADMIN_TOKEN USER_TOKEN ENGINE BROWSER SHOTS_DIR IMAGE RUNNING_JOB LAMP HOSTILE_PROGRAM HOSTILE_JOB TEMPLATE EXPORT');
  process.exit(2);
}
const XSS_SCRIPT = "<script>alert('xss-script')</script>";
const XSS_IMG = "<img src=x onerror=alert('xss-img')>";
const ACTION_WORDS = /^(Pause|Resume|Retry|Cancel|Delete|Restore|Upload image|Enqueue|Import|Create backup|Rotate|Save settings|Preview rotation)\b/;
const CONFIRM_DIALOG = { role: 'dialog', name: 'Are you sure?' };

const out = { engine, dialogs: 0, pageErrors: 0 };
const problems = [];
let step = 'start';

function watch(page, name) {
  page.onDialog((type, message) => {
    out.dialogs++;
    problems.push(`${name}: a ${type} dialog opened: ${message}`);
  });
  page.onPageError((message) => {
    out.pageErrors++;
    problems.push(`${name}: page error: ${message}`);
  });
  page.onConsoleError((text) => {
    // A refused API call is logged by Chromium as a failed resource; that is the server's answer,
    // shown by the console. Anything else at error level (a CSP violation, a script error) counts.
    if (!/Failed to load resource/.test(text)) {
      out.pageErrors++;
      problems.push(`${name}: console error: ${text}`);
    }
  });
  return page;
}

async function shot(page, name) {
  await page.screenshot(path.join(shotsDir, `${name}.png`));
}

async function signIn(page, token) {
  await page.goto(`${origin}/console/`);
  await page.fill('#token', token);
  await page.click('form.signin button[type=submit]');
  await page.waitFor('body[data-role]', 'attached');
}

async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
}

function count(page, queue, state) {
  return page.text(`section[data-queue="${queue}"] .count[data-state="${state}"] dd`);
}

async function confirmDialog(page) {
  await page.waitFor('dialog#confirm[open]');
  const text = await page.text('#confirm-text');
  await page.click('#confirm-yes');
  return text;
}

// Waits until `text` is part of the page's rendered text (innerText leaves out what is hidden).
async function textShown(page, text) {
  await page.waitForFunction((t) => document.body.innerText.includes(t), text);
  return true;
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

// The rows of the list on screen: no row and "No documents." once the last one is deleted.
async function listEmptied(page) {
  await page.waitForFunction(() => !document.querySelector('table.list tbody tr') && /No documents\./.test(document.querySelector('main').textContent))
    .catch(async (e) => {
      throw new Error(`the list still shows ${await page.text('main')} / error: ${await page.text('#error')} (${e.message})`);
    });
}

async function main() {
  const browser = await launch(engine, executablePath);
  out.browserVersion = browser.version;
  try {
    const admin = await browser.newContext();

    step = 'sign in';
    const watcher = watch(await admin.newPage(), 'watcher');
    const answer = await watcher.goto(`${origin}/console`);
    out.csp = answer.header('Content-Security-Policy') || '';
    await watcher.waitFor('#token');
    await shot(watcher, 'signin');
    await watcher.fill('#token', adminToken);
    await watcher.click('form.signin button[type=submit]');
    await watcher.waitFor('body[data-role="admin"]', 'attached');
    if (await watcher.evaluate(() => location.href.includes('token') || document.cookie !== '')) {
      throw new Error('the token went into the URL or a cookie');
    }

    step = 'queues';
    await watcher.waitForFunction(() => document.querySelector('section[data-queue="mail"] .count[data-state="failed"] dd')
      && document.querySelector('section[data-queue="mail"] .count[data-state="failed"] dd').textContent === '530');
    await watcher.waitFor('section[data-queue="mail"] .chart-box > *');
    await shot(watcher, 'queues');

    step = 'filter jobs';
    const actor = watch(await admin.newPage(), 'actor');
    await signIn(actor, adminToken);
    await go(actor, '#/jobs');
    await actor.waitFor('form.filters');
    await actor.fill('form.filters input[name=queue]', 'mail');
    await actor.fill('form.filters input[name=type]', 'send');
    await actor.select('form.filters select[name=state]', 'failed');
    await actor.click('form.filters button[type=submit]');
    await actor.waitForFunction(() => location.hash.includes('state=failed')
      && document.querySelectorAll('table.list tbody tr[data-state="failed"]').length === 50);
    const states = await actor.evalAll('table.list tbody tr', (rows) => rows.map((r) => r.dataset.state));
    if (states.some((s) => s !== 'failed')) throw new Error(`filtered rows in other states: ${states}`);
    await actor.click({ role: 'button', name: 'Next page' });
    await actor.waitForFunction(() => document.querySelector('.muted[aria-live]')
      && document.querySelector('.muted[aria-live]').textContent.startsWith('Page 2'));
    await shot(actor, 'jobs');

    step = 'cancel a running job';
    await go(actor, `#/jobs/${runningJob}`);
    await actor.waitFor('.job [data-state="running"]');
    await actor.waitFor('.job progress');
    await shot(actor, 'job');
    await actor.click('button[data-action="cancel"]');
    await confirmDialog(actor);
    await actor.waitFor('.job [data-state="cancelled"]');

    step = 'hostile job payload';
    await go(actor, `#/jobs/${hostileJob}`);
    await textShown(actor, XSS_SCRIPT);
    await textShown(actor, XSS_IMG);
    if (await actor.exists('.job script, .job img')) throw new Error('the job payload became markup');

    step = 'program diff and restore';
    await go(actor, '#/programs');
    await actor.waitFor(`tr[data-program="${lampId}"]`);
    await shot(actor, 'programs');
    await go(actor, `#/programs/${lampId}`);
    await actor.waitFor('tr[data-version="1"]');
    await actor.click(['tr[data-version="1"]', { role: 'button', name: 'Compare version 1 with the current one' }]);
    await actor.waitFor('table.diff tr.changed');
    const changed = await actor.evalAll('table.diff tr.changed, table.diff tr.added', (rows) => rows.map((r) => r.textContent));
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
    await actor.setFiles('form[aria-label="Upload a new image"] input[type=file]', imageFile);
    await actor.click('form[aria-label="Upload a new image"] button[type=submit]');
    await actor.waitForFunction(() => {
      const img = document.querySelector('img.thumbnail');
      return img && img.complete && img.naturalWidth > 0;
    });
    out.thumbnailWidth = await actor.evaluate(() => document.querySelector('img.thumbnail').naturalWidth);
    await shot(actor, 'program-image');

    step = 'hostile program config';
    await go(actor, `#/programs/${hostileProgram}`);
    await textShown(actor, XSS_SCRIPT);
    await textShown(actor, `described as ${XSS_IMG}`);
    if (await actor.exists('main script, .json img, .description img')) throw new Error('the program config became markup');

    step = 'backups';
    await go(actor, '#/backups');
    await actor.waitFor('form[aria-label="Create a backup"]');
    await actor.fill('form[aria-label="Create a backup"] input', 'from-console');
    await actor.click('form[aria-label="Create a backup"] button[type=submit]');
    await actor.waitFor('tr[data-status="complete"] button[data-action="verify"]');
    await actor.click('tr[data-status="complete"] button[data-action="verify"]');
    await actor.waitForFunction(() => /verified: ok/.test(document.querySelector('.result').textContent));
    await actor.waitForFunction(() => /^ok /.test(document.querySelector('tr[data-status="complete"] td.verify').textContent));
    await actor.fill('form[aria-label="Rotation rules"] input[type=number]', '1');
    await actor.click('form[aria-label="Rotation rules"] button[type=submit]');
    await actor.waitForFunction(() => /Would keep 1 and delete 0/.test(document.querySelector('.rotation').textContent));
    await shot(actor, 'backups');

    step = 'read-only token';
    const user = await browser.newContext();
    const reader = watch(await user.newPage(), 'reader');
    await signIn(reader, userToken);
    await reader.waitFor('body[data-role="user"]', 'attached');
    const screens = await reader.evalAll('#nav a', (links) => links.map((a) => a.dataset.screen));
    if (screens.includes('jobs') || screens.includes('backups')) throw new Error(`a read-only token sees ${screens}`);
    let buttons = 0;
    const countActions = async () => {
      const texts = await reader.evalAll('main button', (bs) => bs.filter((b) => !b.hidden).map((b) => b.textContent));
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
    await reader.waitFor('tr[data-version="1"]');
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
    await reader.waitFor('#token');
    if (await reader.evaluate(() => sessionStorage.getItem('stowage.token') !== null)) throw new Error('sign-out kept the token');

    // What needs the console API of issue 14 (search, bulk actions, the stream, documents of
    // any owner) comes last, so that a failure there leaves the rest already shown.
    step = 'search jobs';
    await go(actor, '#/jobs');
    await actor.waitFor('form.filters input[name=q]');
    await actor.fill('form.filters input[name=queue]', '');
    await actor.fill('form.filters input[name=type]', '');
    await actor.select('form.filters select[name=state]', '');
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
    await actor.waitForFunction(() => /No documents\./.test(document.querySelector('main').innerText));
    await actor.fill('form.filters input[name=q]', 'note <img');
    await actor.click('form.filters button[type=submit]');
    await textShown(actor, `note ${XSS_IMG}`);
    if (await actor.exists('table.list img, table.list script')) throw new Error('a document name became markup');
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
      await actor.waitFor(ready, 'attached');
      unnamed.push(...(await actor.unnamedControls('main')).map((l) => `${hash}: ${l}`));
    }
    if (unnamed.length) throw new Error(`controls without an accessible name:\n${unnamed.join('\n')}`);
    out.unlabelled = unnamed.length;

    step = 'enqueue a job';
    await go(actor, '#/queues');
    const enqueue = { role: 'form', name: 'Enqueue a job' };
    await actor.fill([enqueue, { role: 'textbox', name: 'Queue' }], 'e2e');
    await actor.fill([enqueue, { role: 'textbox', name: 'Type' }], 'hello');
    await actor.fill([enqueue, { role: 'textbox', name: 'Payload (JSON)' }], '{"greeting":"hi"}');
    await actor.click([enqueue, { role: 'button', name: 'Enqueue' }]);
    await actor.waitFor('section.panel .result a');
    out.enqueued = await actor.text('section.panel .result a');

    step = 'enqueue from a template';
    await actor.select([enqueue, { role: 'combobox', name: 'Template' }], templateName);
    await actor.fill([enqueue, { role: 'textbox', name: 'Queue' }], '');
    await actor.fill([enqueue, { role: 'textbox', name: 'Type' }], '');
    await actor.fill([enqueue, { role: 'textbox', name: 'Payload (JSON)' }], '{}');
    await actor.click([enqueue, { role: 'button', name: 'Enqueue' }]);
    await actor.waitForFunction((first) => {
      const a = document.querySelector('section.panel .result a');
      return a && a.textContent !== first;
    }, out.enqueued);
    out.fromTemplate = await actor.text('section.panel .result a');
    await actor.waitFor('section[data-queue="e2e"] .count[data-state="pending"] dd');
    await shot(actor, 'enqueue');

    step = 'queue settings';
    const mail = 'section[data-queue="mail"]';
    await actor.click(`${mail} summary`);
    await actor.fill([mail, { role: 'spinbutton', name: 'Max concurrency' }], '3');
    await actor.fill([mail, { role: 'textbox', name: 'Lease duration' }], 'PT45S');
    const saved = actor.waitForResponse((url, method) => url.endsWith('/api/v1/queues/mail/settings') && method === 'PUT');
    await actor.click([mail, { role: 'button', name: 'Save settings' }]);
    out.settingsSaved = await saved;

    step = 'an API error shows its detail';
    await actor.fill([mail, { role: 'textbox', name: 'Lease duration' }], 'forever');
    await actor.click([mail, { role: 'button', name: 'Save settings' }]);
    await actor.waitFor('#error:not([hidden])');
    const shown = await actor.text('#error');
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
    await actor.fill([mail, { role: 'textbox', name: 'Lease duration' }], 'PT45S');

    step = 'keyboard: Tab to a queue and pause it';
    // from the top of the page: after a blur Firefox goes on from where the focus was, and past the
    // last control of the page it leaves for the browser's own toolbar before coming back
    await actor.evaluate(() => {
      const skip = document.querySelector('a.skip');
      skip.focus();
      skip.blur();
      window.scrollTo(0, 0);
    });
    const tabbed = [];
    const noOutline = [];
    out.tabReachedPause = false;
    for (let i = 0; i < 100; i++) {
      await actor.press('Tab');
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
    if (!out.tabReachedPause) throw new Error(`Tab never reached the Pause of mail, only: ${tabbed.join(' | ')}`);
    out.tabStops = tabbed.length;
    out.tabReachedNav = tabbed.includes('a Jobs') && tabbed.includes('a Programs');
    await actor.press('Enter');
    await actor.waitForFunction((s) => [...document.querySelectorAll(`${s} h2 .badge`)].some((b) => b.textContent.includes('paused')), mail);
    await shot(actor, 'queue-paused');
    await actor.click([mail, { role: 'button', name: 'Resume' }]);
    await actor.waitForFunction((s) => [...document.querySelectorAll(`${s} h2 .badge`)].some((b) => b.textContent.includes('running')), mail);

    step = 'live stream paused while hidden';
    const eventRequests = [];
    watcher.onRequest((url, method, headers) => {
      if (url.includes('/api/v1/events')) eventRequests.push(headers['last-event-id'] || '');
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
    await actor.select([enqueue, { role: 'combobox', name: 'Template' }], '');
    await actor.fill([enqueue, { role: 'textbox', name: 'Queue' }], 'e2e');
    await actor.fill([enqueue, { role: 'textbox', name: 'Type' }], 'hello');
    await actor.click([enqueue, { role: 'button', name: 'Enqueue' }]);
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
    const importForm = { role: 'region', name: 'Import a localStorage export' };
    await actor.setFiles([importForm, 'input[type=file]'], exportFile);
    await actor.click([importForm, { role: 'button', name: 'Import' }]);
    await actor.waitFor('.import-report');
    out.importReport = await actor.text('.import-report');
    // the list shows what came in without a reload
    await actor.waitForFunction(() => [...document.querySelectorAll('table.list tr')].some((r) => r.textContent.includes('Bottle Cap Inspection')));
    await shot(actor, 'program-import');

    step = 'delete a document, cancelled twice then confirmed by keyboard';
    let deletes = 0;
    actor.onRequest((url, method) => { if (method === 'DELETE' && url.includes('/api/v1/documents/')) deletes++; });
    await go(actor, '#/documents');
    const deleteNote = { role: 'button', name: 'Delete old report' };
    await actor.click(deleteNote);
    await actor.waitFor(CONFIRM_DIALOG);
    out.deleteAsksFirst = /cannot be undone/.test(await actor.text('#confirm-text'));
    await shot(actor, 'document-delete-confirm');
    await actor.click([CONFIRM_DIALOG, { role: 'button', name: 'Cancel' }]);
    await dialogClosed(actor);
    await actor.click(deleteNote);
    await actor.waitFor(CONFIRM_DIALOG);
    const onOpen = await focused(actor);
    if (!onOpen || onOpen.id !== 'confirm-no') throw new Error(`the dialog opened with the focus on ${onOpen && onOpen.name}`);
    await actor.press('Escape');
    await dialogClosed(actor);
    // both refusals: the document is still listed and nothing was asked of the server
    await actor.waitFor(deleteNote);
    out.deletesAfterCancel = deletes;
    await actor.click(deleteNote);
    await actor.waitFor(CONFIRM_DIALOG);
    await actor.press('Tab');
    const yes = await focused(actor);
    if (!yes || yes.id !== 'confirm-yes' || !yes.outlined) throw new Error(`Tab in the dialog went to ${JSON.stringify(yes)}`);
    const deleted = actor.waitForResponse((url, method) => method === 'DELETE' && url.includes('/api/v1/documents/'));
    await actor.press('Enter');
    await dialogClosed(actor);
    const deleteStatus = await deleted;
    if (deleteStatus !== 204) throw new Error(`the delete answered ${deleteStatus}: ${await actor.text('#error')}`);
    await listEmptied(actor);
    out.deleteRequests = deletes;
    await shot(actor, 'document-deleted');

    step = 'another owner\'s document (administrator): download, then delete';
    await go(actor, '#/documents?owner=ana');
    const anaNote = `note ${XSS_IMG}`;
    const downloaded = actor.waitForResponse((url, method) => method === 'GET' && /\/api\/v1\/documents\/[^/]+\/content$/.test(url));
    await actor.click({ role: 'button', name: `Download ${anaNote}` });
    out.otherOwnerDownload = await downloaded;
    const deletedOther = actor.waitForResponse((url, method) => method === 'DELETE' && url.includes('/api/v1/documents/'));
    await actor.click({ role: 'button', name: `Delete ${anaNote}` });
    const asked = await confirmDialog(actor);
    if (!asked.includes('of ana')) throw new Error(`the confirmation does not name the owner: ${asked}`);
    out.otherOwnerDelete = await deletedOther;
    await listEmptied(actor);
    await shot(actor, 'document-other-owner-deleted');

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
