// Reads a saved <slug>.json (a JSON list) item by item. A big phone's results pass V8's longest
// string (512 MiB), so the file cannot be read into one string and parsed: it is read in blocks,
// each item's bytes found by their brackets (outside strings), and each item parsed alone. Floats
// stay floats (1000.0 is written back as 1000.0).
import fs from 'node:fs';
import { parseExactJson } from '../core/index.ts';

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c;
const OPEN = new Set([0x5b, 0x7b]), CLOSE = new Set([0x5d, 0x7d]);
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** The items of the JSON list in `file`; a SyntaxError when the file is not one. */
export function readJsonArray(file: string, blockBytes = 16 * 2 ** 20): unknown[] {
  const items: unknown[] = [];
  const fd = fs.openSync(file, 'r');
  try {
    let carry = Buffer.alloc(0);
    // Depth 0: before the list; 1: between items; more: inside one.
    let depth = 0, inString = false, escaped = false, ended = false, afterComma = false;
    // Where the current item starts in `carry + block` (-1: none yet).
    let start = -1;
    const block = Buffer.allocUnsafe(blockBytes);
    const take = (buf: Buffer, end: number) => {
      if (start < 0) throw new SyntaxError('an empty item in the list');
      items.push(parseExactJson(buf.toString('utf8', start, end), { floats: true }));
      start = -1;
    };
    for (;;) {
      const n = fs.readSync(fd, block, 0, blockBytes, null);
      if (n === 0) break;
      const buf = carry.length ? Buffer.concat([carry, block.subarray(0, n)]) : block.subarray(0, n);
      for (let i = carry.length; i < buf.length; i++) {
        const b = buf[i];
        if (ended) {
          if (!isSpace(b)) throw new SyntaxError('text after the end of the list');
          continue;
        }
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
          continue;
        }
        if (depth === 0) {
          if (b === 0x5b) depth = 1;
          else if (!isSpace(b)) throw new SyntaxError('not a JSON list');
          continue;
        }
        if (depth === 1 && start < 0 && !isSpace(b) && b !== COMMA && !CLOSE.has(b)) {
          start = i;
          afterComma = false;
        }
        if (b === QUOTE) inString = true;
        else if (OPEN.has(b)) depth++;
        else if (depth === 1 && b === COMMA) {
          take(buf, i);
          afterComma = true;
        } else if (CLOSE.has(b)) {
          depth--;
          if (depth === 0) {
            if (start >= 0 || afterComma) take(buf, i);
            ended = true;
          }
        }
      }
      // Keep the unfinished item's bytes for the next block; a block's own buffer is reused.
      carry = start >= 0 ? Buffer.from(buf.subarray(start)) : Buffer.alloc(0);
      if (start >= 0) start = 0;
    }
    if (!ended) throw new SyntaxError(depth === 0 ? 'an empty file' : 'the list is cut short');
    return items;
  } finally {
    fs.closeSync(fd);
  }
}
