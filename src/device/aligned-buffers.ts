// Buffers whose bytes start at a memory page's boundary, as a write that bypasses the page cache
// (O_DIRECT) needs. JavaScript cannot ask where a Buffer's bytes lie, but a WebAssembly memory
// always starts at a page: one per thread, cut into equal buffers, lent and given back. One
// memory, not one per buffer: V8 reserves gigabytes of address space for each, and it has a limit.

/** Bytes a write bypassing the page cache must be aligned to (address, length and file position). */
export const DIRECT_ALIGNMENT = 4096;

const free: Buffer[] = [];
const ours = new WeakSet<Buffer>();
let made = false;

/**
 * An aligned buffer of `size` bytes (a multiple of DIRECT_ALIGNMENT), or undefined once the
 * thread's `count` are all lent (or WebAssembly cannot give the memory).
 */
export function lendAligned(size: number, count: number): Buffer | undefined {
  if (!made) {
    made = true;
    try {
      const memory = new WebAssembly.Memory({ initial: (size * count) / 65536 });
      for (let i = 0; i < count; i++) {
        const b = Buffer.from(memory.buffer, i * size, size);
        ours.add(b);
        free.push(b);
      }
    } catch {
      // No memory to be had this way: every buffer is then an ordinary one, written through the page cache.
    }
  }
  return free.pop();
}

/** Whether `b` is one of the aligned buffers (whole, from its start). */
export const isAligned = (b: Buffer): boolean => ours.has(b);

/** Gives an aligned buffer back. */
export function giveBack(b: Buffer): void {
  if (ours.has(b)) free.push(b);
}
