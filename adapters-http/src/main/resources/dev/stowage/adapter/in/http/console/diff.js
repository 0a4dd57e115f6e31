// A line diff for the side-by-side view of two revisions: the longest common subsequence of the
// lines, then rows pairing each side's lines. Configs are small (the server caps them), so the
// quadratic table is fine; past MAX cells the common prefix and suffix are kept and the middle is
// shown as one changed block.
import { h } from './dom.js';

const MAX = 4_000_000;

/** Rows of {left, right, kind}: kind is 'same', 'changed', 'removed' (left only) or 'added' (right only). */
export function diffLines(a, b) {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const rows = [];
  for (let i = 0; i < start; i++) rows.push({ left: a[i], right: b[i], kind: 'same' });
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX) {
    pairBlock(rows, midA, midB);
  } else {
    lcsRows(rows, midA, midB);
  }
  for (let i = endA, j = endB; i < a.length; i++, j++) rows.push({ left: a[i], right: b[j], kind: 'same' });
  return rows;
}

function lcsRows(rows, a, b) {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const len = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * w + j] = a[i] === b[j] ? len[(i + 1) * w + j + 1] + 1 : Math.max(len[(i + 1) * w + j], len[i * w + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  let removed = [];
  let added = [];
  const flush = () => { pairBlock(rows, removed, added); removed = []; added = []; };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      rows.push({ left: a[i], right: b[j], kind: 'same' });
      i++; j++;
    } else if (j < m && (i === n || len[i * w + j + 1] >= len[(i + 1) * w + j])) {
      added.push(b[j++]);
    } else {
      removed.push(a[i++]);
    }
  }
  flush();
}

/** Lines removed and added at one place: paired side by side as changed, the rest alone. */
function pairBlock(rows, removed, added) {
  const n = Math.max(removed.length, added.length);
  for (let k = 0; k < n; k++) {
    const left = k < removed.length ? removed[k] : null;
    const right = k < added.length ? added[k] : null;
    rows.push({ left, right, kind: left !== null && right !== null ? 'changed' : left !== null ? 'removed' : 'added' });
  }
}

/** The side-by-side table of two texts. */
export function sideBySide(leftTitle, leftText, rightTitle, rightText) {
  const rows = diffLines(leftText.split('\n'), rightText.split('\n'));
  let l = 0;
  let r = 0;
  const marks = { same: ' ', changed: '~', removed: '-', added: '+' };
  return h('table', { class: 'diff' },
    h('caption', null, `${rows.filter((x) => x.kind !== 'same').length} changed lines`),
    h('colgroup', null, h('col', { class: 'ln' }), h('col'), h('col', { class: 'ln' }), h('col')),
    h('thead', null, h('tr', null, h('th', { scope: 'col', colspan: 2 }, leftTitle), h('th', { scope: 'col', colspan: 2 }, rightTitle))),
    h('tbody', null, rows.map((row) => h('tr', { class: row.kind, title: marks[row.kind] },
      h('td', { class: 'ln' }, row.left === null ? '' : String(++l)),
      h('td', { class: 'code left' }, row.left === null ? '' : row.left),
      h('td', { class: 'ln' }, row.right === null ? '' : String(++r)),
      h('td', { class: 'code right' }, row.right === null ? '' : row.right)))));
}
