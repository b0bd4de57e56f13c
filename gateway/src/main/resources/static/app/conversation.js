// The open conversation: opening and leaving it, its history, header, pins, receipts sent (delivered, read), the
// "new messages" divider and "jump to the latest", and opening encrypted messages on this device.
import { ApiError, api } from './api.js';
import { $, clear, h, lastSeenText } from './dom.js';
import { autoGrow, cancelReply, clearAttachment, keepDraft } from './composer.js';
import { draftOf } from './drafts.js';
import * as e2ee from './e2ee.js';
import { icon } from './icons.js';
import { renderInbox } from './inbox.js';
import { releaseMedia, renderMessages } from './messages.js';
import { isMuted, mutedText } from './mute.js';
import { describe, ensureUsers, nameOf, otherParticipant, sleep, state, thread, titleOf, toast } from './state.js';

export async function openConversation(conversationId, { focusSeq } = {}) {
  const switching = state.currentId !== conversationId;
  // how many were unread when it was opened: the "new messages" divider goes above the first of them
  const unreadAtOpen = switching ? (state.conversations.get(conversationId)?.unreadCount || 0) : 0;
  if (switching) {
    leaveConversation();
    releaseMedia();
    clear($('message-list'));
    state.messageItems.clear();
    $('composer-input').value = draftOf(conversationId);
    autoGrow();
    state.unseenBelow = 0;
  }
  if (state.replyTo?.conversationId !== conversationId) cancelReply();
  state.currentId = conversationId;
  document.body.classList.add('conversation-open');
  $('no-conversation').hidden = true;
  $('conversation-view').hidden = false;
  clearAttachment();
  renderInbox();
  renderHeader();
  renderTyping();
  const t = thread(conversationId);
  renderMessages({ toBottom: true });
  if (!t.loaded) await loadHistory(conversationId);
  if (state.conversations.get(conversationId)?.e2ee) await decryptThread(conversationId);
  if (switching) t.unreadFrom = firstUnread(t, unreadAtOpen);
  if (focusSeq !== undefined) await revealMessage(conversationId, focusSeq);
  else {
    renderMessages({ toBottom: true });
    showUnreadDivider();
  }
  loadReceipts(conversationId);
  loadPins(conversationId);
  if (state.conversations.get(conversationId)?.type === 'group') loadRole(conversationId);
  markRead(conversationId);
  if (window.matchMedia('(min-width: 700px)').matches) $('composer-input').focus();
}

/**
 * This browser as a device with keys (made and registered the first time an encrypted chat is used here); false when
 * it cannot be one. Kept per account in IndexedDB, so a reload or another tab is the same device.
 */
export async function encryptionReady() {
  if (state.e2ee === undefined || state.e2ee === null) {
    state.e2ee = (await e2ee.supported()) ? e2ee.useDeviceOf(state.me.userId).then(() => true) : Promise.resolve(false);
  }
  state.e2ee = await state.e2ee;
  return state.e2ee;
}

/** Opens, on this device, every encrypted message of the conversation not opened yet (its text stays in the page only). */
async function decryptThread(conversationId) {
  if (!await encryptionReady()) return;
  const t = thread(conversationId);
  for (const m of t.messages.values()) await decrypt(conversationId, m);
  if (conversationId === state.currentId) {
    renderHeader();
    renderMessages();
  }
}

export async function decrypt(conversationId, m) {
  if (!m.encrypted || m.deleted || m.opened !== undefined) return;
  try {
    m.body = await e2ee.open(conversationId, m.ciphertexts);
    m.opened = m.body !== null; // null: no envelope for this device (sent before it existed, or elsewhere)
  } catch {
    m.opened = false;
  }
}

/** What leaving the open conversation keeps: its draft; and what it drops: its "new messages" divider. */
function leaveConversation() {
  const previous = state.currentId;
  if (!previous) return;
  keepDraft(previous, $('composer-input').value);
  const t = state.threads.get(previous);
  if (t) delete t.unreadFrom;
}

/** The seq of the first of the last `unread` messages from others (loaded ones), or undefined. */
function firstUnread(t, unread) {
  if (unread <= 0) return undefined;
  const theirs = [...t.messages.values()].filter((m) => m.senderId !== state.me.userId).map((m) => m.seq).sort((a, b) => b - a);
  return theirs.length === 0 ? undefined : theirs[Math.min(unread, theirs.length) - 1];
}

/** Opened at the bottom, the view moves up to the divider when it is above what shows, as other messengers do. */
function showUnreadDivider() {
  const divider = $('unread-divider');
  const box = $('messages');
  if (divider && divider.offsetTop < box.scrollTop) box.scrollTop = Math.max(0, divider.offsetTop - 8);
  updateJumpToLatest();
}

