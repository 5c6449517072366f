// Shared pieces of the exporters: deterministic ids, grouping by collection.
import crypto from 'node:crypto';
import { groupBy } from '../../core/index.ts';
import type { IndicatorRecord } from '../types.ts';

/** RFC 4122 version-5 UUID, so exporting the same indicators twice gives the same ids. */
export function uuid5(name: string, namespace = '7d0c2c52-3f43-4a0a-9d7e-8f1f3c4b5a61'): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = crypto.createHash('sha1').update(ns).update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export function byCollection(records: IndicatorRecord[]): Map<string, IndicatorRecord[]> {
  return groupBy(records, (r) => r.collection);
}

export interface ExportResult {
  text: string;
  exported: number;
  skipped: { type: string; value: string; reason: string }[];
}
