import { describe, expect, it } from 'vitest';
import { makeIndicator, percentModeNote } from './spec.ts';

describe('indicators in % compare mode', () => {
  it('says the price-pane indicators are computed on the main symbol’s prices and drawn as their own % change', () => {
    const configs = [makeIndicator('sma', 'a', { period: 50 })!, makeIndicator('rsi', 'b')!, makeIndicator('vwap', 'c')!];
    expect(percentModeNote(configs, 'AAPL')).toBe(
      "SMA 50, VWAP: computed on AAPL's prices (values in AAPL's price); in % mode each line shows its own change from the first visible bar",
    );
  });

  it('has nothing to say when no indicator is on the price pane (RSI, MACD and volume keep their own scales)', () => {
    expect(percentModeNote([makeIndicator('rsi', 'b')!, makeIndicator('volma', 'v')!], 'AAPL')).toBeNull();
  });
});
