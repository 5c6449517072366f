// Detections and attackers belong to their hunt's case: the store refuses one filed under another
// case, or naming a rule or actor its hunt does not hold, and a new hunt of a case (or the case's
// removal) takes its hunt's findings with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectionActors, detectionCounts, ensureCase, insertAttackers, insertDetections, insertHuntActors, insertHuntRules, startHunt, type DetectionRow } from '../../src/cases/index.ts';
import { StoreError } from '../../src/core/index.ts';
import { drivers } from '../helpers/stores.ts';

const row = (callId: string): DetectionRow => ({ ruleName: 'r', ts: '2019-05-02T03:14:07.123Z', actorHash: null, callId, evidenceEnc: 'v1:x' });

describe('detections and their hunt', () => {
  for (const driver of drivers) {
    it(`are kept with their hunt's case only, as are attackers (${driver.name})`, async () => {
      const s = await driver.open();
      try {
        const a = await ensureCase(s, 'a');
        const b = await ensureCase(s, 'b');
        const rule = { name: 'r', title: 'R', level: 'high', logsource: 'call_telemetry' };
        const huntA = await startHunt(s, a, [], {}, new Date());
        const huntB = await startHunt(s, b, [], {}, new Date());
        await assert.rejects(insertDetections(s, huntA, a, [row('c1')]), (e: unknown) => e instanceof StoreError, 'a rule its hunt does not name');
        await insertHuntRules(s, huntA, [rule]);
        await insertHuntRules(s, huntB, [rule]);
        await insertDetections(s, huntA, a, [row('c1'), row('c2')]);
        // An actor is named by its hash, stored once with the hunt before its detections.
        const actor = { ...row('c9'), actorHash: 'h1' };
        await assert.rejects(insertDetections(s, huntA, a, [actor]), (e: unknown) => e instanceof StoreError, 'an actor its hunt does not hold');
        await insertHuntActors(s, huntA, [{ hash: 'h1', enc: 'v1:a' }]);
        await insertDetections(s, huntA, a, [actor]);
        assert.deepEqual((await detectionActors(s, a, 'call')).map((x) => [x.actor_enc, x.detections]), [['v1:a', 1]]);
        assert.deepEqual((await detectionCounts(s, a)).map((x) => [x.rule_name, x.rule_title, x.n, x.actors]), [['r', 'R', 3, 1]]);
        await assert.rejects(insertDetections(s, huntA, b, [row('c3')]), (e: unknown) => e instanceof StoreError);
        await assert.rejects(insertDetections(s, huntA + 1000, a, [row('c3')]), (e: unknown) => e instanceof StoreError, 'no such hunt');
        // Checked per statement: one row of another case refuses the whole statement.
        await assert.rejects(s.query(`INSERT INTO detections (hunt_id, case_id, rule_name, evidence_enc) VALUES ($1, $2, 'r', 'v1:x'), ($1, $3, 'r', 'v1:x')`, [huntA, a, b]), (e: unknown) => e instanceof StoreError);
        await assert.rejects(s.query('UPDATE detections SET case_id = $1', [b]), (e: unknown) => e instanceof StoreError, 'moved to another case');
        await assert.rejects(s.query('UPDATE hunts SET case_id = $1 WHERE id = $2', [b, huntA]), (e: unknown) => e instanceof StoreError, 'a hunt with detections keeps its case');
        const attacker = { account: '+447400249053', country: 'GB', firstSeen: null, lastSeen: null, calls: 1, evidence: {} };
        await insertAttackers(s, huntA, a, [attacker]);
        await assert.rejects(insertAttackers(s, huntA, b, [attacker]), (e: unknown) => e instanceof StoreError);
        assert.equal((await s.query('SELECT 1 FROM attackers')).length, 1);
        const count = async () => (await s.query<{ case_id: number; n: number }>('SELECT case_id::int AS case_id, count(*)::int AS n FROM detections GROUP BY 1 ORDER BY 1'));
        assert.deepEqual(await count(), [{ case_id: a, n: 3 }]);
        // A new hunt of the case replaces the old one, detections, rules and actors included.
        await startHunt(s, a, [], {}, new Date());
        assert.deepEqual(await count(), []);
        assert.equal((await s.query('SELECT 1 FROM attackers')).length, 0);
        assert.equal((await s.query('SELECT 1 FROM hunt_actors')).length, 0);
        await insertDetections(s, huntB, b, [row('c4')]);
        await s.query('DELETE FROM cases WHERE id = $1', [b]);
        assert.deepEqual(await count(), []);
        assert.equal((await s.query('SELECT 1 FROM hunt_rules')).length, 0);
      } finally {
        await s.close();
      }
    });
  }
});
