// A check's output files, written while the check goes on. Each file's text is encoded on the
// JavaScript thread, then one write request hands the bytes to libuv's threads: the disk write of a
// module's JSON (hundreds of megabytes for a big history) runs beside the next modules instead of
// stopping them. The check awaits every file before it returns.
import fs from 'node:fs';

/** Writes all of `data` to `fd` (a write may take fewer bytes than asked) and closes it. */
function writeAll(fd: number, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => fs.close(fd, () => reject(e));
    const from = (offset: number): void =>
      fs.write(fd, data, offset, data.length - offset, null, (e, written) => {
        if (e) return fail(e);
        if (offset + written < data.length) return from(offset + written);
        fs.close(fd, (closed) => (closed ? reject(closed) : resolve()));
      });
    from(0);
  });
}

export class OutputFiles {
  private readonly pending: Promise<void>[] = [];

  /** Starts writing `text` to `file` (readable by its owner only); a failure surfaces in `done`. */
  write(file: string, text: string): void {
    const data = Buffer.from(text, 'utf8');
    // Opened here, so a file that cannot be created fails now, where the check can name it.
    const fd = fs.openSync(file, 'w', 0o600);
    const p = writeAll(fd, data);
    // Handled now, reported by done(): a failed write must not end the process before the check does.
    p.catch(() => undefined);
    this.pending.push(p);
  }

  /** Resolves once every file is written; rejects with the first failure. */
  async done(): Promise<void> {
    await Promise.all(this.pending);
  }
}
