// The web client's entry: signing in and out, starting a session (the live stream, the inbox), keyboard shortcuts,
// and wiring the page's controls to the screens' modules. It uses the public API only.
import { ApiError, api, renewToken, session, whenUnauthorized } from './api.js';
import { LiveEvents } from './live.js';
import { $, clear } from './dom.js';
import { initAccount } from './account.js';
import { forgetInvitations, initAdmissions, joinFromLocation, loadInvitations } from './admission.js';
import { attach, cancelReply, chooseAttachment, initComposer, sendFailedAgain, sendFromComposer, sendWaiting, typed } from './composer.js';
import { closeConversation, encryptionReady, jumpToLatest, loadOlder, markRead, noteLastMessage, openConversation, renderHeader, revealMessage, toggleBlock, updateJumpToLatest } from './conversation.js';
import { forgetDrafts, useDraftsOf } from './drafts.js';
import * as e2ee from './e2ee.js';
import { initEmojiPicker } from './emoji.js';
import { onLiveEvent, showConnection } from './events.js';
import { openGroupInfo, refreshGroupInfo } from './group.js';
import { icon } from './icons.js';
import { answerRequest, changeState, groupInfoContext, loadBlocked, loadInbox, loadPresence, loadRequests, renderInbox, toggleArchivedList, toggleRequests } from './inbox.js';
import { initMessageMenus } from './message-menus.js';
import { releaseMedia, renderMessages, seenBy } from './messages.js';
import { initMute, isMuted, toggleMute } from './mute.js';
import { initNewChat, openNewChat, startNewChat } from './newchat.js';
import { initNotifications, subscribePush, unsubscribePush } from './notifications.js';
import { forgetOutbox, useOutboxOf } from './outbox.js';
import { closeSearch, initSearch, search, showMentions } from './search.js';
import { describe, ensureUsers, nameOf, sleep, state, thread, titleOf, toast } from './state.js';

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
  forgetInvitations();
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
