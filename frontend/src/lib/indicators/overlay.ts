// Puts the chosen indicators on one chart view. The drawing code and trading-signals are imported
// the first time there is something to draw (a dynamic import: its own chunk), so the symbol page
// of a user with no indicators does not download them.
import type { ChartView } from '../chart/chart-view.ts';
import type { IndicatorLayer, IndicatorReadout } from './layer.ts';
import type { IndicatorConfig } from './spec.ts';

export class IndicatorOverlay {
  #view: ChartView;
  #onChange: () => void;
  #onReadout: (r: IndicatorReadout) => void;
  #layer: IndicatorLayer | null = null;
  #removeLayer: (() => void) | null = null;
  #loading: Promise<void> | null = null;
  #wanted: readonly IndicatorConfig[] = [];
  #destroyed = false;

  /**
   * `onChange`: after the drawn set changed (panes may have been added or removed); `onReadout`:
   * the values to show in the legend (under the crosshair, else the newest bar's).
   */
  constructor(view: ChartView, onChange: () => void, onReadout: (r: IndicatorReadout) => void) {
    this.#view = view;
    this.#onChange = onChange;
    this.#onReadout = onReadout;
  }

  set(configs: readonly IndicatorConfig[]): void {
    this.#wanted = configs;
    if (this.#layer) return this.#apply();
    if (configs.length === 0 || this.#loading) return;
    this.#loading = import('./layer.ts').then(
      ({ createIndicatorLayer }) => {
        if (this.#destroyed) return;
        this.#removeLayer = this.#view.addLayer((host) => (this.#layer = createIndicatorLayer(host, this.#onReadout)));
        this.#apply();
      },
      () => {
        // chunk failed to load (offline, a deploy replaced it): try again on the next change
        this.#loading = null;
      },
    );
  }

  destroy(): void {
    this.#destroyed = true;
    this.#removeLayer?.();
    this.#layer = null;
  }

  #apply(): void {
    this.#layer?.set(this.#wanted);
    this.#onChange();
  }
}
