// A check's output files, written while the check goes on. Each file's text is encoded on the
// JavaScript thread, then write requests hand the bytes to libuv's threads: the disk write of a
// module's JSON (hundreds of megabytes for a big history) runs beside the next modules instead of
// stopping them. The check awaits every file before it returns.
import fs from 'node:fs';

/** Writes every byte of `pieces`, in order, to `fd` (a write may take fewer bytes than asked) and closes it. */
function writeAll(fd: number, pieces: Buffer[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => fs.close(fd, () => reject(e));
    const from = (piece: number, offset: number): void => {
      if (piece === pieces.length) return fs.close(fd, (closed) => (closed ? reject(closed) : resolve()));
      const data = pieces[piece];
      if (offset === data.length) return from(piece + 1, 0);
      fs.write(fd, data, offset, data.length - offset, null, (e, written) => (e ? fail(e) : from(piece, offset + written)));
    };
    from(0, 0);
  });
}

export class OutputFiles {
  private readonly pending: Promise<void>[] = [];

  /** Starts writing `text`, or its pieces in order, to `file` (readable by its owner only); a failure surfaces in `done`. */
  write(file: string, text: string | readonly (string | Buffer)[]): void {
    const data = (typeof text === 'string' ? [text] : text).map((t) => (typeof t === 'string' ? Buffer.from(t, 'utf8') : t));
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
