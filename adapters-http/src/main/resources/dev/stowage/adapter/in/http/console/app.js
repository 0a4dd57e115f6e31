// The console's shell: sign-in, the role, navigation between screens (#/screen/id?query), the
// error line, the confirmation dialog and the one live stream of the tab.
import { api, ApiError, clearToken, inFlightCount, once, setToken, token } from './api.js';
import { fill, h, field } from './dom.js';
import { Live } from './live.js';
import * as queues from './queues.js';
import * as jobs from './jobs.js';
import * as documents from './documents.js';
import * as programs from './programs.js';
import * as backups from './backups.js';

const SCREENS = [
  { name: 'queues', title: 'Queues', view: queues, admin: false },
  { name: 'jobs', title: 'Jobs', view: jobs, admin: true },
  { name: 'documents', title: 'Documents', view: documents, admin: false },
  { name: 'programs', title: 'Programs', view: programs, admin: false },
  { name: 'backups', title: 'Backups', view: backups, admin: true },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const errorLine = document.getElementById('error');
const banner = document.getElementById('banner');
const who = document.getElementById('who');
const signOutButton = document.getElementById('sign-out');
const dialog = document.getElementById('confirm');

const state = { admin: false, screen: null, view: null, route: null, liveMode: 'off' };

function showError(e) {
  const text = e instanceof ApiError ? `${e.status}: ${e.message}` : String(e && e.message ? e.message : e);
  fill(errorLine, text);
  errorLine.hidden = false;
}

function clearError() {
  errorLine.hidden = true;
  errorLine.replaceChildren();
}

function setBanner(text) {
  if (text) {
    fill(banner, text);
    banner.hidden = false;
  } else {
    banner.hidden = true;
    banner.replaceChildren();
  }
}

/** Asks in the page's own dialog (never window.confirm); resolves to true on Confirm. */
function confirm(text, yes) {
  document.getElementById('confirm-text').textContent = text;
  const yesButton = document.getElementById('confirm-yes');
  const noButton = document.getElementById('confirm-no');
  yesButton.textContent = yes || 'Confirm';
  return new Promise((resolve) => {
    const done = (answer) => {
      yesButton.onclick = null;
      noButton.onclick = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    yesButton.onclick = () => done(true);
    noButton.onclick = () => done(false);
    dialog.onclose = () => done(false);
    dialog.showModal();
    noButton.focus();
  });
}

/** Runs an action, showing its failure; buttons passed in are disabled meanwhile. */
async function act(fn, ...buttons) {
  clearError();
  buttons.forEach((b) => { if (b) b.disabled = true; });
  try {
    return await fn();
  } catch (e) {
    showError(e);
    return undefined;
  } finally {
    buttons.forEach((b) => { if (b) b.disabled = false; });
  }
}

function parseRoute() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [pathPart, query] = raw.split('?');
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  return { screen: parts[0] || 'queues', id: parts[1] || null, query: new URLSearchParams(query || '') };
}

function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

const live = new Live(
  (kind, data) => {
    if (kind === 'backups') backups.health(data, setBanner);
    if (state.view && state.view.onEvent) state.view.onEvent(kind, data);
  },
  (mode) => {
    state.liveMode = mode;
    document.body.dataset.live = mode;
  },
  () => (state.view && state.view.poll ? state.view.poll() : Promise.resolve()),
);

const ctx = {
  get admin() { return state.admin; },
  api, once, act, confirm, showError, clearError, setBanner, navigate, live,
};

function route() {
  if (!token()) return;
  const r = parseRoute();
  const screen = SCREENS.find((s) => s.name === r.screen && (state.admin || !s.admin)) || SCREENS[0];
  if (state.view && state.view.leave) state.view.leave();
  state.screen = screen;
  state.view = screen.view;
  state.route = r;
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.screen === screen.name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  clearError();
  live.watchJob(null);
  document.title = `${screen.title} · Stowage console`;
  main.replaceChildren();
  main.dataset.screen = screen.name;
  screen.view.render(main, ctx, r);
}

function renderNav() {
  fill(nav, h('ul', null, SCREENS.filter((s) => state.admin || !s.admin)
    .map((s) => h('li', null, h('a', { href: `#/${s.name}`, 'data-screen': s.name }, s.title)))));
  nav.hidden = false;
}

async function signedIn() {
  // The role: listing jobs is for administrators only, and costs one row.
  try {
    await api('/api/v1/jobs?limit=1');
    state.admin = true;
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) {
      state.admin = false;
    } else {
      throw e;
    }
  }
  document.body.dataset.role = state.admin ? 'admin' : 'user';
  who.textContent = state.admin ? 'administrator' : 'read-only user';
  signOutButton.hidden = false;
  renderNav();
  if (state.admin) backups.checkHealth(ctx);
  live.start();
  route();
}

function signOut() {
  live.stop();
  clearToken();
  state.admin = false;
  nav.hidden = true;
  signOutButton.hidden = true;
  who.textContent = '';
  delete document.body.dataset.role;
  setBanner(null);
  history.replaceState(null, '', '#/');
  signInForm();
}

function signInForm(message) {
  const input = h('input', { type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, id: 'token' });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'signin', 'aria-labelledby': 'signin-title', novalidate: true },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    h('p', null, 'Paste an API token (from stowage token create). It is kept in this tab only and sent as a bearer header.'),
    field('Token', input), button);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const t = input.value.trim();
    if (!t) {
      showError('Paste a token first.');
      return;
    }
    setToken(t);
    input.value = '';
    clearError();
    button.disabled = true;
    try {
      await signedIn();
    } catch (e) {
      clearToken();
      showError(e);
      button.disabled = false;
    }
  });
  main.replaceChildren(form);
  if (message) showError(message);
  input.focus();
}

signOutButton.addEventListener('click', signOut);
window.addEventListener('hashchange', route);
// What the end-to-end tests read; nothing secret.
window.stowageConsole = {
  get liveMode() { return state.liveMode; },
  get events() { return live.events; },
  get inFlight() { return inFlightCount(); },
};

if (token()) {
  signedIn().catch((e) => {
    clearToken();
    signInForm(e instanceof ApiError ? `${e.status}: ${e.message}` : String(e));
  });
} else {
  signInForm();
}
