// Table lookups keyed by untrusted input: only the table's own keys count, so a key like
// "valueOf" or "__proto__" from a feed never reaches Object.prototype.

export function own<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
