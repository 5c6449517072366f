// Detections and attackers belong to their hunt's case: the store refuses one filed under another
// case, and a new hunt of a case (or the case's removal) takes its hunt's findings with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ensureCase, insertAttackers, insertDetections, startHunt, type DetectionRow } from '../../src/cases/index.ts';
import { StoreError } from '../../src/core/index.ts';
import { drivers } from '../helpers/stores.ts';

const row = (callId: string): DetectionRow => ({ ruleName: 'r', ruleTitle: 'R', level: 'high', logsource: 'call_telemetry', ts: '2019-05-02T03:14:07.123Z', actorHash: null, actorEnc: null, callId, evidenceEnc: 'v1:x' });

describe('detections and their hunt', () => {
  for (const driver of drivers) {
    it(`are kept with their hunt's case only, as are attackers (${driver.name})`, async () => {
      const s = await driver.open();
      try {
        const a = await ensureCase(s, 'a');
        const b = await ensureCase(s, 'b');
        const huntA = await startHunt(s, a, [], {}, new Date());
        await startHunt(s, b, [], {}, new Date());
        await insertDetections(s, huntA, a, [row('c1'), row('c2')]);
        await assert.rejects(insertDetections(s, huntA, b, [row('c3')]), (e: unknown) => e instanceof StoreError);
        await assert.rejects(insertDetections(s, huntA + 1000, a, [row('c3')]), (e: unknown) => e instanceof StoreError, 'no such hunt');
        // Checked per statement: one row of another case refuses the whole statement.
        await assert.rejects(s.query(`INSERT INTO detections (hunt_id, case_id, rule_name, rule_title, level, logsource, evidence_enc) VALUES ($1, $2, 'r', 'R', 'high', 'x', 'v1:x'), ($1, $3, 'r', 'R', 'high', 'x', 'v1:x')`, [huntA, a, b]), (e: unknown) => e instanceof StoreError);
        await assert.rejects(s.query('UPDATE detections SET case_id = $1', [b]), (e: unknown) => e instanceof StoreError, 'moved to another case');
        await assert.rejects(s.query('UPDATE hunts SET case_id = $1 WHERE id = $2', [b, huntA]), (e: unknown) => e instanceof StoreError, 'a hunt with detections keeps its case');
        const attacker = { account: '+447400249053', country: 'GB', firstSeen: null, lastSeen: null, calls: 1, evidence: {} };
        await insertAttackers(s, huntA, a, [attacker]);
        await assert.rejects(insertAttackers(s, huntA, b, [attacker]), (e: unknown) => e instanceof StoreError);
        assert.equal((await s.query('SELECT 1 FROM attackers')).length, 1);
        const count = async () => (await s.query<{ case_id: number; n: number }>('SELECT case_id::int AS case_id, count(*)::int AS n FROM detections GROUP BY 1 ORDER BY 1'));
        assert.deepEqual(await count(), [{ case_id: a, n: 2 }]);
        // A new hunt of the case replaces the old one, detections included.
        await startHunt(s, a, [], {}, new Date());
        assert.deepEqual(await count(), []);
        assert.equal((await s.query('SELECT 1 FROM attackers')).length, 0);
        const huntB = (await s.query<{ id: number }>('SELECT id::int AS id FROM hunts WHERE case_id = $1', [b]))[0].id;
        await insertDetections(s, huntB, b, [row('c4')]);
        await s.query('DELETE FROM cases WHERE id = $1', [b]);
        assert.deepEqual(await count(), []);
      } finally {
        await s.close();
      }
    });
  }
});
