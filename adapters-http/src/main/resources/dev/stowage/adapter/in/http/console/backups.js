// Backups (administrators): the list with status, size and last verify; create, verify,
// download, delete; a rotation preview (dry run) before rotating; and a health banner when the
// last good backup is too old (the server decides: its backup schedule's health).
import { path } from './api.js';
import { bytes, field, fill, h, saveBlob, table, time } from './dom.js';

let current = null;

export function render(main, ctx) {
  const view = { ctx, body: h('div'), result: h('div', { class: 'result', 'aria-live': 'polite' }) };
  current = view;
  main.append(h('h1', null, 'Backups'), createForm(view), view.result, view.body, rotateSection(view));
  load(view);
  checkHealth(ctx);
}

export function leave() {
  current = null;
}

export function poll() {
  return current ? Promise.all([load(current), checkHealth(current.ctx)]) : Promise.resolve();
}

export function onEvent(kind) {
  if (kind === 'backups' && current) load(current);
}

/** The banner from a backup health object: /health's backups component, or the stream's event. */
export function health(data, setBanner) {
  if (!data) return;
  // /health's component: {status, details}; the stream's event: {lastGoodAt, lastBackupAt, tooOld, detail}
  const down = data.status === 'DOWN' || data.tooOld === true;
  if (!down) {
    setBanner(null);
    return;
  }
  const d = data.details || data;
  const last = d.lastGoodBackup || d.lastGoodAt;
  setBanner(`Backups need attention: ${d.error || d.detail || 'the last good backup is too old'}`
    + (last ? ` (last good backup ${time(last)})` : ' (no good backup yet)'));
}

/** Reads /health (public, no token needed) and sets the banner from its backups component, if any. */
export function checkHealth(ctx) {
  return ctx.once('health', () => fetch('/health', { cache: 'no-store' }).then((r) => r.json()))
    .then((hlt) => {
      const b = hlt && hlt.components && hlt.components.backups;
      if (b) health(b, ctx.setBanner);
    })
    .catch(() => { /* health is advisory here; the list shows the rest */ });
}

function load(view) {
  return view.ctx.once('backups', () => view.ctx.api(path('/api/v1/backups', { limit: 200 })))
    .then((page) => { if (current === view) show(view, page.items || []); })
    .catch((e) => { if (current === view) view.ctx.showError(e); });
}

function show(view, items) {
  const { ctx } = view;
  const rows = items.map((b) => {
    const v = b.lastVerification;
    const verify = h('button', { type: 'button', 'data-action': 'verify', 'aria-label': `Verify backup ${b.id}` }, 'Verify');
    verify.addEventListener('click', () => ctx.act(async () => {
      fill(view.result, `Verifying ${b.id}…`);
      const r = await ctx.api(`/api/v1/backups/${encodeURIComponent(b.id)}/verify`, { method: 'POST', json: { samplePercent: 100 } });
      const last = r.lastVerification || r;
      fill(view.result, `Backup ${b.id} verified: ${last.ok ? 'ok' : 'FAILED'}${last.detail ? ` (${last.detail})` : ''}.`);
      await load(view);
      checkHealth(ctx);
    }, verify));
    const download = h('button', { type: 'button', 'aria-label': `Download backup ${b.id}` }, 'Download');
    download.addEventListener('click', () => ctx.act(async () => {
      saveBlob(await ctx.api(`/api/v1/backups/${encodeURIComponent(b.id)}/archive`, { as: 'blob' }), `stowage-backup-${b.id}.tar`);
    }, download));
    const del = h('button', { type: 'button', class: 'danger', 'aria-label': `Delete backup ${b.id}` }, 'Delete');
    del.addEventListener('click', () => ctx.act(async () => {
      if (!await ctx.confirm(`Delete backup ${b.id} (${b.label}, ${time(b.createdAt)})? This cannot be undone.`, 'Delete backup')) return;
      await ctx.api(`/api/v1/backups/${encodeURIComponent(b.id)}`, { method: 'DELETE' });
      fill(view.result, `Backup ${b.id} deleted.`);
      await load(view);
    }, del));
    return h('tr', { 'data-backup': b.id, 'data-status': b.status },
      h('td', null, b.id), h('td', null, time(b.createdAt)), h('td', null, b.label), h('td', null, h('span', { class: `state ${b.status}` }, b.status)),
      h('td', null, bytes(b.totalBytes)), h('td', null, bytes(b.writtenBytes)),
      h('td', { class: 'verify' }, v ? `${v.ok ? 'ok' : 'FAILED'} ${time(v.at)} (${v.samplePercent}%)` : 'never'),
      h('td', { class: 'actions' }, b.status === 'complete' ? [verify, download] : null, del));
  });
  fill(view.body, items.length
    ? table('Backups, newest first', ['id', 'created', 'label', 'status', 'size', 'written', 'last verify', 'actions'], rows, { class: 'list' })
    : h('p', null, 'No backups yet.'));
}

