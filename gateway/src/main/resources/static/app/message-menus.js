// What a message's menu opens: who read it, its earlier versions, forwarding it to another conversation, reporting it.
import { api } from './api.js';
import { $, h, clear } from './dom.js';

let app = null;

/** {@code context}: state, seenBy, nameOf, titleOf, renderHeader, toast, describe (what it needs of main.js). */
export function initMessageMenus(context) {
  app = context;
}

export function showSeenBy(conversationId, m) {
  const list = $('seen-list');
  clear(list);
  for (const userId of app.seenBy(conversationId, m)) list.append(h('li', {}, app.nameOf(userId)));
  $('seen-dialog').showModal();
}

export async function showVersions(conversationId, m) {
  try {
    const { versions } = await api.versions(conversationId, m.messageId);
    const list = $('versions-list');
    clear(list);
    versions.forEach((v, i) => list.append(h('li', { class: 'version' },
      h('p', { class: 'version-body' }, v.body ?? ''),
      h('time', { datetime: v.at }, `${i === 0 ? 'Sent' : 'Edited'} ${new Date(v.at).toLocaleString()}`))));
    $('versions-dialog').showModal();
  } catch (e) {
    app.toast(app.describe(e));
  }
}

/** Lists the caller's other conversations (not encrypted ones: the server cannot write into them) to forward {@code m} to. */
export function chooseForwardTarget(conversationId, m) {
  const list = $('forward-targets');
  clear(list);
  const targets = [...app.state.conversations.values()].filter((c) => c.conversationId !== conversationId && !c.e2ee);
  if (targets.length === 0) list.append(h('li', { class: 'placeholder' }, 'No other conversation to forward to.'));
  for (const c of targets) {
    list.append(h('li', {}, h('button', {
      type: 'button', class: 'forward-target', dataset: { conversationId: c.conversationId },
      onclick: async () => {
        $('forward-dialog').close();
        try {
          await api.forward(conversationId, m.messageId, c.conversationId, crypto.randomUUID());
          app.toast(`Forwarded to ${app.titleOf(c)}`);
        } catch (e) {
          app.toast(app.describe(e));
        }
      },
    }, app.titleOf(c))));
  }
  $('forward-dialog').showModal();
}

/** Asks for a reason (and whether to block the sender) and reports {@code m} to the operators. */
export function openReport(conversationId, m) {
  const dialog = $('report-dialog');
  $('report-sender').textContent = app.nameOf(m.senderId);
  $('report-reason').value = 'spam';
  $('report-block').checked = false;
  $('report-error').textContent = '';
  $('report-form').onsubmit = async (event) => {
    event.preventDefault();
    const block = $('report-block').checked;
    try {
      await api.report({ conversationId, messageId: m.messageId, reason: $('report-reason').value, block });
      dialog.close();
      if (block) app.state.blocked.add(m.senderId);
      app.toast(block ? `Reported, and ${app.nameOf(m.senderId)} is blocked` : 'Reported. Thank you.');
      app.renderHeader();
    } catch (e) {
      $('report-error').textContent = app.describe(e);
    }
  };
  dialog.showModal();
}
