// The inbox: the conversations listed (chats, archived chats, message requests), presence, blocks, and the inbox's
// own state per conversation (pinned, archived).
import { ApiError, api } from './api.js';
import { $, h, lastSeenText, reconcile, shortTime } from './dom.js';
import { closeConversation, markDelivered, markRead, openConversation, renderHeader } from './conversation.js';
import { draftOf } from './drafts.js';
import { icon } from './icons.js';
import { isMuted, mutedText } from './mute.js';
import { describe, ensureUsers, nameOf, otherParticipant, state, titleOf, toast } from './state.js';

export async function loadPresence(userIds) {
  const ids = [...new Set(userIds)].filter(Boolean);
  for (let i = 0; i < ids.length; i += 50) {
    try {
      const { presence } = await api.presence(ids.slice(i, i + 50));
      for (const p of presence) state.presence.set(p.userId, p);
    } catch { /* presence is a nicety: the inbox works without it */ }
  }
  renderInbox();
  renderHeader();
}

function presenceDot(userId) {
  const p = state.presence.get(userId);
  const online = p?.status === 'online';
  return h('span', { class: `presence-dot${online ? ' online' : ''}`, role: 'img',
    'aria-label': online ? 'online' : lastSeenText(p?.lastSeen), dataset: { presence: online ? 'online' : 'offline' } });
}

export async function loadBlocked() {
  try {
    const { blocked } = await api.blocked();
    state.blocked = new Set(blocked);
    renderHeader();
  } catch (e) { toast(describe(e)); }
}

/** The message requests waiting for the caller: kept with the conversations, marked, and listed apart. */
export async function loadRequests() {
  try {
    const page = await api.requests();
    for (const item of page.conversations) mergeConversation({ ...item, requestForMe: true });
    await ensureUsers(page.conversations.flatMap((c) => c.participants));
    renderInbox();
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) toast(describe(e));
  }
}

export async function toggleRequests() {
  state.showRequests = !state.showRequests;
  state.showArchived = false;
  renderInbox();
  if (state.showRequests) await loadRequests();
}

/** Accepts, declines, or declines and blocks, the open message request. */
export async function answerRequest(answer) {
  const id = state.currentId;
  const c = state.conversations.get(id);
  try {
    if (answer === 'accept') {
      await api.accept(id);
      c.requestForMe = false;
      state.showRequests = false;
      markRead(id);
    } else {
      await api.decline(id, { block: answer === 'block' });
      if (answer === 'block') state.blocked.add(otherParticipant(c));
      forget(id);
    }
  } catch (e) {
    toast(describe(e));
  }
  renderInbox();
  if (state.currentId === id) renderHeader();
}

/** A conversation this client no longer shows (left, declined). */
export function forget(conversationId) {
  state.conversations.delete(conversationId);
  state.threads.delete(conversationId);
  if (state.currentId === conversationId) closeConversation();
}

export async function loadInbox(more = false) {
  try {
    const page = await api.inbox(more ? state.inboxNext : undefined, state.showArchived);
    state.inboxNext = page.next;
    for (const item of page.conversations) mergeConversation(item);
    await ensureUsers(page.conversations.flatMap((c) => c.participants));
    renderInbox();
    renderHeader();
    // the messages listed are on this device now
    for (const c of page.conversations) {
      if (c.unreadCount > 0 && c.lastMessage) markDelivered(c.conversationId, c.lastMessage.seq);
    }
    loadPresence(page.conversations.map(otherParticipant));
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) toast(describe(e));
  }
}

function mergeConversation(item) {
  const known = state.conversations.get(item.conversationId);
  // the stream may already have brought something newer than this read
  if (known?.lastMessage && item.lastMessage && known.lastMessage.seq > item.lastMessage.seq) {
    item = { ...item, lastMessage: known.lastMessage, updatedAt: known.updatedAt, unreadCount: known.unreadCount };
  }
  if (state.readUpTo.has(item.conversationId) && item.lastMessage && state.readUpTo.get(item.conversationId) >= item.lastMessage.seq) {
    item = { ...item, unreadCount: 0 };
  }
  state.conversations.set(item.conversationId, item);
}

function previewOf(lastMessage) {
  if (!lastMessage) return 'No messages yet';
  const prefix = lastMessage.senderId === state.me.userId ? 'You: ' : '';
  if (lastMessage.deleted) return `${prefix}Message deleted`;
  if (lastMessage.preview) return prefix + lastMessage.preview;
  if (lastMessage.encrypted) return `${prefix}Encrypted message`;
  if (lastMessage.media) return prefix + fileWord(lastMessage.media.contentType || '');
  return prefix.trim() || '…';
}

/** What kind of file a message carried, as the inbox says it. */
function fileWord(type) {
  if (type.startsWith('video/')) return 'Video';
  if (type.startsWith('audio/')) return 'Audio';
  return type && !type.startsWith('image/') ? 'File' : 'Photo';
}

