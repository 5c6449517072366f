// Indicator exporters by format.
import type { IndicatorRecord } from '../types.ts';
import type { ExportResult } from './common.ts';
import { exportMisp } from './misp.ts';
import { exportStix } from './stix.ts';
import { exportTxt } from './txt.ts';
import { exportZeek } from './zeek.ts';

export type { ExportResult } from './common.ts';
export const EXPORT_FORMATS = ['stix', 'misp', 'zeek', 'txt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function exportIndicators(records: IndicatorRecord[], format: ExportFormat): ExportResult {
  switch (format) {
    case 'stix':
      return exportStix(records);
    case 'misp':
      return exportMisp(records);
    case 'zeek':
      return exportZeek(records);
    case 'txt':
      return exportTxt(records);
  }
}
