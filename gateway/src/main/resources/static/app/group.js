// A group's info screen (members and their roles, name and description, what its admins may change) and the
// service items ("Alice added Bob") shown between its messages.
import { api, ApiError } from './api.js';
import { $, h, clear } from './dom.js';
import { renderAdmissions } from './admission.js';

const ROLE_LABEL = { owner: 'Owner', admin: 'Admin', member: '' };

/** What a service item says, with names from {@code nameOf} ("You" for the reader). */
export function serviceText(item, nameOf) {
  const actor = item.actorId ? nameOf(item.actorId) : null;
  const user = item.userId ? nameOf(item.userId) : null;
  switch (item.type) {
    case 'member.added': return `${actor} added ${user}`;
    case 'member.joined': return `${user} joined by an invite link`;
    case 'member.removed': return `${actor} removed ${user}`;
    case 'member.left': return `${user} left`;
    case 'role.changed':
      if (item.role === 'owner') return `${user} ${user === 'You' ? 'are' : 'is'} now the owner`;
      if (item.role === 'admin') return `${actor} made ${user} an admin`;
      return item.actorId === item.userId ? `${user} stepped down as admin` : `${actor} dismissed ${user} as admin`;
    case 'conversation.renamed': return `${actor} renamed the group to “${item.title}”`;
    case 'conversation.description.changed': return `${actor} changed the group description`;
    case 'conversation.picture.changed':
      return item.pictureMediaId ? `${actor} changed the group picture` : `${actor} removed the group picture`;
    default: return 'The group changed';
  }
}

export const SERVICE_TYPES = ['member.added', 'member.joined', 'member.removed', 'member.left', 'role.changed', 'conversation.renamed',
  'conversation.description.changed', 'conversation.picture.changed'];

/**
 * Opens the info screen of a group. {@code app} gives what it needs of the client: {@code me}, {@code nameOf},
 * {@code ensureUsers}, {@code describe}, and {@code left(conversationId)} for after the caller leaves.
 */
export async function openGroupInfo(conversationId, app) {
  const dialog = $('group-dialog');
  dialog.dataset.conversationId = conversationId;
  // opened anew: the fields show the group as it is, whatever was typed and not saved before
  for (const id of ['group-title-input', 'group-description-input']) $(id).dataset.conversationId = '';
  $('group-error').textContent = '';
  $('group-note').textContent = '';
  await render(conversationId, app);
  if (!dialog.open) dialog.showModal();
}

async function render(conversationId, app) {
  let group;
  try {
    group = await api.conversation(conversationId);
  } catch (e) {
    $('group-error').textContent = app.describe(e);
    return;
  }
  await app.ensureUsers(group.members.map((m) => m.userId));
  const mine = group.members.find((m) => m.userId === app.me().userId);
  const admin = mine && mine.role !== 'member';
  $('group-dialog-title').textContent = group.title || 'Group info';
  // a refresh (a change arriving live) keeps what the admin is typing: only a field they have not edited is updated
  showValue($('group-title-input'), group.title || '', conversationId);
  showValue($('group-description-input'), group.description || '', conversationId);
  for (const id of ['group-title-input', 'group-description-input']) $(id).readOnly = !admin;
  $('group-details-save').hidden = !admin;
  $('group-picture-change').hidden = !admin;
  $('group-picture-input').onchange = (event) => act(null, conversationId, app, async () => {
    const file = event.target.files[0];
    event.target.value = '';
    if (!file) return;
    const uploaded = await api.upload(file);
    await api.changeGroup(conversationId, { pictureMediaId: uploaded.mediaId });
  });
  showPicture(group.pictureMediaId);
  $('group-add-form').hidden = !admin;
  $('group-details-form').onsubmit = (event) => act(event, conversationId, app, () => api.changeGroup(conversationId, {
    title: $('group-title-input').value, description: $('group-description-input').value,
  }));
  $('group-add-form').onsubmit = (event) => act(event, conversationId, app, async () => {
    const found = await api.lookup($('group-add-username').value.trim().replace(/^@/, ''));
    const added = await api.addMember(conversationId, found.userId);
    $('group-add-username').value = '';
    // their privacy setting made it an invitation: they join when they accept
    $('group-note').textContent = added?.invitationId ? `${found.displayName || found.username} was invited: they join when they accept.` : '';
  });
  $('group-leave').onclick = async () => {
    if (!window.confirm('Leave this group?')) return;
    try {
      await api.removeMember(conversationId, app.me().userId);
      $('group-dialog').close();
      app.left(conversationId);
    } catch (e) {
      $('group-error').textContent = app.describe(e);
    }
  };
  const list = $('group-members');
  clear(list);
  for (const member of group.members) {
    const self = member.userId === app.me().userId;
    const buttons = [];
    if (admin && !self && member.role !== 'owner') {
      buttons.push(member.role === 'admin'
        ? button('Dismiss as admin', () => api.demote(conversationId, member.userId))
        : button('Make admin', () => api.promote(conversationId, member.userId)));
      buttons.push(button('Remove', () => api.removeMember(conversationId, member.userId)));
    }
    list.append(h('li', { class: 'group-member', dataset: { userId: member.userId, role: member.role } },
      h('span', { class: 'member-name' }, app.nameOf(member.userId)),
      ROLE_LABEL[member.role] ? h('span', { class: 'member-role' }, ROLE_LABEL[member.role]) : null,
      ...buttons.map((b) => b(conversationId, app))));
  }
  await renderAdmissions(conversationId, admin);
}

function showValue(input, value, conversationId) {
  const edited = input.dataset.conversationId === conversationId && input.value !== input.dataset.shown;
  if (!edited) input.value = value;
  input.dataset.shown = value;
  input.dataset.conversationId = conversationId;
}

/** The group's picture (its thumbnail), the object URL of the one shown before released. */
async function showPicture(mediaId) {
  const img = $('group-picture');
  if (img.dataset.mediaId === (mediaId || '')) return;
  if (img.src.startsWith('blob:')) URL.revokeObjectURL(img.src);
  img.dataset.mediaId = mediaId || '';
  img.hidden = !mediaId;
  img.removeAttribute('src');
  if (!mediaId) return;
  try {
    img.src = await api.mediaUrl(mediaId, true);
  } catch (e) {
    img.hidden = true;
  }
}

/** Shows the group as it is now, when its screen is open. */
export async function refreshGroupInfo(conversationId, app) {
  if ($('group-dialog').open && $('group-dialog').dataset.conversationId === conversationId) await render(conversationId, app);
}

/** A member's action button: runs it, then shows the group as it is now. */
function button(label, run) {
  return (conversationId, app) => h('button', {
    type: 'button', class: 'quiet small', onclick: () => act(null, conversationId, app, run),
  }, label);
}

async function act(event, conversationId, app, run) {
  event?.preventDefault();
  $('group-error').textContent = '';
  try {
    await run();
  } catch (e) {
    $('group-error').textContent = e instanceof ApiError && e.status === 404 && e.problem?.detail?.includes('user')
      ? 'No user with that username.' : app.describe(e);
    return;
  }
  // the read model follows the command a moment later
  await new Promise((resolve) => { setTimeout(resolve, 300); });
  await render(conversationId, app);
}