/** "Jump to the latest" shows when the view is half a screen or more above the newest message, with what arrived since. */
export function updateJumpToLatest() {
  const box = $('messages');
  const button = $('jump-latest');
  const away = box.scrollHeight - box.scrollTop - box.clientHeight;
  button.hidden = !state.currentId || away < Math.max(80, box.clientHeight / 2);
  if (away < 40) state.unseenBelow = 0;
  $('jump-count').textContent = state.unseenBelow > 0 ? String(state.unseenBelow) : '';
}

export function jumpToLatest() {
  const box = $('messages');
  box.scrollTop = box.scrollHeight;
  state.unseenBelow = 0;
  updateJumpToLatest();
}

export function closeConversation() {
  leaveConversation();
  $('jump-latest').hidden = true;
  document.body.classList.remove('conversation-open');
  state.currentId = null;
  $('conversation-view').hidden = true;
  $('no-conversation').hidden = false;
  renderInbox();
}

async function loadHistory(conversationId, older = false) {
  const t = thread(conversationId);
  if (t.loading || (older && t.next === null)) return;
  t.loading = true;
  try {
    // a conversation created a moment ago may not be in the read model yet (README: read-your-writes)
    let page = null;
    for (let attempt = 0; page === null; attempt++) {
      try {
        page = await api.history(conversationId, older ? t.next : undefined);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404 && attempt < 5)) throw e;
        await sleep(300);
      }
    }
    // between the messages, a group's service items ("Alice added Bob")
    for (const m of page.messages) {
      if (m.kind === 'service') t.service.set(m.serviceId, m);
      else t.messages.set(m.seq, m);
    }
    t.next = page.next;
    t.loaded = true;
    await ensureUsers(page.messages.flatMap((m) => (m.kind === 'service' ? [m.actorId, m.userId]
      : [m.senderId, ...Object.values(m.reactions || {}).flat()])).filter(Boolean));
  } catch (e) {
    toast(describe(e));
  } finally {
    t.loading = false;
  }
}

export async function loadOlder() {
  const id = state.currentId;
  const t = id && thread(id);
  if (!t || !t.loaded || t.next === null || t.loading) return;
  const box = $('messages');
  const fromBottom = box.scrollHeight - box.scrollTop;
  await loadHistory(id, true);
  if (state.currentId !== id) return;
  renderMessages();
  box.scrollTop = box.scrollHeight - fromBottom; // keep what was on screen in place
}

export async function revealMessage(conversationId, seq) {
  const t = thread(conversationId);
  for (let pages = 0; !t.messages.has(seq) && t.next !== null && pages < 20; pages++) await loadHistory(conversationId, true);
  renderMessages();
  const el = document.querySelector(`#message-list [data-seq="${seq}"]`);
  if (el) {
    el.scrollIntoView({ block: 'center' });
    el.classList.add('found');
    setTimeout(() => el.classList.remove('found'), 2500);
  }
}

async function loadReceipts(conversationId) {
  try {
    const { receipts } = await api.receipts(conversationId);
    const map = new Map();
    for (const r of receipts) map.set(r.userId, { deliveredUpTo: r.deliveredUpTo || 0, readUpTo: r.readUpTo });
    state.receipts.set(conversationId, map);
    if (conversationId === state.currentId) renderMessages();
  } catch { /* ticks are a nicety */ }
}

export function renderHeader() {
  const c = state.conversations.get(state.currentId);
  if (!c) return;
  $('conversation-title').textContent = titleOf(c);
  const other = otherParticipant(c);
  const dot = $('conversation-presence');
  const block = $('block-toggle');
  if (other) {
    const p = state.presence.get(other);
    const online = p?.status === 'online';
    dot.hidden = false;
    dot.className = `presence-dot${online ? ' online' : ''}`;
    dot.dataset.presence = online ? 'online' : 'offline';
    $('conversation-subtitle').textContent = online ? 'online' : lastSeenText(p?.lastSeen);
    block.hidden = false;
    $('group-info').hidden = true;
    block.textContent = state.blocked.has(other) ? 'Unblock' : 'Block';
  } else {
    dot.hidden = true;
    block.hidden = true;
    $('group-info').hidden = c.type !== 'group';
    $('conversation-subtitle').textContent = `${c.participants.length} participants: ${c.participants.map(nameOf).join(', ')}`;
  }
  $('pin-toggle').textContent = c.pinned ? 'Unpin chat' : 'Pin chat';
  $('archive-toggle').textContent = c.archived ? 'Unarchive' : 'Archive';
  const muted = isMuted(c);
  $('mute-toggle').textContent = muted ? 'Unmute' : 'Mute';
  $('mute-toggle').title = muted ? `Muted ${mutedText(c.mutedUntil)}` : 'Mute notifications';
  renderComposerState(c, other);
  renderPinnedBar();
  // a request waiting for the caller: accept, decline, or decline and block (replying accepts it too)
  $('request-bar').hidden = !c.requestForMe;
  if (c.requestForMe) $('request-text').textContent = `${nameOf(other)} wants to chat with you. They do not know whether you read this until you accept.`;
}

