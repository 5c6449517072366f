// A check's output files, written while the check goes on. Each file's text is encoded on the
// JavaScript thread, then write requests hand the bytes to libuv's threads: the disk write of a
// module's JSON (hundreds of megabytes for a big history) runs beside the next modules instead of
// stopping them. A file may also be given piece by piece as it is made (timeline.csv as it is
// merged). The check awaits every file before it returns.
import fs from 'node:fs';

/** Writes every byte of `data` at `position` (a write may take fewer bytes than asked). */
function writeAt(fd: number, data: Buffer, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const from = (offset: number): void => {
      if (offset === data.length) return resolve();
      fs.write(fd, data, offset, data.length - offset, position + offset, (e, written) => (e ? reject(e) : from(offset + written)));
    };
    from(0);
  });
}

const closed = (fd: number) => new Promise<void>((resolve, reject) => fs.close(fd, (e) => (e ? reject(e) : resolve())));

/** A file being written: its pieces in order, each at its place in the file. */
export interface PieceWriter {
  push(piece: Buffer): void;
  /** No more pieces: the file is closed once they are written. */
  end(): void;
}

export class OutputFiles {
  private readonly pending: Promise<void>[] = [];

  /** Starts writing `text`, or its pieces in order, to `file` (readable by its owner only); a failure surfaces in `done`. */
  write(file: string, text: string | readonly (string | Buffer)[]): void {
    const w = this.open(file);
    for (const t of typeof text === 'string' ? [text] : text) w.push(typeof t === 'string' ? Buffer.from(t, 'utf8') : t);
    w.end();
  }

  /** Starts `file` (readable by its owner only), whose pieces come later, each written as it comes; a failure surfaces in `done`. */
  open(file: string): PieceWriter {
    // Opened here, so a file that cannot be created fails now, where the check can name it.
    const fd = fs.openSync(file, 'w', 0o600);
    // One write in flight per file, each started as the one before it ends (several at once
    // only took CPU from the modules), the first as soon as it is pushed.
    let chain: Promise<void> | undefined;
    let position = 0;
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    const p = (async () => {
      try {
        await end;
        await chain;
      } finally {
        await closed(fd);
      }
    })();
    // Handled now, reported by done(): a failed write must not end the process before the check does.
    p.catch(() => undefined);
    this.pending.push(p);
    return {
      push: (piece) => {
        const at = position;
        position += piece.length;
        chain = chain ? chain.then(() => writeAt(fd, piece, at)) : writeAt(fd, piece, at);
        chain.catch(() => undefined);
      },
      end: ended,
    };
  }

  /** Resolves once every file is written; rejects with the first failure. */
  async done(): Promise<void> {
    await Promise.all(this.pending);
  }
}
