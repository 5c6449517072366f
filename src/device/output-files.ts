// A check's output files, written while the check goes on. Text and bytes are copied into a few
// buffers that are used again and again: each full buffer goes to libuv's threads to be written at
// its place in the file (so the write runs beside the next modules), and comes back once written.
// A check writes hundreds of megabytes (sms.json, timeline.csv); a fresh Buffer per piece cost
// the kernel a page fault for every 4 KiB of them, and a check of the bench's phone took ~10% longer.
// When every buffer is still on its way, the next one is written at once on this thread (the
// same bytes at the same place; pieces never wait for the event loop).
import fs from 'node:fs';

/** Bytes of one buffer of the pool. */
const BUFFER = 4 << 20;
/** Buffers of the pool at most, for one thread's files. */
const BUFFERS = 8;
/** A Buffer piece at least this large is written as it is, not copied. */
const WRITTEN_AS_IS = BUFFER >> 1;

const utf8 = new TextEncoder();

/** A discarded file's mark: it stops its writes like a failure, and is none. */
const DISCARDED = new Error('discarded');

/** Writes every byte of `data` at `position` (a write may take fewer bytes than asked). */
function writeAt(fd: number, data: Buffer, position: number, done: (e: Error | null) => void): void {
  const from = (offset: number): void => {
    if (offset === data.length) return done(null);
    fs.write(fd, data, offset, data.length - offset, position + offset, (e, written) => (e ? done(e) : from(offset + written)));
  };
  from(0);
}

function writeAtSync(fd: number, data: Buffer, position: number): void {
  for (let offset = 0; offset < data.length; ) offset += fs.writeSync(fd, data, offset, data.length - offset, position + offset);
}

/** A file being written: its pieces in order, each at its place in the file. */
export interface PieceWriter {
  /** Adds text (as UTF-8) or bytes. A Buffer must not change until the file is written. */
  push(piece: string | Buffer): void;
  /** Adds `source`'s bytes from `from` to `to` (copied: the source may change afterwards). */
  copy(source: Buffer, from: number, to: number): void;
  /** Buffers handed to the disk so far: a caller making many pieces may wait for the event loop after each, so that written ones come back. */
  readonly handedOff: number;
  /** No more pieces: the file is closed once they are written. */
  end(): void;
  /** The file is not wanted (a module that failed half-way): removed now, nothing more written to it. */
  discard(): void;
}

export class OutputFiles {
  private readonly pending: Promise<void>[] = [];
  private readonly free: Buffer[] = [];
  private made = 0;

  /** Starts writing `text`, or its pieces in order, to `file` (readable by its owner only); a failure surfaces in `done`. */
  write(file: string, text: string | Iterable<string | Buffer>): void {
    const w = this.open(file);
    for (const t of typeof text === 'string' ? [text] : text) w.push(t);
    w.end();
  }

  /** A buffer to fill; when all of the pool's are being written, undefined, or (`surely`) one more for the pool. */
  private take(surely = false): Buffer | undefined {
    if (this.free.length > 0) return this.free.pop();
    if (this.made >= BUFFERS && !surely) return undefined;
    this.made++;
    return Buffer.allocUnsafeSlow(BUFFER);
  }

  /** Starts `file` (readable by its owner only), whose pieces come later; a failure surfaces in `done`. */
  open(file: string): PieceWriter {
    // Opened here, so a file that cannot be created fails now, where the check can name it.
    const fd = fs.openSync(file, 'w', 0o600);
    let buf: Buffer | undefined;
    let at = 0;
    // Where the next byte goes in the file.
    let position = 0;
    let inFlight = 0;
    let ended = false;
    let failure: Error | undefined;
    let settle!: () => void;
    const idle = new Promise<void>((resolve) => (settle = resolve));
    const fail = (e: Error) => (failure ??= e);
    const closeWhenIdle = () => {
      if (!ended || inFlight > 0) return;
      fs.close(fd, (e) => {
        if (e) fail(e);
        settle();
      });
    };
    const p = idle.then(() => {
      if (failure && failure !== DISCARDED) throw failure;
    });
    // Handled now, reported by done(): a failed write must not end the process before the check does.
    p.catch(() => undefined);
    this.pending.push(p);

    const writer = {
      handedOff: 0,
      // After a failure nothing more is written: the file is reported as failed.
      push: (piece: string | Buffer) => (failure ? undefined : typeof piece === 'string' ? text(piece) : bytes(piece)),
      copy: (source: Buffer, from: number, to: number) => (failure ? undefined : copy(source, from, to)),
      discard: () => {
        if (ended) return;
        // Removed at once, so that the same name opened again is a new file; writes on their way
        // land in the removed one.
        fs.rmSync(file, { force: true });
        failure ??= DISCARDED;
        at = 0;
        writer.end();
      },
      end: () => {
        if (ended) return;
        flush();
        if (buf) this.free.push(buf);
        buf = undefined;
        ended = true;
        closeWhenIdle();
      },
    };
    /** Writes `data` at `where`, in the background; `after` runs once it is written (or failed). */
    const background = (data: Buffer, where: number, after: () => void) => {
      inFlight++;
      writeAt(fd, data, where, (e) => {
        if (e) fail(e);
        inFlight--;
        after();
        closeWhenIdle();
      });
      writer.handedOff++;
    };
    const flush = () => {
      if (!buf || at === 0) return;
      const full = buf;
      const where = position;
      position += at;
      if (failure) {
        at = 0;
        return;
      }
      const next = this.take();
      if (next) {
        background(full.subarray(0, at), where, () => this.free.push(full));
        buf = next;
      } else {
        try {
          writeAtSync(fd, full.subarray(0, at), where);
        } catch (e) {
          fail(e as Error);
        }
      }
      at = 0;
    };
    const room = () => {
      // A file's first buffer: one more for the pool if it must (a file never waits for one).
      buf ??= this.take(true)!;
      if (at === buf.length) flush();
      return buf!;
    };
    const text = (s: string) => {
      let rest = s;
      while (rest.length > 0) {
        const into = room();
        // encodeInto stops before a character that does not fit, and says how much it read.
        const { read, written } = utf8.encodeInto(rest, into.subarray(at));
        at += written;
        if (read === rest.length) return;
        rest = rest.slice(read);
        flush();
      }
    };
    const copy = (source: Buffer, from: number, to: number) => {
      while (from < to) {
        const into = room();
        const n = Math.min(to - from, into.length - at);
        source.copy(into, at, from, from + n);
        at += n;
        from += n;
      }
    };
    const bytes = (b: Buffer) => {
      if (b.length < WRITTEN_AS_IS) return copy(b, 0, b.length);
      flush();
      const where = position;
      position += b.length;
      if (!failure) background(b, where, () => undefined);
    };
    return writer;
  }

  /** Resolves once every file is written; rejects with the first failure. */
  async done(): Promise<void> {
    await Promise.all(this.pending);
  }
}