export function renderInbox() {
  // as the server orders them: the pinned first, then the newest activity; archived ones only in their own list
  const items = [...state.conversations.values()]
    .filter((c) => (state.showRequests ? Boolean(c.requestForMe) : !c.requestForMe && Boolean(c.archived) === state.showArchived))
    .sort((a, b) => (Boolean(b.pinned) - Boolean(a.pinned)) || (b.updatedAt || '').localeCompare(a.updatedAt || ''));
  const entries = items.map((c) => {
    const other = otherParticipant(c);
    const current = c.conversationId === state.currentId;
    const presence = other ? state.presence.get(other) : null;
    return {
      key: c.conversationId,
      sig: JSON.stringify([titleOf(c), previewOf(c.lastMessage), c.lastMessage?.sentAt, c.updatedAt, c.unreadCount, current, c.pinned,
        presence?.status, presence?.lastSeen, current ? '' : draftOf(c.conversationId), isMuted(c)]),
      build: () => inboxEntry(c, other, current),
    };
  });
  if (items.length === 0) {
    const empty = state.showRequests ? 'No message requests.'
      : state.showArchived ? 'No archived chats.' : 'No conversations yet. Start a new chat.';
    entries.push({ key: 'empty', sig: empty, build: () => h('li', { class: 'placeholder' }, empty) });
  }
  if (state.inboxNext && !state.showRequests) {
    entries.push({ key: 'more', sig: state.inboxNext, build: () => h('li', {},
      h('button', { type: 'button', class: 'quiet more', onclick: () => loadInbox(true) }, 'Older conversations')) });
  }
  reconcile($('inbox'), entries, state.inboxItems);
  const requests = [...state.conversations.values()].filter((c) => c.requestForMe).length;
  const toggle = $('requests-toggle');
  toggle.hidden = requests === 0 && !state.showRequests;
  toggle.textContent = state.showRequests ? 'Back to chats' : `Message requests (${requests})`;
  toggle.setAttribute('aria-pressed', String(state.showRequests));
  $('inbox').setAttribute('aria-label', state.showRequests ? 'Message requests' : state.showArchived ? 'Archived chats' : 'Inbox');
  // the unread count in the tab's title, so a background tab tells that something arrived
  const unread = items.reduce((sum, c) => sum + (c.unreadCount > 0 ? c.unreadCount : 0), 0);
  document.title = unread > 0 ? `(${unread > 99 ? '99+' : unread}) Messenger` : 'Messenger';
}

function inboxEntry(c, other, current) {
  const unread = c.unreadCount > 0;
  return h('li', { dataset: { conversationId: c.conversationId } },
    h('button', {
      type: 'button',
      class: `inbox-item${current ? ' current' : ''}${unread ? ' has-unread' : ''}`,
      'aria-current': current ? 'true' : null,
      onclick: () => openConversation(c.conversationId),
    },
    other ? presenceDot(other) : h('span', { class: 'group-mark', 'aria-hidden': 'true' }, '#'),
    h('span', { class: 'inbox-text' },
      h('span', { class: 'inbox-title' }, titleOf(c)),
      current || !draftOf(c.conversationId) ? h('span', { class: 'inbox-preview' }, previewOf(c.lastMessage))
        : h('span', { class: 'inbox-preview draft' }, h('em', {}, 'Draft: '), draftOf(c.conversationId))),
    h('span', { class: 'inbox-side' },
      h('time', { datetime: c.lastMessage?.sentAt || c.updatedAt }, shortTime(c.lastMessage?.sentAt || c.updatedAt)),
      c.pinned ? h('span', { class: 'pinned-mark', role: 'img', 'aria-label': 'Pinned' }, icon('pin')) : null,
      isMuted(c) ? h('span', { class: 'muted-mark', role: 'img', 'aria-label': 'Muted', title: `Muted ${mutedText(c.mutedUntil)}` }, icon('muted')) : null,
      unread ? h('span', { class: 'unread-badge', 'aria-label': `${c.unreadCount} unread` }, c.unreadCount > 99 ? '99+' : c.unreadCount) : null)));
}

/** Archives or pins the open conversation in the caller's own inbox. */
export async function changeState(flags) {
  const id = state.currentId;
  try {
    await api.setState(id, flags);
    applyState(id, flags);
  } catch (e) {
    toast(describe(e));
  }
}

export function applyState(conversationId, flags) {
  const c = state.conversations.get(conversationId);
  if (!c) return;
  if (flags.archived !== undefined) c.archived = flags.archived;
  if (flags.pinned !== undefined) c.pinned = flags.pinned;
  renderInbox();
  if (conversationId === state.currentId) renderHeader();
}

export async function toggleArchivedList() {
  state.showArchived = !state.showArchived;
  state.showRequests = false;
  $('archived-toggle').setAttribute('aria-pressed', String(state.showArchived));
  $('archived-toggle').textContent = state.showArchived ? 'Back to chats' : 'Archived chats';
  $('inbox').setAttribute('aria-label', state.showArchived ? 'Archived chats' : 'Inbox');
  state.inboxNext = null;
  renderInbox();
  await loadInbox();
}

export const groupInfoContext = () => ({
  me: () => state.me, nameOf, ensureUsers, describe,
  left: (conversationId) => { forget(conversationId); renderInbox(); },
});
