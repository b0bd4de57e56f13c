// End-to-end encryption in the browser, the protocol of the reference client (ops/e2ee-client) with WebCrypto:
// X25519, Ed25519, HKDF-SHA256 and AES-256-GCM. This browser is one device of the account: its private keys are
// generated non-extractable and kept in IndexedDB (a CryptoKey is stored as it is, its bytes never reach script), and
// so are the session keys it agrees (as HKDF keys). The server only ever sees public keys and envelopes.
//
// Sessions are X3DH-style: DH(IK_a, SPK_b), DH(EK_a, IK_b), DH(EK_a, SPK_b) and DH(EK_a, OPK_b) when the bundle had a
// one-time pre-key, after 32 bytes of 0xFF, through HKDF ("messenger-x3dh"). Message n's key is HKDF(session key,
// "message-n"); an envelope is sealed with AES-256-GCM bound to the sender device, the recipient device and the
// conversation, and carries the session's header so that its recipient agrees the same key on the first one it opens.
// Like the reference client it leaves out the Double Ratchet and safety numbers. Each message is also sealed for the
// sender's own devices (this one included), so that its author can read it again.

import { api } from './api.js';

const DB_NAME = 'messenger-e2ee';
const ONE_TIME_KEYS = 20;
/** Sessions with a user's devices are started again from fresh bundles after this, so that a device added since gets envelopes. */
const SESSIONS_KEPT_MS = 10 * 60 * 1000;
const X3DH_INFO = new TextEncoder().encode('messenger-x3dh');
const encoder = new TextEncoder();
const decoder = new TextDecoder();

let me = null; // {userId, deviceId}
let keys = null; // this device's key pairs
let ready = null;
/** Sessions being agreed from a first envelope: a second envelope of the same session waits for the first's. */
const agreeing = new Map();

// ------------------------------------------------------------------ storage (IndexedDB)

function database() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => {
      for (const store of ['devices', 'outgoing', 'incoming']) open.result.createObjectStore(store);
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function stored(store, key, value) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, value === undefined ? 'readonly' : 'readwrite');
    const request = value === undefined ? tx.objectStore(store).get(key)
      : value === null ? tx.objectStore(store).delete(key) : tx.objectStore(store).put(value, key);
    tx.oncomplete = () => { db.close(); resolve(value === undefined ? request.result : undefined); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

// ------------------------------------------------------------------ primitives

const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out;
}

const x25519 = () => crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']);
const rawPublic = async (pair) => new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
const importX25519 = (raw) => crypto.subtle.importKey('raw', raw, { name: 'X25519' }, true, []);
const dh = async (own, theirRaw) => crypto.subtle.deriveBits({ name: 'X25519', public: await importX25519(theirRaw) }, own, 256);

/** HKDF-SHA256 with an empty salt (the same as 32 zero bytes: HMAC pads its key with zeros), as the reference client. */
async function hkdf(baseKey, info) {
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info }, baseKey, 256));
}

/** The agreed secret as a non-extractable HKDF key: kept in IndexedDB, usable to derive message keys, never read back. */
async function sessionKey(secrets) {
  const input = await crypto.subtle.importKey('raw', secrets, 'HKDF', false, ['deriveBits']);
  const agreed = await hkdf(input, X3DH_INFO);
  return crypto.subtle.importKey('raw', agreed, 'HKDF', false, ['deriveBits']);
}

