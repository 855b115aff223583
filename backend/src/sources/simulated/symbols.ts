// Plausible per-symbol parameters for the simulated market: start price, volatility, volume,
// currency. Unknown symbols get a seeded price so any valid symbol can be simulated.
import { CATALOGUE_BY_SYMBOL } from './catalogue.ts';
import { hashString, mulberry32 } from './random.ts';

export interface SymbolProfile {
  basePrice: number;
  /** annualised */
  volatility: number;
  /** typical volume per minute */
  minuteVolume: number;
  currency: string;
  /** display name; null for symbols the simulation does not know */
  name: string | null;
  /** price decimals (cents for most, more for FX and sub-dollar coins) */
  decimals: number;
}

type Known = [price: number, volatility: number, minuteVolume: number];

const KNOWN: Record<string, Known> = {
  AAPL: [230, 0.28, 130_000],
  MSFT: [420, 0.25, 55_000],
  GOOGL: [175, 0.3, 65_000],
  GOOG: [177, 0.3, 45_000],
  AMZN: [200, 0.32, 100_000],
  NVDA: [135, 0.5, 600_000],
  TSLA: [350, 0.6, 250_000],
  META: [600, 0.35, 35_000],
  NFLX: [900, 0.35, 9_000],
  AMD: [120, 0.5, 120_000],
  INTC: [22, 0.4, 150_000],
  'BRK-B': [470, 0.18, 10_000],
  JPM: [240, 0.22, 25_000],
  V: [310, 0.2, 18_000],
  SPY: [590, 0.16, 150_000],
  QQQ: [510, 0.2, 90_000],
  '^GSPC': [5900, 0.16, 7_000_000],
  '^DJI': [43_000, 0.15, 1_000_000],
  '^IXIC': [19_000, 0.2, 15_000_000],
  'BTC-USD': [95_000, 0.55, 25_000_000],
  'ETH-USD': [3300, 0.7, 10_000_000],
  'SOL-USD': [200, 0.9, 2_500_000],
  'DOGE-USD': [0.35, 1.0, 1_500_000],
  'EURUSD=X': [1.05, 0.08, 0],
  'GBPUSD=X': [1.26, 0.08, 0],
  'JPY=X': [150, 0.1, 0],
  'GC=F': [2650, 0.15, 3_000],
};

const NAMES: Record<string, string> = {
  AAPL: 'Apple Inc.',
  MSFT: 'Microsoft Corporation',
  GOOGL: 'Alphabet Inc.',
  GOOG: 'Alphabet Inc.',
  AMZN: 'Amazon.com, Inc.',
  NVDA: 'NVIDIA Corporation',
  TSLA: 'Tesla, Inc.',
  META: 'Meta Platforms, Inc.',
  NFLX: 'Netflix, Inc.',
  AMD: 'Advanced Micro Devices, Inc.',
  INTC: 'Intel Corporation',
  'BRK-B': 'Berkshire Hathaway Inc.',
  JPM: 'JPMorgan Chase & Co.',
  V: 'Visa Inc.',
  SPY: 'SPDR S&P 500 ETF Trust',
  QQQ: 'Invesco QQQ Trust',
  '^GSPC': 'S&P 500',
  '^DJI': 'Dow Jones Industrial Average',
  '^IXIC': 'NASDAQ Composite',
  'BTC-USD': 'Bitcoin USD',
  'ETH-USD': 'Ethereum USD',
  'SOL-USD': 'Solana USD',
  'DOGE-USD': 'Dogecoin USD',
  'EURUSD=X': 'EUR/USD',
  'GBPUSD=X': 'GBP/USD',
  'JPY=X': 'USD/JPY',
  'GC=F': 'Gold',
};

function currencyOf(symbol: string): string {
  if (symbol.endsWith('=X')) return symbol.length === 5 ? 'JPY' : symbol.slice(3, 6) || 'USD';
  const suffix = symbol.split('.').pop();
  if (symbol.includes('.') && suffix) {
    const bySuffix: Record<string, string> = { DE: 'EUR', F: 'EUR', PA: 'EUR', AS: 'EUR', MI: 'EUR', L: 'GBp', T: 'JPY', HK: 'HKD', TO: 'CAD', SW: 'CHF' };
    if (bySuffix[suffix]) return bySuffix[suffix];
  }
  const pair = /-([A-Z]{3})$/.exec(symbol);
  return pair?.[1] ?? 'USD';
}

export function symbolProfile(symbol: string, seed: number): SymbolProfile {
  const known = KNOWN[symbol];
  let price: number;
  let volatility: number;
  let minuteVolume: number;
  if (known) {
    [price, volatility, minuteVolume] = known;
  } else {
    const rand = mulberry32(hashString(symbol) ^ seed);
    price = Math.exp(Math.log(10) + rand() * (Math.log(500) - Math.log(10)));
    volatility = 0.25 + rand() * 0.3;
    minuteVolume = Math.round(10_000 + rand() * 190_000);
  }
  const decimals = price < 10 ? 4 : 2;
  const factor = 10 ** decimals;
  return { basePrice: Math.round(price * factor) / factor, volatility, minuteVolume, currency: currencyOf(symbol), name: NAMES[symbol] ?? CATALOGUE_BY_SYMBOL.get(symbol)?.name ?? null, decimals };
}