function createForm(view) {
  const { ctx } = view;
  const label = h('input', { type: 'text', placeholder: 'manual', maxlength: 200 });
  const go = h('button', { type: 'submit' }, 'Create backup');
  const form = h('form', { class: 'inline', 'aria-label': 'Create a backup' }, field('Label', label), go);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.act(async () => {
      fill(view.result, 'Taking a backup…');
      const b = await ctx.api('/api/v1/backups', { method: 'POST', json: label.value.trim() ? { label: label.value.trim() } : {} });
      fill(view.result, `Backup ${b.id} taken: ${b.status}, ${bytes(b.totalBytes)}.`);
      await load(view);
    }, go);
  });
  return form;
}

function rotateSection(view) {
  const { ctx } = view;
  const inputs = {
    keepLast: h('input', { type: 'number', min: 0 }), keepDaily: h('input', { type: 'number', min: 0 }),
    keepWeekly: h('input', { type: 'number', min: 0 }), keepMonthly: h('input', { type: 'number', min: 0 }),
    keepWithin: h('input', { type: 'text', placeholder: 'P7D' }),
  };
  const preview = h('button', { type: 'submit' }, 'Preview rotation');
  const rotate = h('button', { type: 'button', class: 'danger', hidden: true }, 'Rotate');
  const out = h('div', { class: 'rotation', 'aria-live': 'polite' });
  const rules = () => {
    const r = {};
    for (const k of ['keepLast', 'keepDaily', 'keepWeekly', 'keepMonthly']) if (inputs[k].value !== '') r[k] = Number(inputs[k].value);
    if (inputs.keepWithin.value.trim()) r.keepWithin = inputs.keepWithin.value.trim();
    return r;
  };
  let previewed = null;
  const form = h('form', { class: 'inline', 'aria-label': 'Rotation rules' },
    field('Keep last', inputs.keepLast), field('Keep daily', inputs.keepDaily), field('Keep weekly', inputs.keepWeekly),
    field('Keep monthly', inputs.keepMonthly), field('Keep within', inputs.keepWithin), preview, rotate);
  Object.values(inputs).forEach((i) => i.addEventListener('input', () => { rotate.hidden = true; previewed = null; }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.act(async () => {
      previewed = rules();
      const r = await ctx.api('/api/v1/backups/rotate?dryRun=true', { method: 'POST', json: previewed });
      fill(out, h('p', null, `Would keep ${r.kept.length} and delete ${r.deleted.length} backups, freeing ${bytes(r.bytesFreed)}.`),
        r.deleted.length ? h('ul', null, r.deleted.map((b) => h('li', null, `${b.id} ${time(b.createdAt)} ${b.label}`))) : null);
      rotate.hidden = r.deleted.length === 0;
      rotate.dataset.count = String(r.deleted.length);
    }, preview);
  });
  rotate.addEventListener('click', () => ctx.act(async () => {
    if (!previewed) return;
    if (!await ctx.confirm(`Rotate now, deleting ${rotate.dataset.count} backups as previewed?`, 'Rotate')) return;
    const r = await ctx.api('/api/v1/backups/rotate', { method: 'POST', json: previewed });
    fill(out, h('p', null, `Deleted ${r.deleted.length} backups, freed ${bytes(r.bytesFreed)}.`));
    rotate.hidden = true;
    await load(view);
  }, rotate));
  return h('section', { class: 'panel', 'aria-labelledby': 'rotate-title' }, h('h2', { id: 'rotate-title' }, 'Rotation'), form, out);
}
