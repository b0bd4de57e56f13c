// The web client's service worker. It shows the gateway's Web Push notifications (RFC 8030/8291: the gateway sends one
// only when no stream of the user is open, so never next to the page's own), and a click focuses the client, or opens
// it, at that conversation. It caches nothing: the client is always the one the gateway serves.

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const count = data.messages > 1 ? `${data.messages} new messages` : 'New message';
  const title = data.senderName ? `${data.senderName}` : 'Messenger';
  // the payload carries no text (the server sends none: a push service could read it); what it says is who and how many
  const body = data.encrypted ? `${count} (encrypted)` : count;
  event.waitUntil(self.registration.showNotification(title, { body, tag: data.conversationId || 'messenger', data }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const conversationId = event.notification.data?.conversationId;
  const target = conversationId ? `/#conversation=${encodeURIComponent(conversationId)}` : '/';
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((open) => {
    const client = open.find((c) => new URL(c.url).origin === self.location.origin);
    if (client) {
      client.postMessage({ type: 'open-conversation', conversationId });
      return client.focus();
    }
    return self.clients.openWindow(target);
  }));
});
