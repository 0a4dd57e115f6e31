// A collapsible JSON view made of <details>: keys and values are text nodes, whatever they hold.
import { h } from './dom.js';

export function jsonView(value, label) {
  return h('div', { class: 'json' }, node(label || 'JSON', value, 0));
}

function node(key, value, depth) {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    return h('details', { open: depth < 2 },
      h('summary', null, h('span', { class: 'key' }, key), ' ', h('span', { class: 'meta' }, summary)),
      h('ul', null, entries.map(([k, v]) => h('li', null, node(k, v, depth + 1)))));
  }
  return h('span', { class: 'leaf' }, h('span', { class: 'key' }, key), ': ',
    h('span', { class: `val ${value === null ? 'null' : typeof value}` }, JSON.stringify(value)));
}
