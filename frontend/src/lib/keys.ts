// Page-wide single-key shortcuts (`/`, `j`, `k`) must never fire while the user types in a field.
export interface KeyLike {
  key: string;
  target: EventTarget | null;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

/** In a text field, or inside a widget that handles its own keys (marked `data-keys="own"`). */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean; closest?: (s: string) => unknown } | null;
  if (!el?.tagName) return false;
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable === true) return true;
  return typeof el.closest === 'function' && el.closest('[data-keys="own"]') !== null;
}

/** A plain key press meant as a shortcut: no modifier, not inside a text field. */
export function isShortcut(event: KeyLike, key: string): boolean {
  return event.key === key && !event.altKey && !event.ctrlKey && !event.metaKey && !isTypingTarget(event.target);
}
