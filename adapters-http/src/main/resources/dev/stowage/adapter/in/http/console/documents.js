// Documents: usage per owner, an owner's documents (an administrator picks the owner; a user sees
// their own), search by the start of the name, download, and for an administrator delete of any owner's
// documents with confirmation.
import { path } from './api.js';
import { bytes, field, fill, h, saveBlob, table, time } from './dom.js';

const PAGE = 50;
let current = null;

export function render(main, ctx, route) {
  const owner = h('input', { type: 'text', name: 'owner', placeholder: 'user name' });
  owner.value = route.query.get('owner') || '';
  // the API searches documents by the start of their name
  const q = h('input', { type: 'search', name: 'q', placeholder: 'start of a name' });
  q.value = route.query.get('q') || '';
  const go = h('button', { type: 'submit' }, 'Show');
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Documents' },
    ctx.admin ? field('Owner', owner) : null, field('Name starts with', q), go);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next = new URLSearchParams();
    if (ctx.admin && owner.value.trim()) next.set('owner', owner.value.trim());
    if (q.value.trim()) next.set('q', q.value.trim());
    ctx.navigate(`#/documents?${next}`);
  });
  const view = {
    ctx, owner: ctx.admin ? (route.query.get('owner') || '') : '', q: route.query.get('q') || '',
    cursors: [null], page: 0,
    usage: h('div', { class: 'usage', 'aria-live': 'polite' }),
    body: h('div'), pager: h('div', { class: 'pager' }),
  };
  current = view;
  main.append(h('h1', null, 'Documents'), form, view.usage, view.body, view.pager);
  loadUsage(view);
  loadPage(view);
}

export function leave() {
  current = null;
}

export function poll() {
  return current ? Promise.all([loadUsage(current), loadPage(current)]) : Promise.resolve();
}

function loadUsage(view) {
  const url = view.owner ? `/api/v1/users/${encodeURIComponent(view.owner)}/usage` : '/api/v1/usage';
  return view.ctx.once(`usage:${url}`, () => view.ctx.api(url))
    .then((u) => {
      if (current !== view) return;
      fill(view.usage, h('dl', { class: 'facts' },
        h('dt', null, 'Owner'), h('dd', null, u.owner),
        h('dt', null, 'Documents'), h('dd', null, String(u.documents)),
        h('dt', null, 'Bytes'), h('dd', null, bytes(u.bytes)),
        h('dt', null, 'Quota'), h('dd', null, u.quotaBytes ? bytes(u.quotaBytes) : 'none')));
    })
    .catch((e) => { if (current === view) view.ctx.showError(e); });
}

function loadPage(view) {
  const url = path('/api/v1/documents', { owner: view.owner, namePrefix: view.q, limit: PAGE, cursor: view.cursors[view.page] });
  return view.ctx.once(`documents:${url}`, () => view.ctx.api(url))
    .then((page) => { if (current === view) showPage(view, page); })
    .catch((e) => { if (current === view) view.ctx.showError(e); });
}

function showPage(view, page) {
  const { ctx } = view;
  const items = page.items || [];
  view.cursors[view.page + 1] = page.next || undefined;
  const rows = items.map((d) => {
    const download = h('button', { type: 'button', 'aria-label': `Download ${d.name}` }, 'Download');
    download.addEventListener('click', () => ctx.act(async () => {
      saveBlob(await ctx.api(`/api/v1/documents/${encodeURIComponent(d.id)}/content`, { as: 'blob' }), d.fileName || d.name);
    }, download));
    let del = null;
    // an administrator may delete any owner's document; a user token's view is read-only
    if (ctx.admin) {
      del = h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${d.name}` }, 'Delete');
      del.addEventListener('click', () => ctx.act(async () => {
        if (!await ctx.confirm(`Delete the document "${d.name}" of ${d.owner} (${bytes(d.size)})? This cannot be undone.`, 'Delete')) return;
        await ctx.api(`/api/v1/documents/${encodeURIComponent(d.id)}`, { method: 'DELETE', headers: { 'If-Match': d.etag || `"v${d.version}"` } });
        await Promise.all([loadUsage(view), loadPage(view)]);
      }, del));
    }
    return h('tr', { 'data-document': d.id },
      h('td', { class: 'name' }, d.name), h('td', null, d.owner), h('td', null, d.mimeType), h('td', null, bytes(d.size)),
      h('td', null, d.visibility), h('td', null, time(d.updatedAt)), h('td', { class: 'actions' }, download, del));
  });
  fill(view.body, items.length
    ? table(`Documents of ${view.owner || 'this token'}`, ['name', 'owner', 'type', 'size', 'visibility', 'updated', 'actions'], rows, { class: 'list' })
    : h('p', null, 'No documents.'));
  const prev = h('button', { type: 'button', disabled: view.page === 0 }, 'Previous page');
  prev.addEventListener('click', () => { view.page--; loadPage(view); });
  const next = h('button', { type: 'button', disabled: !page.next }, 'Next page');
  next.addEventListener('click', () => { view.page++; loadPage(view); });
  fill(view.pager, prev, next);
}