async function messageKey(session, n) {
  const bytes = await hkdf(session, encoder.encode(`message-${n}`));
  return crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

const associatedData = (from, to, conversationId) => encoder.encode(`${from}\n${to}\n${conversationId}`);
const address = () => `${me.userId}:${me.deviceId}`;

// ------------------------------------------------------------------ this device

/**
 * This browser as a device of {@code userId}: its keys read from IndexedDB, or made and registered
 * ({@code PUT /keys/devices/{id}}) the first time. Whether it can is the browser's (WebCrypto's X25519 and Ed25519).
 */
export function useDeviceOf(userId) {
  ready = (async () => {
    let deviceId = localStorage.getItem(`messenger.device.${userId}`);
    let kept = deviceId ? await stored('devices', `${userId}:${deviceId}`) : null;
    if (!kept) {
      deviceId = `web-${crypto.randomUUID().slice(0, 8)}`;
      kept = await register(deviceId);
      await stored('devices', `${userId}:${deviceId}`, kept);
      localStorage.setItem(`messenger.device.${userId}`, deviceId);
    }
    me = { userId, deviceId };
    keys = kept;
    return me;
  })();
  return ready;
}

async function register(deviceId) {
  const identity = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign']);
  const identityDh = await x25519();
  const signedPreKey = await x25519();
  const oneTime = {};
  const oneTimePublic = [];
  for (let keyId = 1; keyId <= ONE_TIME_KEYS; keyId++) {
    oneTime[keyId] = await x25519();
    oneTimePublic.push({ keyId, publicKey: b64(await rawPublic(oneTime[keyId])) });
  }
  const preKey = await rawPublic(signedPreKey);
  await api.registerDevice(deviceId, {
    identityKey: b64(await rawPublic(identity)),
    identityDhKey: b64(await rawPublic(identityDh)),
    signedPreKey: { keyId: 1, publicKey: b64(preKey), signature: b64(await crypto.subtle.sign('Ed25519', identity.privateKey, preKey)) },
    oneTimePreKeys: oneTimePublic,
  });
  return { identityDh, signedPreKey, oneTime };
}

/** Signing out: this device is removed from the account and its keys and sessions from the browser. */
export async function forgetDevice() {
  const device = me;
  me = null;
  keys = null;
  ready = null;
  if (!device) return;
  try { await api.removeDevice(device.deviceId); } catch { /* gone already, or unreachable */ }
  localStorage.removeItem(`messenger.device.${device.userId}`);
  await new Promise((resolve) => {
    const deletion = indexedDB.deleteDatabase(DB_NAME);
    deletion.onsuccess = deletion.onerror = deletion.onblocked = () => resolve();
  });
}

// ------------------------------------------------------------------ sending

/** The initiator's side with one device of a fetched bundle: the session key and the header its envelopes carry. */
async function initiate(recipient, device) {
  const identityKey = await crypto.subtle.importKey('raw', unb64(device.identityKey), { name: 'Ed25519' }, true, ['verify']);
  const preKey = unb64(device.signedPreKey.publicKey);
  if (!await crypto.subtle.verify('Ed25519', identityKey, unb64(device.signedPreKey.signature), preKey)) {
    throw new Error(`the signed pre-key of ${recipient}:${device.deviceId} is not signed by its identity key`);
  }
  const ephemeral = await x25519();
  const parts = [new Uint8Array(32).fill(0xff),
    await dh(keys.identityDh.privateKey, preKey),
    await dh(ephemeral.privateKey, unb64(device.identityDhKey)),
    await dh(ephemeral.privateKey, preKey)];
  const header = { from: address(), ik: b64(await rawPublic(keys.identityDh)), ek: b64(await rawPublic(ephemeral)),
    spk: device.signedPreKey.keyId, opk: null };
  if (device.oneTimePreKey) {
    parts.push(await dh(ephemeral.privateKey, unb64(device.oneTimePreKey.publicKey)));
    header.opk = device.oneTimePreKey.keyId;
  }
  return { key: await sessionKey(concat(...parts)), header, n: 0 };
}

/** The sessions with every device of {@code userId}, started from a fresh bundle when this device has none. */
async function sessionsWith(userId, refresh) {
  const sessions = refresh ? null : await stored('outgoing', `${address()}>${userId}`);
  if (sessions && Object.keys(sessions.devices).length > 0 && Date.now() - sessions.startedAt < SESSIONS_KEPT_MS) return sessions;
  const { devices } = await api.keyBundles(userId);
  const started = { startedAt: Date.now(), devices: {} };
  for (const device of devices) started.devices[`${userId}:${device.deviceId}`] = await initiate(userId, device);
  await stored('outgoing', `${address()}>${userId}`, started);
  return started;
}

async function sealFor(sessions, to, conversationId, plaintext) {
  const session = sessions.devices[to];
  session.n += 1;
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: associatedData(address(), to, conversationId) },
    await messageKey(session.key, session.n), encoder.encode(plaintext));
  const envelope = { header: session.header, n: session.n, nonce: b64(nonce), ciphertext: b64(sealed) };
  return b64(encoder.encode(JSON.stringify(envelope)));
}

/**
 * The envelopes of {@code plaintext} for every device of every member (the sender's own included), as
 * {@code POST /messages/send} takes them. {@code refresh}: bundles fetched again first (after 409 stale-devices).
 */
export async function seal(conversationId, members, plaintext, { refresh = false } = {}) {
  await ready;
  const ciphertexts = {};
  for (const userId of members) {
    const sessions = await sessionsWith(userId, refresh);
    for (const to of Object.keys(sessions.devices)) ciphertexts[to] = await sealFor(sessions, to, conversationId, plaintext);
    await stored('outgoing', `${address()}>${userId}`, sessions); // the counters moved on
  }
  return ciphertexts;
}

// ------------------------------------------------------------------ reading

/** The responder's side: the same session key from an envelope's header and this device's private keys. */
async function respond(header) {
  const ephemeral = unb64(header.ek);
  const parts = [new Uint8Array(32).fill(0xff),
    await dh(keys.signedPreKey.privateKey, unb64(header.ik)),
    await dh(keys.identityDh.privateKey, ephemeral),
    await dh(keys.signedPreKey.privateKey, ephemeral)];
  if (header.opk !== null && header.opk !== undefined) {
    const oneTime = keys.oneTime[header.opk];
    if (!oneTime) throw new Error(`one-time pre-key ${header.opk} is unknown or used`);
    parts.push(await dh(oneTime.privateKey, ephemeral));
  }
  return sessionKey(concat(...parts));
}

/** Opens the envelope addressed to this device ({@code ciphertexts} as history and the stream give them), or null. */
export async function open(conversationId, ciphertexts) {
  await ready;
  const sealed = ciphertexts?.[address()];
  if (!sealed) return null;
  const envelope = JSON.parse(decoder.decode(unb64(sealed)));
  const { header } = envelope;
  const sessionId = `${address()}<${header.from}/${header.ek}`;
  let session = await stored('incoming', sessionId);
  if (!session) {
    if (!agreeing.has(sessionId)) {
      agreeing.set(sessionId, (async () => {
        const agreed = await respond(header);
        await stored('incoming', sessionId, agreed);
        if (header.opk !== null && header.opk !== undefined && keys.oneTime[header.opk]) {
          delete keys.oneTime[header.opk]; // used once, then forgotten
          await stored('devices', address(), keys);
        }
        return agreed;
      })().finally(() => agreeing.delete(sessionId)));
    }
    session = await agreeing.get(sessionId);
  }
  const plaintext = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: unb64(envelope.nonce), additionalData: associatedData(header.from, address(), conversationId) },
    await messageKey(session, envelope.n), unb64(envelope.ciphertext));
  return decoder.decode(plaintext);
}

/** Whether this browser can take part (WebCrypto with X25519 and Ed25519, and IndexedDB). */
export async function supported() {
  try {
    await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign']);
    await crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']);
    return typeof indexedDB !== 'undefined';
  } catch {
    return false;
  }
}

