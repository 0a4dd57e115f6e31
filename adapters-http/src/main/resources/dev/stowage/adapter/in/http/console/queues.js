// Queues: every queue with its counts by state, paused or not, a chart of the last hour, and for
// an administrator pause/resume, settings and enqueue (from a template too).
import { ApiError, path } from './api.js';
import { field, fill, h } from './dom.js';
import { throughputChart } from './chart.js';
import { jsonView } from './json.js';

const STATES = ['pending', 'running', 'completed', 'failed', 'cancelled'];
let current = null;

export function render(main, ctx) {
  const list = h('div', { class: 'cards', 'aria-live': 'polite' });
  const status = h('p', { class: 'muted' }, 'Loading queues…');
  current = { ctx, list, status, cards: new Map(), templates: null };
  main.append(h('h1', null, 'Queues'), status, list);
  if (ctx.admin) main.append(enqueueSection(ctx));
  load();
}

export function leave() {
  current = null;
}

export function poll() {
  return load();
}

export function onEvent(kind, data) {
  if (kind === 'queues' && current) show(data.items || []);
}

function load() {
  const view = current;
  if (!view) return Promise.resolve();
  return view.ctx.once('queues', () => view.ctx.api('/api/v1/queues'))
    .then((data) => { if (current === view) show(data.items || []); })
    .catch((e) => {
      if (current !== view) return;
      if (e instanceof ApiError && e.status === 403) {
        fill(view.status, `The server does not show queues to this token: ${e.message}`);
      } else {
        view.ctx.showError(e);
      }
    });
}

function show(items) {
  const view = current;
  if (!view) return;
  fill(view.status, items.length ? '' : 'No queues yet: a queue appears with its first job or settings.');
  const seen = new Set();
  for (const q of items) {
    seen.add(q.queue);
    let card = view.cards.get(q.queue);
    if (!card) {
      card = queueCard(view, q.queue);
      view.cards.set(q.queue, card);
      view.list.append(card.el);
    }
    card.settings = q;
    fill(card.paused, q.paused ? 'paused' : 'running');
    card.paused.className = q.paused ? 'badge warn' : 'badge ok';
    if (card.toggle) card.toggle.textContent = q.paused ? 'Resume' : 'Pause';
    if (q.counts) showCounts(card, q.counts);
    else refreshCounts(view, card);
    refreshHistory(view, card);
  }
  for (const [name, card] of view.cards) {
    if (!seen.has(name)) { card.el.remove(); view.cards.delete(name); }
  }
}

function showCounts(card, counts) {
  fill(card.counts, STATES.map((s) => h('div', { class: `count ${s}`, 'data-state': s },
    h('dt', null, s), h('dd', null, String(counts[s] || 0)))));
}

function refreshCounts(view, card) {
  const q = card.name;
  view.ctx.once(`stats:${q}`, () => view.ctx.api(path(`/api/v1/queues/${encodeURIComponent(q)}/stats`, { window: 'PT1H' })))
    .then((s) => { if (current === view) showCounts(card, s.counts || {}); })
    .catch((e) => { if (current === view && !(e instanceof ApiError && e.status === 403)) view.ctx.showError(e); });
}

function refreshHistory(view, card) {
  const q = card.name;
  view.ctx.once(`history:${q}`, () => view.ctx.api(path(`/api/v1/queues/${encodeURIComponent(q)}/history`, { window: 'PT1H', step: 'PT1M' })))
    // the buckets oldest first, as {buckets: [...]} (or a bare array)
    .then((h) => { if (current === view) fill(card.chart, throughputChart(`Queue ${q}, last hour`, Array.isArray(h) ? h : (h && h.buckets) || [])); })
    .catch((e) => {
      if (current !== view) return;
      fill(card.chart, h('span', { class: 'muted' }, e instanceof ApiError && e.status === 404
        ? 'No history on this server.' : `History unavailable: ${e.message}`));
    });
}

function queueCard(view, name) {
  const { ctx } = view;
  const card = { name };
  card.paused = h('span', { class: 'badge' });
  card.counts = h('dl', { class: 'counts' });
  card.chart = h('div', { class: 'chart-box' });
  const jobsLink = ctx.admin ? h('a', { href: `#/jobs?queue=${encodeURIComponent(name)}` }, 'Jobs') : null;
  let actions = null;
  if (ctx.admin) {
    card.toggle = h('button', { type: 'button' }, 'Pause');
    card.toggle.addEventListener('click', () => ctx.act(async () => {
      const action = card.settings && card.settings.paused ? 'resume' : 'pause';
      const s = await ctx.api(`/api/v1/queues/${encodeURIComponent(name)}/${action}`, { method: 'POST' });
      show(mergeOne(view, s));
    }, card.toggle));
    actions = h('div', { class: 'actions' }, card.toggle, settingsForm(view, card));
  }
  card.el = h('section', { class: 'card', 'data-queue': name, 'aria-label': `Queue ${name}` },
    h('h2', null, name, ' ', card.paused), card.counts, card.chart, jobsLink, actions);
  return card;
}

