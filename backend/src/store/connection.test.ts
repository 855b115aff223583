import { describe, expect, it } from 'vitest';
import { parse } from 'pg-connection-string';
import { driverUrl, sslSettingsProblem } from './connection.ts';

/** What node-postgres makes of DATABASE_URL after driverUrl(). */
const ssl = (url: string) => parse(driverUrl(url)).ssl;

describe('sslmode in DATABASE_URL means what libpq means', () => {
  it('leaves a URL without sslmode untouched: no TLS', () => {
    const url = 'postgres://u:p%40ss@db.example:5432/app?application_name=x';
    expect(driverUrl(url)).toBe(url);
    expect(ssl(url)).toBeUndefined();
  });

  it('require and prefer encrypt without verifying; disable and allow do not encrypt', () => {
    expect(ssl('postgres://h/db?sslmode=require')).toEqual({ rejectUnauthorized: false });
    expect(ssl('postgres://h/db?sslmode=no-verify')).toEqual({ rejectUnauthorized: false });
    expect(ssl('postgres://h/db?sslmode=prefer')).toEqual({ rejectUnauthorized: false });
    expect(ssl('postgres://h/db?sslmode=disable')).toBe(false);
    expect(ssl('postgres://h/db?sslmode=allow')).toBe(false);
  });

  it('verify-full verifies chain and host; a user-set uselibpqcompat cannot switch it back', () => {
    expect(ssl('postgres://h/db?sslmode=verify-full')).toEqual({});
    expect(ssl('postgres://h/db?sslmode=require&uselibpqcompat=false')).toEqual({ rejectUnauthorized: false });
  });

  it('reads sslrootcert=system (libpq 16) as the public CAs Node ships', () => {
    expect(ssl('postgres://h/db?sslmode=verify-full&sslrootcert=system')).toEqual({});
    expect(sslSettingsProblem('postgres://h/db?sslmode=verify-ca&sslrootcert=system')).toMatch(/needs sslrootcert/);
  });

  it('keeps the password and the other parameters', () => {
    const parsed = parse(driverUrl('postgres://u:p%40ss@h:6432/app?sslmode=require&application_name=x'));
    expect(parsed).toMatchObject({ user: 'u', password: 'p@ss', host: 'h', port: '6432', database: 'app', application_name: 'x' });
  });

  it('rejects unknown modes and verify-ca without a CA at configuration time', () => {
    expect(sslSettingsProblem('postgres://h/db')).toBeNull();
    expect(sslSettingsProblem('postgres://h/db?sslmode=verify-full')).toBeNull();
    expect(sslSettingsProblem('postgres://h/db?sslmode=requir')).toBe('sslmode=requir is not one of disable, allow, prefer, require, verify-ca, verify-full, no-verify');
    expect(sslSettingsProblem('postgres://h/db?sslmode=verify-ca')).toBe('sslmode=verify-ca needs sslrootcert=<path of the CA certificate> in the URL');
  });
});
