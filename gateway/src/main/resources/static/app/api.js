// The public HTTP API (shared/API.md), and nothing else: this client has no privileges of its own.

const TOKEN_KEY = 'messenger.token';
const REFRESH_KEY = 'messenger.refresh';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  /** The last part of the problem type, e.g. "blocked" or "rate-limited". */
  get kind() {
    const type = this.problem.type || '';
    return type.substring(type.lastIndexOf('/') + 1);
  }
}

/**
 * The signed-in session, in localStorage: a reload or another tab of this browser stays signed in, as the same session
 * (GET /sessions lists it once). The access token is short-lived; renewToken exchanges the refresh token for the next
 * pair. Signing out in one tab clears both, and the others follow (main.js listens for it).
 */
export const session = {
  TOKEN_KEY,
  get token() { return localStorage.getItem(TOKEN_KEY); },
  get refreshToken() { return localStorage.getItem(REFRESH_KEY); },
  store(answer) {
    localStorage.setItem(TOKEN_KEY, answer.access_token);
    localStorage.setItem(REFRESH_KEY, answer.refresh_token);
  },
  clear() {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(REFRESH_KEY);
  },
  /** When the access token expires (ms since the epoch), or null when it cannot be read. */
  get expiresAt() {
    try {
      const payload = JSON.parse(atob(this.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      return Number.isFinite(payload.exp) ? payload.exp * 1000 : null;
    } catch { return null; }
  },
};

/**
 * Renews the access token with the session's refresh token. A refresh token is good for one exchange, and a second use
 * signs the session out, so tabs take turns (a Web Lock) and a tab finding the token already renewed by another uses
 * that one. True when a fresh token is stored; false when the session has ended (or the gateway cannot be reached).
 */
export async function renewToken(staleToken) {
  const renew = async () => {
    if (session.token && session.token !== staleToken) return true;
    const refreshToken = session.refreshToken;
    if (!refreshToken) return false;
    let response;
    try {
      response = await fetch('/auth/refresh', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh_token: refreshToken }),
      });
    } catch { return false; }
    if (response.status === 401) session.clear();
    if (!response.ok) return false;
    session.store(await response.json());
    return true;
  };
  return navigator.locks ? navigator.locks.request('messenger.refresh', renew) : renew();
}

let onUnauthorized = () => {};
export function whenUnauthorized(callback) { onUnauthorized = callback; }

async function request(method, path, { json, body, headers = {}, auth = true, raw = false, renewed = false } = {}) {
  const init = { method, headers: { ...headers } };
  const token = session.token;
  if (auth && token) init.headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (body !== undefined) {
    init.body = body;
  }
  const response = await fetch(path, init);
  if (!response.ok) {
    // an expired access token: renewed once, and the request sent again with the new one
    if (response.status === 401 && auth && !renewed && await renewToken(token)) {
      return request(method, path, { json, body, headers, auth, raw, renewed: true });
    }
    let problem = null;
    try { problem = await response.json(); } catch { /* no body */ }
    if (response.status === 401 && auth) onUnauthorized();
    throw new ApiError(response.status, problem);
  }
  if (raw) return response;
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : null;
}

/**
 * An upload with progress ({@code onProgress(fraction)}): fetch cannot report how much of a request body has gone, an
 * XMLHttpRequest can. Renewal and errors as {@link request}.
 */
function upload(file, onProgress, renewed = false) {
  const token = session.token;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/media');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total); });
    xhr.addEventListener('error', () => reject(new TypeError('Failed to fetch')));
    xhr.addEventListener('load', async () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText));
        return;
      }
      if (xhr.status === 401 && !renewed && await renewToken(token)) {
        upload(file, onProgress, true).then(resolve, reject);
        return;
      }
      let problem = null;
      try { problem = JSON.parse(xhr.responseText); } catch { /* no body */ }
      if (xhr.status === 401) onUnauthorized();
      reject(new ApiError(xhr.status, problem));
    });
    xhr.send(file);
  });
}

const q = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null)).toString();

