// Attention while the client is not looked at: desktop notifications for messages that arrive in a conversation not
// on screen (or with the tab hidden), an optional sound, and Web Push through a service worker (sw.js) for when no tab
// is open. Asked for only when the user turns them on ("Notifications" in the header), as browsers require.

import { api } from './api.js';
import { $ } from './dom.js';

const SOUND_KEY = 'messenger.sound';
let app = null;
let audio = null;

/** {@code context}: state, nameOf, titleOf, isMuted, openConversation, toast (what it needs of main.js). */
export function initNotifications(context) {
  app = context;
  $('notifications-open').addEventListener('click', () => $('notifications-dialog').showModal());
  $('notifications-enable').addEventListener('click', enable);
  $('notifications-sound').addEventListener('change', (e) => {
    try { localStorage.setItem(SOUND_KEY, e.target.checked ? 'on' : 'off'); } catch { /* not kept */ }
    if (e.target.checked) beep(); // a user's click: the browser lets the page play sound from now on
  });
  // a click on a push notification, with a tab already open: that tab opens the conversation
  navigator.serviceWorker?.addEventListener('message', (e) => {
    if (e.data?.type === 'open-conversation' && e.data.conversationId) app.openConversation(e.data.conversationId);
  });
  render();
}

function supported() {
  return 'Notification' in window;
}

function soundOn() {
  try { return localStorage.getItem(SOUND_KEY) === 'on'; } catch { return false; }
}

function render() {
  const status = !supported() ? 'This browser cannot show notifications.'
    : Notification.permission === 'granted' ? 'On: messages in chats you are not looking at are shown.'
      : Notification.permission === 'denied' ? 'Blocked in the browser\'s settings for this site.' : 'Off.';
  $('notifications-status').textContent = status;
  $('notifications-enable').hidden = !supported() || Notification.permission !== 'default';
  $('notifications-sound').checked = soundOn();
}

async function enable() {
  if (!supported()) return;
  const permission = await Notification.requestPermission();
  render();
  if (permission === 'granted') await subscribePush();
}

/**
 * Registers the service worker and subscribes it to Web Push with the gateway's VAPID key, so that notifications come
 * while no tab is open. Where the browser has no push service, the page's own notifications remain.
 */
export async function subscribePush() {
  if (!('serviceWorker' in navigator) || Notification.permission !== 'granted') return;
  try {
    const registration = await navigator.serviceWorker.register('/sw.js');
    if (!('PushManager' in window)) return;
    const { publicKey } = await api.vapidPublicKey();
    const subscription = await registration.pushManager.getSubscription()
      || await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey });
    await api.subscribePush(subscription.toJSON());
  } catch {
    $('notifications-status').textContent = 'On while this tab is open (this browser offers no push service).';
  }
}

/** Signing out: this browser's push subscription is removed, so the next account here gets nothing of this one's. */
export async function unsubscribePush() {
  try {
    const registration = await navigator.serviceWorker?.getRegistration('/');
    const subscription = await registration?.pushManager?.getSubscription();
    if (!subscription) return;
    await api.unsubscribePush(subscription.endpoint).catch(() => {});
    await subscription.unsubscribe();
  } catch { /* nothing subscribed */ }
}

/** A message from someone else arrived: shown when its conversation is not on screen, unless muted (a mention still is). */
export function messageArrived(m, { mentionsMe }) {
  const state = app.state;
  const onScreen = document.visibilityState === 'visible' && m.conversationId === state.currentId;
  const c = state.conversations.get(m.conversationId);
  if (onScreen || c?.requestForMe || (app.isMuted(c) && !mentionsMe)) return;
  if (soundOn()) beep();
  if (!supported() || Notification.permission !== 'granted') return;
  const who = app.nameOf(m.senderId);
  const title = c?.type === 'group' ? `${who} in ${app.titleOf(c)}` : who;
  const body = m.deleted ? 'Message deleted' : m.encrypted ? 'Encrypted message' : m.body || (m.media ? 'Sent a file' : 'New message');
  const shown = new Notification(title, { body, tag: m.conversationId });
  shown.addEventListener('click', () => {
    window.focus();
    app.openConversation(m.conversationId);
    shown.close();
  });
}

/** A short tone (WebAudio, no file to fetch). */
function beep() {
  try {
    audio = audio || new AudioContext();
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = 880;
    volume.gain.setValueAtTime(0.08, audio.currentTime);
    volume.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.18);
    tone.connect(volume).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.2);
  } catch { /* no audio here */ }
}
