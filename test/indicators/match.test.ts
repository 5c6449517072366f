// The match index: each query type's semantics, provenance, and warninglist suppression.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { MatchIndex, parseWarninglist, WarninglistSet } from '../../src/indicators/index.ts';
import { builtinWarninglists } from '../../src/indicators/service.ts';
import { rec } from '../helpers/records.ts';

const hits = (idx: MatchIndex, v: string, t?: Parameters<MatchIndex['match']>[1]) => idx.match(v, t).map((m) => `${m.how}:${m.indicator.value}`);

describe('match index', () => {
  const idx = new MatchIndex([
    rec('domain', 'evil.com'),
    rec('domain', 'cdn.example.co.uk'),
    rec('domain', 'co.uk'),
    rec('ipv4', '203.0.113.0/24'),
    rec('ipv4', '198.51.100.7'),
    rec('ipv6', '2001:db8:abcd::/48'),
    rec('url', 'https://drop.example.org/x.apk'),
    rec('email', 'op@evil.com'),
    rec('process', 'ReminderIntentsUIExtension'),
    rec('process', 'bh'),
    rec('file_path', '/private/var/tmp/hooker'),
    rec('file_path', '/data/local/tmp/wd/'),
    rec('file_name', 'roleaccountd.plist'),
    rec('sha256', 'a'.repeat(64)),
    rec('cert_sha1', 'b'.repeat(40)),
    rec('app_id', 'com.evil.spy'),
    rec('profile_id', '76DAB334-7E17-475D-A5D6-0794EB5818A5'),
    rec('property', 'persist.evil.flag'),
    rec('account', '+97333123456'),
    rec('phone', '+525512345678'),
    rec('domain', '%.tracking.example.net', { match: 'like', value: '%.tracking.example.net' }),
    rec('process', '^agent[0-9]+d$', { match: 'regex', value: '^agent[0-9]+d$' }),
  ]);

  it('matches a domain exactly and through every parent up to the registrable domain', () => {
    assert.deepEqual(hits(idx, 'evil.com'), ['exact:evil.com']);
    assert.deepEqual(hits(idx, 'a.b.EVIL.com.'), ['parent-domain:evil.com']);
    assert.deepEqual(hits(idx, 'xevil.com'), []);
    assert.deepEqual(hits(idx, 'evil.com.example'), []);
  });

  it('is public-suffix aware: never climbs to a suffix like co.uk', () => {
    assert.deepEqual(hits(idx, 'x.cdn.example.co.uk'), ['parent-domain:cdn.example.co.uk']);
    assert.deepEqual(hits(idx, 'other.co.uk'), []);
  });

  it('matches URLs exactly and by their host', () => {
    assert.deepEqual(hits(idx, 'https://drop.example.org/x.apk#f'), ['exact:https://drop.example.org/x.apk']);
    assert.deepEqual(hits(idx, 'http://a.evil.com/login'), ['url-host:evil.com']);
    assert.deepEqual(hits(idx, 'http://203.0.113.9:8080/'), ['url-host:203.0.113.0/24']);
  });

  it('matches IPv4 and IPv6 exactly and by CIDR containment', () => {
    assert.deepEqual(hits(idx, '203.0.113.200'), ['cidr:203.0.113.0/24']);
    assert.deepEqual(hits(idx, '203.0.114.1'), []);
    assert.deepEqual(hits(idx, '198.51.100.7'), ['exact:198.51.100.7']);
    assert.deepEqual(hits(idx, '2001:0db8:abcd:0012::1'), ['cidr:2001:db8:abcd::/48']);
    assert.deepEqual(hits(idx, '2001:db8:abce::1'), []);
    assert.deepEqual(hits(idx, '::ffff:198.51.100.7'), ['exact:198.51.100.7']);
  });

  it('matches process names exactly and by MVT\'s truncated 15/16-character prefix', () => {
    assert.deepEqual(hits(idx, 'bh', 'process'), ['exact:bh']);
    assert.deepEqual(hits(idx, 'ReminderIntentsU', 'process'), ['process-truncated:ReminderIntentsUIExtension']);
    assert.deepEqual(hits(idx, 'ReminderIntents', 'process'), ['process-truncated:ReminderIntentsUIExtension']);
    assert.deepEqual(hits(idx, 'ReminderIntent', 'process'), []);
    assert.deepEqual(hits(idx, '/usr/sbin/bh', 'process'), ['exact:bh']);
    assert.deepEqual(hits(idx, 'agent42d', 'process'), ['regex:^agent[0-9]+d$']);
  });

  it('matches file paths by prefix at path boundaries and by file name', () => {
    assert.deepEqual(hits(idx, '/private/var/tmp/hooker', 'file_path'), ['exact:/private/var/tmp/hooker']);
    assert.deepEqual(hits(idx, '/private/var/tmp/hooker/x.dylib', 'file_path'), ['path-prefix:/private/var/tmp/hooker']);
    assert.deepEqual(hits(idx, '/private/var/tmp/hookers', 'file_path'), []);
    assert.deepEqual(hits(idx, '/data/local/tmp/wd/fs.db', 'file_path'), ['path-prefix:/data/local/tmp/wd/']);
    assert.deepEqual(hits(idx, '/Library/Preferences/roleaccountd.plist', 'file_path'), ['file-name:roleaccountd.plist']);
  });

  it('matches hashes, certificates, app ids, profiles, properties, emails', () => {
    assert.deepEqual(hits(idx, 'A'.repeat(64), 'hash'), [`exact:${'a'.repeat(64)}`]);
    assert.deepEqual(hits(idx, 'b'.repeat(40), 'cert'), [`exact:${'b'.repeat(40)}`]);
    assert.deepEqual(hits(idx, 'com.evil.spy', 'app_id'), ['exact:com.evil.spy']);
    assert.deepEqual(hits(idx, '76dab334-7e17-475d-a5d6-0794eb5818a5', 'profile_id'), ['exact:76DAB334-7E17-475D-A5D6-0794EB5818A5']);
    assert.deepEqual(hits(idx, 'persist.evil.flag', 'property'), ['exact:persist.evil.flag']);
    assert.deepEqual(hits(idx, 'OP@Evil.com'), ['exact:op@evil.com']);
  });

  it('treats accounts and phone numbers as one namespace', () => {
    assert.deepEqual(hits(idx, '+973 3312 3456', 'account'), ['exact:+97333123456']);
    assert.deepEqual(hits(idx, '+525512345678', 'account'), ['exact:+525512345678']);
    assert.deepEqual(hits(idx, '+97333123456', 'phone'), ['exact:+97333123456']);
  });

  it('matches STIX LIKE patterns', () => {
    assert.deepEqual(hits(idx, 'a.tracking.example.net'), ['like:%.tracking.example.net']);
    assert.deepEqual(hits(idx, 'tracking.example.net'), []);
  });

  it('guesses the type of a value when none is given', () => {
    assert.deepEqual(hits(idx, 'com.evil.spy'), ['exact:com.evil.spy']);
    assert.deepEqual(hits(idx, '/private/var/tmp/hooker/a'), ['path-prefix:/private/var/tmp/hooker']);
  });

  it('carries the provenance and flags partial patterns', () => {
    const partialIdx = new MatchIndex([rec('domain', 'evil.com', { conditions: [{ path: 'url:value', op: '=', negated: false, value: 'x' }], stixId: 'indicator--1', collection: 'Pegasus' })]);
    const [m] = partialIdx.match('evil.com');
    assert.equal(m.partial, true);
    assert.equal(m.indicator.stixId, 'indicator--1');
    assert.equal(m.indicator.collection, 'Pegasus');
  });
});

