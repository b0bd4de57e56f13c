// The interface's own icons, drawn as inline SVG: emoji glyphs render as empty boxes on a machine without an emoji
// font. (Reactions stay emoji: they are what people send.) Each is decorative; its control carries the label.

const NS = 'http://www.w3.org/2000/svg';

const SHAPES = {
  // a paperclip: one stroke folding back on itself
  attach: [['path', { d: 'M17 7.5 9.6 14.9a2 2 0 0 0 2.8 2.8l7.1-7.1a4 4 0 0 0-5.7-5.7L6.7 12a6 6 0 0 0 8.5 8.5l5.3-5.3' }]],
  lock: [['rect', { x: 5, y: 11, width: 14, height: 10, rx: 2 }], ['path', { d: 'M8 11V8a4 4 0 0 1 8 0v3' }]],
  image: [['rect', { x: 3, y: 5, width: 18, height: 14, rx: 2 }], ['circle', { cx: 9, cy: 10, r: 1.5 }],
    ['path', { d: 'm4 18 5-5 3 3 3-3 5 5' }]],
  // a push pin: head, body and needle
  pin: [['path', { d: 'M9 3h6l-1 6 3 3v2H7v-2l3-3z' }], ['path', { d: 'M12 14v7' }]],
  clock: [['circle', { cx: 12, cy: 12, r: 8.5 }], ['path', { d: 'M12 7.5V12l3 2' }]],
  smile: [['circle', { cx: 12, cy: 12, r: 8.5 }], ['path', { d: 'M8.5 14a4 4 0 0 0 7 0' }],
    ['circle', { cx: 9.5, cy: 10, r: 0.6 }], ['circle', { cx: 14.5, cy: 10, r: 0.6 }]],
  check: [['path', { d: 'm5 12.5 4 4 9-9' }]],
  // a bell struck through: notifications muted
  muted: [['path', { d: 'M6 16V11a6 6 0 0 1 9.5-4.9' }], ['path', { d: 'M18 11v5l1.5 2H8' }], ['path', { d: 'M10 20a2 2 0 0 0 4 0' }],
    ['path', { d: 'M3 3l18 18' }]],
  // an arrow down to a line: to the latest message
  down: [['path', { d: 'M12 4v13' }], ['path', { d: 'm6 11 6 6 6-6' }], ['path', { d: 'M5 20h14' }]],
  checks: [['path', { d: 'm2 12.5 4 4 9-9' }], ['path', { d: 'm10.5 16 0.5 0.5 9-9' }]],
};

/** An icon by name, sized to the text around it. */
export function icon(name) {
  const svg = document.createElementNS(NS, 'svg');
  for (const [key, value] of Object.entries({
    viewBox: '0 0 24 24', width: '1.1em', height: '1.1em', fill: 'none', stroke: 'currentColor', 'stroke-width': 2,
    'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false', class: `icon icon-${name}`,
  })) svg.setAttribute(key, String(value));
  for (const [tag, attrs] of SHAPES[name]) {
    const shape = document.createElementNS(NS, tag);
    for (const [key, value] of Object.entries(attrs)) shape.setAttribute(key, String(value));
    svg.append(shape);
  }
  return svg;
}
