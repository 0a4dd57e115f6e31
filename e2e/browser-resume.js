// tus-js-client in headless Chromium, on a page of another origin than Stowage's: it uploads a
// file, is cut off a third of the way, then finds the upload it left (findPreviousUploads) and
// resumes it. A page of an origin Stowage does not allow must be refused by the browser.
//
//   node browser-resume.js STOWAGE_ORIGIN TOKEN PAGE_PORT CHROMIUM SIZE
//
// PAGE_PORT is the loopback port of the allowed page's origin (http://127.0.0.1:PAGE_PORT).
// Prints one JSON line on stdout: {"sha256", "size", "abortedAt", "resumedAt", "documentId",
// "refusedElsewhere"}.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const [stowage, token, pagePort, executablePath, size] = process.argv.slice(2);
if (!stowage || !token || !pagePort || !executablePath || !size) {
  console.error('usage: node browser-resume.js STOWAGE_ORIGIN TOKEN PAGE_PORT CHROMIUM SIZE');
  process.exit(2);
}
const bundle = fs.readFileSync(path.join(__dirname, 'node_modules', 'tus-js-client', 'dist', 'tus.min.js'));
const page = '<!doctype html><html><head><meta charset="utf-8"><title>upload</title>'
  + '<script src="/tus.min.js"></script></head><body>upload page</body></html>';

/** A page server: the page and the tus-js-client browser bundle, nothing else. */
function pageServer(port) {
  const server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    } else if (req.url === '/tus.min.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(port), '127.0.0.1', () => resolve(server));
  });
}

/** Runs in the page: upload, abort after a third, resume from the stored URL. */
async function uploadAndResume({ endpoint, token, size }) {
  const bytes = new Uint8Array(size);
  let x = 0x2545f491;
  for (let i = 0; i < size; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  const file = new File([bytes], 'browser.bin', { type: 'application/octet-stream' });
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  const options = {
    endpoint,
    chunkSize: 256 * 1024,
    headers: { Authorization: `Bearer ${token}` },
    metadata: { filename: 'browser.bin', filetype: 'application/octet-stream' },
    retryDelays: null,
  };

  const abortedAt = await new Promise((resolve, reject) => {
    let stopping = false;
    const first = new tus.Upload(file, {
      ...options,
      onError: reject,
      onSuccess: () => reject(new Error('the first attempt finished before it was cut off')),
      onChunkComplete(chunk, sent, total) {
        if (!stopping && sent >= total / 3) {
          stopping = true;
          first.abort().then(() => resolve(sent), reject);
        }
      },
    });
    first.start();
  });

  return new Promise((resolve, reject) => {
    let resumedAt = -1;
    const second = new tus.Upload(file, {
      ...options,
      onAfterResponse(req, res) {
        if (req.getMethod() === 'HEAD') {
          resumedAt = Number(res.getHeader('Upload-Offset'));
        }
      },
      onError: reject,
      onSuccess({ lastResponse }) {
        resolve({ sha256, size, abortedAt, resumedAt, documentId: lastResponse.getHeader('Stowage-Document-Id') });
      },
    });
    second.findPreviousUploads().then((previous) => {
      if (previous.length === 0) {
        reject(new Error('no previous upload was stored'));
        return;
      }
      second.resumeFromPreviousUpload(previous[0]);
      second.start();
    }, reject);
  });
}

/** Runs in a page of a disallowed origin: the browser must refuse Stowage's answer. */
async function tryFromElsewhere({ endpoint, token }) {
  try {
    await fetch(endpoint, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0', 'Upload-Length': '1' },
    });
    return false;
  } catch (e) {
    return e instanceof TypeError;
  }
}

(async () => {
  const allowed = await pageServer(pagePort);
  const elsewhere = await pageServer(0);
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run'],
  });
  try {
    const endpoint = `${stowage}/api/v1/uploads`;
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${pagePort}/`);
    const result = await tab.evaluate(uploadAndResume, { endpoint, token, size: Number(size) });
    const other = await browser.newPage();
    await other.goto(`http://127.0.0.1:${elsewhere.address().port}/`);
    result.refusedElsewhere = await other.evaluate(tryFromElsewhere, { endpoint, token });
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
    allowed.close();
    elsewhere.close();
  }
})().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
