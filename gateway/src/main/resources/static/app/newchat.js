// Starting a conversation: a direct chat with one username, a group with several or with a title.
import { api, ApiError } from './api.js';
import { $, h, clear } from './dom.js';

let app = null;

/** {@code context}: state, nameOf, loadPresence, openConversation, encryptionReady, toast, describe (the client's state and the functions of main.js it calls). */
export function initNewChat(context) {
  app = context;
  $('new-chat-usernames').addEventListener('input', suggestSoon);
}

let suggestTimer = null;
let asked = 0;

/** People whose name starts with what is being typed (the part after the last comma), once it has three letters. */
function suggestSoon() {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(suggest, 200);
}

async function suggest() {
  const list = $('new-chat-suggestions');
  const typed = $('new-chat-usernames').value.split(',').pop().trim();
  const question = ++asked;
  if (typed.length < 3) {
    clear(list);
    return;
  }
  try {
    const { users } = await api.searchUsers(typed);
    if (question !== asked) return; // typed on since: a newer answer is coming
    clear(list);
    for (const u of users) {
      app.state.users.set(u.userId, u);
      list.append(h('li', {}, h('button', { type: 'button', class: 'suggestion', dataset: { username: u.username }, onclick: () => choose(u.username) },
        h('strong', {}, u.displayName), ` @${u.username}`)));
    }
  } catch { clear(list); /* suggestions are a help: typing the username still works */ }
}

function choose(username) {
  const input = $('new-chat-usernames');
  const names = input.value.split(',').map((s) => s.trim());
  names[names.length - 1] = username;
  input.value = `${names.join(', ')}, `;
  clear($('new-chat-suggestions'));
  input.focus();
}

export function openNewChat() {
  $('new-chat-error').textContent = '';
  $('new-chat-form').reset();
  clear($('new-chat-suggestions'));
  $('new-chat-dialog').showModal();
  $('new-chat-usernames').focus();
}

export async function startNewChat(event) {
  event.preventDefault();
  const names = $('new-chat-usernames').value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const title = $('new-chat-title-input').value.trim();
  if (names.length === 0) return;
  try {
    const users = [];
    for (const username of names) {
      try {
        users.push(await api.lookup(username));
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) throw new Error(`There is no user "${username}".`);
        throw e;
      }
    }
    for (const u of users) app.state.users.set(u.userId, u);
    const ids = users.map((u) => u.userId).filter((id) => id !== app.state.me.userId);
    const group = ids.length > 1 || title;
    const encrypted = !group && $('new-chat-e2ee').checked;
    if (encrypted) await app.encryptionReady(); // this browser becomes a device with keys before the chat exists
    const started = await api.startConversation(group ? 'group' : 'direct', ids, group ? title || null : null, encrypted);
    if (!app.state.conversations.has(started.conversationId)) {
      app.state.conversations.set(started.conversationId, { ...started, lastMessage: null, unreadCount: 0, updatedAt: started.createdAt });
    }
    $('new-chat-dialog').close();
    if (started.invitations?.length) {
      app.toast(`${started.invitations.map((i) => app.nameOf(i.userId)).join(', ')} only join${started.invitations.length === 1 ? 's' : ''} groups they accept: invited.`);
    }
    app.loadPresence(ids);
    await app.openConversation(started.conversationId);
  } catch (e) {
    $('new-chat-error').textContent = app.describe(e);
  }
}
