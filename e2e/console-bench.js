// The console's first page render with many jobs in the store (run by the "console-render" benchmark of
// stowage-bench.jar, which fills the store first): times in the page, from the navigation or the
// hash change to the 50 rows of the jobs screen in the DOM, beside the bare fetch of the same page
// of the API from the same page. Not a test: nothing here asserts on time.
//
//   node console-bench.js ORIGIN TOKEN CHROMIUM RUNS FILTER_QUEUE
//
// Prints one JSON line: {"coldMs": [...], "hashMs": [...], "filteredMs": [...], "fetchMs": [...]}.
'use strict';
const { chromium } = require('playwright-core');

const [origin, token, executablePath, runsText, queue] = process.argv.slice(2);
if (!queue) {
  console.error('usage: node console-bench.js ORIGIN TOKEN CHROMIUM RUNS FILTER_QUEUE');
  process.exit(2);
}
const runs = Number(runsText);
const ROWS = 'table.list tbody tr';

async function rowsAt(page) {
  const handle = await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 50 && performance.now(),
    ROWS, { polling: 'raf', timeout: 120000 });
  return handle.jsonValue();
}

/** Sets the hash and returns the milliseconds until the jobs table has its 50 rows. */
async function afterHash(page, hash) {
  await page.evaluate(() => { location.hash = '#/queues'; });
  await page.waitForSelector('main[data-screen="queues"]');
  const t0 = await page.evaluate((h) => {
    const t = performance.now();
    location.hash = h;
    return t;
  }, hash);
  return (await rowsAt(page)) - t0;
}

async function main() {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const result = { coldMs: [], hashMs: [], filteredMs: [], fetchMs: [] };
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/console/`);
    await page.fill('#token', token);
    await page.click('form.signin button[type=submit]');
    await page.waitForSelector('body[data-role="admin"]');
    for (let i = 0; i < runs; i++) {
      // a fresh load of the page straight onto the jobs screen (the token stays in the tab's session)
      await page.goto(`${origin}/console/#/jobs`);
      result.coldMs.push(await rowsAt(page));
      result.hashMs.push(await afterHash(page, '#/jobs'));
      result.filteredMs.push(await afterHash(page, `#/jobs?queue=${encodeURIComponent(queue)}`));
      result.fetchMs.push(await page.evaluate(async () => {
        const t0 = performance.now();
        const res = await fetch('/api/v1/jobs?limit=50', { headers: { Authorization: `Bearer ${sessionStorage.getItem('stowage.token')}` } });
        await res.json();
        return performance.now() - t0;
      }));
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
