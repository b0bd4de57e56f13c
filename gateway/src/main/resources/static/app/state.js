// What every screen shares: the signed-in person's state in this tab, the people it knows (and how they are named),
// and how an error is told (a toast).
import { ApiError, api } from './api.js';
import { $ } from './dom.js';

export const state = {
  me: null,
  users: new Map(), // userId -> {userId, username, displayName}
  conversations: new Map(), // conversationId -> inbox item
  inboxNext: null,
  currentId: null,
  threads: new Map(), // conversationId -> {messages: Map<seq, item>, service: Map<serviceId, item>, pending: Map<clientMessageId, item>, next, loaded}
  receipts: new Map(), // conversationId -> Map<userId, {deliveredUpTo, readUpTo}>
  presence: new Map(), // userId -> {status, lastSeen}
  typing: new Map(), // conversationId -> Map<userId, timer>
  blocked: new Set(),
  readUpTo: new Map(), // conversationId -> the highest seq this client marked read
  media: new Map(), // mediaId(+thumb) -> object URL
  live: null,
  attachment: null,
  inboxItems: new Map(), // rendered inbox entries (reconcile)
  messageItems: new Map(), // rendered messages of the open conversation (reconcile)
  lastTypingSent: 0,
  showArchived: false, // the inbox lists the archived conversations instead
  showRequests: false, // the inbox lists the message requests waiting for the caller instead
  pins: new Map(), // conversationId -> [{messageId, seq, pinnedBy, pinnedAt}], oldest pin first
  roles: new Map(), // conversationId -> the caller's role in that group (owner, admin, member)
  unseenBelow: 0, // messages that arrived in the open conversation while it was scrolled up
};

export function thread(conversationId) {
  let t = state.threads.get(conversationId);
  if (!t) {
    t = { messages: new Map(), service: new Map(), pending: new Map(), next: null, loaded: false, loading: false };
    state.threads.set(conversationId, t);
  }
  return t;
}

export async function ensureUsers(ids) {
  const unknown = [...new Set(ids)].filter((id) => id && !state.users.has(id));
  for (let i = 0; i < unknown.length; i += 100) {
    try {
      const { users } = await api.users(unknown.slice(i, i + 100));
      for (const user of users) state.users.set(user.userId, user);
    } catch (e) {
      toast(describe(e));
    }
  }
}

export const nameOf = (userId) => (userId === state.me?.userId ? 'You' : state.users.get(userId)?.displayName || 'Someone');

export function otherParticipant(conversation) {
  return conversation.type === 'direct' ? conversation.participants.find((p) => p !== state.me.userId) : null;
}

export function titleOf(conversation) {
  if (conversation.type === 'group') {
    return conversation.title || conversation.participants.filter((p) => p !== state.me.userId).map(nameOf).join(', ') || 'Group';
  }
  return nameOf(otherParticipant(conversation) || state.me.userId);
}

export function describe(e) {
  if (e instanceof ApiError) {
    if (e.kind === 'blocked') return 'Blocked: messages between you two are not possible.';
    if (e.status === 429) return 'Slow down a little, then try again.';
    if (e.status === 503) return 'That part of the service is unavailable right now. Try again soon.';
    const fields = (e.problem.errors || []).map((f) => `${f.field}: ${f.message}`).join('; ');
    return fields || e.message;
  }
  return e?.message || String(e);
}

let toastTimer;

export function toast(message) {
  const el = $('toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 5000);
}

export const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
