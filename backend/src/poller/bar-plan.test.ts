import { describe, expect, it } from 'vitest';
import type { Tick } from '@tickstream/shared';
import { barPolicyFor, createBarPlanner } from './bar-plan.ts';
import { makeTick } from '../../test/fixtures/factories.ts';

const NOW = 1_741_100_430_000;
const tick = (symbol: string, time: number): Tick => makeTick({ symbol, time, price: 10, source: 'yahoo' });

describe('bar planner (yahoo policy)', () => {
  const symbols = Array.from({ length: 50 }, (_, i) => `S${i}`);

  it('asks for at most 2 x concurrency symbols per poll, each at most once a minute, stalest first', () => {
    const planner = createBarPlanner(barPolicyFor('yahoo', 4));
    const covered = new Set<string>();
    let t = NOW;
    for (let poll = 0; poll < 7; poll++, t += 60_000) {
      const plan = planner.plan(symbols.map((s) => tick(s, t / 1000 - 1)), t);
      expect(plan.length).toBeLessThanOrEqual(8);
      for (const p of plan) {
        covered.add(p.symbol);
        planner.done(p, p.range.to - 120);
      }
    }
    expect(covered.size).toBe(50);
    // a second poll in the same minute asks for nothing new
    expect(planner.plan([tick('S0', NOW / 1000)], NOW + 5_000)).toEqual([]);
  });

  it('asks nothing for a closed market whose quote time does not move', () => {
    const planner = createBarPlanner(barPolicyFor('yahoo', 4));
    const closed = tick('AAPL', 1741035600);
    const [first] = planner.plan([closed], NOW);
    if (first) planner.done(first, 1741035540);
    expect(planner.plan([closed], NOW + 120_000)).toEqual([]);
  });

  it('starts the next request at the last bar fetched, so no minute is skipped', () => {
    const planner = createBarPlanner(barPolicyFor('yahoo', 4));
    const [first] = planner.plan([tick('AAPL', NOW / 1000)], NOW);
    expect(first?.range.from).toBe(Math.floor((NOW / 1000 - 600) / 60) * 60);
    if (first) planner.done(first, 1741100400);
    const [second] = planner.plan([tick('AAPL', NOW / 1000 + 300)], NOW + 300_000);
    expect(second?.range.from).toBe(1741100400);
  });

  it('lets the simulated source have bars every poll for every symbol', () => {
    const planner = createBarPlanner(barPolicyFor('simulated', 4));
    expect(planner.plan(symbols.map((s) => tick(s, NOW / 1000)), NOW)).toHaveLength(50);
  });
});
