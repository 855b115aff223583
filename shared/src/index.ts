export * from './symbols.ts';
export * from './market.ts';
export * from './messages.ts';
export * from './decimal.ts';
export * from './portfolio.ts';
export * from './valuation.ts';
export * from './api-errors.ts';
export * from './backoff.ts';
