// Writing and sending: the composer (text, a file, a reply, mentions), sending with the outbox and end-to-end
// encryption, and what the composer keeps (drafts).
import { api, ApiError } from './api.js';
import { $, h, clear } from './dom.js';
import { icon } from './icons.js';
import { saveDraft } from './drafts.js';
import { keep, done, waiting } from './outbox.js';
import * as e2ee from './e2ee.js';

let app = null;

/**
 * {@code context}: state, thread, renderMessages, renderInbox, renderHeader, noteLastMessage, encryptionReady, nameOf,
 * toast, describe (what it needs of main.js).
 */
export function initComposer(context) {
  app = context;
}

const TYPING_SEND_EVERY_MS = 3000;
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function sendFromComposer(event) {
  event.preventDefault();
  const conversationId = app.state.currentId;
  const input = $('composer-input');
  const text = input.value.trim();
  const file = app.state.attachment;
  if (!conversationId || (!text && !file)) return;
  const reply = app.state.replyTo?.conversationId === conversationId ? app.state.replyTo : null;
  const message = {
    clientMessageId: crypto.randomUUID(), senderId: app.state.me.userId, body: text || null,
    sentAt: new Date().toISOString(), status: 'pending', reactions: {}, file,
    localPreview: file ? URL.createObjectURL(file) : null,
    replyTo: reply?.messageId, replyPreview: reply?.preview,
    ...mentionsIn(text, app.state.conversations.get(conversationId)),
  };
  app.thread(conversationId).pending.set(message.clientMessageId, message);
  delete app.thread(conversationId).unreadFrom; // answered: what was new is read
  // an encrypted chat's text never rests unencrypted in the browser's storage: such a message is not kept in the outbox
  if (!app.state.conversations.get(conversationId)?.e2ee) keep(conversationId, message);
  input.value = '';
  saveDraft(conversationId, '');
  autoGrow();
  clearAttachment();
  cancelReply();
  app.renderMessages({ toBottom: true });
  await deliver(conversationId, message);
}

/**
 * Sends a message of an encrypted chat: sealed on this device for every device of every member (the sender's own
 * included). A 409 stale-devices (a device removed since the bundles were fetched) is answered once by fetching them
 * again and sealing anew.
 */
export async function sendEncrypted(conversationId, message) {
  if (!await app.encryptionReady()) throw new Error('This browser cannot encrypt.');
  const members = app.state.conversations.get(conversationId).participants;
  const request = async (refresh) => api.send({
    conversationId, clientMessageId: message.clientMessageId,
    ciphertexts: await e2ee.seal(conversationId, members, message.body, { refresh }),
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
  });
  try {
    return await request(false);
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && e.kind === 'stale-devices') return request(true);
    throw e;
  }
}

/**
 * Whom a text mentions: the members written as @username, and everyone with @all (a group's admins only: for
 * anyone else it stays text).
 */
export function mentionsIn(text, c) {
  if (!text || !c) return {};
  const written = (name) => new RegExp(`(^|[^\\w@])@${escapeRegExp(name)}(?![\\w-])`, 'i').test(text);
  const mentions = c.participants.filter((p) => p !== app.state.me.userId && app.state.users.get(p)?.username && written(app.state.users.get(p).username));
  const role = app.state.roles.get(c.conversationId);
  const mentionAll = c.type === 'group' && (role === 'owner' || role === 'admin') && written('all');
  return { ...(mentions.length ? { mentions } : {}), ...(mentionAll ? { mentionAll: true } : {}) };
}

