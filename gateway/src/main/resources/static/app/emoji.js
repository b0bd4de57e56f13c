// The emoji picker for reactions: the six quick ones sit on each message; "+" opens this grid of common emoji by
// group. Each is a fully-qualified emoji of Unicode's RGI list, which is what the server accepts as a reaction.

import { $, h, clear } from './dom.js';

const GROUPS = [
  ['Smileys', '😀 😃 😄 😁 😆 😅 🤣 😂 🙂 🙃 😉 😊 😇 🥰 😍 🤩 😘 😗 😚 😙 😋 😛 😜 🤪 😝 🤑 🤗 🤭 🤫 🤔 🤐 🤨 😐 😑 😶 😏 😒 🙄 😬 😌 😔 😪 🤤 😴 😷 🤒 🤕 🤢 🤮 🥵 🥶 🥴 😵 🤯 🤠 🥳 😎 🤓 🧐 😕 😟 🙁 😮 😯 😲 😳 🥺 😦 😧 😨 😰 😥 😢 😭 😱 😖 😣 😞 😓 😩 😫 🥱 😤 😡 😠 🤬 😈 💀 💩 🤡 👻 👽 🤖'],
  ['Gestures', '👍 👎 👌 ✌️ 🤞 🤟 🤘 🤙 👈 👉 👆 👇 ☝️ ✋ 🤚 🖐️ 🖖 👋 👏 🙌 👐 🤲 🤝 🙏 ✍️ 💪 🫶'],
  ['Hearts', '❤️ 🧡 💛 💚 💙 💜 🖤 🤍 🤎 💔 ❣️ 💕 💞 💓 💗 💖 💘 💝'],
  ['Nature', '🐶 🐱 🐭 🐹 🐰 🦊 🐻 🐼 🐨 🐯 🦁 🐮 🐷 🐸 🐵 🐔 🐧 🐦 🦄 🐝 🦋 🐢 🐙 🐬 🐳 🌵 🌲 🌴 🍀 🌸 🌹 🌻 🌞 🌙 ⭐ 🔥 🌈 ❄️ 💧'],
  ['Food', '🍎 🍊 🍋 🍌 🍉 🍇 🍓 🍒 🍑 🥭 🍍 🥥 🥑 🍅 🌽 🥕 🍞 🧀 🍳 🍔 🍟 🍕 🌭 🌮 🍣 🍜 🍩 🍪 🎂 🍰 🍫 🍿 ☕ 🍵 🍺 🍷 🥂'],
  ['Activities', '⚽ 🏀 🏈 ⚾ 🎾 🏐 🎱 🏓 🏸 ⛳ 🎣 🎿 🏆 🥇 🎉 🎊 🎈 🎁 🎮 🎲 🎯 🎵 🎶 🎸 🎹 🎨 🎬 📸'],
  ['Symbols', '💯 ✅ ❌ ❓ ❗ ⚠️ 💤 💬 👀 🧠 💡 📌 📎 🔒 🔑 ⏰ 📅 ✈️ 🚗 🏠 💰 🎓 💼 📚 ✨ 🚀'],
];

let onPick = null;

export function initEmojiPicker() {
  const dialog = $('emoji-dialog');
  const grid = $('emoji-grid');
  clear(grid);
  for (const [name, list] of GROUPS) {
    grid.append(h('h3', {}, name), h('div', { class: 'emoji-group', role: 'group', 'aria-label': name },
      list.split(' ').map((emoji) => h('button', {
        type: 'button', class: 'emoji', dataset: { emoji }, 'aria-label': emoji,
        onclick: () => {
          dialog.close();
          if (onPick) onPick(emoji);
        },
      }, emoji))));
  }
}

/** Opens the picker; {@code picked(emoji)} is called with the one chosen (nothing when it is closed without one). */
export function pickEmoji(picked) {
  onPick = picked;
  $('emoji-dialog').showModal();
  $('emoji-grid').querySelector('button')?.focus();
}