export const api = {
  register: (username, password, displayName) =>
    request('POST', '/auth/register', { json: { username, password, displayName }, auth: false }),
  token: (username, password) => request('POST', '/auth/token', { json: { username, password }, auth: false }),
  logout: () => request('POST', '/auth/logout', { json: {}, renewed: true }),
  me: () => request('GET', '/users/me'),
  lookup: (username) => request('GET', `/users/lookup?${q({ username })}`),
  searchUsers: (text) => request('GET', `/users/search?${q({ q: text, limit: 8 })}`),
  users: (ids) => request('GET', `/users?${q({ ids: ids.join(',') })}`),

  inbox: (before, archived) => request('GET', `/conversations?${q({ limit: 30, before, ...(archived ? { archived: true } : {}) })}`),
  setState: (conversationId, flags) =>
    request('PUT', `/conversations/${encodeURIComponent(conversationId)}/state`, { json: flags }),
  pins: (conversationId) => request('GET', `/conversations/${encodeURIComponent(conversationId)}/pins`),
  vapidPublicKey: () => request('GET', '/push/vapid-public-key'),
  subscribePush: (subscription) => request('POST', '/push/subscriptions', { json: subscription }),
  unsubscribePush: (endpoint) => request('DELETE', `/push/subscriptions?${q({ endpoint })}`),
  mute: (conversationId, until) => request('PUT', `/conversations/${encodeURIComponent(conversationId)}/mute`, { json: { until } }),
  pin: (conversationId, messageId) =>
    request('PUT', `/conversations/${encodeURIComponent(conversationId)}/pins/${encodeURIComponent(messageId)}`),
  unpin: (conversationId, messageId) =>
    request('DELETE', `/conversations/${encodeURIComponent(conversationId)}/pins/${encodeURIComponent(messageId)}`),
  startConversation: (type, participants, title, e2ee = false) =>
    request('POST', '/conversations', { json: { type, participants, ...(title ? { title } : {}), ...(e2ee ? { e2ee: true } : {}) } }),
  requests: (before) => request('GET', `/conversations/requests?${q({ limit: 50, before })}`),
  accept: (conversationId) => request('POST', `/conversations/${encodeURIComponent(conversationId)}/accept`),
  decline: (conversationId, answer) =>
    request('POST', `/conversations/${encodeURIComponent(conversationId)}/decline`, { json: answer }),
  conversation: (conversationId) => request('GET', `/conversations/${encodeURIComponent(conversationId)}`),
  changeGroup: (conversationId, details) =>
    request('PATCH', `/conversations/${encodeURIComponent(conversationId)}`, { json: details }),
  promote: (conversationId, userId) =>
    request('PUT', `/conversations/${encodeURIComponent(conversationId)}/admins/${encodeURIComponent(userId)}`),
  demote: (conversationId, userId) =>
    request('DELETE', `/conversations/${encodeURIComponent(conversationId)}/admins/${encodeURIComponent(userId)}`),
  addMember: (conversationId, userId) =>
    request('POST', `/conversations/${encodeURIComponent(conversationId)}/participants`, { json: { userId } }),
  removeMember: (conversationId, userId) =>
    request('DELETE', `/conversations/${encodeURIComponent(conversationId)}/participants/${encodeURIComponent(userId)}`),
  changePrivacy: (settings) => request('PUT', '/users/me/privacy', { json: settings }),
  changeDisplayName: (displayName) => request('PATCH', '/users/me', { json: { displayName } }),
  changePassword: (currentPassword, newPassword) => request('PUT', '/users/me/password', { json: { currentPassword, newPassword } }),
  deleteAccount: (password) => request('DELETE', '/users/me', { json: { password } }),
  devices: () => request('GET', '/keys/devices'),
  registerDevice: (deviceId, keys) => request('PUT', `/keys/devices/${encodeURIComponent(deviceId)}`, { json: keys }),
  keyBundles: (userId) => request('GET', `/keys/${encodeURIComponent(userId)}`),
  removeDevice: (deviceId) => request('DELETE', `/keys/devices/${encodeURIComponent(deviceId)}`),
  startExport: () => request('POST', '/users/me/export'),
  exportStatus: (exportId) => request('GET', `/users/me/exports/${encodeURIComponent(exportId)}`),
  download: (path) => request('GET', path, { raw: true }),
  sessions: () => request('GET', '/sessions'),
  endSession: (sessionId) => request('DELETE', `/sessions/${encodeURIComponent(sessionId)}`),
  endOtherSessions: () => request('DELETE', '/sessions'),
  invitations: () => request('GET', '/invitations'),
  acceptInvitation: (invitationId) => request('POST', `/invitations/${encodeURIComponent(invitationId)}/accept`),
  declineInvitation: (invitationId) => request('POST', `/invitations/${encodeURIComponent(invitationId)}/decline`),
  createInviteLink: (conversationId, approval) => request('POST', `/conversations/${encodeURIComponent(conversationId)}/invite-links`,
    { json: { approval }, headers: { 'Idempotency-Key': crypto.randomUUID() } }),
  inviteLinks: (conversationId) => request('GET', `/conversations/${encodeURIComponent(conversationId)}/invite-links`),
  revokeInviteLink: (conversationId, code) =>
    request('DELETE', `/conversations/${encodeURIComponent(conversationId)}/invite-links/${encodeURIComponent(code)}`),
  inviteLink: (code) => request('GET', `/invite-links/${encodeURIComponent(code)}`),
  joinByLink: (code) => request('POST', `/invite-links/${encodeURIComponent(code)}/join`),
  joinRequests: (conversationId) => request('GET', `/conversations/${encodeURIComponent(conversationId)}/join-requests`),
  answerJoinRequest: (conversationId, userId, answer) =>
    request('POST', `/conversations/${encodeURIComponent(conversationId)}/join-requests/${encodeURIComponent(userId)}/${answer}`),
  receipts: (conversationId) => request('GET', `/conversations/${encodeURIComponent(conversationId)}/receipts`),
  typing: (conversationId) => request('POST', `/conversations/${encodeURIComponent(conversationId)}/typing`),

  history: (conversationId, before) =>
    request('GET', `/messages/history?${q({ conversation_id: conversationId, limit: 50, before })}`),
  send: (message) => request('POST', '/messages/send', { json: message }),
  forward: (fromConversationId, messageId, toConversationId, clientMessageId) =>
    request('POST', '/messages/forward', { json: { fromConversationId, messageId, toConversationId, clientMessageId } }),
  edit: (conversationId, messageId, body) => request('POST', '/messages/edit', { json: { conversationId, messageId, body } }),
  versions: (conversationId, messageId) =>
    request('GET', `/messages/${encodeURIComponent(messageId)}/versions?${q({ conversation_id: conversationId })}`),
  remove: (conversationId, messageId) => request('POST', '/messages/delete', { json: { conversationId, messageId } }),
  delivered: (conversationId, upToSeq) => request('POST', '/messages/delivered', { json: { conversationId, upToSeq } }),
  read: (conversationId, upToSeq) => request('POST', '/messages/read', { json: { conversationId, upToSeq } }),
  report: (report) => request('POST', '/reports', { json: report, headers: { 'Idempotency-Key': crypto.randomUUID() } }),
  mentions: (before) => request('GET', `/users/me/mentions?${q({ limit: 20, before })}`),
  search: (text, cursor) => request('GET', `/messages/search?${q({ q: text, limit: 20, cursor })}`),

  react: (conversationId, messageId, emoji) => request('POST', '/reactions/add', { json: { conversationId, messageId, emoji } }),
  unreact: (conversationId, messageId, emoji) =>
    request('POST', '/reactions/remove', { json: { conversationId, messageId, emoji } }),

  blocked: () => request('GET', '/users/blocked'),
  block: (userId) => request('POST', '/users/block', { json: { userId } }),
  unblock: (userId) => request('POST', '/users/unblock', { json: { userId } }),
  presence: (userIds) => request('GET', `/users/presence?${q({ user_ids: userIds.join(',') })}`),

  upload: (file, onProgress) => upload(file, onProgress),
  /**
   * An object URL for media the caller may see (an img src cannot carry the bearer token). A file in a message that
   * just arrived may not be readable for a moment (who may read it follows history, a read model of its own): a 404
   * is tried again a few times, with growing pauses, before it counts.
   */
  mediaUrl: async (mediaId, thumbnail) => {
    const path = `/media/${encodeURIComponent(mediaId)}${thumbnail ? '/thumbnail' : ''}`;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await request('GET', path, { raw: true });
        return URL.createObjectURL(await response.blob());
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 404 || attempt >= 4) throw e;
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      }
    }
  },
};
