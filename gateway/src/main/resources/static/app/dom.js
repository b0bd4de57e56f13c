// Small DOM helpers: elements are built with text nodes, never from HTML strings, so nothing a user wrote
// can become markup.

export const $ = (id) => document.getElementById(id);

/** h('li', {class: 'x', dataset: {seq: 1}, onclick: f}, 'text', child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.substring(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * A message's text with its http(s) links as anchors that open apart from the app (no opener, no referrer); every other
 * part stays text. Trailing punctuation belongs to the sentence, not to the link.
 */
export function linked(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(/\bhttps?:\/\/[^\s<>"]+/gi)) {
    const url = match[0].replace(/[.,;:!?)\]'*]+$/, '');
    let href = null;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') href = parsed.href;
    } catch { /* not a URL after all: it stays text */ }
    if (!href) continue;
    parts.push(text.substring(last, match.index));
    parts.push(h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow' }, url));
    last = match.index + url.length;
  }
  parts.push(text.substring(last));
  return parts;
}

/** A search highlight ("... <em>word</em> ...") as text with <mark>s; any other markup stays text. */
export function highlighted(text) {
  const parts = [];
  const pattern = /<em>(.*?)<\/em>/gs;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(text.substring(last, match.index));
    parts.push(h('mark', {}, match[1]));
    last = match.index + match[0].length;
  }
  parts.push(text.substring(last));
  return parts;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

export function shortTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  const today = new Date();
  return date.toDateString() === today.toDateString() ? timeFormat.format(date) : dayFormat.format(date);
}

const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const dateFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const dateWithYearFormat = new Intl.DateTimeFormat(undefined, { month: 'long', day: 'numeric', year: 'numeric' });

/** The local calendar day of a time, as a key ("2026-12-07"). */
export function dayKey(iso) {
  const d = iso ? new Date(iso) : new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** What a day separator says: Today, Yesterday, a weekday within the week, else the date (with its year when not this one). */
export function dayLabel(iso) {
  const date = new Date(iso);
  const startOf = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOf(new Date()) - startOf(date)) / 86400000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return weekdayFormat.format(date);
  return date.getFullYear() === new Date().getFullYear() ? dateFormat.format(date) : dateWithYearFormat.format(date);
}

export function lastSeenText(iso) {
  if (!iso) return 'offline';
  const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'last seen just now';
  if (seconds < 3600) return `last seen ${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `last seen ${Math.floor(seconds / 3600)} h ago`;
  return `last seen ${dayFormat.format(new Date(iso))}`;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
}

/**
 * Brings a list element to the given items, rebuilding only the items whose signature changed and moving the
 * rest, so that an item being hovered, focused or edited is not replaced when something else changes.
 * items: [{key, sig, build: () => Element}]; cache: Map key -> {sig, el}, kept by the caller per list.
 */
export function reconcile(list, items, cache, { keep = () => false } = {}) {
  const wanted = new Set();
  let previous = null;
  for (const item of items) {
    wanted.add(item.key);
    let entry = cache.get(item.key);
    if (!entry || (entry.sig !== item.sig && !keep(entry.el))) {
      const el = item.build();
      if (entry) entry.el.replaceWith(el);
      entry = { sig: item.sig, el };
      cache.set(item.key, entry);
    }
    const expected = previous ? previous.nextSibling : list.firstChild;
    if (expected !== entry.el) list.insertBefore(entry.el, expected);
    previous = entry.el;
  }
  for (const [key, entry] of cache) {
    if (!wanted.has(key)) {
      entry.el.remove();
      cache.delete(key);
    }
  }
  // anything else in the list (not built through the cache) goes
  while (previous ? previous.nextSibling : list.firstChild) (previous ? previous.nextSibling : list.firstChild).remove();
}
