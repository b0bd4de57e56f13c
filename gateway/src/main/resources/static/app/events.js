// What the live stream (live.js) brings, applied to what this tab shows: messages, edits, reactions, receipts, typing,
// presence, group changes, and a feed reset (everything read again).
import { $, clear } from './dom.js';
import { ADMISSION_TYPES, onAdmissionEvent } from './admission.js';
import { decrypt, loadPins, markDelivered, markRead, noteLastMessage, openConversation, renderHeader, renderTyping } from './conversation.js';
import { refreshGroupInfo } from './group.js';
import { applyState, forget, groupInfoContext, loadInbox, loadPresence, loadRequests, renderInbox } from './inbox.js';
import { applyReaction, renderMessages } from './messages.js';
import { applyMute } from './mute.js';
import { messageArrived as notifyArrival } from './notifications.js';
import { ensureUsers, state, thread } from './state.js';

const TYPING_SHOWN_MS = 5000;

export async function onLiveEvent(type, data) {
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

/** The feed no longer holds what this client missed: read everything shown again. */
async function resync() {
  state.threads.clear();
  state.messageItems.clear();
  clear($('message-list'));
  await Promise.all([loadInbox(), loadRequests()]);
  if (state.currentId) await openConversation(state.currentId);
}

export function showConnection(status) {
  const el = $('connection');
  el.dataset.status = status;
  el.textContent = { live: '', connecting: 'Connecting…', reconnecting: 'Reconnecting…', offline: 'Offline, retrying…' }[status];
  el.title = status;
}
