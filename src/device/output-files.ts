// A check's output files, written while the check goes on. Text and bytes are copied into a few
// buffers that are used again and again: each full buffer goes to libuv's threads to be written at
// its place in the file (so the write runs beside the next modules), and comes back once written.
// A check writes hundreds of megabytes (sms.json, timeline.csv); a fresh Buffer per piece cost
// the kernel a page fault for every 4 KiB of them, and a check of the bench's phone took ~10% longer.
// When every buffer is still on its way, the next one is written at once on this thread (the
// same bytes at the same place; pieces never wait for the event loop).
// Full buffers go around the page cache (O_DIRECT) where the file system allows it: each page the
// cache takes must be found and cleared first, and on this project's virtual machine a write of
// 400 MB into new cache pages took 1 s, against 0.15 s written directly. The rest of a file (its
// last partial buffer) goes through the cache: the file is opened as usual, and again with O_DIRECT.
import fs from 'node:fs';
import { DIRECT_ALIGNMENT, giveBack, isAligned, lendAligned } from './aligned-buffers.ts';

/** Bytes of one buffer of the pool. */
const BUFFER = 4 << 20;
/** Buffers of the pool at most, for one thread's files. */
const BUFFERS = 8;

const utf8 = new TextEncoder();

/** A discarded file's mark: it stops its writes like a failure, and is none. */
const DISCARDED = new Error('discarded');

const refusedDirect = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code === 'EINVAL';

/** A file's two ways in: through the page cache, and around it while that works (opened at its first full buffer). */
class FileHandles {
  private direct: number | undefined;
  private tried = false;

  constructor(readonly cached: number, private readonly counts: { direct: number }) {}

  /** The descriptor that writes `data` (a view of `buffer` from its start) at `position`. */
  for(buffer: Buffer, data: Buffer, position: number): number {
    if (!isAligned(buffer) || data.length % DIRECT_ALIGNMENT !== 0 || position % DIRECT_ALIGNMENT !== 0) return this.cached;
    if (!this.tried) {
      this.tried = true;
      // The same open file, opened again (Linux's /proc link, not its path, which may name another
      // file by now). Where there is no O_DIRECT (other systems), no /proc, or a file system that
      // refuses it, the cache it is.
      if (fs.constants.O_DIRECT !== undefined) {
        try {
          this.direct = fs.openSync(`/proc/self/fd/${this.cached}`, fs.constants.O_WRONLY | fs.constants.O_DIRECT);
        } catch {
          this.direct = undefined;
        }
      }
    }
    return this.direct ?? this.cached;
  }

  /** Notes `n` bytes written through `fd`. */
  wrote(fd: number, n: number): void {
    if (fd === this.direct) this.counts.direct += n;
  }

  /** After a write through `fd` was refused as misaligned (EINVAL): true if it is worth trying again through the cache. */
  refused(fd: number, e: unknown): boolean {
    if (fd !== this.direct || !refusedDirect(e)) return false;
    this.direct = undefined;
    return true;
  }

  close(done: (e: Error | null) => void): void {
    if (this.direct !== undefined) fs.close(this.direct, () => undefined);
    fs.close(this.cached, done);
  }
}

/** Writes every byte of `data` (a view of `buffer`) at `position` (a write may take fewer bytes than asked). */
function writeAt(h: FileHandles, buffer: Buffer, data: Buffer, position: number, done: (e: Error | null) => void): void {
  const fd = h.for(buffer, data, position);
  const from = (offset: number): void => {
    if (offset === data.length) return done(null);
    const target = offset === 0 ? fd : h.cached;
    fs.write(target, data, offset, data.length - offset, position + offset, (e, written) => {
      if (e && offset === 0 && h.refused(target, e)) return writeAt(h, buffer, data, position, done);
      if (e) return done(e);
      h.wrote(target, written);
      from(offset + written);
    });
  };
  from(0);
}

function writeAtSync(h: FileHandles, buffer: Buffer, data: Buffer, position: number): void {
  const fd = h.for(buffer, data, position);
  let offset = 0;
  try {
    offset = fs.writeSync(fd, data, 0, data.length, position);
    h.wrote(fd, offset);
  } catch (e) {
    if (!h.refused(fd, e)) throw e;
  }
  // A short direct write leaves the rest unaligned: it goes through the cache.
  while (offset < data.length) offset += fs.writeSync(h.cached, data, offset, data.length - offset, position + offset);
}

/** A file being written: its pieces in order, each at its place in the file. */
export interface PieceWriter {
  /** Adds text (as UTF-8) or bytes (copied: the Buffer may change afterwards). */
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
  /** Ordinary buffers made when no aligned one was left, to be used again. */
  private readonly free: Buffer[] = [];
  /** Buffers taken and not yet given back. */
  private out = 0;
  /** Bytes written around the page cache, in every file. */
  readonly written = { direct: 0 };

  /** Starts writing `text`, or its pieces in order, to `file` (readable by its owner only); a failure surfaces in `done`. */
  write(file: string, text: string | Iterable<string | Buffer>): void {
    const w = this.open(file);
    for (const t of typeof text === 'string' ? [text] : text) w.push(t);
    w.end();
  }

  /** A buffer to fill; when all of the pool's are being written, undefined, or (`surely`) one more for the pool. */
  private take(surely = false): Buffer | undefined {
    if (this.out >= BUFFERS && !surely) return undefined;
    this.out++;
    return lendAligned(BUFFER, BUFFERS) ?? this.free.pop() ?? Buffer.allocUnsafeSlow(BUFFER);
  }

  /** A buffer back from its file: an aligned one goes back to the thread's, for any check's files. */
  private release(b: Buffer): void {
    this.out--;
    if (isAligned(b)) giveBack(b);
    else this.free.push(b);
  }

  /** Starts `file` (readable by its owner only), whose pieces come later; a failure surfaces in `done`. */
  open(file: string): PieceWriter {
    // Opened here, so a file that cannot be created fails now, where the check can name it.
    const handles = new FileHandles(fs.openSync(file, 'w', 0o600), this.written);
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
      handles.close((e) => {
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
        if (buf) this.release(buf);
        buf = undefined;
        ended = true;
        closeWhenIdle();
      },
    };
    /** Writes `data` (a view of `buffer`) at `where`, in the background; `after` runs once it is written (or failed). */
    const background = (buffer: Buffer, data: Buffer, where: number, after: () => void) => {
      inFlight++;
      writeAt(handles, buffer, data, where, (e) => {
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
        background(full, full.subarray(0, at), where, () => this.release(full));
        buf = next;
      } else {
        try {
          writeAtSync(handles, full, full.subarray(0, at), where);
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
        // That character's bytes go across the buffers' boundary: every buffer but a file's last is
        // then full, and its place in the file a multiple of its size, as a direct write needs.
        const units = (rest.codePointAt(read) ?? 0) > 0xffff ? 2 : 1;
        const char = Buffer.from(rest.slice(read, read + units), 'utf8');
        copy(char, 0, char.length);
        rest = rest.slice(read + units);
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
    // Copied, however large: a Buffer written as it is would leave the file's next buffers at places no direct write may take.
    const bytes = (b: Buffer) => copy(b, 0, b.length);
    return writer;
  }

  /** Resolves once every file is written; rejects with the first failure. */
  async done(): Promise<void> {
    await Promise.all(this.pending);
  }
}
