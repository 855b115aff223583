/** An identifier as it must be written in SQL (quoted unless plain lower-case), for messages that show SQL. */
export function sqlIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
