// What a CLI user sees of an error nobody foresaw: one short line, never the input it failed on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asVigilError, InputError } from '../../src/core/index.ts';

describe('asVigilError', () => {
  it('keeps the first line of a library message, at most 200 characters, and not the data it quotes', () => {
    const duck = new Error('Invalid Input Error: CSV Error on Line: 7\nOriginal Line: {"caller": "+525512345678", "callee": "+525587654321"}\nPossible Solution: …');
    const e = asVigilError(duck);
    assert.equal(e.code, 'INTERNAL');
    assert.equal(e.message, 'Invalid Input Error: CSV Error on Line: 7');
    assert.ok(!e.oneLine().includes('+5255'));
    assert.equal(e.cause, duck, 'the whole error stays reachable for debugging');
    const long = asVigilError(new Error(`Conversion Error: ${'y'.repeat(500)}`));
    assert.equal(long.message.length, 201);
    assert.ok(long.message.endsWith('…'));
  });

  it('passes vigil errors through untouched', () => {
    const mine = new InputError('DATA_EMPTY', 'line one\nline two');
    assert.equal(asVigilError(mine), mine);
  });
});
