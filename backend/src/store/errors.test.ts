import { describe, expect, it } from 'vitest';
import { StoreDataError, StoreError, toStoreError } from './errors.ts';
import { AppError } from '../errors.ts';

const pgError = (code: string, message = 'boom', extra: object = {}) => Object.assign(new Error(message), { code, ...extra });
const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1'), { cause });

describe('store error classification', () => {
  it('reads the driver error through drizzle’s wrapper and keeps it as the cause', () => {
    const cause = pgError('23514', 'violates check constraint', { constraint: 'candles_1m_high_low' });
    const err = toStoreError(wrapped(cause), 'upsert candles');
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('STORE_CONSTRAINT');
    expect(err.message).toContain('candles_1m_high_low');
    expect(err.cause).toBeInstanceOf(Error);
  });

  it.each([
    ['a refused connection', pgError('ECONNREFUSED')],
    ['an administrator shutdown', pgError('57P01')],
    ['a connection exception', pgError('08006')],
    ['too many connections', pgError('53300')],
    ['a database closed to connections', pgError('55000', 'database "tickstream" is not currently accepting connections')],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['a pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a closed PGlite', new Error('PGlite is closed')],
  ])('treats %s as STORE_UNAVAILABLE', (_name, cause) => {
    expect(toStoreError(wrapped(cause), 'read').code).toBe('STORE_UNAVAILABLE');
  });

  it('separates bad values from other query failures', () => {
    expect(toStoreError(pgError('22003'), 'x').code).toBe('STORE_INVALID_VALUE');
    expect(toStoreError(pgError('42P01', 'relation does not exist'), 'x').code).toBe('STORE_QUERY');
  });

  it.each([
    ['a NUL byte (22021)', '22021', 'STORE_INVALID_VALUE', false],
    ['a date out of range (22008)', '22008', 'STORE_INVALID_VALUE', false],
    ['a check violation (23514)', '23514', 'STORE_CONSTRAINT', false],
    ['a not-null violation (23502)', '23502', 'STORE_CONSTRAINT', false],
    ['a unique violation (23505)', '23505', 'STORE_CONSTRAINT', true],
  ])('classifies %s as data the database refused, not an outage', (_name, sqlState, code, conflict) => {
    const err = toStoreError(wrapped(pgError(sqlState, 'value "my private note" refused')), 'create holding');
    expect(err).toBeInstanceOf(StoreDataError);
    expect({ code: err.code, sqlState: (err as StoreDataError).sqlState, conflict: (err as StoreDataError).conflict }).toEqual({ code, sqlState, conflict });
  });

  it('keeps the failed query and its parameters (user data) out of the message', () => {
    const drizzle = Object.assign(new Error('Failed query: insert into holdings ...\nparams: AAPL,1,my private note'), {
      cause: pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'),
    });
    expect(toStoreError(drizzle, 'create holding').message).toBe('create holding: invalid value (SQLSTATE 22021)');
    const lost = Object.assign(new Error('Failed query: select ...\nparams: my private note'), { cause: new Error('Connection terminated unexpectedly') });
    expect(toStoreError(lost, 'list').message).toBe('list: database unavailable (Connection terminated unexpectedly)');
  });

  it('passes StoreErrors through untouched', () => {
    const original = new StoreError('STORE_MIGRATION', 'changed');
    expect(toStoreError(original, 'x')).toBe(original);
  });
});
