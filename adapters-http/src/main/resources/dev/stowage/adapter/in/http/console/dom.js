// DOM helpers. Everything the console shows is built here with createElement and text nodes:
// data from the API (payloads, names, configs) is never parsed as HTML.

/**
 * h('button', {class: 'x', onclick: f, 'aria-label': 'y'}, 'text', child, ...).
 * Strings and numbers become text nodes; null, undefined and false are skipped; arrays are flattened.
 * Attributes starting with "on" are listeners; "class", "text" and boolean properties are set directly.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else if (key === 'class') {
        el.className = value;
      } else if (key === 'text') {
        el.textContent = String(value);
      } else if (key === 'checked' || key === 'disabled' || key === 'selected' || key === 'open' || key === 'value' || key === 'hidden') {
        el[key] = value;
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) {
      append(el, child);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
/** A labelled control: a <label> holding the text and the control (which gets an id). */
export function field(label, control) {
  if (!control.id) control.id = `f${++ids}`;
  return h('label', { class: 'field', for: control.id }, h('span', null, label), control);
}

export function bytes(n) {
  if (n === undefined || n === null) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** A table: headers (strings) and rows (arrays of cells: strings or nodes). */
export function table(caption, headers, rows, attrs) {
  return h('table', attrs || null,
    caption ? h('caption', null, caption) : null,
    h('thead', null, h('tr', null, headers.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, rows));
}

/** Saves a blob under a file name through a temporary object URL. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name || 'download' });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
