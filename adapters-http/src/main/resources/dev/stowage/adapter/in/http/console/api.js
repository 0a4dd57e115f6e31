// The API client: the token lives in sessionStorage (this tab only, gone when it closes) and goes
// out only as an Authorization header, never in a URL and never to the console's log.

const KEY = 'stowage.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  sessionStorage.setItem(KEY, value);
}

export function clearToken() {
  sessionStorage.removeItem(KEY);
}

/** An API failure, carrying the problem+json detail when the server sent one. */
export class ApiError extends Error {
  constructor(status, detail, problem) {
    super(detail);
    this.status = status;
    this.problem = problem;
  }
}

export function authHeaders(extra) {
  const headers = new Headers(extra || {});
  const t = token();
  if (t) headers.set('Authorization', `Bearer ${t}`);
  return headers;
}

/** Builds "/api/v1/x?a=1&b=2", leaving out empty values; arrays repeat the parameter. */
export function path(base, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

async function failure(res) {
  let problem = null;
  let detail = `${res.status} ${res.statusText}`;
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      problem = await res.json();
      if (problem && typeof problem.detail === 'string') detail = problem.detail;
    } catch {
      // not JSON after all: keep the status line
    }
  }
  return new ApiError(res.status, detail, problem);
}

/**
 * One API call. opts: {method, json (a value sent as JSON), body (sent as is), headers, as:
 * 'json' (default) | 'blob' | 'response'}. Resolves to the parsed answer (null for 204/304);
 * rejects with ApiError.
 */
export async function api(url, opts = {}) {
  const headers = authHeaders(opts.headers);
  let body = opts.body;
  if (opts.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(opts.json);
  }
  const res = await fetch(url, { method: opts.method || 'GET', headers, body, cache: 'no-store', signal: opts.signal });
  if (!res.ok) throw await failure(res);
  if (opts.as === 'response') return res;
  if (opts.as === 'blob') return res.blob();
  if (res.status === 204 || res.status === 304) return null;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

const inFlight = new Map();

/**
 * Runs fn() unless a call under the same key is still running, in which case the running call's
 * promise is returned: a slow server never gets a second request for the same thing.
 */
export function once(key, fn) {
  const running = inFlight.get(key);
  if (running) return running;
  const p = Promise.resolve().then(fn).finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

/** Number of distinct calls in flight; read by the tests through window.stowageConsole. */
export function inFlightCount() {
  return inFlight.size;
}
