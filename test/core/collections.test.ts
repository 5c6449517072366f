// groupBy keeps each group's items in their order and the keys in the order first met.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { groupBy } from '../../src/core/index.ts';

describe('groupBy', () => {
  it('groups items by key, in their order, keys in the order first met', () => {
    const g = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (s) => s[0]);
    assert.deepEqual([...g], [['b', ['b1', 'b2']], ['a', ['a1', 'a2']], ['c', ['c1']]]);
  });

  it('loses and adds nothing: the groups joined are the items, each under its own key', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 })), (items) => {
        const g = groupBy(items, (n) => n % 3);
        assert.equal([...g.values()].flat().length, items.length);
        for (const [k, group] of g) assert.deepEqual(group, items.filter((n) => n % 3 === k));
      }),
    );
  });
});
