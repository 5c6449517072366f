// The V8 flags the launcher starts a command's Node with: V8's single-threaded collector for a
// device check whose threads take every core, never otherwise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deviceThreads, nodeFlagsFor } from '../../src/cli/node-flags.mjs';

describe('node flags of a command', () => {
  it('reads --threads as the device command does, with its default', () => {
    assert.equal(deviceThreads(['device', 'check-backup', 'x'], 2), 2);
    assert.equal(deviceThreads(['device', 'check-backup', 'x'], 16), 4);
    assert.equal(deviceThreads(['device', 'check-backup', 'x', '--threads', '3'], 16), 3);
    assert.equal(deviceThreads(['device', 'check-fs', '--threads=1', 'x'], 2), 1);
  });

  it('gives the single-threaded collector only to a device check that keeps every core busy', () => {
    const gc = ['--single-threaded-gc'];
    assert.deepEqual(nodeFlagsFor(['device', 'check-backup', 'b'], 2), gc);
    assert.deepEqual(nodeFlagsFor(['device', 'check-androidqf', 'q', '--threads', '4'], 4), gc);
    // A core to spare, one thread, or a bad value: the collector's helpers stay.
    assert.deepEqual(nodeFlagsFor(['device', 'check-backup', 'b'], 8), []);
    assert.deepEqual(nodeFlagsFor(['device', 'check-backup', 'b', '--threads', '1'], 2), []);
    assert.deepEqual(nodeFlagsFor(['device', 'check-backup', 'b', '--threads', 'many'], 2), []);
    // Other commands, and device commands that check nothing.
    assert.deepEqual(nodeFlagsFor(['hunt', 'run'], 2), []);
    assert.deepEqual(nodeFlagsFor(['device', 'synth', 'backup'], 2), []);
    assert.deepEqual(nodeFlagsFor([], 2), []);
  });
});
