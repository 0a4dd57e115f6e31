// Jobs: filters (queue, type, state, time, search), cursor paging, a detail view, and retry,
// cancel or delete on one job, a selection, or every job matching the filter (administrators;
// the whole screen is theirs, since listing jobs is).
import { path } from './api.js';
import { field, fill, h, table, time } from './dom.js';
import { jsonView } from './json.js';

const STATES = ['pending', 'running', 'completed', 'failed', 'cancelled'];
const PAGE = 50;
const ACTIONS = [['retry', 'Retry'], ['cancel', 'Cancel'], ['delete', 'Delete']];
let current = null;

export function render(main, ctx, route) {
  if (route.id) {
    renderDetail(main, ctx, route.id);
  } else {
    renderList(main, ctx, route.query);
  }
}

export function leave() {
  current = null;
}

export function poll() {
  if (!current) return Promise.resolve();
  return current.kind === 'list' ? loadPage(current) : loadJob(current);
}

export function onEvent(kind, data) {
  if (!current) return;
  if (current.kind === 'detail' && kind === 'job' && data && data.id === current.id) showJob(current, data);
  if (current.kind === 'list' && kind === 'queues') loadPage(current);
}

// --- the list --------------------------------------------------------------------------------

function filterOf(query) {
  const f = {};
  for (const k of ['queue', 'type', 'state', 'createdFrom', 'createdBefore', 'q']) {
    const v = query.get(k);
    if (v) f[k] = v;
  }
  return f;
}

function localInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function renderList(main, ctx, query) {
  const filter = filterOf(query);
  const queue = h('input', { type: 'text', name: 'queue' });
  queue.value = filter.queue || '';
  const type = h('input', { type: 'text', name: 'type' });
  type.value = filter.type || '';
  const state = h('select', { name: 'state' }, h('option', { value: '' }, 'any'), STATES.map((s) => h('option', { value: s }, s)));
  state.value = filter.state || '';
  const from = h('input', { type: 'datetime-local', name: 'createdFrom' });
  from.value = localInput(filter.createdFrom);
  const to = h('input', { type: 'datetime-local', name: 'createdBefore' });
  to.value = localInput(filter.createdBefore);
  const q = h('input', { type: 'search', name: 'q', placeholder: 'id, dedup key or payload text' });
  q.value = filter.q || '';
  const apply = h('button', { type: 'submit' }, 'Filter');
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Job filters' },
    field('Queue', queue), field('Type', type), field('State', state), field('Created from', from),
    field('Created before', to), field('Search', q), apply);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next = new URLSearchParams();
    const put = (k, v) => { if (v) next.set(k, v); };
    put('queue', queue.value.trim());
    put('type', type.value.trim());
    put('state', state.value);
    put('createdFrom', from.value ? new Date(from.value).toISOString() : '');
    put('createdBefore', to.value ? new Date(to.value).toISOString() : '');
    put('q', q.value.trim());
    ctx.navigate(`#/jobs?${next}`);
  });

  const view = { kind: 'list', ctx, filter, cursors: [null], page: 0, selected: new Set(), items: [] };
  view.body = h('div', { class: 'jobs' });
  view.pager = h('div', { class: 'pager' });
  view.summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  view.result = h('p', { class: 'result', 'aria-live': 'polite' });
  current = view;
  main.append(h('h1', null, 'Jobs'), form, bulkBar(view), view.result, view.summary, view.body, view.pager);
  loadPage(view);
}

function listParams(view) {
  return { ...view.filter, limit: PAGE, cursor: view.cursors[view.page] };
}

function loadPage(view) {
  return view.ctx.once(`jobs:${JSON.stringify(listParams(view))}`, () => view.ctx.api(path('/api/v1/jobs', listParams(view))))
    .then((page) => { if (current === view) showPage(view, page); })
    .catch((e) => { if (current === view) view.ctx.showError(e); });
}

