// Programs: list and search; a detail view with the config as JSON, the image and its thumbnail,
// the revisions with a side-by-side diff, restore, a new image; and the import of a localStorage
// export with its report. A read-only (user) token sees everything but the actions.
import { ApiError, path } from './api.js';
import { bytes, field, fill, h, table, time } from './dom.js';
import { jsonView } from './json.js';
import { sideBySide } from './diff.js';

const PAGE = 50;
let current = null;

export function render(main, ctx, route) {
  if (route.id) renderDetail(main, ctx, route.id, route.query);
  else renderList(main, ctx, route.query);
}

export function leave() {
  if (current && current.urls) current.urls.forEach((u) => URL.revokeObjectURL(u));
  current = null;
}

export function poll() {
  if (!current) return Promise.resolve();
  return current.kind === 'list' ? loadPage(current) : Promise.resolve();
}

// --- the list --------------------------------------------------------------------------------

function renderList(main, ctx, query) {
  const name = h('input', { type: 'search', name: 'name', placeholder: 'part of the name' });
  name.value = query.get('name') || '';
  const active = h('input', { type: 'checkbox', name: 'active' });
  active.checked = query.get('active') === 'true';
  const go = h('button', { type: 'submit' }, 'Search');
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Programs' }, field('Name', name), field('Active only', active), go);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next = new URLSearchParams();
    if (name.value.trim()) next.set('name', name.value.trim());
    if (active.checked) next.set('active', 'true');
    ctx.navigate(`#/programs?${next}`);
  });
  const view = { kind: 'list', ctx, name: query.get('name') || '', active: query.get('active') === 'true', cursors: [null], page: 0 };
  view.body = h('div');
  view.pager = h('div', { class: 'pager' });
  current = view;
  main.append(h('h1', null, 'Programs'), form, view.body, view.pager);
  // what an import created shows in the list at once (the stream carries no program events)
  if (ctx.admin) main.append(importSection(ctx, () => { if (current === view) loadPage(view); }));
  loadPage(view);
}

function loadPage(view) {
  const url = path('/api/v1/programs', { name: view.name, active: view.active ? 'true' : '', limit: PAGE, cursor: view.cursors[view.page] });
  return view.ctx.once(`programs:${url}`, () => view.ctx.api(url))
    .then((page) => { if (current === view) showPage(view, page); })
    .catch((e) => { if (current === view) view.ctx.showError(e); });
}

function showPage(view, page) {
  const items = page.items || [];
  view.cursors[view.page + 1] = page.next || undefined;
  const rows = items.map((p) => h('tr', { 'data-program': p.id },
    h('td', null, h('a', { href: `#/programs/${encodeURIComponent(p.id)}` }, p.name)),
    h('td', null, p.active ? 'active' : 'inactive'), h('td', null, String(p.version)),
    h('td', null, p.image ? `${p.image.width}×${p.image.height}` : 'none'), h('td', null, time(p.updatedAt)), h('td', null, p.updatedBy)));
  fill(view.body, items.length
    ? table('Programs', ['name', 'state', 'version', 'image', 'updated', 'by'], rows, { class: 'list' })
    : h('p', null, 'No program matches.'));
  const prev = h('button', { type: 'button', disabled: view.page === 0 }, 'Previous page');
  prev.addEventListener('click', () => { view.page--; loadPage(view); });
  const next = h('button', { type: 'button', disabled: !page.next }, 'Next page');
  next.addEventListener('click', () => { view.page++; loadPage(view); });
  fill(view.pager, prev, next);
}

function importSection(ctx, imported) {
  const file = h('input', { type: 'file', accept: 'application/json,.json' });
  const dry = h('input', { type: 'checkbox' });
  const go = h('button', { type: 'submit' }, 'Import');
  const report = h('div', { class: 'report', 'aria-live': 'polite' });
  const form = h('form', { class: 'stack' }, field('localStorage export (JSON)', file), field('Dry run (write nothing)', dry), go);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.act(async () => {
      const f = file.files && file.files[0];
      if (!f) throw new Error('Choose the export file first.');
      fill(report, 'Importing…');
      try {
        const r = await ctx.api(path('/api/v1/programs/import', { dryRun: dry.checked ? 'true' : '' }),
          { method: 'POST', body: f, headers: { 'Content-Type': 'application/json' } });
        fill(report, importReport(r));
        if (!r.dryRun && r.created > 0) imported();
      } catch (e) {
        // a stopped import still says what came in before it stopped
        const stopped = e instanceof ApiError && e.problem && e.problem.report;
        fill(report, stopped ? importReport(stopped) : '');
        if (stopped && !stopped.dryRun && stopped.created > 0) imported();
        throw e;
      }
    }, go);
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'import-title' }, h('h2', { id: 'import-title' }, 'Import a localStorage export'), form, report);
}

