// The caller's /events stream through EventSource, resumed from the last feed position after any drop.

import { SERVICE_TYPES } from './group.js';
import { ADMISSION_TYPES } from './admission.js';

const TYPES = ['message.sent', 'message.edited', 'message.deleted', 'receipt.delivered', 'receipt.read',
  'reaction.added', 'reaction.removed', 'conversation.created', 'participant.added', 'participant.removed',
  'presence.changed', 'typing', 'feed.reset', 'message.pinned', 'message.unpinned', 'conversation.state',
  'request.accepted', 'request.declined', 'conversation.muted', 'privacy.changed',
  ...SERVICE_TYPES, ...ADMISSION_TYPES];

const POSITION_KEY = 'messenger.feedPosition';

/**
 * EventSource cannot send an Authorization header, so the token goes in the access_token query parameter, which
 * the gateway accepts on /events only; {@code token} gives the current one (it is renewed while the stream is open,
 * and a stream reopened with an expired one is refused). The browser reconnects by itself with Last-Event-ID; when it gives up (the
 * gateway was gone, or answered with an error) a new stream resumes with ?since= from the last position seen, so
 * nothing is missed and nothing arrives twice.
 */
export class LiveEvents {
  constructor({ token, onEvent, onStatus }) {
    this.token = token;
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.retryMs = 1000;
    this.closed = false;
    const stored = sessionStorage.getItem(POSITION_KEY);
    this.position = stored ? Number(stored) : null;
  }

  /** Whether the stream resumes from a known position (else it starts at the present). */
  get resuming() { return this.position !== null; }

  open() {
    const params = new URLSearchParams({ access_token: this.token() });
    if (this.position !== null) params.set('since', String(this.position));
    const source = new EventSource(`/events?${params}`);
    this.source = source;
    this.onStatus('connecting');
    source.onopen = () => {
      this.retryMs = 1000;
      this.onStatus('live');
    };
    source.onerror = () => {
      if (this.closed) return;
      if (source.readyState === EventSource.CLOSED) {
        this.onStatus('offline');
        setTimeout(() => { if (!this.closed && this.source === source) this.open(); }, this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 30000);
      } else {
        this.onStatus('reconnecting');
      }
    };
    for (const type of TYPES) {
      source.addEventListener(type, (e) => {
        // stored events carry their feed position; typing and presence have none and keep the last one
        if (e.lastEventId && type !== 'feed.reset') this.remember(Number(e.lastEventId));
        let data = null;
        try { data = JSON.parse(e.data); } catch { return; }
        // the feed no longer holds what was asked for (or was rebuilt, its positions starting again): what
        // follows comes after resumeAfter, and the client re-syncs what it shows
        if (type === 'feed.reset') this.resetTo(Number(data.resumeAfter));
        this.onEvent(type, data);
      });
    }
  }

  remember(position) {
    if (Number.isFinite(position) && (this.position === null || position > this.position)) {
      this.position = position;
      sessionStorage.setItem(POSITION_KEY, String(position));
    }
  }

  resetTo(position) {
    if (!Number.isFinite(position)) return;
    this.position = position;
    sessionStorage.setItem(POSITION_KEY, String(position));
  }

  close() {
    this.closed = true;
    if (this.source) this.source.close();
  }

  static clearStoredPosition() { sessionStorage.removeItem(POSITION_KEY); }
}
