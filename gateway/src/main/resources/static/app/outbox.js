// The outbox: text messages written but not yet accepted by the server, kept in this browser (localStorage, per
// account) so that a reload, a crash or a lost connection loses none of them. Each keeps its clientMessageId, so sending
// it again after a send that did reach the server gives back the first result instead of a second message. Files are
// not kept (a reload cannot read them again): a failed upload stays in the page only. Signing out forgets the outbox.

const PREFIX = 'messenger.outbox.';
const KEPT_FIELDS = ['conversationId', 'clientMessageId', 'body', 'replyTo', 'replyPreview', 'mentions', 'mentionAll', 'sentAt'];

let owner = null;

const key = () => `${PREFIX}${owner}`;

function read() {
  if (!owner) return [];
  try {
    const kept = JSON.parse(localStorage.getItem(key()) || '[]');
    return Array.isArray(kept) ? kept : [];
  } catch {
    return [];
  }
}

function write(entries) {
  if (!owner) return;
  try {
    if (entries.length === 0) localStorage.removeItem(key());
    else localStorage.setItem(key(), JSON.stringify(entries));
  } catch { /* full or denied: the message stays in the page, as before there was an outbox */ }
}

/** The outbox from now on belongs to this user. */
export function useOutboxOf(userId) {
  owner = userId;
}

/** What was waiting when the page was left: each to be sent again, in the order it was written. */
export function waiting() {
  return read();
}

/** Keeps a text message until the server has it. */
export function keep(conversationId, message) {
  if (message.file) return;
  const entry = { conversationId };
  for (const field of KEPT_FIELDS.slice(1)) if (message[field] !== undefined && message[field] !== null) entry[field] = message[field];
  write([...read().filter((e) => e.clientMessageId !== message.clientMessageId), entry]);
}

/** Sent (the server has it), discarded, or refused for good. */
export function done(clientMessageId) {
  const entries = read();
  const left = entries.filter((e) => e.clientMessageId !== clientMessageId);
  if (left.length !== entries.length) write(left);
}

/** Forgets everything waiting (signing out). */
export function forgetOutbox() {
  owner = null;
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(PREFIX)) localStorage.removeItem(k);
  } catch { /* nothing kept */ }
}
