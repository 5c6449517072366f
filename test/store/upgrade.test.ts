// A store made before hunts kept their rules and actors apart (migration 009) keeps its detections'
// titles, levels, logsources and actors when migrated: they move to hunt_rules and hunt_actors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectionActors, detectionCounts, ensureCase, startHunt } from '../../src/cases/index.ts';
import { listMigrations, migrate, openPglite } from '../../src/store/index.ts';

describe('migration 009 on a store with detections', () => {
  it('moves each hunt\'s rules and actors out of its detections', async () => {
    const s = await openPglite();
    try {
      await migrate(s, listMigrations().filter((m) => m.version < 9));
      const caseId = await ensureCase(s, 'old');
      const hunt = await startHunt(s, caseId, [], {}, new Date());
      const old = `INSERT INTO detections (hunt_id, case_id, rule_name, rule_title, level, logsource, ts, actor_hash, actor_enc, call_id, evidence_enc) VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8, $9, 'v1:e')`;
      await s.query(old, [hunt, caseId, 'dns', 'DNS query of a spyware domain', 'high', 'zeek_dns', 'h1', 'v1:one', 'c1']);
      await s.query(old, [hunt, caseId, 'dns', 'DNS query of a spyware domain', 'high', 'zeek_dns', 'h1', 'v1:one', 'c2']);
      await s.query(old, [hunt, caseId, 'offer', 'Oversized offer', 'critical', 'call_telemetry', 'h2', 'v1:two', 'c3']);
      await s.query(old, [hunt, caseId, 'offer', 'Oversized offer', 'critical', 'call_telemetry', null, null, 'c4']);
      assert.deepEqual(await migrate(s), listMigrations().filter((m) => m.version >= 9).map((m) => m.version));
      assert.deepEqual((await detectionCounts(s, caseId)).map((r) => [r.rule_name, r.rule_title, r.level, r.n, r.actors]), [
        ['dns', 'DNS query of a spyware domain', 'high', 2, 1],
        ['offer', 'Oversized offer', 'critical', 2, 1],
      ]);
      assert.deepEqual((await detectionActors(s, caseId, 'zeek_')).map((r) => [r.actor_enc, r.detections]), [['v1:one', 2]]);
      assert.deepEqual(await s.query('SELECT actor_hash, actor_enc FROM hunt_actors ORDER BY actor_hash'), [{ actor_hash: 'h1', actor_enc: 'v1:one' }, { actor_hash: 'h2', actor_enc: 'v1:two' }]);
    } finally {
      await s.close();
    }
  });
});
