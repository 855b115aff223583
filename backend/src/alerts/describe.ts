// One line of text per firing, for the chat formats (ntfy, Discord, Slack) and the generic body.
import type { AlertCondition } from '@tickstream/shared';

const num = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(10))));

export function describeCondition(c: AlertCondition): string {
  switch (c.type) {
    case 'price_above':
      return `crossed above ${num(c.value)}`;
    case 'price_below':
      return `crossed below ${num(c.value)}`;
    case 'change_percent_above':
      return `day change rose above ${num(c.value)} %`;
    case 'change_percent_below':
      return `day change fell below ${num(c.value)} %`;
    case 'move_percent':
      return `moved ${c.direction === 'up' ? 'up ' : c.direction === 'down' ? 'down ' : ''}${num(c.value)} % within ${c.windowMinutes} min`;
    case 'sma_cross_above':
      return `crossed above its SMA(${c.period}) of ${c.interval} candles`;
    case 'sma_cross_below':
      return `crossed below its SMA(${c.period}) of ${c.interval} candles`;
  }
}

export function describeFiring(e: { symbol: string; condition: AlertCondition; price: number; note: string | null }): string {
  const line = `${e.symbol} ${describeCondition(e.condition)}: ${num(e.price)}`;
  return e.note ? `${line} (${e.note})` : line;
}
