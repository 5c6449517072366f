// Option parsing shared by the commands: whole numbers with a clear usage error.
import { UsageError } from '../core/index.ts';

/** A whole number ≥ min from an option's text ("10_000" allowed), or a usage error naming the option. */
export function wholeNumber(v: string, option: string, min = 0): number {
  const n = Number(String(v).replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${option} takes a whole number${min > 0 ? ` of at least ${min}` : ''}`);
  return n;
}
