// The web client: inbox, conversations and live updates over the public API only.
import { api, ApiError, renewToken, session, whenUnauthorized } from './api.js';
import { LiveEvents } from './live.js';
import { $, h, clear, linked, shortTime, lastSeenText, reconcile, dayKey, dayLabel } from './dom.js';
import { draftOf, forgetDrafts, useDraftsOf } from './drafts.js';
import { useOutboxOf, done, forgetOutbox } from './outbox.js';
import { icon } from './icons.js';
import { openGroupInfo, refreshGroupInfo, serviceText } from './group.js';
import { initAdmissions, loadInvitations, onAdmissionEvent, joinFromLocation, ADMISSION_TYPES } from './admission.js';
import { initAccount } from './account.js';
import { initNewChat, openNewChat, startNewChat } from './newchat.js';
import { initSearch, search, showMentions, closeSearch } from './search.js';
import { initMute, isMuted, mutedText, toggleMute, applyMute } from './mute.js';
import { initEmojiPicker, pickEmoji } from './emoji.js';
import * as e2ee from './e2ee.js';
import { initComposer, sendFromComposer, deliver, sendWaiting, sendFailedAgain, typed, autoGrow, chooseAttachment, attach,
  clearAttachment, startReply, cancelReply, keepDraft } from './composer.js';
import { initMessageMenus, showSeenBy, showVersions, chooseForwardTarget, openReport } from './message-menus.js';
import { initNotifications, messageArrived as notifyArrival, subscribePush, unsubscribePush } from './notifications.js';

const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];
const TYPING_SHOWN_MS = 5000;

const state = {
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

// ---------------------------------------------------------------- accounts

function showAuth(message) {
  $('app').hidden = true;
  $('auth').hidden = false;
  $('auth-error').textContent = message || '';
  $('signin-username').focus();
}

async function signIn(username, password) {
  session.store(await api.token(username, password));
  LiveEvents.clearStoredPosition();
  await start();
}

/** The access token is renewed a minute before it expires; a session that has ended returns the tab to sign-in. */
let renewalTimer;
function renewBeforeExpiry() {
  clearTimeout(renewalTimer);
  const expiresAt = session.expiresAt;
  if (expiresAt === null) return;
  const wait = Math.max(0, Math.min(expiresAt - 60_000 - Date.now(), 2 ** 31 - 1));
  renewalTimer = setTimeout(async () => {
    if (await renewToken(session.token)) renewBeforeExpiry();
    else if (!session.refreshToken) signOut('Your session has ended. Please sign in again.');
    else renewalTimer = setTimeout(renewBeforeExpiry, 15_000); // the gateway out of reach: try again
  }, wait);
}

/** {@code logout}: the person signed out (the session ends on the server too); else it had already ended. */
async function signOut(message, { logout = false } = {}) {
  clearTimeout(renewalTimer);
  if (state.live) state.live.close();
  state.live = null;
  if (logout && session.token) {
    await unsubscribePush();
    await e2ee.forgetDevice(); // this browser stops being a device of the account: its keys and sessions go
    try { await api.logout(); } catch { /* ended already, or unreachable: its tokens expire */ }
  }
  session.clear();
  LiveEvents.clearStoredPosition();
  forgetDrafts();
  forgetOutbox();
  resetState();
  document.title = 'Messenger';
  showAuth(message);
}

function resetState() {
  state.inboxItems.clear();
  state.messageItems.clear();
  state.conversations.clear();
  state.threads.clear();
  state.receipts.clear();
  state.presence.clear();
  state.blocked.clear();
  state.readUpTo.clear();
  state.currentId = null;
  state.inboxNext = null;
  state.pins.clear();
  releaseMedia();
  state.showArchived = false;
  state.unseenBelow = 0;
  state.e2ee = undefined;
  clear($('inbox'));
  clear($('message-list'));
}

async function start() {
  try {
    state.me = await api.me();
  } catch (e) {
    signOut(e instanceof ApiError && e.status === 401 ? '' : describe(e));
    return;
  }
  state.users.set(state.me.userId, state.me);
  useDraftsOf(state.me.userId);
  useOutboxOf(state.me.userId);
  // a browser that is already a device of this account loads its keys (nothing is made or registered here)
  if (localStorage.getItem(`messenger.device.${state.me.userId}`)) encryptionReady().catch(() => {});
  renewBeforeExpiry();
  $('auth').hidden = true;
  $('app').hidden = false;
  $('me').textContent = state.me.displayName;
  $('me').title = `@${state.me.username}`;
  // the stream first, so that what happens while the inbox loads arrives on it; both merge by seq
  state.live = new LiveEvents({ token: () => session.token, onEvent: onLiveEvent, onStatus: showConnection });
  state.live.open();
  await Promise.all([loadInbox(), loadRequests(), loadBlocked(), loadInvitations()]);
  joinFromLocation();
  openFromLocation();
  subscribePush(); // notifications turned on in an earlier session: this browser's subscription, renewed
  await sendWaiting();
}


/**
 * Keyboard: Alt+Up and Alt+Down open the conversation above or below in the inbox, Ctrl+K (Cmd+K) goes to search,
 * Escape cancels a reply or leaves the search results. A dialog that is open keeps its keys.
 */
function onShortcut(e) {
  if (document.querySelector('dialog[open]') || $('app').hidden) return;
  if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
    const ids = [...$('inbox').querySelectorAll('li[data-conversation-id]')].map((li) => li.dataset.conversationId);
    if (ids.length === 0) return;
    const at = ids.indexOf(state.currentId);
    const next = at < 0 ? 0 : Math.min(ids.length - 1, Math.max(0, at + (e.key === 'ArrowUp' ? -1 : 1)));
    e.preventDefault();
    openConversation(ids[next]);
  } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
    e.preventDefault();
    $('search-input').focus();
  } else if (e.key === 'Escape') {
    if (!$('reply-bar').hidden) cancelReply();
    else if (!$('search-results').hidden) closeSearch();
  }
}

