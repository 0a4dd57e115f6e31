// Uploads one file to Stowage with tus-js-client in Node, split into parallel partial uploads that
// the server concatenates (tus concatenation extension).
//
//   node tus-parallel.js ENDPOINT TOKEN FILE PARALLEL
//
// Prints one JSON line on stdout: {"url": the final upload's URL, "documentId": ...}. Exits 1 with
// the client's error on stderr when the upload fails.
'use strict';
const fs = require('fs');
const path = require('path');
const { Upload } = require('tus-js-client');

const [endpoint, token, file, parallel] = process.argv.slice(2);
if (!endpoint || !token || !file || !parallel) {
  console.error('usage: node tus-parallel.js ENDPOINT TOKEN FILE PARALLEL');
  process.exit(2);
}

const upload = new Upload(fs.readFileSync(file), {
  endpoint,
  parallelUploads: Number(parallel),
  // several PATCHes per part, so that parts grow chunk by chunk as they would over a slow link
  chunkSize: 4 * 1024 * 1024,
  headers: { Authorization: `Bearer ${token}` },
  metadata: { filename: path.basename(file), filetype: 'application/octet-stream' },
  // what a client sends when it wants its parts named: the server must still make no document of them
  metadataForPartialUploads: { filename: `part-of-${path.basename(file)}` },
  retryDelays: null,
  onError(error) {
    console.error(String(error));
    process.exit(1);
  },
  onSuccess({ lastResponse }) {
    console.log(JSON.stringify({ url: upload.url, documentId: lastResponse.getHeader('Stowage-Document-Id') }));
  },
});
upload.start();
