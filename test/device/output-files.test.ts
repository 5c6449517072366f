// A check's output files: written beside the check, each the exact concatenation of its pieces,
// however many, empty ones and large ones among them.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { OutputFiles } from '../../src/device/output-files.ts';
import { tempDir } from '../helpers/fixtures.ts';

describe('output files', () => {
  it('writes every piece in order', async () => {
    const dir = tempDir();
    const big = crypto.randomBytes(3 << 20);
    // Views into one buffer, with empty pieces and a large one in the middle.
    const pieces = Array.from({ length: 5000 }, (_, i) => big.subarray(i * 7, i * 7 + (i % 13)));
    pieces.splice(2500, 0, big, Buffer.alloc(0), Buffer.from('middle'));
    const files = new OutputFiles();
    files.write(path.join(dir, 'many'), pieces);
    files.write(path.join(dir, 'text'), 'one string, é 中');
    files.write(path.join(dir, 'none'), []);
    await files.done();
    assert.ok(fs.readFileSync(path.join(dir, 'many')).equals(Buffer.concat(pieces)));
    assert.equal(fs.readFileSync(path.join(dir, 'text'), 'utf8'), 'one string, é 中');
    assert.equal(fs.statSync(path.join(dir, 'none')).size, 0);
    assert.equal(fs.statSync(path.join(dir, 'many')).mode & 0o777, 0o600);
  });

  it('writes any list of pieces as their concatenation', async () => {
    const dir = tempDir();
    await fc.assert(fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 3000 }), async (arrays) => {
      const pieces = arrays.map((a) => Buffer.from(a));
      const files = new OutputFiles();
      const file = path.join(dir, 'f');
      files.write(file, pieces);
      await files.done();
      assert.ok(fs.readFileSync(file).equals(Buffer.concat(pieces)));
    }), { numRuns: 40, seed: 7 });
  });

  it('reports a file it cannot create at once, naming it', () => {
    assert.throws(() => new OutputFiles().write(path.join(tempDir(), 'no', 'such', 'folder'), 'x'), /ENOENT/);
  });
});

describe('output files through the buffer pool', () => {
  it('writes text across buffers whole: no character split, surrogate pairs at every boundary', async () => {
    const dir = tempDir();
    // Over 4 MiB of text in one piece, then pieces that end just around a buffer's end: an emoji
    // (two UTF-16 units, four bytes) and é (two bytes) fall on the boundaries.
    const long = `${'a'.repeat((4 << 20) - 3)}😀é中${'b'.repeat(5 << 20)}😀`;
    const pieces = [long, ...Array.from({ length: 4000 }, (_, i) => `${'é'.repeat(i % 7)}${'😀'.repeat(i % 3)}line ${i}\n`), long, '\ud800 lone surrogate'];
    const files = new OutputFiles();
    files.write(path.join(dir, 'text'), pieces);
    await files.done();
    assert.ok(fs.readFileSync(path.join(dir, 'text')).equals(Buffer.from(pieces.join(''), 'utf8')));
  });

  it('writes many files at once, more than the pool holds, each its own bytes', async () => {
    const dir = tempDir();
    const files = new OutputFiles();
    // 12 files of 6 MiB given in one go: the pool's buffers are all on their way, and the rest are written on this thread.
    const expected = Array.from({ length: 12 }, (_, i) => crypto.randomBytes(6 << 20).toString('base64').slice(0, (6 << 20) + i));
    const writers = expected.map((_, i) => files.open(path.join(dir, `f${i}`)));
    for (let at = 0; at < expected[0].length + 12; at += 100_000) expected.forEach((text, i) => writers[i].push(text.slice(at, at + 100_000)));
    writers.forEach((w) => w.end());
    await files.done();
    expected.forEach((text, i) => assert.equal(fs.readFileSync(path.join(dir, `f${i}`), 'latin1'), text, `f${i}`));
  });

  it('mixes text, copied spans and large Buffers in order', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.uint8Array({ maxLength: 50 }), fc.integer({ min: 1, max: 3 })), { maxLength: 300 }), async (parts) => {
      const file = path.join(tempDir(), 'mixed');
      const files = new OutputFiles();
      const w = files.open(file);
      const expected: Buffer[] = [];
      for (const p of parts) {
        if (typeof p === 'string') (w.push(p), expected.push(Buffer.from(p, 'utf8')));
        else if (typeof p === 'number') {
          // A Buffer of a megabyte or more (once written as it was, now copied like the rest), between copied bytes.
          const big = Buffer.alloc((p << 20) + 17, p);
          w.push(big);
          expected.push(big);
        } else {
          const source = Buffer.concat([Buffer.from('xx'), Buffer.from(p), Buffer.from('yy')]);
          w.copy(source, 2, 2 + p.length);
          source.fill(0);
          expected.push(Buffer.from(p));
        }
      }
      w.end();
      await files.done();
      assert.ok(fs.readFileSync(file).equals(Buffer.concat(expected)));
    }), { numRuns: 25, seed: 11 });
  });

  it('writes full buffers around the page cache where the file system allows it, the rest through it, byte for byte', async (t) => {
    const dir = tempDir();
    const probe = path.join(dir, 'probe');
    fs.writeFileSync(probe, '');
    try {
      fs.closeSync(fs.openSync(probe, fs.constants.O_WRONLY | fs.constants.O_DIRECT));
    } catch {
      return t.skip('this file system has no O_DIRECT');
    }
    // Two files at once, text and bytes mixed, each over several buffers with a partial last one;
    // characters of two to four bytes fall on the buffers' boundaries.
    const files = new OutputFiles();
    const pieces: Buffer[][] = [[], []];
    const writers = [files.open(path.join(dir, 'a')), files.open(path.join(dir, 'b'))];
    // The first buffer of each ends inside a character.
    for (const [w, start] of [`${'a'.repeat((4 << 20) - 1)}😀`, `${'b'.repeat((4 << 20) - 2)}中`].entries()) {
      writers[w].push(start);
      pieces[w].push(Buffer.from(start));
    }
    for (let i = 0; i < 30_000; i++) {
      const w = i % 2;
      const piece = i % 5 === 0 ? crypto.randomBytes(700 + (i % 97)) : `${'é😀中'.repeat(i % 9)}line ${i} ${'x'.repeat(i % 600)}\n`;
      writers[w].push(piece);
      pieces[w].push(Buffer.from(piece as string));
    }
    writers.forEach((w) => w.end());
    const expected = pieces.map((p) => Buffer.concat(p));
    await files.done();
    for (const [i, name] of ['a', 'b'].entries()) assert.ok(fs.readFileSync(path.join(dir, name)).equals(expected[i]), name);
    const full = expected.reduce((n, e) => n + e.length - (e.length % (4 << 20)), 0);
    assert.ok(full >= 8 << 20, 'several full buffers');
    // Every full buffer went around the cache; the last part of each file, through it.
    assert.equal(files.written.direct, full);
  });

  it('reports a failed write in done, and still writes the other files', async () => {
    const dir = tempDir();
    const files = new OutputFiles();
    // /dev/full takes every open and refuses every write (ENOSPC), as a full disk does.
    files.write('/dev/full', ['x'.repeat(5 << 20), 'more']);
    files.write(path.join(dir, 'ok'), 'fine');
    await assert.rejects(files.done(), /ENOSPC/);
    assert.equal(fs.readFileSync(path.join(dir, 'ok'), 'utf8'), 'fine');
  });
});
