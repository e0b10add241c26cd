// Text that comes from job ads, pages and config files is untrusted. A terminal obeys control characters: an ad
// carrying "ESC ]0;…BEL" retitles the reader's window, "ESC [2J" clears it. Text is cleaned where it enters
// (normalizePosting strips C0/C1 controls but newline and tab) and made visible where it leaves for a terminal
// (tables, messages, explain), which also covers rows stored by older versions.

/** C0 controls but tab and newline, DEL, and C1 controls (U+0080–U+009F). */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text without control characters (tab and newline kept; CR dropped). */
export function stripControls(text: string): string {
  CONTROLS.lastIndex = 0;
  if (!CONTROLS.test(text)) return text;
  CONTROLS.lastIndex = 0;
  return text.replace(CONTROLS, '');
}

/** The text with every control character shown as a visible escape ("\x1b"), tab and newline kept. */
export function visibleControls(text: string): string {
  CONTROLS.lastIndex = 0;
  if (!CONTROLS.test(text)) return text;
  CONTROLS.lastIndex = 0;
  return text.replace(CONTROLS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One line for a terminal: controls made visible, white space (newlines included) collapsed. */
export function oneLine(text: string): string {
  return visibleControls(text).replace(/\s+/g, ' ').trim();
}
