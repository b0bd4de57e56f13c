// The search panel: message search with highlights, and the messages that mention the reader.
import { api } from './api.js';
import { $, h, clear, highlighted, shortTime } from './dom.js';

let app = null;

/** {@code context}: state, openConversation, titleOf, nameOf, ensureUsers, toast, describe (the client's state and the functions of main.js it calls). */
export function initSearch(context) {
  app = context;
}

let searchCursor = null;
let mentionsCursor = null;
export async function search(event, more = false) {
  event?.preventDefault();
  const text = $('search-input').value.trim();
  if (!text) { closeSearch(); return; }
  try {
    const page = await api.search(text, more ? searchCursor : undefined);
    searchCursor = page.next;
    const hits = $('search-hits');
    if (!more) clear(hits);
    $('search-results').hidden = false;
    $('inbox').hidden = true;
    $('search-summary').textContent = page.hits.length || more ? `Results for “${text}”` : `Nothing found for “${text}”`;
    await app.ensureUsers(page.hits.map((hit) => hit.senderId));
    for (const hit of page.hits) {
      const c = app.state.conversations.get(hit.conversationId);
      hits.append(h('li', {}, h('button', {
        type: 'button', class: 'search-hit', dataset: { conversationId: hit.conversationId, seq: hit.seq },
        onclick: () => app.openConversation(hit.conversationId, { focusSeq: hit.seq }),
      },
      h('span', { class: 'hit-where' }, `${c ? app.titleOf(c) : 'Conversation'} · ${app.nameOf(hit.senderId)} · ${shortTime(hit.sentAt)}`),
      h('span', { class: 'hit-text' }, highlighted(hit.highlight || '')))));
    }
    hits.querySelector('.more')?.remove();
    if (page.next) hits.append(h('li', { class: 'more' }, h('button', { type: 'button', class: 'quiet', onclick: () => search(null, true) }, 'More results')));
  } catch (e) { app.toast(app.describe(e)); }
}

/** The messages that mention the caller, in the search panel; a click opens one where it is. */
export async function showMentions(more = false) {
  try {
    const page = await api.mentions(more ? mentionsCursor : undefined);
    mentionsCursor = page.next;
    const hits = $('search-hits');
    if (!more) clear(hits);
    $('search-results').hidden = false;
    $('inbox').hidden = true;
    $('search-summary').textContent = page.mentions.length || more ? 'Mentions of you' : 'Nobody mentioned you yet';
    await app.ensureUsers(page.mentions.map((m) => m.senderId));
    for (const m of page.mentions) {
      const c = app.state.conversations.get(m.conversationId);
      hits.append(h('li', {}, h('button', {
        type: 'button', class: 'search-hit mention-hit', dataset: { conversationId: m.conversationId, seq: m.seq },
        onclick: () => app.openConversation(m.conversationId, { focusSeq: m.seq }),
      },
      h('span', { class: 'hit-where' }, `${c ? app.titleOf(c) : 'Conversation'} · ${app.nameOf(m.senderId)} · ${shortTime(m.sentAt)}`),
      h('span', { class: 'hit-text' }, m.preview ?? 'Message'))));
    }
    hits.querySelector('.more')?.remove();
    if (page.next) hits.append(h('li', { class: 'more' }, h('button', { type: 'button', class: 'quiet', onclick: () => showMentions(true) }, 'More')));
  } catch (e) { app.toast(app.describe(e)); }
}

export function closeSearch() {
  $('search-results').hidden = true;
  $('inbox').hidden = false;
  $('search-input').value = '';
}