function importReport(r) {
  return h('div', { class: 'import-report' },
    h('p', null, `${r.dryRun ? 'Dry run: ' : ''}${r.entries} entries read, ${r.created} created, ${r.alreadyImported} already imported, ${(r.problems || []).length} problems.`),
    r.stoppedBy ? h('p', { class: 'warn' }, `Stopped: ${r.stoppedBy}`) : null,
    (r.problems || []).length ? h('details', { open: true }, h('summary', null, 'Problems'), jsonView(r.problems, 'problems')) : null,
    (r.notes || []).length ? h('ul', { class: 'notes' }, r.notes.map((n) => h('li', null, n))) : null);
}

// --- one program -----------------------------------------------------------------------------

function renderDetail(main, ctx, id, query) {
  const view = { kind: 'detail', ctx, id, urls: [], program: null };
  view.head = h('div');
  view.images = h('div', { class: 'images' });
  view.revisions = h('div');
  view.diff = h('div', { class: 'diff-box', 'aria-live': 'polite' });
  current = view;
  main.append(h('a', { href: '#/programs' }, '← All programs'), view.head, view.images,
    ctx.admin ? imageUpload(view) : null, h('h2', null, 'Revisions'), view.revisions, view.diff);
  loadProgram(view).then(() => {
    if (query.get('from') && query.get('to')) showDiff(view, Number(query.get('from')), Number(query.get('to')));
  });
}

function enc(view) {
  return encodeURIComponent(view.id);
}

async function loadProgram(view) {
  const { ctx } = view;
  try {
    const p = await ctx.once(`program:${view.id}`, () => ctx.api(`/api/v1/programs/${enc(view)}`));
    if (current !== view) return;
    view.program = p;
    // a diff shown before a restore or a new image no longer compares with the current version
    view.diff.replaceChildren();
    fill(view.head,
      h('h1', null, 'Program ', h('span', { class: 'name' }, p.name)),
      h('dl', { class: 'facts' },
        h('dt', null, 'Id'), h('dd', null, p.id),
        h('dt', null, 'Version'), h('dd', { 'data-field': 'version' }, String(p.version)),
        h('dt', null, 'Active'), h('dd', null, p.active ? 'yes' : 'no'),
        h('dt', null, 'Description'), h('dd', { class: 'description' }, p.description),
        h('dt', null, 'Config schema'), h('dd', null, String(p.configSchemaVersion)),
        h('dt', null, 'Updated'), h('dd', null, `${time(p.updatedAt)} by ${p.updatedBy}`),
        p.externalRef ? [h('dt', null, 'Imported as'), h('dd', null, p.externalRef)] : null),
      h('h2', null, 'Config'), jsonView(p.config, 'config'));
    await Promise.all([loadImages(view, p), loadRevisions(view)]);
  } catch (e) {
    if (current === view) ctx.showError(e);
  }
}

async function loadImages(view, p) {
  view.urls.forEach((u) => URL.revokeObjectURL(u));
  view.urls = [];
  if (!p.image) {
    fill(view.images, h('p', { class: 'muted' }, 'No image.'));
    return;
  }
  // <img src> cannot send the bearer header: the bytes are fetched and shown from blob: URLs.
  const [image, thumb] = await Promise.all([
    view.ctx.api(`/api/v1/programs/${enc(view)}/image`, { as: 'blob' }),
    view.ctx.api(`/api/v1/programs/${enc(view)}/thumbnail`, { as: 'blob' }),
  ]);
  if (current !== view) return;
  const imageUrl = URL.createObjectURL(image);
  const thumbUrl = URL.createObjectURL(thumb);
  view.urls.push(imageUrl, thumbUrl);
  fill(view.images,
    h('figure', null, h('img', { src: thumbUrl, alt: `Thumbnail of ${p.name}`, class: 'thumbnail' }), h('figcaption', null, 'Thumbnail')),
    h('figure', null, h('img', { src: imageUrl, alt: `Image of ${p.name}`, class: 'master' }),
      h('figcaption', null, `Image: ${p.image.mimeType}, ${p.image.width}×${p.image.height}, ${bytes(p.image.size)}`)));
}

