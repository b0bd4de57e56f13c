// How people come into groups: who may add the user (a privacy setting, with the rest of the privacy settings),
// invitations waiting for the user's answer, a group's invite links and requests to join (for its admins), and joining
// by a link opened as /#join=<code>.
import { api, ApiError } from './api.js';
import { $, h, clear, shortTime } from './dom.js';

export const ADMISSION_TYPES = ['invitation.received', 'invitation.accepted', 'invitation.declined', 'join.requested', 'join.declined'];

/** What the rest of the client lends this screen: me, nameOf, ensureUsers, describe, toast, openConversation, loadInbox. */
let app;
let invitations = [];

export function initAdmissions(context) {
  app = context;
  $('invitations-toggle').addEventListener('click', showInvitations);
  $('privacy-open').addEventListener('click', openPrivacy);
  $('privacy-form').addEventListener('submit', savePrivacy);
  window.addEventListener('hashchange', joinFromLocation);
}

// ---------------------------------------------------------------- privacy

const VISIBILITY = ['everyone', 'contacts', 'nobody'];

async function openPrivacy() {
  $('privacy-error').textContent = '';
  try {
    const { privacy } = await api.me();
    $('privacy-read-receipts').checked = privacy.readReceipts;
    for (const field of ['lastSeen', 'presence', 'groupAdds']) {
      $(`privacy-${field}`).value = VISIBILITY.includes(privacy[field]) ? privacy[field] : 'everyone';
    }
    $('privacy-dialog').showModal();
  } catch (e) { app.toast(app.describe(e)); }
}

async function savePrivacy(event) {
  event.preventDefault();
  try {
    await api.changePrivacy({
      readReceipts: $('privacy-read-receipts').checked, lastSeen: $('privacy-lastSeen').value,
      presence: $('privacy-presence').value, groupAdds: $('privacy-groupAdds').value,
    });
    $('privacy-dialog').close();
    app.toast('Privacy settings saved.');
  } catch (e) { $('privacy-error').textContent = app.describe(e); }
}

// ---------------------------------------------------------------- invitations

/**
 * Invitations the stream brought that the invitations read model may not list yet (the feed can be ahead of it): listed
 * from the event until the read model has them, or they are answered.
 */
const arrivedLive = new Map();

/** Signed out: nothing of this account's invitations stays in the tab. */
export function forgetInvitations() {
  arrivedLive.clear();
  invitations = [];
}

export async function loadInvitations() {
  try {
    invitations = (await api.invitations()).invitations;
  } catch (e) {
    invitations = [];
  }
  for (const [id, invitation] of arrivedLive) {
    if (invitations.some((i) => i.invitationId === id)) arrivedLive.delete(id);
    else invitations.push(invitation);
  }
  await app.ensureUsers(invitations.map((i) => i.invitedBy));
  const toggle = $('invitations-toggle');
  toggle.hidden = invitations.length === 0;
  toggle.textContent = `Group invitations (${invitations.length})`;
  if ($('invitations-dialog').open) renderInvitations();
}

async function showInvitations() {
  await loadInvitations();
  renderInvitations();
  if (!$('invitations-dialog').open) $('invitations-dialog').showModal();
}

function renderInvitations() {
  const list = $('invitations-list');
  clear(list);
  if (invitations.length === 0) list.append(h('li', { class: 'placeholder' }, 'No invitations.'));
  for (const invitation of invitations) {
    list.append(h('li', { class: 'invitation', dataset: { invitationId: invitation.invitationId } },
      h('span', { class: 'invitation-text' },
        h('strong', {}, invitation.title || 'A group'),
        ` · invited by ${app.nameOf(invitation.invitedBy)} · ${shortTime(invitation.createdAt)}`),
      h('button', { type: 'button', class: 'small', onclick: () => answer(invitation, true) }, 'Join'),
      h('button', { type: 'button', class: 'quiet small', onclick: () => answer(invitation, false) }, 'Decline')));
  }
}

async function answer(invitation, accept) {
  try {
    if (accept) {
      await api.acceptInvitation(invitation.invitationId);
    } else {
      await api.declineInvitation(invitation.invitationId);
    }
    arrivedLive.delete(invitation.invitationId);
    invitations = invitations.filter((i) => i.invitationId !== invitation.invitationId);
    renderInvitations();
    $('invitations-toggle').hidden = invitations.length === 0;
    $('invitations-toggle').textContent = `Group invitations (${invitations.length})`;
    if (accept) {
      $('invitations-dialog').close();
      await app.whenMember(invitation.conversationId);
    }
  } catch (e) { app.toast(app.describe(e)); }
}

// ---------------------------------------------------------------- live events

export async function onAdmissionEvent(type, data) {
  switch (type) {
    case 'invitation.received':
      arrivedLive.set(data.invitationId, data);
      await loadInvitations();
      app.toast(`${app.nameOf(data.invitedBy)} invited you to “${data.title || 'a group'}”.`);
      return;
    case 'invitation.accepted':
      arrivedLive.delete(data.invitationId);
      await loadInvitations();
      return;
    case 'invitation.declined':
      if (data.userId === app.me().userId) {
        arrivedLive.delete(data.invitationId);
        await loadInvitations();
      } else {
        await app.ensureUsers([data.userId]);
        app.toast(`${app.nameOf(data.userId)} declined your invitation.`);
      }
      return;
    case 'join.requested':
      if (data.userId !== app.me().userId) {
        await app.ensureUsers([data.userId]);
        app.toast(`${app.nameOf(data.userId)} asks to join a group you run. See Group info.`);
        if ($('group-dialog').open && $('group-dialog').dataset.conversationId === data.conversationId) {
          await renderAdmissions(data.conversationId, true);
        }
      }
      return;
    case 'join.declined':
      if (data.userId === app.me().userId) app.toast('Your request to join a group was declined.');
      return;
    default:
  }
}

