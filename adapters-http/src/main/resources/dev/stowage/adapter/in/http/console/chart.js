// The throughput and failure chart: one SVG of stacked bars per minute (completed, failed),
// drawn with createElementNS; labels are text nodes.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** points: [{start, completed, failed}] oldest first. */
export function throughputChart(title, points) {
  const width = 360;
  const height = 90;
  const top = 14;
  const max = Math.max(1, ...points.map((p) => (p.completed || 0) + (p.failed || 0)));
  const bar = points.length ? width / points.length : width;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height + top}`, class: 'chart', role: 'img', width, height: height + top });
  const total = points.reduce((s, p) => s + (p.completed || 0), 0);
  const failed = points.reduce((s, p) => s + (p.failed || 0), 0);
  root.appendChild(svg('title', {}, `${title}: ${total} completed, ${failed} failed in the window`));
  root.appendChild(svg('text', { x: 2, y: 11, class: 'label' }, `max ${max}/min · ${total} completed · ${failed} failed`));
  points.forEach((p, i) => {
    const c = ((p.completed || 0) / max) * height;
    const f = ((p.failed || 0) / max) * height;
    const x = i * bar;
    if (c > 0) root.appendChild(svg('rect', { x, y: top + height - c, width: Math.max(1, bar - 1), height: c, class: 'ok' }));
    if (f > 0) root.appendChild(svg('rect', { x, y: top + height - c - f, width: Math.max(1, bar - 1), height: f, class: 'bad' }));
  });
  root.appendChild(svg('line', { x1: 0, x2: width, y1: top + height, y2: top + height, class: 'axis' }));
  return root;
}
