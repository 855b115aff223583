export * from './symbols.ts';
export * from './market.ts';
export * from './messages.ts';
