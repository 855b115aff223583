// A page part that is off the first screen, or in space the layout already keeps for it, can render
// just after the page's first frame: its cost then leaves the one long task that builds the page
// (#19: the symbol page's alert form was ~20 ms of it, built twice when the first price came in the
// same task). Only for such parts: one whose arrival moved what is on screen would be a layout shift.
export class AfterFirstPaint {
  ready = $state(false);

  constructor(schedule: (run: () => void) => void = afterNextFrame) {
    schedule(() => (this.ready = true));
  }
}

/** After the next frame is painted: a frame callback runs before the paint, its timer after it. */
function afterNextFrame(run: () => void): void {
  const frame = globalThis.requestAnimationFrame ?? ((f: () => void) => setTimeout(f, 16));
  frame(() => setTimeout(run));
}