/** Sends (or re-sends) a pending message: its clientMessageId makes a retry return the first result. */
export async function deliver(conversationId, message) {
  const t = app.thread(conversationId);
  message.status = 'pending';
  message.error = null;
  message.refused = false;
  app.renderMessages();
  try {
    if (message.file && !message.mediaId) {
      const media = await api.upload(message.file, (fraction) => {
        message.progress = Math.round(fraction * 100);
        const bar = document.querySelector(`#message-list [data-client-message-id="${message.clientMessageId}"] progress`);
        if (bar) bar.value = message.progress; // in place: a re-render per step would rebuild the message
      });
      message.mediaId = media.mediaId;
      message.media = { mediaId: media.mediaId, contentType: media.contentType, size: media.size, width: media.width, height: media.height };
    }
    const encrypted = app.state.conversations.get(conversationId)?.e2ee;
    const sent = encrypted ? await sendEncrypted(conversationId, message) : await api.send({
      conversationId, clientMessageId: message.clientMessageId,
      ...(message.body ? { body: message.body } : {}), ...(message.mediaId ? { mediaId: message.mediaId } : {}),
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      ...(message.mentions?.length ? { mentions: message.mentions } : {}), ...(message.mentionAll ? { mentionAll: true } : {}),
    });
    t.pending.delete(message.clientMessageId);
    done(message.clientMessageId);
    if (!t.messages.has(sent.seq)) {
      t.messages.set(sent.seq, {
        messageId: sent.messageId, seq: sent.seq, senderId: app.state.me.userId, body: message.body, sentAt: sent.sentAt,
        encrypted: Boolean(encrypted), opened: encrypted ? true : undefined,
        deleted: false, reactions: {}, media: message.media || null, clientMessageId: message.clientMessageId,
        replyTo: message.replyTo, replyPreview: message.replyPreview, mentions: message.mentions, mentionAll: message.mentionAll,
      });
    }
    app.noteLastMessage(conversationId, t.messages.get(sent.seq));
    const c = app.state.conversations.get(conversationId);
    if (c?.requestForMe) { // replying accepted it
      c.requestForMe = false;
      app.state.showRequests = false;
      if (conversationId === app.state.currentId) app.renderHeader();
    }
  } catch (e) {
    message.status = 'failed';
    message.error = app.describe(e);
    // refused for good (not a member, blocked, invalid): out of the outbox, shown here with Retry and Discard
    message.refused = e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429;
    if (message.refused || app.state.conversations.get(conversationId)?.e2ee) done(message.clientMessageId);
    else keep(conversationId, message);
  }
  if (conversationId === app.state.currentId) app.renderMessages();
  app.renderInbox();
}

/**
 * Sends again what the outbox kept when the page was left before the server had it (a reload, a crash, no network):
 * with the same clientMessageId, so a send that had reached the server gives back its first result.
 */
export async function sendWaiting() {
  for (const entry of waiting()) {
    const t = app.thread(entry.conversationId);
    if (t.pending.has(entry.clientMessageId)) continue;
    const { conversationId, ...kept } = entry;
    const message = { ...kept, senderId: app.state.me.userId, status: 'pending', reactions: {} };
    t.pending.set(message.clientMessageId, message);
    await deliver(conversationId, message);
  }
}

/** Back online: what failed for want of a connection is sent again; what the server refused waits for Retry. */
export function sendFailedAgain() {
  for (const [conversationId, t] of app.state.threads) {
    for (const m of t.pending.values()) if (m.status === 'failed' && !m.refused) deliver(conversationId, m);
  }
}

export function typed() {
  autoGrow();
  const id = app.state.currentId;
  keepDraft(id, $('composer-input').value);
  if (!id || !$('composer-input').value || Date.now() - app.state.lastTypingSent < TYPING_SEND_EVERY_MS) return;
  app.state.lastTypingSent = Date.now();
  api.typing(id).catch(() => {});
}

export function autoGrow() {
  const input = $('composer-input');
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
}

export function chooseAttachment() {
  attach($('attach').files[0]);
}

/** A file picked, pasted or dropped becomes the composer's attachment (one at a time). */
export function attach(file) {
  if (!file || !app.state.currentId || $('attach').disabled) return;
  app.state.attachment = file;
  const label = $('attachment');
  clear(label);
  label.append(icon(file.type.startsWith('image/') ? 'image' : 'attach'), ` ${file.name} `, h('button', { type: 'button', class: 'quiet', 'aria-label': 'Remove attachment', onclick: clearAttachment }, '×'));
}

export function clearAttachment() {
  app.state.attachment = null;
  $('attach').value = '';
  clear($('attachment'));
}

/** The composer's next message answers {@code m}: shown above it until sent or cancelled. */
export function startReply(conversationId, m) {
  const preview = {
    messageId: m.messageId, seq: m.seq, senderId: m.senderId, deleted: false,
    preview: m.encrypted || !m.body ? null : [...m.body].slice(0, 120).join(''),
  };
  app.state.replyTo = { conversationId, messageId: m.messageId, preview };
  $('reply-sender').textContent = app.nameOf(m.senderId);
  $('reply-text').textContent = preview.preview ?? 'Message';
  $('reply-bar').hidden = false;
  $('composer-input').focus();
}

export function cancelReply() {
  app.state.replyTo = null;
  $('reply-bar').hidden = true;
}

/** A draft is kept in the browser's storage, except in an encrypted chat, whose text never rests there unencrypted. */
export function keepDraft(conversationId, text) {
  if (!app.state.conversations.get(conversationId)?.e2ee) saveDraft(conversationId, text);
}
