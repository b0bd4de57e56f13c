// Muting a conversation's notifications from its header, for a while or until unmuted, and the mark the inbox shows.
import { api } from './api.js';
import { $ } from './dom.js';

let app = null;

/** {@code context}: state, renderInbox, renderHeader, toast, describe (the client's state and the functions of main.js it calls). */
export function initMute(context) {
  app = context;
  $('mute-form').addEventListener('submit', muteFromDialog);
}

// far enough to be "until I unmute it", as the API documents a mute for good
const MUTED_FOR_GOOD = '9999-12-31T00:00:00Z';
const MUTE_DURATIONS = { '8h': 8 * 3600_000, '1w': 7 * 86400_000 };

export function isMuted(c) {
  return Boolean(c?.mutedUntil) && new Date(c.mutedUntil).getTime() > Date.now();
}

export function mutedText(until) {
  return until >= '9999' ? 'until you unmute it' : `until ${new Date(until).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

/** Unmutes at once; to mute, asks for how long (8 hours, a week, until unmuted). */
export async function toggleMute() {
  const c = app.state.conversations.get(app.state.currentId);
  if (!c) return;
  if (isMuted(c)) {
    await mute(c.conversationId, null);
    return;
  }
  $('mute-dialog').showModal();
}

async function muteFromDialog(event) {
  event.preventDefault();
  const choice = new FormData($('mute-form')).get('mute-for');
  const until = choice === 'always' ? MUTED_FOR_GOOD : new Date(Date.now() + MUTE_DURATIONS[choice]).toISOString();
  $('mute-dialog').close();
  await mute(app.state.currentId, until);
}

async function mute(conversationId, until) {
  try {
    await api.mute(conversationId, until);
    applyMute(conversationId, until);
  } catch (e) {
    app.toast(app.describe(e));
  }
}

export function applyMute(conversationId, until) {
  const c = app.state.conversations.get(conversationId);
  if (!c) return;
  c.mutedUntil = until;
  app.renderInbox();
  if (conversationId === app.state.currentId) app.renderHeader();
}