export async function loadPins(conversationId) {
  try {
    state.pins.set(conversationId, (await api.pins(conversationId)).pins);
  } catch (e) {
    state.pins.delete(conversationId);
  }
  if (conversationId === state.currentId) {
    renderPinnedBar();
    renderMessages();
  }
}

export const isPinned = (conversationId, m) => (state.pins.get(conversationId) || []).some((p) => p.messageId === m.messageId);

/** The newest pin above the messages (how many there are, when more); a click shows it in the thread. */
function renderPinnedBar() {
  const bar = $('pinned-bar');
  const pins = state.pins.get(state.currentId) || [];
  if (pins.length === 0) {
    bar.hidden = true;
    return;
  }
  const latest = pins[pins.length - 1];
  const m = thread(state.currentId).messages.get(latest.seq);
  const text = m?.body ?? (m?.deleted ? 'Message deleted' : 'Message');
  clear(bar);
  bar.append(icon('pin'), h('span', { class: 'pinned-label' }, pins.length > 1 ? `Pinned (${pins.length})` : 'Pinned'),
    h('span', { class: 'pinned-text' }, text));
  bar.dataset.seq = latest.seq;
  bar.hidden = false;
}

export async function togglePin(conversationId, m) {
  try {
    if (isPinned(conversationId, m)) await api.unpin(conversationId, m.messageId);
    else await api.pin(conversationId, m.messageId);
    await loadPins(conversationId);
  } catch (e) {
    toast(describe(e));
  }
}

function renderComposerState(c, other) {
  const note = $('composer-note');
  let why = '';
  if (c.e2ee && state.e2ee === false) why = 'End-to-end encrypted: this browser cannot hold the keys (it lacks WebCrypto\'s X25519 and Ed25519).';
  else if (other && state.blocked.has(other)) why = `You blocked ${nameOf(other)}. Unblock to send messages.`;
  note.textContent = why || (c.request && !c.requestForMe ? `${nameOf(other)} has not accepted your message request yet.` : '');
  for (const el of [$('composer-input'), $('send'), $('attach')]) el.disabled = Boolean(why);
  $('attach').disabled = Boolean(why) || Boolean(c.e2ee); // files are not end-to-end encrypted: none in such a chat
}

/** The caller's role in a group, for what only admins may do from here (mention everyone). */
async function loadRole(conversationId) {
  try {
    const group = await api.conversation(conversationId);
    state.roles.set(conversationId, group.members.find((m) => m.userId === state.me.userId)?.role);
  } catch (e) {
    state.roles.delete(conversationId);
  }
}

export function noteLastMessage(conversationId, m) {
  const c = state.conversations.get(conversationId);
  if (!c || (c.lastMessage && c.lastMessage.seq > m.seq)) return;
  c.lastMessage = {
    messageId: m.messageId, seq: m.seq, senderId: m.senderId, sentAt: m.sentAt, deleted: Boolean(m.deleted),
    preview: m.body ? m.body.substring(0, 100) : null, media: m.media, encrypted: m.encrypted,
  };
  c.updatedAt = m.sentAt > (c.updatedAt || '') ? m.sentAt : c.updatedAt;
}

export function markRead(conversationId) {
  if (document.visibilityState !== 'visible' || conversationId !== state.currentId) return;
  const t = thread(conversationId);
  const top = Math.max(0, ...t.messages.keys());
  const c = state.conversations.get(conversationId);
  if (c) {
    c.unreadCount = 0;
    renderInbox();
  }
  // reading a request tells its sender nothing (the server records no receipt): marked read once accepted
  if (top === 0 || c?.requestForMe || (state.readUpTo.get(conversationId) || 0) >= top) return;
  state.readUpTo.set(conversationId, top);
  api.read(conversationId, top).catch(() => state.readUpTo.delete(conversationId));
}

const deliveredTimers = new Map();

export function markDelivered(conversationId, seq) {
  // one receipt per conversation for a burst of messages
  const pending = deliveredTimers.get(conversationId);
  if (pending && pending.seq >= seq) return;
  if (pending) clearTimeout(pending.timer);
  const timer = setTimeout(() => {
    deliveredTimers.delete(conversationId);
    api.delivered(conversationId, seq).catch(() => {});
  }, 300);
  deliveredTimers.set(conversationId, { seq, timer });
}

export async function toggleBlock() {
  const c = state.conversations.get(state.currentId);
  const other = c && otherParticipant(c);
  if (!other) return;
  try {
    if (state.blocked.has(other)) {
      await api.unblock(other);
      state.blocked.delete(other);
    } else {
      if (!window.confirm(`Block ${nameOf(other)}? Neither of you can send messages in this chat until you unblock.`)) return;
      await api.block(other);
      state.blocked.add(other);
    }
  } catch (e) { toast(describe(e)); }
  renderHeader();
}

export function renderTyping() {
  const who = [...(state.typing.get(state.currentId)?.keys() || [])].map(nameOf);
  $('typing').textContent = who.length === 0 ? '' : `${who.join(', ')} ${who.length === 1 ? 'is' : 'are'} typing…`;
}