/** Opened from a push notification (sw.js): the page starts at that conversation. */
function openFromLocation() {
  const match = /^#conversation=(.+)$/.exec(window.location.hash);
  if (!match) return;
  window.history.replaceState(null, '', window.location.pathname);
  const id = decodeURIComponent(match[1]);
  if (state.conversations.has(id)) openConversation(id);
}


/** Just joined a group (an invitation accepted, a link followed): open it once the inbox shows it. */
async function whenMember(conversationId) {
  for (let attempt = 0; attempt < 20 && !state.conversations.has(conversationId); attempt++) {
    await loadInbox();
    if (!state.conversations.has(conversationId)) await sleep(250);
  }
  if (state.conversations.has(conversationId)) await openConversation(conversationId);
}

const groupInfoContext = () => ({
  me: () => state.me, nameOf, ensureUsers, describe,
  left: (conversationId) => { forget(conversationId); renderInbox(); },
});

// ---------------------------------------------------------------- users and presence

async function ensureUsers(ids) {
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

const nameOf = (userId) => (userId === state.me?.userId ? 'You' : state.users.get(userId)?.displayName || 'Someone');

function otherParticipant(conversation) {
  return conversation.type === 'direct' ? conversation.participants.find((p) => p !== state.me.userId) : null;
}

function titleOf(conversation) {
  if (conversation.type === 'group') {
    return conversation.title || conversation.participants.filter((p) => p !== state.me.userId).map(nameOf).join(', ') || 'Group';
  }
  return nameOf(otherParticipant(conversation) || state.me.userId);
}

async function loadPresence(userIds) {
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

async function loadBlocked() {
  try {
    const { blocked } = await api.blocked();
    state.blocked = new Set(blocked);
    renderHeader();
  } catch (e) { toast(describe(e)); }
}

// ---------------------------------------------------------------- inbox

/** The message requests waiting for the caller: kept with the conversations, marked, and listed apart. */
async function loadRequests() {
  try {
    const page = await api.requests();
    for (const item of page.conversations) mergeConversation({ ...item, requestForMe: true });
    await ensureUsers(page.conversations.flatMap((c) => c.participants));
    renderInbox();
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) toast(describe(e));
  }
}

async function toggleRequests() {
  state.showRequests = !state.showRequests;
  state.showArchived = false;
  renderInbox();
  if (state.showRequests) await loadRequests();
}

/** Accepts, declines, or declines and blocks, the open message request. */
async function answerRequest(answer) {
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
function forget(conversationId) {
  state.conversations.delete(conversationId);
  state.threads.delete(conversationId);
  if (state.currentId === conversationId) closeConversation();
}

async function loadInbox(more = false) {
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
  if (lastMessage.media) return `${prefix}Photo`;
  return prefix.trim() || '…';
}

function renderInbox() {
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

// ---------------------------------------------------------------- a conversation

function thread(conversationId) {
  let t = state.threads.get(conversationId);
  if (!t) {
    t = { messages: new Map(), service: new Map(), pending: new Map(), next: null, loaded: false, loading: false };
    state.threads.set(conversationId, t);
  }
  return t;
}

async function openConversation(conversationId, { focusSeq } = {}) {
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
async function encryptionReady() {
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

async function decrypt(conversationId, m) {
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
function updateJumpToLatest() {
  const box = $('messages');
  const button = $('jump-latest');
  const away = box.scrollHeight - box.scrollTop - box.clientHeight;
  button.hidden = !state.currentId || away < Math.max(80, box.clientHeight / 2);
  if (away < 40) state.unseenBelow = 0;
  $('jump-count').textContent = state.unseenBelow > 0 ? String(state.unseenBelow) : '';
}

function jumpToLatest() {
  const box = $('messages');
  box.scrollTop = box.scrollHeight;
  state.unseenBelow = 0;
  updateJumpToLatest();
}

function closeConversation() {
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

async function loadOlder() {
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

async function revealMessage(conversationId, seq) {
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

function renderHeader() {
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

/** Archives or pins the open conversation in the caller's own inbox. */
async function changeState(flags) {
  const id = state.currentId;
  try {
    await api.setState(id, flags);
    applyState(id, flags);
  } catch (e) {
    toast(describe(e));
  }
}

function applyState(conversationId, flags) {
  const c = state.conversations.get(conversationId);
  if (!c) return;
  if (flags.archived !== undefined) c.archived = flags.archived;
  if (flags.pinned !== undefined) c.pinned = flags.pinned;
  renderInbox();
  if (conversationId === state.currentId) renderHeader();
}

async function toggleArchivedList() {
  state.showArchived = !state.showArchived;
  state.showRequests = false;
  $('archived-toggle').setAttribute('aria-pressed', String(state.showArchived));
  $('archived-toggle').textContent = state.showArchived ? 'Back to chats' : 'Archived chats';
  $('inbox').setAttribute('aria-label', state.showArchived ? 'Archived chats' : 'Inbox');
  state.inboxNext = null;
  renderInbox();
  await loadInbox();
}

// ---------------------------------------------------------------- pinned messages

async function loadPins(conversationId) {
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

const isPinned = (conversationId, m) => (state.pins.get(conversationId) || []).some((p) => p.messageId === m.messageId);

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

async function togglePin(conversationId, m) {
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

function tickState(conversationId, message) {
  const c = state.conversations.get(conversationId);
  const receipts = state.receipts.get(conversationId);
  if (!c || !receipts) return 'sent';
  const others = c.participants.filter((p) => p !== state.me.userId);
  if (others.length === 0) return 'sent';
  const of = (p) => receipts.get(p) || { deliveredUpTo: 0, readUpTo: 0 };
  if (others.every((p) => (of(p).readUpTo ?? 0) >= message.seq)) return 'read';
  if (others.every((p) => Math.max(of(p).deliveredUpTo, of(p).readUpTo ?? 0) >= message.seq)) return 'delivered';
  return 'sent';
}

const TICKS = {
  pending: ['clock', 'Sending'], failed: [null, 'Not sent'], sent: ['check', 'Sent'], delivered: ['checks', 'Delivered'], read: ['checks', 'Read'],
};

function renderMessages({ toBottom = false } = {}) {
  const id = state.currentId;
  if (!id) return;
  const box = $('messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const t = thread(id);
  const c = state.conversations.get(id);
  $('history-start').hidden = !(t.loaded && t.next === null);
  const ordered = [...t.messages.values()].sort((a, b) => a.seq - b.seq);
  const entry = (key, m) => ({
    key,
    sig: JSON.stringify([m.body, m.deleted, m.editedAt, m.reactions, m.media?.mediaId, m.status, m.error, m.encrypted, m.replyPreview, m.forwarded, isPinned(id, m),
      m.senderId === state.me.userId && m.seq !== undefined ? [tickState(id, m), seenBy(id, m).length] : null, nameOf(m.senderId)]),
    build: () => messageItem(id, c, m),
  });
  // a service item sits right after the message it follows (afterSeq), in the order the changes happened
  const placed = [...ordered.map((m) => ({ at: 2 * m.seq, seq: m.seq, time: m.sentAt, item: entry(`s${m.seq}`, m) })),
    ...[...t.service.values()].map((s) => ({
      at: 2 * s.afterSeq + 1,
      time: s.at,
      item: { key: `v${s.serviceId}`, sig: serviceText(s, nameOf), build: () => h('li', { class: 'service', dataset: { type: s.type } }, serviceText(s, nameOf)) },
    }))].sort((a, b) => a.at - b.at);
  // a separator before the first item of each day, and "New messages" above the first unread one
  const items = [];
  let day = null;
  const dayOf = (time) => {
    if (!time || dayKey(time) === day) return;
    day = dayKey(time);
    const label = dayLabel(time);
    items.push({ key: `d${day}`, sig: label, build: () => h('li', { class: 'day-separator', role: 'separator' }, h('span', {}, label)) });
  };
  for (const p of placed) {
    dayOf(p.time);
    if (p.seq !== undefined && p.seq === t.unreadFrom) {
      items.push({ key: 'unread', sig: 'unread', build: () => h('li', { id: 'unread-divider', class: 'unread-divider', role: 'separator' }, h('span', {}, 'New messages')) });
    }
    items.push(p.item);
  }
  for (const m of t.pending.values()) {
    dayOf(m.sentAt);
    items.push(entry(`p${m.clientMessageId}`, m));
  }
  reconcile($('message-list'), items, state.messageItems, { keep: (el) => el.classList.contains('editing') });
  if (toBottom || atBottom) box.scrollTop = box.scrollHeight;
  updateJumpToLatest();
}

function messageItem(conversationId, conversation, m) {
  const mine = m.senderId === state.me.userId;
  const pending = m.seq === undefined;
  const ticks = mine ? (pending ? m.status : tickState(conversationId, m)) : null;
  const body = m.deleted
    ? h('p', { class: 'body deleted' }, 'Message deleted')
    : m.encrypted && m.body ? h('p', { class: 'body decrypted' }, h('span', { class: 'e2ee-mark', role: 'img', 'aria-label': 'End-to-end encrypted' }, icon('lock')), ' ', linked(m.body))
    : m.encrypted ? h('p', { class: 'body encrypted' }, icon('lock'), m.opened === false ? ' Not readable on this device' : ' Encrypted message')
      : m.body ? h('p', { class: 'body' }, linked(m.body)) : null;
  const mentionsMe = !mine && !m.deleted && (m.mentionAll || (m.mentions || []).includes(state.me.userId));
  const li = h('li', {
    class: `message ${mine ? 'mine' : 'theirs'}${pending ? ' pending' : ''}${mentionsMe ? ' mentions-me' : ''}`,
    dataset: {
      seq: m.seq, messageId: m.messageId, clientMessageId: m.clientMessageId, sender: m.senderId,
    },
  },
  h('div', { class: 'bubble' },
    !mine && conversation?.type === 'group' ? h('span', { class: 'sender' }, nameOf(m.senderId)) : null,
    m.forwarded && !m.deleted ? h('span', { class: 'forwarded' }, 'Forwarded') : null,
    m.deleted ? null : quoteOf(conversationId, m.replyPreview),
    m.deleted ? null : mediaElement(m),
    body,
    h('span', { class: 'meta' },
      h('time', { datetime: m.sentAt }, shortTime(m.sentAt)),
      m.editedAt && !m.deleted ? h('button', {
        type: 'button', class: 'edited', title: 'Show earlier versions', onclick: () => showVersions(conversationId, m),
      }, ' · edited') : null,
      mine && seenBy(conversationId, m).length > 0 ? h('button', {
        type: 'button', class: 'seen-by', title: 'Who read it', onclick: () => showSeenBy(conversationId, m),
      }, ` · Seen by ${seenBy(conversationId, m).length}`) : null,
      ticks ? h('span', { class: `ticks ${ticks}`, dataset: { state: ticks }, role: 'img', 'aria-label': TICKS[ticks][1] }, TICKS[ticks][0] ? icon(TICKS[ticks][0]) : '!') : null)),
  reactionsRow(conversationId, m),
  pending ? pendingActions(conversationId, m) : messageActions(conversationId, m, mine));
  return li;
}

/** What a reply quotes, as the server last told it; a click shows the quoted message in the thread. */
function quoteOf(conversationId, quoted) {
  if (!quoted) return null;
  const text = quoted.deleted ? 'Message deleted' : quoted.preview ?? 'Message';
  return h('button', {
    type: 'button', class: `quote${quoted.deleted ? ' deleted' : ''}`, dataset: { quotedSeq: quoted.seq },
    'aria-label': `In reply to ${nameOf(quoted.senderId)}: ${text}`,
    onclick: () => revealMessage(conversationId, quoted.seq),
  }, h('span', { class: 'quote-sender' }, nameOf(quoted.senderId)), h('span', { class: 'quote-text' }, text));
}

/** The message's versions, oldest first, as the server keeps them (a deleted message has none). */
/** In a group: the other members who read {@code message} (those who show read receipts), as the receipts say. */
function seenBy(conversationId, message) {
  const c = state.conversations.get(conversationId);
  const receipts = state.receipts.get(conversationId);
  if (!c || c.type !== 'group' || !receipts || message.seq === undefined) return [];
  return c.participants.filter((p) => p !== state.me.userId && (receipts.get(p)?.readUpTo ?? 0) >= message.seq);
}



const FILE_EXTENSIONS = {
  'application/pdf': 'pdf', 'application/msword': 'doc', 'application/vnd.ms-excel': 'xls', 'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt', 'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};

function sizeText(bytes) {
  if (!bytes) return '';
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A message's file: an image from its thumbnail (full size on a click); a video behind a play button (its bytes are
 * fetched only when asked for); audio with its controls; anything else a download.
 */
function mediaElement(m) {
  if (m.localPreview && m.file?.type.startsWith('image/')) {
    return h('span', { class: 'media-pending' }, h('img', { class: 'media', src: m.localPreview, alt: 'Image being sent' }),
      m.status === 'pending' && !m.mediaId ? h('progress', { max: 100, value: m.progress || 0, 'aria-label': 'Uploading' }) : null);
  }
  if (m.file) {
    return h('span', { class: 'attachment-note' }, icon('attach'), ` ${m.file.name} (${sizeText(m.file.size)}) `,
      m.status === 'pending' && !m.mediaId ? h('progress', { max: 100, value: m.progress || 0, 'aria-label': 'Uploading' }) : null);
  }
  if (!m.media) return null;
  const type = m.media.contentType || '';
  if (type.startsWith('video/')) {
    const play = h('button', { type: 'button', class: 'media-play', 'aria-label': 'Play the video' }, '▶ Video ', h('small', {}, sizeText(m.media.size)));
    play.addEventListener('click', async () => {
      play.disabled = true;
      try {
        play.replaceWith(h('video', { class: 'media', controls: true, autoplay: true, src: await mediaUrl(m.media.mediaId, false) }));
      } catch (e) {
        play.disabled = false;
        toast(describe(e));
      }
    });
    return play;
  }
  if (type.startsWith('audio/')) {
    const audio = h('audio', { class: 'media-audio', controls: true, preload: 'metadata', 'aria-label': 'Voice or audio message' });
    mediaUrl(m.media.mediaId, false).then((url) => { audio.src = url; }).catch(() => audio.replaceWith(h('span', { class: 'attachment-note' }, 'Audio not available')));
    return audio;
  }
  if (type && !type.startsWith('image/')) {
    const name = `file-${m.seq ?? ''}.${FILE_EXTENSIONS[type] || 'bin'}`;
    return h('button', {
      type: 'button', class: 'file-download', title: `Download (${type})`,
      onclick: async () => {
        try {
          const a = h('a', { href: await mediaUrl(m.media.mediaId, false), download: name });
          document.body.append(a);
          a.click();
          a.remove();
        } catch (e) { toast(describe(e)); }
      },
    }, icon('attach'), ` ${name} `, h('small', {}, sizeText(m.media.size)));
  }
  const img = h('img', { class: 'media', alt: 'Image', dataset: { mediaId: m.media.mediaId },
    width: m.media.width ? Math.min(m.media.width, 320) : null });
  if (!m.media.contentType || m.media.contentType.startsWith('image/')) {
    mediaUrl(m.media.mediaId, true).then((url) => { img.src = url; }).catch(() => { img.alt = 'Image not available'; });
    img.addEventListener('click', async () => {
      $('image-full').src = await mediaUrl(m.media.mediaId, false);
      $('image-dialog').showModal();
    });
    img.tabIndex = 0;
    img.addEventListener('keydown', (e) => { if (e.key === 'Enter') img.click(); });
    return img;
  }
  return h('span', { class: 'attachment-note' }, icon('attach'), ` ${m.media.contentType}`);
}

/**
 * Gives back the browser the object URLs of the files shown so far (a conversation left, a sign-out): each holds its
 * file's bytes in memory until revoked. Shown again, a file is fetched again.
 */
function releaseMedia() {
  for (const url of state.media.values()) url.then((u) => URL.revokeObjectURL(u)).catch(() => {});
  state.media.clear();
}

async function mediaUrl(mediaId, thumbnail) {
  const key = `${mediaId}${thumbnail ? ':thumb' : ''}`;
  if (!state.media.has(key)) {
    // a failure is not remembered: the next render asks again
    state.media.set(key, api.mediaUrl(mediaId, thumbnail).catch((e) => { state.media.delete(key); throw e; }));
  }
  return state.media.get(key);
}

function reactionsRow(conversationId, m) {
  const entries = Object.entries(m.reactions || {}).filter(([, users]) => users.length > 0);
  if (entries.length === 0 || m.deleted) return null;
  return h('ul', { class: 'reactions', 'aria-label': 'Reactions' }, entries.map(([emoji, users]) => {
    const mineToo = users.includes(state.me.userId);
    return h('li', {}, h('button', {
      type: 'button', class: `reaction${mineToo ? ' mine' : ''}`, dataset: { emoji, count: users.length },
      'aria-pressed': mineToo ? 'true' : 'false', title: users.map(nameOf).join(', '),
      'aria-label': `${emoji} ${users.length}: ${users.map(nameOf).join(', ')}`,
      onclick: () => toggleReaction(conversationId, m, emoji),
    }, `${emoji} ${users.length}`));
  }));
}

function messageActions(conversationId, m, mine) {
  if (m.deleted) return null;
  const picker = h('div', { class: 'reaction-picker', role: 'group', 'aria-label': 'Pick a reaction', hidden: true },
    QUICK_REACTIONS.map((emoji) => h('button', {
      type: 'button', class: 'pick', dataset: { emoji }, 'aria-label': `React ${emoji}`,
      onclick: () => { picker.hidden = true; toggleReaction(conversationId, m, emoji); },
    }, emoji)),
    h('button', {
      type: 'button', class: 'pick more-emoji', 'aria-label': 'More emoji', title: 'More emoji',
      onclick: () => { picker.hidden = true; pickEmoji((emoji) => toggleReaction(conversationId, m, emoji)); },
    }, '+'));
  return h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'action reply', onclick: () => startReply(conversationId, m) }, 'Reply'),
    m.encrypted ? null : h('button', { type: 'button', class: 'action forward', onclick: () => chooseForwardTarget(conversationId, m) }, 'Forward'),
    h('button', { type: 'button', class: 'action pin', onclick: () => togglePin(conversationId, m) },
      isPinned(conversationId, m) ? 'Unpin' : 'Pin'),
    m.encrypted ? null : h('button', {
      type: 'button', class: 'action react', 'aria-label': 'React', title: 'React',
      onclick: () => { picker.hidden = !picker.hidden; if (!picker.hidden) picker.querySelector('button').focus(); },
    }, icon('smile')),
    mine && !m.encrypted && m.body ? h('button', { type: 'button', class: 'action edit', onclick: (e) => startEdit(e, conversationId, m) }, 'Edit') : null,
    mine ? h('button', { type: 'button', class: 'action delete', onclick: () => deleteMessage(conversationId, m) }, 'Delete') : null,
    mine ? null : h('button', { type: 'button', class: 'action report', onclick: () => openReport(conversationId, m) }, 'Report'),
    picker);
}

function pendingActions(conversationId, m) {
  if (m.status !== 'failed') return null;
  return h('div', { class: 'actions failed-actions' },
    h('span', { class: 'error' }, m.error || 'Not sent'),
    h('button', { type: 'button', class: 'action retry', onclick: () => deliver(conversationId, m) }, 'Retry'),
    h('button', { type: 'button', class: 'action discard', onclick: () => { thread(conversationId).pending.delete(m.clientMessageId); done(m.clientMessageId); renderMessages(); } }, 'Discard'));
}

// ---------------------------------------------------------------- writing





/** The caller's role in a group, for what only admins may do from here (mention everyone). */
async function loadRole(conversationId) {
  try {
    const group = await api.conversation(conversationId);
    state.roles.set(conversationId, group.members.find((m) => m.userId === state.me.userId)?.role);
  } catch (e) {
    state.roles.delete(conversationId);
  }
}






function noteLastMessage(conversationId, m) {
  const c = state.conversations.get(conversationId);
  if (!c || (c.lastMessage && c.lastMessage.seq > m.seq)) return;
  c.lastMessage = {
    messageId: m.messageId, seq: m.seq, senderId: m.senderId, sentAt: m.sentAt, deleted: Boolean(m.deleted),
    preview: m.body ? m.body.substring(0, 100) : null, media: m.media, encrypted: m.encrypted,
  };
  c.updatedAt = m.sentAt > (c.updatedAt || '') ? m.sentAt : c.updatedAt;
}

function startEdit(event, conversationId, m) {
  const li = event.target.closest('.message');
  li.classList.add('editing');
  const done = () => {
    li.classList.remove('editing');
    state.messageItems.delete(`s${m.seq}`); // built again from the message
    renderMessages();
  };
  const bodyEl = li.querySelector('.body');
  const field = h('textarea', { class: 'edit-input', 'aria-label': 'Edit message', maxlength: 4000 });
  field.value = m.body || '';
  const save = async () => {
    const text = field.value.trim();
    if (text && text !== m.body) {
      try {
        await api.edit(conversationId, m.messageId, text);
        m.body = text;
        m.editedAt = new Date().toISOString();
      } catch (e) { toast(describe(e)); }
    }
    done();
  };
  const form = h('form', { class: 'edit-form', onsubmit: (e) => { e.preventDefault(); save(); } },
    field,
    h('button', { type: 'submit', class: 'save' }, 'Save'),
    h('button', { type: 'button', class: 'quiet cancel', onclick: done }, 'Cancel'));
  field.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); save(); }
    if (e.key === 'Escape') done();
  });
  if (bodyEl) bodyEl.replaceWith(form); else li.querySelector('.bubble').append(form);
  field.focus();
}

async function deleteMessage(conversationId, m) {
  if (!window.confirm('Delete this message for everyone?')) return;
  try {
    await api.remove(conversationId, m.messageId);
    Object.assign(m, { deleted: true, body: null, media: null, reactions: {} });
  } catch (e) { toast(describe(e)); }
  renderMessages();
}

async function toggleReaction(conversationId, m, emoji) {
  const users = m.reactions?.[emoji] || [];
  const had = users.includes(state.me.userId);
  try {
    if (had) await api.unreact(conversationId, m.messageId, emoji);
    else await api.react(conversationId, m.messageId, emoji);
    applyReaction(m, emoji, state.me.userId, !had);
  } catch (e) { toast(describe(e)); }
  renderMessages();
}

function applyReaction(m, emoji, userId, added) {
  m.reactions = { ...(m.reactions || {}) };
  const users = new Set(m.reactions[emoji] || []);
  if (added) users.add(userId); else users.delete(userId);
  if (users.size) m.reactions[emoji] = [...users]; else delete m.reactions[emoji];
}

function markRead(conversationId) {
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
function markDelivered(conversationId, seq) {
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






async function toggleBlock() {
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

// ---------------------------------------------------------------- live events

async function onLiveEvent(type, data) {
  const id = data.conversationId;
  switch (type) {
    case 'message.sent': return messageArrived(data);
    case 'message.edited': return changeMessage(id, data.seq, (m) => { m.body = data.body; m.editedAt = data.editedAt; }, data);
    case 'message.deleted':
      return changeMessage(id, data.seq, (m) => Object.assign(m, { deleted: true, body: null, media: null, reactions: {} }), data);
    case 'reaction.added': return changeMessage(id, data.seq, (m) => applyReaction(m, data.emoji, data.userId, true));
    case 'reaction.removed': return changeMessage(id, data.seq, (m) => applyReaction(m, data.emoji, data.userId, false));
    case 'receipt.delivered':
    case 'receipt.read': return receiptArrived(type, data);
    case 'message.pinned':
    case 'message.unpinned': return id === state.currentId ? loadPins(id) : state.pins.delete(id);
    case 'conversation.state': return applyState(id, { archived: data.archived, pinned: data.pinned });
    // the user's own mutes from their other devices; settings are read when shown
    case 'conversation.muted': return applyMute(id, data.until);
    case 'privacy.changed': return undefined;
    case 'request.accepted': {
      const c = state.conversations.get(id);
      if (c) Object.assign(c, { request: false, requestForMe: false });
      renderInbox();
      if (id === state.currentId) renderHeader();
      return undefined;
    }
    case 'request.declined': forget(id); renderInbox(); return undefined;
    case 'conversation.created': {
      if (!state.conversations.has(id)) {
        state.conversations.set(id, {
          ...data, lastMessage: null, unreadCount: 0, updatedAt: data.createdAt,
          request: Boolean(data.requestFor), requestForMe: data.requestFor === state.me.userId,
        });
      }
      await ensureUsers(data.participants);
      loadPresence(data.participants.filter((p) => p !== state.me.userId));
      renderInbox();
      return undefined;
    }
    case 'participant.added': {
      if (data.userId === state.me.userId && !state.conversations.has(id)) return loadInbox();
      const c = state.conversations.get(id);
      if (c && !c.participants.includes(data.userId)) c.participants = [...c.participants, data.userId];
      await ensureUsers([data.userId]);
      renderHeader();
      return undefined;
    }
    case 'participant.removed': {
      const c = state.conversations.get(id);
      if (data.userId === state.me.userId) {
        forget(id);
      } else if (c) {
        c.participants = c.participants.filter((p) => p !== data.userId);
        renderHeader();
      }
      renderInbox();
      return undefined;
    }
    case 'presence.changed':
      state.presence.set(data.userId, data);
      renderInbox();
      renderHeader();
      return undefined;
    case 'typing': return typingArrived(data);
    case 'member.added': case 'member.joined': case 'member.removed': case 'member.left': case 'role.changed': case 'conversation.renamed':
    case 'conversation.description.changed': case 'conversation.picture.changed':
      await serviceArrived(data);
      return refreshGroupInfo(id, groupInfoContext());
    case 'feed.reset': return resync();
    default: return ADMISSION_TYPES.includes(type) ? onAdmissionEvent(type, data) : undefined;
  }
}

/** A group changed: the item joins its thread after the newest message, and a new name shows everywhere. */
async function serviceArrived(item) {
  const id = item.conversationId;
  const c = state.conversations.get(id);
  if (item.type === 'conversation.renamed' && c) {
    c.title = item.title;
    renderInbox();
    if (id === state.currentId) renderHeader();
  }
  const t = state.threads.get(id);
  if (!t) return;
  // recorded before service items said where they go: after the newest message this client has
  const afterSeq = item.afterSeq ?? Math.max(0, ...t.messages.keys());
  t.service.set(item.serviceId, { ...item, afterSeq });
  if (item.type === 'role.changed' && item.userId === state.me.userId) state.roles.set(id, item.role);
  await ensureUsers([item.actorId, item.userId].filter(Boolean));
  if (id === state.currentId) renderMessages();
}

async function messageArrived(m) {
  const id = m.conversationId;
  if (!state.conversations.has(id)) await Promise.all([loadInbox(), loadRequests()]);
  await ensureUsers([m.senderId]);
  const t = thread(id);
  if (m.clientMessageId && m.senderId === state.me.userId) { // our own echo: its local preview is no longer shown
    const pending = t.pending.get(m.clientMessageId);
    if (pending?.localPreview) URL.revokeObjectURL(pending.localPreview);
    t.pending.delete(m.clientMessageId);
  }
  if (m.encrypted && state.conversations.get(id)?.e2ee && state.e2ee === true) await decrypt(id, m);
  if (!t.messages.has(m.seq) || m.senderId !== state.me.userId) t.messages.set(m.seq, m);
  noteLastMessage(id, m);
  stopTyping(id, m.senderId);
  const c = state.conversations.get(id);
  if (id === state.currentId && m.senderId !== state.me.userId) {
    const box = $('messages');
    if (box.scrollHeight - box.scrollTop - box.clientHeight >= 40) state.unseenBelow += 1; // it arrives out of sight
  }
  if (m.senderId !== state.me.userId) {
    notifyArrival(m, { mentionsMe: Boolean(m.mentionAll || (m.mentions || []).includes(state.me.userId)) });
    if (id === state.currentId && document.visibilityState === 'visible') markRead(id);
    else {
      if (c && (state.readUpTo.get(id) || 0) < m.seq) c.unreadCount = (c.unreadCount || 0) + 1;
      markDelivered(id, m.seq);
    }
  }
  renderInbox();
  if (id === state.currentId) renderMessages();
}

function changeMessage(conversationId, seq, change, lastMessageFacts) {
  const t = state.threads.get(conversationId);
  const m = t?.messages.get(seq);
  if (m) change(m);
  if (t && lastMessageFacts) {
    // replies quoting this message show it as it is now
    for (const reply of t.messages.values()) {
      if (reply.replyPreview?.seq === seq) {
        reply.replyPreview = lastMessageFacts.deletedAt ? { ...reply.replyPreview, preview: null, deleted: true }
          : { ...reply.replyPreview, preview: [...(lastMessageFacts.body || '')].slice(0, 120).join('') || null };
      }
    }
  }
  const c = state.conversations.get(conversationId);
  if (lastMessageFacts && c?.lastMessage?.seq === seq) {
    if (lastMessageFacts.deletedAt) c.lastMessage = { ...c.lastMessage, deleted: true, preview: null };
    else if (lastMessageFacts.body) c.lastMessage = { ...c.lastMessage, preview: lastMessageFacts.body.substring(0, 100) };
    renderInbox();
  }
  if (conversationId === state.currentId) renderMessages();
}

function receiptArrived(type, r) {
  if (r.userId === state.me.userId) {
    // read on another of the user's devices: read here too
    if (type === 'receipt.read') readElsewhere(r.conversationId, r.upToSeq);
    return;
  }
  const map = state.receipts.get(r.conversationId) || new Map();
  const known = map.get(r.userId) || { deliveredUpTo: 0, readUpTo: 0 };
  if (type === 'receipt.read') known.readUpTo = Math.max(known.readUpTo ?? 0, r.upToSeq);
  known.deliveredUpTo = Math.max(known.deliveredUpTo, r.upToSeq);
  map.set(r.userId, known);
  state.receipts.set(r.conversationId, map);
  if (r.conversationId === state.currentId) renderMessages();
}

function readElsewhere(conversationId, upToSeq) {
  state.readUpTo.set(conversationId, Math.max(state.readUpTo.get(conversationId) || 0, upToSeq));
  const c = state.conversations.get(conversationId);
  if (c && (!c.lastMessage || c.lastMessage.seq <= upToSeq) && c.unreadCount) {
    c.unreadCount = 0;
    renderInbox();
  }
}

function typingArrived({ conversationId, userId }) {
  if (userId === state.me.userId) return;
  const who = state.typing.get(conversationId) || new Map();
  clearTimeout(who.get(userId));
  who.set(userId, setTimeout(() => stopTyping(conversationId, userId), TYPING_SHOWN_MS));
  state.typing.set(conversationId, who);
  ensureUsers([userId]).then(renderTyping);
}

function stopTyping(conversationId, userId) {
  const who = state.typing.get(conversationId);
  if (!who?.has(userId)) return;
  clearTimeout(who.get(userId));
  who.delete(userId);
  renderTyping();
}

function renderTyping() {
  const who = [...(state.typing.get(state.currentId)?.keys() || [])].map(nameOf);
  $('typing').textContent = who.length === 0 ? '' : `${who.join(', ')} ${who.length === 1 ? 'is' : 'are'} typing…`;
}

/** The feed no longer holds what this client missed: read everything shown again. */
async function resync() {
  state.threads.clear();
  state.messageItems.clear();
  clear($('message-list'));
  await Promise.all([loadInbox(), loadRequests()]);
  if (state.currentId) await openConversation(state.currentId);
}

function showConnection(status) {
  const el = $('connection');
  el.dataset.status = status;
  el.textContent = { live: '', connecting: 'Connecting…', reconnecting: 'Reconnecting…', offline: 'Offline, retrying…' }[status];
  el.title = status;
}

// ---------------------------------------------------------------- plumbing

function describe(e) {
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
function toast(message) {
  const el = $('toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 5000);
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

function wire() {
  whenUnauthorized(() => signOut('Your session has ended. Please sign in again.'));
  $('signin-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const { username, password } = formValues(e.target);
    try { await signIn(username.trim(), password); } catch (err) {
      $('auth-error').textContent = err instanceof ApiError && err.status === 401 ? 'Wrong username or password.' : describe(err);
    }
  });
  $('register-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const { username, password, displayName } = formValues(e.target);
    try {
      await api.register(username.trim(), password, displayName.trim());
      await signIn(username.trim(), password);
    } catch (err) {
      $('auth-error').textContent = err instanceof ApiError && err.status === 409 ? 'That username is taken.' : describe(err);
    }
  });
  $('sign-out').addEventListener('click', () => signOut('', { logout: true }));
  // signed out in another tab of this browser: this one follows
  window.addEventListener('storage', (e) => {
    if (e.key === session.TOKEN_KEY && !e.newValue && !$('app').hidden) signOut();
  });
  $('new-chat').addEventListener('click', openNewChat);
  $('new-chat-form').addEventListener('submit', startNewChat);
  $('new-chat-cancel').addEventListener('click', () => $('new-chat-dialog').close());
  $('search-form').addEventListener('submit', search);
  $('search-close').addEventListener('click', closeSearch);
  $('search-input').addEventListener('keydown', (e) => { if (e.key === 'Escape') closeSearch(); });
  $('composer').addEventListener('submit', sendFromComposer);
  $('composer-input').addEventListener('input', typed);
  $('composer-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); $('composer').requestSubmit(); }
  });
  $('attach').addEventListener('change', chooseAttachment);
  // a file pasted into the composer or dropped on the conversation is attached as if picked
  $('composer-input').addEventListener('paste', (e) => {
    const file = e.clipboardData?.files?.[0];
    if (file) {
      e.preventDefault();
      attach(file);
    }
  });
  const view = $('conversation-view');
  view.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types?.includes('Files')) {
      e.preventDefault();
      view.classList.add('dropping');
    }
  });
  view.addEventListener('dragleave', (e) => { if (e.target === view) view.classList.remove('dropping'); });
  view.addEventListener('drop', (e) => {
    view.classList.remove('dropping');
    const file = e.dataTransfer?.files?.[0];
    if (file) {
      e.preventDefault();
      attach(file);
    }
  });
  $('reply-cancel').addEventListener('click', cancelReply);
  $('mentions-toggle').addEventListener('click', () => showMentions());
  $('requests-toggle').addEventListener('click', toggleRequests);
  $('request-accept').addEventListener('click', () => answerRequest('accept'));
  $('request-decline').addEventListener('click', () => answerRequest('decline'));
  $('request-block').addEventListener('click', () => answerRequest('block'));
  $('group-info').addEventListener('click', () => openGroupInfo(state.currentId, groupInfoContext()));
  initAdmissions({
    me: () => state.me, nameOf, ensureUsers, describe, toast, whenMember,
    refreshGroup: (conversationId) => refreshGroupInfo(conversationId, groupInfoContext()),
  });
  initAccount({
    me: () => state.me, describe, toast, encryptionReady,
    renamed: (displayName) => {
      state.me.displayName = displayName;
      state.users.set(state.me.userId, state.me);
      $('me').textContent = displayName;
    },
    deleted: () => signOut('Your account is deleted. Your messages are being erased.'),
  });
  initNewChat({ state, nameOf, loadPresence, openConversation, encryptionReady, toast, describe });
  initSearch({ state, openConversation, titleOf, nameOf, ensureUsers, toast, describe });
  initMute({ state, renderInbox, renderHeader, toast, describe });
  initComposer({ state, thread, renderMessages, renderInbox, renderHeader, noteLastMessage, encryptionReady, nameOf, toast, describe });
  initEmojiPicker();
  initMessageMenus({ state, seenBy, nameOf, titleOf, renderHeader, toast, describe });
  initNotifications({ state, nameOf, titleOf, isMuted, openConversation, toast });
  $('pin-toggle').addEventListener('click', () => changeState({ pinned: !state.conversations.get(state.currentId)?.pinned }));
  $('archive-toggle').addEventListener('click', () => changeState({ archived: !state.conversations.get(state.currentId)?.archived }));
  $('mute-toggle').addEventListener('click', toggleMute);
  // on a phone the header's actions are a menu: opened by its button, closed by any choice or a click elsewhere
  $('conversation-menu-toggle').addEventListener('click', (e) => {
    e.stopPropagation();
    const open = $('conversation-menu-toggle').closest('header').classList.toggle('menu-open');
    $('conversation-menu-toggle').setAttribute('aria-expanded', String(open));
  });
  document.addEventListener('click', () => {
    const header = $('conversation-menu-toggle').closest('header');
    if (header.classList.contains('menu-open')) {
      header.classList.remove('menu-open');
      $('conversation-menu-toggle').setAttribute('aria-expanded', 'false');
    }
  });
  $('archived-toggle').addEventListener('click', toggleArchivedList);
  $('pinned-bar').addEventListener('click', () => revealMessage(state.currentId, Number($('pinned-bar').dataset.seq)));
  $('back').addEventListener('click', closeConversation);
  $('block-toggle').addEventListener('click', toggleBlock);
  $('messages').addEventListener('scroll', () => {
    if ($('messages').scrollTop < 120) loadOlder();
    updateJumpToLatest();
  });
  window.addEventListener('online', sendFailedAgain);
  document.addEventListener('keydown', onShortcut);
  $('jump-latest').prepend(icon('down'));
  $('jump-latest').addEventListener('click', jumpToLatest);
  document.addEventListener('visibilitychange', () => { if (state.currentId) markRead(state.currentId); });
  // "last seen 3 min ago" stays true
  setInterval(() => { if (state.me) { renderHeader(); } }, 60000);
}

wire();
if (session.token) start(); else showAuth();