describe('warninglists', () => {
  it('suppress, never hide: a match on a benign value is reported with its list', () => {
    const idx = new MatchIndex([rec('domain', 'whatsapp.net'), rec('ipv4', '10.1.2.3'), rec('domain', 'evil.com')], new WarninglistSet(builtinWarninglists()));
    const [wa] = idx.match('g.whatsapp.net');
    assert.equal(wa.suppressed?.warninglist, 'vigil: messaging service and OS vendor domains');
    assert.equal(idx.match('10.1.2.3')[0].suppressed?.entry, '10.0.0.0/8');
    assert.equal(idx.match('evil.com')[0].suppressed, undefined);
  });

  it('reads every MISP warninglist type and honours matching_attributes', () => {
    const lists = [
      { name: 's', type: 'string', list: ['Exact.example'], matching_attributes: ['domain'] },
      { name: 'sub', type: 'substring', list: ['cloudfront'], matching_attributes: [] },
      { name: 'h', type: 'hostname', list: ['.benign.org'], matching_attributes: ['hostname', 'url'] },
      { name: 'c', type: 'cidr', list: ['192.0.2.0/24', '2001:db8::/32'], matching_attributes: ['ip-dst'] },
      { name: 'r', type: 'regex', list: ['/^update[0-9]+\\.vendor\\.com$/i'], matching_attributes: ['domain'] },
    ].map((l) => parseWarninglist(JSON.stringify(l), l.name));
    const set = new WarninglistSet(lists);
    assert.equal(set.check('domain', 'exact.example')?.warninglist, 's');
    assert.equal(set.check('url', 'https://exact.example/')?.warninglist, undefined);
    assert.equal(set.check('domain', 'd1.cloudfront.net')?.warninglist, 'sub');
    assert.equal(set.check('url', 'https://a.benign.org/x')?.warninglist, 'h');
    assert.equal(set.check('domain', 'notbenign.org'), undefined);
    assert.equal(set.check('ipv6', '2001:db8::5')?.warninglist, 'c');
    assert.equal(set.check('ipv4', '192.0.2.0/16'), undefined, 'a wider network is not inside the listed one');
    assert.equal(set.check('domain', 'UPDATE7.vendor.com')?.warninglist, 'r');
  });

  it('refuses a malformed warninglist with a clear error', () => {
    assert.throws(() => parseWarninglist('{"name": "x", "type": "fuzzy", "list": []}', 'x.json'), /unknown warninglist type 'fuzzy'/);
    assert.throws(() => parseWarninglist('{"list": []}', 'x.json'), /needs "name" and "list"/);
    assert.throws(() => parseWarninglist('{"name": "x", "type": "regex", "list": ["("]}', 'x.json'), /bad regex/);
  });

  it('ships built-in lists in MISP format', () => {
    const lists = builtinWarninglists();
    assert.ok(lists.length >= 2);
    for (const l of lists) assert.ok(fs.existsSync(l.path!));
  });
});
