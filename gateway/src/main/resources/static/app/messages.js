// The messages of the open conversation as drawn: bubbles, ticks and "seen by", quotes, files (images, video, audio,
// documents), reactions, and the actions on a message (reply, forward, pin, react, edit, delete, report).
import { api } from './api.js';
import { $, dayKey, dayLabel, h, linked, reconcile, shortTime } from './dom.js';
import { deliver, startReply } from './composer.js';
import { isPinned, revealMessage, togglePin, updateJumpToLatest } from './conversation.js';
import { pickEmoji } from './emoji.js';
import { serviceText } from './group.js';
import { icon } from './icons.js';
import { chooseForwardTarget, openReport, showSeenBy, showVersions } from './message-menus.js';
import { done } from './outbox.js';
import { describe, nameOf, state, thread, toast } from './state.js';

const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

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

export function renderMessages({ toBottom = false } = {}) {
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

/** In a group: the other members who read {@code message} (those who show read receipts), as the receipts say. */
export function seenBy(conversationId, message) {
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

/** A duration as a player shows it (0:07, 12:30), or null when not known. */
function durationText(millis) {
  if (!millis) return null;
  const seconds = Math.max(1, Math.round(millis / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * A message's file: an image from its thumbnail (full size on a click); a video behind a play button showing its poster
 * frame and duration (its bytes are fetched only when asked for); audio with its controls; anything else a download.
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
    const poster = m.media.width ? h('img', { class: 'media-poster', alt: '', width: Math.min(m.media.width, 320) }) : null;
    const play = h('button', { type: 'button', class: 'media-play', 'aria-label': 'Play the video' }, poster,
      '▶ Video ', h('small', {}, [durationText(m.media.durationMillis), sizeText(m.media.size)].filter(Boolean).join(' · ')));
    // the server's poster frame (a video it can decode); without one the button stays as it is
    if (poster) mediaUrl(m.media.mediaId, true).then((url) => { poster.src = url; }).catch(() => poster.remove());
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
export function releaseMedia() {
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

export function applyReaction(m, emoji, userId, added) {
  m.reactions = { ...(m.reactions || {}) };
  const users = new Set(m.reactions[emoji] || []);
  if (added) users.add(userId); else users.delete(userId);
  if (users.size) m.reactions[emoji] = [...users]; else delete m.reactions[emoji];
}