function showPage(view, page) {
  // a live refresh that changed nothing leaves the table (and the focus in it) alone
  const signature = JSON.stringify([view.page, page]);
  if (view.signature === signature) return;
  view.signature = signature;
  view.items = page.items || [];
  view.cursors[view.page + 1] = page.next || undefined;
  const present = new Set(view.items.map((j) => j.id));
  for (const id of [...view.selected]) if (!present.has(id)) view.selected.delete(id);
  fill(view.summary, `Page ${view.page + 1}: ${view.items.length} job${view.items.length === 1 ? '' : 's'}${page.next ? ', more follow' : ''}.`);
  const all = h('input', { type: 'checkbox', 'aria-label': 'Select every job on this page' });
  all.checked = view.items.length > 0 && view.items.every((j) => view.selected.has(j.id));
  const boxes = [];
  all.addEventListener('change', () => {
    for (const [box, id] of boxes) {
      box.checked = all.checked;
      if (all.checked) view.selected.add(id); else view.selected.delete(id);
    }
    selectionChanged(view);
  });
  const rows = view.items.map((j) => {
    const box = h('input', { type: 'checkbox', 'aria-label': `Select job ${j.id}` });
    box.checked = view.selected.has(j.id);
    box.addEventListener('change', () => {
      if (box.checked) view.selected.add(j.id); else view.selected.delete(j.id);
      selectionChanged(view);
    });
    boxes.push([box, j.id]);
    return h('tr', { 'data-job': j.id, 'data-state': j.state },
      h('td', null, box),
      h('td', null, h('a', { href: `#/jobs/${encodeURIComponent(j.id)}` }, j.id)),
      h('td', null, j.queue), h('td', null, j.type), h('td', null, h('span', { class: `state ${j.state}` }, j.state)),
      h('td', null, `${j.attempts ?? 0}/${j.maxAttempts ?? ''}`),
      h('td', null, j.progress && j.progress.percent !== undefined ? `${j.progress.percent}%` : ''),
      h('td', null, time(j.createdAt)));
  });
  fill(view.body, view.items.length
    ? table('Jobs, newest first', [all, 'id', 'queue', 'type', 'state', 'attempts', 'progress', 'created'], rows, { class: 'list' })
    : h('p', null, 'No job matches.'));
  const prev = h('button', { type: 'button', disabled: view.page === 0 }, 'Previous page');
  prev.addEventListener('click', () => { view.page--; loadPage(view); });
  const next = h('button', { type: 'button', disabled: !page.next }, 'Next page');
  next.addEventListener('click', () => { view.page++; loadPage(view); });
  fill(view.pager, prev, next);
  selectionChanged(view);
}

function selectionChanged(view) {
  for (const b of view.selectionButtons || []) b.disabled = view.selected.size === 0;
  if (view.selectedCount) view.selectedCount.textContent = `${view.selected.size} selected`;
}

function bulkBar(view) {
  const { ctx } = view;
  view.selectedCount = h('span', { class: 'muted' }, '0 selected');
  view.selectionButtons = ACTIONS.map(([action, label]) => {
    const b = h('button', { type: 'button', disabled: true, 'data-action': `${action}-selected` }, `${label} selected`);
    b.addEventListener('click', () => ctx.act(async () => {
      const ids = [...view.selected];
      if (!ids.length) return;
      if (!await ctx.confirm(`${label} ${ids.length} selected job${ids.length === 1 ? '' : 's'}?`, label)) return;
      const r = await ctx.api('/api/v1/jobs/bulk', { method: 'POST', json: { action, ids } });
      view.selected.clear();
      view.signature = null;
      report(view, r);
      await loadPage(view);
    }, b));
    return b;
  });
  const matching = ACTIONS.map(([action, label]) => {
    const b = h('button', { type: 'button', 'data-action': `${action}-matching` }, `${label} all matching`);
    b.addEventListener('click', () => ctx.act(async () => {
      const filter = bulkFilter(view.filter);
      const dry = await ctx.api('/api/v1/jobs/bulk?dryRun=true', { method: 'POST', json: { action, filter } });
      if (!dry.matched) {
        fill(view.result, `No job matches this filter for ${action}.`);
        return;
      }
      if (!await ctx.confirm(`${label} ${dry.matched} job${dry.matched === 1 ? '' : 's'} matching this filter?`, `${label} ${dry.matched}`)) return;
      fill(view.result, `${label}: working on ${dry.matched} jobs…`);
      const r = await ctx.api('/api/v1/jobs/bulk', { method: 'POST', json: { action, filter } });
      report(view, r);
      await loadPage(view);
    }, b));
    return b;
  });
  return h('div', { class: 'bulk', role: 'group', 'aria-label': 'Actions on jobs' },
    view.selectedCount, view.selectionButtons, h('span', { class: 'sep' }), matching);
}

function bulkFilter(f) {
  const filter = {};
  if (f.queue) filter.queue = f.queue;
  if (f.type) filter.type = f.type;
  if (f.state) filter.state = f.state;
  if (f.createdFrom) filter.createdFrom = f.createdFrom;
  if (f.createdBefore) filter.createdTo = f.createdBefore;
  if (f.q) filter.q = f.q;
  return filter;
}

function report(view, r) {
  fill(view.result, `${r.action}: ${r.matched} matched, ${r.changed} changed, ${r.skipped} skipped.`);
}

// --- one job ---------------------------------------------------------------------------------

function renderDetail(main, ctx, id) {
  const view = { kind: 'detail', ctx, id };
  view.body = h('div', { class: 'job', 'aria-live': 'polite' });
  current = view;
  const back = h('a', { href: '#/jobs' }, '← All jobs');
  main.append(back, h('h1', null, 'Job ', h('code', null, id)), actionBar(view), view.body);
  ctx.live.watchJob(id);
  loadJob(view);
}