async function loadRevisions(view) {
  const { ctx } = view;
  const page = await ctx.api(path(`/api/v1/programs/${enc(view)}/revisions`, { limit: 100 }));
  if (current !== view) return;
  const versions = (page.items || []).map((r) => r.version);
  const all = [view.program.version, ...versions.filter((v) => v !== view.program.version)];
  const from = h('select', null, all.map((v) => h('option', { value: String(v) }, `v${v}`)));
  const to = h('select', null, all.map((v) => h('option', { value: String(v) }, `v${v}`)));
  to.value = String(view.program.version);
  from.value = String(all[1] !== undefined ? all[1] : all[0]);
  const compare = h('button', { type: 'submit' }, 'Compare');
  const form = h('form', { class: 'inline', 'aria-label': 'Compare versions' }, field('From', from), field('To', to), compare);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    showDiff(view, Number(from.value), Number(to.value));
  });
  const rows = (page.items || []).map((r) => {
    let restore = null;
    if (ctx.admin) {
      restore = h('button', { type: 'button', 'data-action': 'restore', 'aria-label': `Restore version ${r.version}` }, 'Restore');
      restore.addEventListener('click', () => ctx.act(async () => {
        if (!await ctx.confirm(`Restore version ${r.version} of "${view.program.name}"? It becomes a new version; nothing is lost.`, 'Restore')) return;
        await ctx.api(`/api/v1/programs/${enc(view)}/revisions/${r.version}/restore`,
          { method: 'POST', headers: { 'If-Match': view.program.etag } });
        await loadProgram(view);
      }, restore));
    }
    const diff = h('button', { type: 'button', 'aria-label': `Compare version ${r.version} with the current one` }, 'Diff with current');
    diff.addEventListener('click', () => showDiff(view, r.version, view.program.version));
    return h('tr', { 'data-version': String(r.version) }, h('td', null, `v${r.version}`), h('td', null, r.name),
      h('td', null, time(r.updatedAt)), h('td', null, r.updatedBy), h('td', { class: 'actions' }, diff, restore));
  });
  fill(view.revisions, form, rows.length
    ? table('Earlier versions', ['version', 'name', 'updated', 'by', 'actions'], rows, { class: 'list' })
    : h('p', null, 'No earlier versions.'));
}

/** The text compared for a version: the config as indented JSON, after the other fields. */
function asText(v) {
  return [`name: ${v.name}`, `description: ${v.description}`, `active: ${v.active}`,
    `configSchemaVersion: ${v.configSchemaVersion}`, `image: ${v.image ? v.image.sha256 : 'none'}`, 'config:',
    JSON.stringify(v.config, null, 2)].join('\n');
}

async function version(view, v) {
  if (v === view.program.version) return view.program;
  return view.ctx.api(`/api/v1/programs/${enc(view)}/revisions/${v}`);
}

function showDiff(view, from, to) {
  const { ctx } = view;
  return ctx.act(async () => {
    const [a, b, d] = await Promise.all([version(view, from), version(view, to),
      ctx.api(path(`/api/v1/programs/${enc(view)}/diff`, { from, to }))]);
    if (current !== view) return;
    fill(view.diff, h('h2', null, `Changes from v${from} to v${to}`),
      (d.changes || []).length ? h('ul', { class: 'changes' }, d.changes.map((c) => h('li', null,
        h('strong', null, c.field), `: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`))) : null,
      h('p', { class: 'muted' }, `${(d.configPatch || []).length} config patch operations.`),
      sideBySide(`v${from}`, asText(a), `v${to}`, asText(b)));
  });
}

function imageUpload(view) {
  const { ctx } = view;
  const file = h('input', { type: 'file', accept: 'image/*' });
  const go = h('button', { type: 'submit' }, 'Upload image');
  const form = h('form', { class: 'inline', 'aria-label': 'Upload a new image' }, field('New image', file), go);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.act(async () => {
      const f = file.files && file.files[0];
      if (!f) throw new Error('Choose an image first.');
      await ctx.api(`/api/v1/programs/${enc(view)}/image`, {
        method: 'PUT', body: f, headers: { 'If-Match': view.program.etag, 'Content-Type': f.type || 'application/octet-stream' },
      });
      file.value = '';
      await loadProgram(view);
    }, go);
  });
  return form;
}
