// Streams telemetry events to JSON Lines or CSV; Parquet is written by DuckDB from a CSV it then removes.
import fs from 'node:fs';
import { openDuckDb, sqlString } from '../core/index.ts';
import { TELEMETRY_COLUMNS, type TelemetryEvent } from './schema.ts';

export type TelemetryFormat = 'jsonl' | 'csv' | 'parquet';

const FLUSH_AT = 4 << 20;

export class EventWriter {
  private fd: number;
  private parts: string[] = [];
  private size = 0;
  count = 0;

  constructor(readonly file: string, private readonly format: 'jsonl' | 'csv') {
    this.fd = fs.openSync(file, 'w');
    if (format === 'csv') this.push(TELEMETRY_COLUMNS.map(([c]) => c).join(',') + '\n');
  }

  private push(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    fs.writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  // Every value is generated (numbers, fixed words), so no quoting or escaping is needed.
  write(e: TelemetryEvent): void {
    this.count++;
    const ts = new Date(e.ts).toISOString();
    if (this.format === 'csv') {
      this.push(`${ts},${e.event},${e.call_id},${e.caller},${e.callee},${e.sender},${e.src_ip},${e.relay_ip},${e.client},${e.payload_len},${e.malformed},${e.duration_ms ?? ''},${e.end_reason}\n`);
    } else {
      this.push(
        `{"ts":"${ts}","event":"${e.event}","call_id":"${e.call_id}","caller":"${e.caller}","callee":"${e.callee}","sender":"${e.sender}",` +
          `"src_ip":"${e.src_ip}","relay_ip":"${e.relay_ip}","client":"${e.client}","payload_len":${e.payload_len},"malformed":${e.malformed},` +
          `"duration_ms":${e.duration_ms ?? 'null'},"end_reason":"${e.end_reason}"}\n`,
      );
    }
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** Converts a telemetry CSV to Parquet with the format's column types. */
export async function csvToParquet(csv: string, parquet: string): Promise<void> {
  const db = await openDuckDb();
  try {
    const columns = `{${TELEMETRY_COLUMNS.map(([c, t]) => `'${c}': '${t}'`).join(', ')}}`;
    await db.connection.run(
      `COPY (SELECT * FROM read_csv(${sqlString(csv)}, header = true, columns = ${columns}, nullstr = '', force_not_null = ['relay_ip', 'end_reason'])) TO ${sqlString(parquet)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
    );
  } finally {
    db.close();
  }
}