function loadJob(view) {
  return view.ctx.once(`job:${view.id}`, () => view.ctx.api(`/api/v1/jobs/${encodeURIComponent(view.id)}`))
    .then((job) => { if (current === view) showJob(view, job); })
    .catch((e) => { if (current === view) view.ctx.showError(e); });
}

function actionBar(view) {
  const { ctx, id } = view;
  const enc = encodeURIComponent(id);
  const retry = h('button', { type: 'button', 'data-action': 'retry' }, 'Retry');
  retry.addEventListener('click', () => ctx.act(async () => {
    showJob(view, await ctx.api(`/api/v1/jobs/${enc}/retry`, { method: 'POST' }));
  }, retry));
  const cancel = h('button', { type: 'button', 'data-action': 'cancel' }, 'Cancel');
  cancel.addEventListener('click', () => ctx.act(async () => {
    if (!await ctx.confirm(`Cancel job ${id}? A running job stops at its worker's next heartbeat.`, 'Cancel job')) return;
    showJob(view, await ctx.api(`/api/v1/jobs/${enc}/cancel`, { method: 'POST' }));
  }, cancel));
  const del = h('button', { type: 'button', class: 'danger', 'data-action': 'delete' }, 'Delete');
  del.addEventListener('click', () => ctx.act(async () => {
    if (!await ctx.confirm(`Delete job ${id}? This cannot be undone.`, 'Delete job')) return;
    const r = await ctx.api('/api/v1/jobs/bulk', { method: 'POST', json: { action: 'delete', ids: [id] } });
    if (r.changed) ctx.navigate('#/jobs');
    else throw new Error(`The job was not deleted (${r.skipped} skipped: only a finished job can be deleted).`);
  }, del));
  view.buttons = { retry, cancel, del };
  return h('div', { class: 'actions' }, retry, cancel, del);
}

function showJob(view, job) {
  const b = view.buttons;
  if (job.deleted) {
    Object.values(b).forEach((button) => { button.hidden = true; });
    fill(view.body, h('p', { class: 'warn' }, `Job ${job.id} was deleted.`));
    view.parts = null;
    return;
  }
  b.retry.hidden = !(job.state === 'failed' || job.state === 'cancelled');
  b.cancel.hidden = !(job.state === 'pending' || job.state === 'running') || job.cancelRequested;
  b.del.hidden = job.state === 'running';
  const percent = job.progress && job.progress.percent !== undefined ? job.progress.percent : null;
  const timeline = [['created', job.createdAt], ['run at', job.runAt], ['started', job.startedAt], ['finished', job.finishedAt]]
    .filter(([, t]) => t).sort((x, y) => Date.parse(x[1]) - Date.parse(y[1]));
  if (!view.parts) {
    view.parts = { facts: h('div'), payload: h('section'), result: h('section') };
    fill(view.body, view.parts.facts, view.parts.payload, view.parts.result);
  }
  fill(view.parts.facts,
    h('dl', { class: 'facts' },
      fact('State', h('span', { class: `state ${job.state}`, 'data-state': job.state }, job.state + (job.cancelRequested ? ' (cancel requested)' : ''))),
      fact('Queue', job.queue), fact('Type', job.type), fact('Priority', job.priority),
      fact('Attempts', `${job.attempts ?? 0} of ${job.maxAttempts ?? '?'}`),
      fact('Progress', percent === null ? 'none reported'
        : h('span', null, h('progress', { max: 100, value: percent, 'aria-label': 'Progress' }), ` ${percent}% `, job.progress.message || '')),
      job.dedupKey ? fact('Dedup key', job.dedupKey) : null,
      job.lease ? fact('Lease', JSON.stringify(job.lease)) : null,
      job.actualDuration ? fact('Duration', job.actualDuration) : null),
    job.lastError ? h('section', null, h('h2', null, 'Last error'), h('pre', { class: 'error-text' }, job.lastError)) : null,
    h('section', null, h('h2', null, 'Timeline'), h('ol', { class: 'timeline' },
      timeline.map(([what, t]) => h('li', null, h('time', { datetime: t }, time(t)), ` ${what}`)))));
  // The JSON views are rebuilt only when their value changed, so that what the reader opened or
  // closed stays so while progress updates arrive.
  const payload = JSON.stringify(job.payload);
  if (view.payloadText !== payload) {
    view.payloadText = payload;
    fill(view.parts.payload, h('h2', null, 'Payload'), jsonView(job.payload, 'payload'));
  }
  const result = job.result === undefined || job.result === null ? '' : JSON.stringify(job.result);
  if (view.resultText !== result) {
    view.resultText = result;
    fill(view.parts.result, result ? [h('h2', null, 'Result'), jsonView(job.result, 'result')] : null);
  }
}

function fact(name, value) {
  return [h('dt', null, name), h('dd', null, value === undefined || value === null ? '' : value)];
}