function mergeOne(view, settings) {
  return [...view.cards.values()].map((c) => (c.name === settings.queue ? settings : c.settings)).filter(Boolean);
}

function settingsForm(view, card) {
  const { ctx } = view;
  const name = card.name;
  const concurrency = h('input', { type: 'number', min: 0 });
  const attempts = h('input', { type: 'number', min: 1 });
  const lease = h('input', { type: 'text', placeholder: 'PT30S' });
  const save = h('button', { type: 'submit' }, 'Save settings');
  const form = h('form', { class: 'inline' }, field('Max concurrency', concurrency), field('Default max attempts', attempts),
    field('Lease duration', lease), save);
  const details = h('details', null, h('summary', null, 'Settings'), form);
  details.addEventListener('toggle', () => {
    if (!details.open || !card.settings) return;
    concurrency.value = card.settings.maxConcurrency ?? '';
    attempts.value = card.settings.defaultMaxAttempts ?? '';
    lease.value = card.settings.leaseDuration ?? '';
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.act(async () => {
      const body = {};
      if (concurrency.value !== '') body.maxConcurrency = Number(concurrency.value);
      if (attempts.value !== '') body.defaultMaxAttempts = Number(attempts.value);
      if (lease.value.trim()) body.leaseDuration = lease.value.trim();
      const s = await ctx.api(`/api/v1/queues/${encodeURIComponent(name)}/settings`, { method: 'PUT', json: body });
      show(mergeOne(view, s));
    }, save);
  });
  return details;
}

function enqueueSection(ctx) {
  const queue = h('input', { type: 'text', required: true });
  const type = h('input', { type: 'text' });
  const payload = h('textarea', { rows: 4, spellcheck: 'false' });
  payload.value = '{}';
  const priority = h('input', { type: 'number', min: -1000, max: 1000 });
  const dedup = h('input', { type: 'text' });
  const template = h('select', null, h('option', { value: '' }, '(none)'));
  const go = h('button', { type: 'submit' }, 'Enqueue');
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const form = h('form', { class: 'stack', 'aria-labelledby': 'enqueue-title' },
    field('Template', template), field('Queue', queue), field('Type', type), field('Payload (JSON)', payload),
    field('Priority', priority), field('Dedup key', dedup), go);
  ctx.api('/api/v1/templates').then((t) => {
    for (const tpl of t.items || []) template.append(h('option', { value: tpl.name }, `${tpl.name} (${tpl.queue}/${tpl.type})`));
  }).catch(() => { template.disabled = true; });
  template.addEventListener('change', () => {
    queue.required = !template.value;
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.act(async () => {
      let body;
      try {
        body = payload.value.trim() ? JSON.parse(payload.value) : undefined;
      } catch (e) {
        throw new Error(`The payload is not JSON: ${e.message}`);
      }
      let job;
      if (template.value) {
        const overrides = {};
        if (body !== undefined && !(typeof body === 'object' && body && !Array.isArray(body) && Object.keys(body).length === 0)) overrides.payload = body;
        if (queue.value.trim()) overrides.queue = queue.value.trim();
        if (type.value.trim()) overrides.type = type.value.trim();
        if (priority.value !== '') overrides.priority = Number(priority.value);
        if (dedup.value.trim()) overrides.dedupKey = dedup.value.trim();
        job = await ctx.api(`/api/v1/templates/${encodeURIComponent(template.value)}/jobs`, { method: 'POST', json: overrides });
      } else {
        if (!queue.value.trim() || !type.value.trim()) throw new Error('Give a queue and a type, or pick a template.');
        const one = { type: type.value.trim() };
        if (body !== undefined) one.payload = body;
        if (priority.value !== '') one.priority = Number(priority.value);
        if (dedup.value.trim()) one.dedupKey = dedup.value.trim();
        job = await ctx.api(`/api/v1/queues/${encodeURIComponent(queue.value.trim())}/jobs`, { method: 'POST', json: one });
      }
      fill(result, 'Enqueued ', h('a', { href: `#/jobs/${encodeURIComponent(job.id)}` }, job.id), jsonView(job.payload, 'payload'));
      load();
    }, go);
  });
  return h('section', { class: 'panel' }, h('h2', { id: 'enqueue-title' }, 'Enqueue a job'), form, result);
}
