// The few browser operations the console scenario needs, the same on two engines: Debian's
// Chromium driven by playwright-core, Debian's Firefox ESR driven by puppeteer-core over
// WebDriver BiDi (playwright-core drives only its own patched Firefox, which cannot be downloaded
// here). No browser is downloaded either way: each is started from its executablePath.
//
// A target is a CSS selector, an accessible role and name ({ role, name }), or an array of these,
// each one looked up inside the previous one (a name alone would not do: Firefox gives a <label>
// wrapping its control the control's name too). Role and name come from the browser's own accessibility tree on both engines
// (Playwright's role engine, Puppeteer's ARIA query handler), exact and case-sensitive.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const ENGINES = ['chromium', 'firefox'];
const TIMEOUT = 30000;

// Roles of the controls that must have an accessible name.
const CONTROL_ROLES = ['textbox', 'searchbox', 'combobox', 'spinbutton', 'checkbox', 'radio', 'slider', 'switch', 'button'];

async function launch(engine, executablePath) {
  if (engine === 'chromium') return launchChromium(executablePath);
  if (engine === 'firefox') return launchFirefox(executablePath);
  throw new Error(`unknown engine ${engine}: one of ${ENGINES.join(', ')}`);
}

const parts = (target) => (Array.isArray(target) ? target : [target]);

// What Playwright's and Puppeteer's pages spell alike: scripts in the page, screenshots, and the
// page's requests, answers, dialogs and errors.
function common(page) {
  return {
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    evalAll: (selector, fn) => page.$$eval(selector, fn),
    screenshot: (file) => page.screenshot({ path: file, fullPage: true }),
    async waitForResponse(test) {
      const r = await page.waitForResponse((res) => test(res.url(), res.request().method()));
      return r.status();
    },
    onRequest: (listener) => page.on('request', (r) => listener(r.url(), r.method(), r.headers())),
    onDialog: (listener) => page.on('dialog', async (d) => { listener(d.type(), d.message()); await d.dismiss(); }),
    onPageError: (listener) => page.on('pageerror', (e) => listener(e.message)),
    onConsoleError: (listener) => page.on('console', (m) => { if (m.type() === 'error') listener(m.text()); }),
  };
}

// ---- Chromium, with playwright-core

async function launchChromium(executablePath) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return {
    engine: 'chromium',
    version: browser.version(),
    async newContext() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(TIMEOUT);
      return {
        newPage: async () => playwrightPage(await context.newPage()),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

function playwrightPage(page) {
  const locate = (target) => parts(target).reduce((scope, p) => {
    if (typeof p === 'string') return scope.locator(p);
    return scope.getByRole(p.role, { name: p.name, exact: true });
  }, page).first();
  return {
    async goto(url) {
      const answer = await page.goto(url);
      return { header: (name) => answer.headers()[name.toLowerCase()] };
    },
    fill: (target, value) => locate(target).fill(value),
    click: (target) => locate(target).click(),
    select: (target, value) => locate(target).selectOption(value),
    setFiles: (target, file) => locate(target).setInputFiles(file),
    waitFor: (target, state = 'visible') => locate(target).waitFor({ state }),
    exists: async (target) => (await locate(target).count()) > 0,
    text: (target) => locate(target).textContent(),
    ...common(page),
    waitForFunction: (fn, arg) => page.waitForFunction(fn, arg),
    press: (key) => page.keyboard.press(key),
    // Lines of the accessibility snapshot of `selector` for a control without a name.
    async unnamedControls(selector) {
      const snapshot = await page.locator(selector).ariaSnapshot();
      const control = new RegExp(`^\\s*- (${CONTROL_ROLES.join('|')})\\b(?!\\s+")`);
      return snapshot.split('\n').filter((l) => control.test(l)).map((l) => l.trim());
    },
  };
}

// ---- Firefox, with puppeteer-core over WebDriver BiDi

async function launchFirefox(executablePath) {
  // puppeteer-core is an ES module
  const { default: puppeteer } = await import('puppeteer-core');
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-e2e-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    // no update checks, telemetry or first-run pages: nothing but the console on the network
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      // a download (the console's document download) goes to a folder removed at the end, never a dialog
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
    },
  });
  // Firefox shows one tab of a window at a time and hides the others (visibilityState 'hidden',
  // which pauses the console's stream): each page gets a window of its own, so that every page
  // stays visible as it does in Playwright's Chromium. Keyboard input goes to the focused window:
  // the page being typed or clicked in is brought to the front first.
  const focus = { page: null };
  return {
    engine: 'firefox',
    version: await browser.version(),
    async newContext() {
      const context = await browser.createBrowserContext();
      return {
        async newPage() {
          const page = await context.newPage({ type: 'window' });
          focus.page = page;
          page.setDefaultTimeout(TIMEOUT);
          await page.setViewport({ width: 1280, height: 900 });
          return puppeteerPage(page, focus);
        },
        close: () => context.close(),
      };
    },
    async close() {
      try {
        await browser.close();
      } finally {
        fs.rmSync(downloads, { recursive: true, force: true });
      }
    },
  };
}

// Puppeteer's ARIA selector: names in double quotes, with quotes and backslashes escaped.
const quoted = (s) => `"${String(s).replace(/[\\"]/g, (c) => `\\${c}`)}"`;

function puppeteerSelector(target) {
  return parts(target).map((p) => {
    if (typeof p === 'string') return p;
    return `::-p-aria([name=${quoted(p.name)}][role=${quoted(p.role)}])`;
  }).join(' ');
}

function puppeteerPage(page, focus) {
  const front = async () => {
    if (focus.page !== page) {
      await page.bringToFront();
      focus.page = page;
    }
  };
  const locate = (target) => page.locator(puppeteerSelector(target));
  const element = async (target) => {
    await front();
    return page.waitForSelector(puppeteerSelector(target));
  };
  return {
    async goto(url) {
      const answer = await page.goto(url);
      return { header: (name) => answer.headers()[name.toLowerCase()] };
    },
    fill: async (target, value) => { await front(); await locate(target).fill(value); },
    click: async (target) => { await front(); await locate(target).click(); },
    async select(target, value) {
      const el = await element(target);
      const picked = await el.select(value);
      if (!picked.includes(value)) throw new Error(`no option ${value} in ${puppeteerSelector(target)}`);
    },
    setFiles: async (target, file) => (await element(target)).uploadFile(file),
    async waitFor(target, state = 'visible') {
      await page.waitForSelector(puppeteerSelector(target), { visible: state === 'visible' });
    },
    exists: async (target) => (await page.$(puppeteerSelector(target))) !== null,
    text: async (target) => (await element(target)).evaluate((el) => el.textContent),
    ...common(page),
    waitForFunction: (fn, arg) => page.waitForFunction(fn, {}, arg),
    press: async (key) => { await front(); await page.keyboard.press(key); },
    // Controls inside `selector` whose accessible name, as Firefox computes it, is empty.
    async unnamedControls(selector) {
      const found = [];
      for (const role of CONTROL_ROLES) {
        for (const el of await page.$$(`${selector} ::-p-aria([name=""][role="${role}"])`)) {
          found.push(`${role} ${await el.evaluate((e) => e.outerHTML.slice(0, 80))}`);
        }
      }
      return found;
    },
  };
}

module.exports = { ENGINES, launch };
