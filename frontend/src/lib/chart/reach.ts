// What counts as reaching for a chart drawn as a picture (the symbol chart, the portfolio's value
// chart): a pointer coming onto it or pressing it, or a finger touching it. Either chart loads its
// interactive version then. Not a control of its own: the box gets no role, only these listeners.
const REACH_EVENTS = ['pointerenter', 'pointerdown', 'touchstart'] as const;

/** A Svelte attachment: calls `reach` whenever the box is reached for; returns the removal. */
export const onReach =
  (reach: () => void) =>
  (box: HTMLElement): (() => void) => {
    for (const type of REACH_EVENTS) box.addEventListener(type, reach, { passive: true });
    return () => REACH_EVENTS.forEach((type) => box.removeEventListener(type, reach));
  };
