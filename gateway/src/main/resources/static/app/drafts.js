// Drafts: what was typed in a conversation and not sent, kept per conversation in this browser (localStorage), so
// that switching chats, a reload or another tab finds it again. Sending clears it; signing out forgets every draft,
// so that nobody signing in next on this browser reads them.

const PREFIX = 'messenger.draft.';
const MAX_LENGTH = 4000; // as the composer's maxlength

let owner = null;

const keyOf = (conversationId) => `${PREFIX}${owner}.${conversationId}`;

/** Drafts from now on belong to this user. */
export function useDraftsOf(userId) {
  owner = userId;
}

export function draftOf(conversationId) {
  if (!owner || !conversationId) return '';
  try {
    return localStorage.getItem(keyOf(conversationId)) ?? '';
  } catch {
    return ''; // storage denied: a draft is a convenience
  }
}

export function saveDraft(conversationId, text) {
  if (!owner || !conversationId) return;
  try {
    if (text && text.trim()) localStorage.setItem(keyOf(conversationId), text.slice(0, MAX_LENGTH));
    else localStorage.removeItem(keyOf(conversationId));
  } catch { /* full or denied: the draft stays in the composer only */ }
}

/** Forgets every draft kept in this browser (signing out). */
export function forgetDrafts() {
  owner = null;
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
  } catch { /* nothing kept */ }
}
