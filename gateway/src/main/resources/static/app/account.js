// The account screen: display name, password, the signed-in sessions (this browser and the others), each of which
// can be signed out from here, the devices with encryption keys, the export of one's data, and deleting the account.
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
  $('account-export').addEventListener('click', exportData);
  $('account-e2ee-enable').addEventListener('click', enableEncryption);
  // the export's object URL is released when the screen closes (it holds the whole zip in memory)
  $('account-dialog').addEventListener('close', forgetDownload);
}

async function openAccount() {
  for (const id of ['account-name-error', 'account-password-error', 'account-sessions-error', 'account-delete-error',
    'account-devices-error', 'account-export-error']) {
    $(id).textContent = '';
  }
  $('account-delete-password').value = '';
  $('account-display-name').value = app.me().displayName;
  $('account-current-password').value = '';
  $('account-new-password').value = '';
  await Promise.all([renderSessions(), renderDevices()]);
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

/** Makes this browser a device with keys (the keys made here, kept non-extractable in IndexedDB), then lists it. */
async function enableEncryption() {
  try {
    if (!await app.encryptionReady()) {
      $('account-devices-error').textContent = 'This browser cannot hold the keys (it lacks WebCrypto\'s X25519 and Ed25519).';
      return;
    }
    await renderDevices();
  } catch (e) { $('account-devices-error').textContent = app.describe(e); }
}

async function renderDevices() {
  const list = $('account-devices');
  clear(list);
  let devices = [];
  try {
    ({ devices } = await api.devices());
  } catch (e) {
    $('account-devices-error').textContent = app.describe(e);
    return;
  }
  $('account-devices-none').hidden = devices.length > 0;
  for (const d of devices) {
    const item = h('li', { class: 'session', dataset: { deviceId: d.deviceId } },
      h('span', { class: 'session-text' }, h('strong', {}, d.deviceId), `keys since ${shortTime(d.registeredAt)}`),
      h('button', { type: 'button', class: 'quiet small remove-device', onclick: () => removeDevice(d, item) }, 'Remove'));
    list.append(item);
  }
}

/** The device goes from the list at once: the list is a read model, which may still show it for a moment. */
async function removeDevice(d, item) {
  try {
    await api.removeDevice(d.deviceId);
    item.remove();
    $('account-devices-none').hidden = $('account-devices').children.length > 0;
  } catch (e) { $('account-devices-error').textContent = app.describe(e); }
}

let downloadUrl = null;

function forgetDownload() {
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = null;
  $('account-export-download').hidden = true;
}

async function exportData() {
  $('account-export-error').textContent = '';
  forgetDownload();
  const button = $('account-export');
  const progress = $('account-export-progress');
  button.disabled = true;
  progress.value = 0;
  progress.hidden = false;
  try {
    const { exportId } = await api.startExport();
    let status;
    do {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      status = await api.exportStatus(exportId);
      progress.value = status.progress;
    } while (status.status === 'running');
    if (status.status !== 'done') throw new Error('The export failed. Please try again later.');
    const zip = await (await api.download(status.download)).blob();
    downloadUrl = URL.createObjectURL(zip);
    const link = $('account-export-download');
    link.href = downloadUrl;
    link.download = `messenger-export-${new Date().toISOString().slice(0, 10)}.zip`;
    link.textContent = `Download (${Math.max(1, Math.round(zip.size / 1024))} KB)`;
    link.hidden = false;
  } catch (e) {
    $('account-export-error').textContent = app.describe(e);
  } finally {
    button.disabled = false;
    progress.hidden = true;
  }
}