// ---------------------------------------------------------------- a group's links and requests (admins)

/** The admins' part of the group info screen: its invite links and the requests to join waiting; gives the links. */
export async function renderAdmissions(conversationId, admin) {
  const section = $('group-admissions');
  section.hidden = !admin;
  if (!admin) return [];
  $('invite-link-form').onsubmit = async (event) => {
    event.preventDefault();
    try {
      const link = await api.createInviteLink(conversationId, $('invite-link-approval').checked);
      $('invite-link-approval').checked = false;
      await copy(linkUrl(link.code));
      for (let attempt = 0; attempt < 10; attempt++) {
        await settle();
        const links = await renderAdmissions(conversationId, true);
        if (links.some((l) => l.code === link.code)) break;
      }
    } catch (e) { $('group-error').textContent = app.describe(e); }
  };
  let links = [];
  let requests = [];
  try {
    [links, requests] = await Promise.all([
      api.inviteLinks(conversationId).then((r) => r.inviteLinks), api.joinRequests(conversationId).then((r) => r.joinRequests)]);
  } catch (e) {
    $('group-error').textContent = app.describe(e);
  }
  const linkList = $('invite-links');
  clear(linkList);
  for (const link of links) {
    linkList.append(h('li', { class: 'invite-link', dataset: { code: link.code } },
      h('input', { class: 'invite-link-url', readOnly: true, value: linkUrl(link.code), 'aria-label': 'Invite link' }),
      link.approval ? h('span', { class: 'member-role' }, 'Approval') : null,
      h('button', { type: 'button', class: 'quiet small', onclick: () => copy(linkUrl(link.code)) }, 'Copy'),
      h('button', { type: 'button', class: 'quiet small danger', onclick: () => act(conversationId,
        () => api.revokeInviteLink(conversationId, link.code)) }, 'Revoke')));
  }
  await app.ensureUsers(requests.map((r) => r.userId));
  const requestList = $('join-requests');
  clear(requestList);
  $('join-requests-title').hidden = requests.length === 0;
  for (const request of requests) {
    requestList.append(h('li', { class: 'join-request', dataset: { userId: request.userId } },
      h('span', { class: 'member-name' }, app.nameOf(request.userId)),
      h('button', { type: 'button', class: 'small', onclick: () => act(conversationId,
        () => api.answerJoinRequest(conversationId, request.userId, 'approve')) }, 'Approve'),
      h('button', { type: 'button', class: 'quiet small', onclick: () => act(conversationId,
        () => api.answerJoinRequest(conversationId, request.userId, 'decline')) }, 'Decline')));
  }
  return links;
}

async function act(conversationId, run) {
  try {
    await run();
    await settle();
    await renderAdmissions(conversationId, true);
    await app.refreshGroup(conversationId);
  } catch (e) { $('group-error').textContent = app.describe(e); }
}

const linkUrl = (code) => `${window.location.origin}/#join=${code}`;

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    app.toast('Link copied.');
  } catch (e) {
    app.toast('Link made: copy it from Group info.');
  }
}

// the read model follows a command a moment later
const settle = () => new Promise((resolve) => { setTimeout(resolve, 300); });

// ---------------------------------------------------------------- joining by a link

/** A link opened in the browser (/#join=<code>): what it leads to, and a button to join. */
export async function joinFromLocation() {
  const match = /^#join=([A-Za-z0-9_-]{16,64})$/.exec(window.location.hash);
  if (!match || !app?.me()) return;
  const code = match[1];
  window.history.replaceState(null, '', window.location.pathname);
  $('join-error').textContent = '';
  $('join-submit').hidden = false;
  try {
    const preview = await api.inviteLink(code);
    $('join-title').textContent = preview.title || 'A group';
    $('join-details').textContent = `${preview.memberCount} member${preview.memberCount === 1 ? '' : 's'}`
      + (preview.description ? ` · ${preview.description}` : '')
      + (preview.approval ? ' · an admin approves who joins' : '');
  } catch (e) {
    $('join-title').textContent = 'This invite link does not work';
    $('join-details').textContent = e instanceof ApiError && e.status === 404 ? 'It was revoked, or never existed.' : app.describe(e);
    $('join-submit').hidden = true;
  }
  $('join-submit').onclick = async () => {
    try {
      const joined = await api.joinByLink(code);
      if (joined.status === 'awaiting-approval') {
        $('join-details').textContent = 'Your request was sent to the group’s admins. You will be in it once one approves.';
        $('join-submit').hidden = true;
        return;
      }
      $('join-dialog').close();
      await app.whenMember(joined.conversationId);
    } catch (e) { $('join-error').textContent = app.describe(e); }
  };
  if (!$('join-dialog').open) $('join-dialog').showModal();
}
