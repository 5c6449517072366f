// Canonical forms: one indicator written many ways is one value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inferType, normalizeAs, refang } from '../../src/indicators/index.ts';

const value = (type: Parameters<typeof normalizeAs>[0], raw: string) => {
  const n = normalizeAs(type, raw);
  return n.ok ? `${n.type}:${n.match}:${n.value}` : `error:${n.reason}`;
};

describe('normalization', () => {
  it('lowercases domains, strips trailing dots and wildcards, punycodes IDNs', () => {
    assert.equal(value('domain', 'Evil.COM.'), 'domain:exact:evil.com');
    assert.equal(value('domain', '*.evil.com'), 'domain:exact:evil.com');
    assert.equal(value('domain', 'bücher.de'), 'domain:exact:xn--bcher-kva.de');
    assert.equal(value('domain', 'xn--bcher-kva.de'), 'domain:exact:xn--bcher-kva.de');
  });

  it('rejects what is not a domain, with a reason', () => {
    assert.match(value('domain', 'localhost'), /^error:not a valid domain/);
    assert.match(value('domain', '1.2.3.4'), /^error:an IP address/);
    assert.match(value('domain', 'a..b.com'), /^error:/);
    assert.match(value('domain', `${'a'.repeat(64)}.com`), /^error:/);
  });

  it('un-defangs hxxp, [.], (.), [@] and [:]', () => {
    assert.equal(refang('hxxps[:]//evil[.]com/a'), 'https://evil.com/a');
    assert.equal(value('url', 'hXXp://evil(.)com/x#frag'), 'url:exact:http://evil.com/x');
    assert.equal(value('email', 'bad[@]evil[.]com'), 'email:exact:bad@evil.com');
    assert.equal(value('domain', 'evil{.}com'), 'domain:exact:evil.com');
  });

  it('canonicalises IPv4, IPv6, mapped addresses and networks', () => {
    assert.equal(value('ipv4', '198.51.100.7'), 'ipv4:exact:198.51.100.7');
    assert.equal(value('ipv4', '198.51.100.7/24'), 'ipv4:cidr:198.51.100.0/24');
    assert.equal(value('ipv4', '198.51.100.7/32'), 'ipv4:exact:198.51.100.7');
    assert.equal(value('ipv6', '2001:0DB8:0000:0000:0000:0000:0000:0001'), 'ipv6:exact:2001:db8::1');
    assert.equal(value('ipv6', '2001:db8::1/32'), 'ipv6:cidr:2001:db8::/32');
    assert.equal(value('ipv6', '::ffff:192.0.2.1'), 'error:an ipv4 value where ipv6 was expected');
    assert.match(value('ipv4', '256.1.1.1'), /^error:/);
    assert.match(value('ipv4', '10.0.0.0/33'), /^error:/);
  });

  it('keeps the full URL and lowercases its scheme and host only', () => {
    assert.equal(value('url', 'HTTPS://Evil.COM:443/Path?Q=1'), 'url:exact:https://evil.com/Path?Q=1');
    assert.match(value('url', 'not a url'), /^error:/);
  });

  it('writes phone numbers as E.164, keeping numbers of retired numbering plans', () => {
    assert.equal(value('phone', '+52 55 1234 5678'), 'phone:exact:+525512345678');
    assert.equal(value('phone', '00973 3312 3456'), 'phone:exact:+97333123456');
    assert.equal(value('phone', '+5215512345678'), 'phone:exact:+5215512345678');
    assert.match(value('phone', '5512345678'), /^error:.*country code/);
    assert.equal(value('account', '+52 55 1234 5678'), 'account:exact:+525512345678');
    assert.equal(value('account', 'operator_7'), 'account:exact:operator_7');
  });

  it('types hashes by length and refuses a mismatch', () => {
    assert.equal(value('sha256', 'A'.repeat(64)), `sha256:exact:${'a'.repeat(64)}`);
    assert.match(value('sha1', 'a'.repeat(64)), /^error:64 hex digits is a sha256, not a sha1/);
    assert.match(value('md5', 'xyz'), /^error:hash is not hexadecimal/);
    assert.equal(value('cert_sha1', 'AB:'.repeat(19) + 'AB'), `cert_sha1:exact:${'ab'.repeat(20)}`);
  });

  it('keeps process names by name, profile ids upper-case', () => {
    assert.equal(value('process', '/usr/libexec/bh'), 'process:exact:bh');
    assert.equal(value('profile_id', '76dab334-7e17-475d-a5d6-0794eb5818a5'), 'profile_id:exact:76DAB334-7E17-475D-A5D6-0794EB5818A5');
  });

  it('infers only unambiguous types from bare values', () => {
    assert.equal(inferType('evil.com'), 'domain');
    assert.equal(inferType('evil[.]com'), 'domain');
    assert.equal(inferType('https://x.org/'), 'url');
    assert.equal(inferType('a@b.com'), 'email');
    assert.equal(inferType('10.0.0.0/8'), 'ipv4');
    assert.equal(inferType('d41d8cd98f00b204e9800998ecf8427e'), 'md5');
    assert.equal(inferType('+97333123456'), 'phone');
    assert.equal(inferType('roleaccountd.plist'), undefined);
    assert.equal(inferType('bh'), undefined);
  });
});
