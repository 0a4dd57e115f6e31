// Live updates: one server-sent-event stream per tab, read with fetch() so that the token goes in
// the Authorization header (EventSource cannot send one, and the token never goes in a URL).
// The stream is closed while the tab is hidden and reopened with Last-Event-ID when it shows
// again. When the server has no stream (404/405), the current screen is polled instead, never
// with two requests for the same thing in flight.
import { authHeaders } from './api.js';

const POLL_MS = 2000;

export class Live {
  /** onEvent(kind, data); onMode(mode): 'stream', 'poll', 'off' or 'reconnecting'; poll(): refresh the screen. */
  constructor(onEvent, onMode, poll) {
    this.onEvent = onEvent;
    this.onMode = onMode;
    this.poll = poll;
    this.job = null;
    this.lastEventId = null;
    this.controller = null;
    this.mode = 'off';
    this.retryMs = 1000;
    this.timer = null;
    this.pollTimer = null;
    this.running = false;
    this.events = 0;
    document.addEventListener('visibilitychange', () => this.visibility());
  }

  start() {
    this.running = true;
    this.connect();
  }

  stop() {
    this.running = false;
    this.disconnect();
    this.setMode('off');
  }

  /** Follows one job too (or none): the one stream is reopened with ?job=. */
  watchJob(id) {
    if (id === this.job) return;
    this.job = id;
    if (this.mode === 'stream' || this.mode === 'reconnecting') {
      this.disconnect();
      this.connect();
    }
  }

  setMode(mode) {
    if (this.mode !== mode) {
      this.mode = mode;
      this.onMode(mode);
    }
  }

  visibility() {
    if (!this.running) return;
    if (document.hidden) {
      this.disconnect();
    } else if (this.mode === 'poll') {
      this.schedulePoll();
    } else {
      this.connect();
    }
  }

  disconnect() {
    clearTimeout(this.timer);
    clearTimeout(this.pollTimer);
    this.timer = null;
    this.pollTimer = null;
    if (this.controller) {
      this.controller.abort();
      this.controller = null;
    }
  }

  schedulePoll() {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(async () => {
      if (!this.running || document.hidden || this.mode !== 'poll') return;
      try {
        await this.poll();
      } catch {
        // the screen shows its own errors; polling goes on
      }
      this.schedulePoll();
    }, POLL_MS);
  }

  async connect() {
    if (!this.running || document.hidden || this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    const headers = authHeaders({ Accept: 'text/event-stream' });
    if (this.lastEventId) headers.set('Last-Event-ID', this.lastEventId);
    const url = this.job ? `/api/v1/events?job=${encodeURIComponent(this.job)}` : '/api/v1/events';
    try {
      const res = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
      if (res.status === 404 || res.status === 405) {
        this.controller = null;
        this.setMode('poll');
        this.schedulePoll();
        return;
      }
      if (res.status === 401 || res.status === 403 || !res.ok || !res.body) {
        throw new Error(`events: ${res.status}`);
      }
      this.setMode('stream');
      this.retryMs = 1000;
      await this.read(res.body.getReader(), controller);
      throw new Error('events: the stream ended');
    } catch (e) {
      if (this.controller === controller) this.controller = null;
      if (controller.signal.aborted || !this.running) return;
      this.setMode('reconnecting');
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 30000);
    }
  }

  async read(reader, controller) {
    const decoder = new TextDecoder();
    let buffer = '';
    let kind = 'message';
    let data = [];
    let id = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done || controller.signal.aborted) return;
      buffer += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer[nl] === '\r' && buffer[nl + 1] === '\n' ? 2 : 1));
        if (line === '') {
          if (id !== null) this.lastEventId = id;
          if (data.length) this.dispatch(kind, data.join('\n'));
          kind = 'message';
          data = [];
          id = null;
          continue;
        }
        if (line.startsWith(':')) continue; // heartbeat comment
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'event') kind = val;
        else if (field === 'data') data.push(val);
        else if (field === 'id') id = val;
        else if (field === 'retry' && /^\d+$/.test(val)) this.retryMs = Number(val);
      }
    }
  }

  dispatch(kind, text) {
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    this.events++;
    this.onEvent(kind, value);
  }
}
