// The account screen: display name, password, the signed-in sessions (this browser and the others), each of which
// can be signed out from here, and deleting the account.
import { api } from './api.js';
import { $, h, clear, shortTime } from './dom.js';

/**
 * What the rest of the client lends this screen: me, describe, toast, renamed (the new display name shown), deleted
 * (the account is gone: sign out here).
 */
let app;

export function initAccount(context) {
  app = context;
  $('account-open').addEventListener('click', openAccount);
  $('account-name-form').addEventListener('submit', saveName);
  $('account-password-form').addEventListener('submit', changePassword);
  $('account-sign-out-others').addEventListener('click', signOutOthers);
  $('account-delete-form').addEventListener('submit', deleteAccount);
}

async function openAccount() {
  for (const id of ['account-name-error', 'account-password-error', 'account-sessions-error', 'account-delete-error']) {
    $(id).textContent = '';
  }
  $('account-delete-password').value = '';
  $('account-display-name').value = app.me().displayName;
  $('account-current-password').value = '';
  $('account-new-password').value = '';
  await renderSessions();
  if (!$('account-dialog').open) $('account-dialog').showModal();
}

async function saveName(event) {
  event.preventDefault();
  const displayName = $('account-display-name').value.trim();
  try {
    await api.changeDisplayName(displayName);
    app.renamed(displayName);
    app.toast('Display name saved.');
  } catch (e) { $('account-name-error').textContent = app.describe(e); }
}

async function changePassword(event) {
  event.preventDefault();
  try {
    await api.changePassword($('account-current-password').value, $('account-new-password').value);
    $('account-current-password').value = '';
    $('account-new-password').value = '';
    $('account-password-error').textContent = '';
    app.toast('Password changed. Your other sessions are signed out.');
    await renderSessions();
  } catch (e) { $('account-password-error').textContent = app.describe(e); }
}

async function renderSessions() {
  const list = $('account-sessions');
  clear(list);
  let sessions = [];
  try {
    ({ sessions } = await api.sessions());
  } catch (e) {
    $('account-sessions-error').textContent = app.describe(e);
    return;
  }
  for (const s of sessions) {
    list.append(h('li', { class: 'session', dataset: { sessionId: s.sessionId, current: String(s.current) } },
      h('span', { class: 'session-text' },
        h('strong', { title: s.userAgent || undefined }, s.userAgent || 'Unknown device'),
        s.current ? 'This browser · ' : '',
        `signed in ${shortTime(s.createdAt)}, last active ${shortTime(s.lastUsedAt)}`),
      s.current ? null : h('button', { type: 'button', class: 'quiet small sign-out-session', onclick: () => signOut(s) }, 'Sign out')));
  }
  $('account-sign-out-others').hidden = sessions.every((s) => s.current);
}

async function signOut(s) {
  try {
    await api.endSession(s.sessionId);
  } catch (e) { $('account-sessions-error').textContent = app.describe(e); }
  await renderSessions();
}

async function signOutOthers() {
  try {
    await api.endOtherSessions();
  } catch (e) { $('account-sessions-error').textContent = app.describe(e); }
  await renderSessions();
}

async function deleteAccount(event) {
  event.preventDefault();
  try {
    await api.deleteAccount($('account-delete-password').value);
  } catch (e) {
    $('account-delete-error').textContent = app.describe(e);
    return;
  }
  $('account-dialog').close();
  app.deleted();
}
