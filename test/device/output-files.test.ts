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
