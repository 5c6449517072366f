// Which STIX object paths vigil indexes, and as what indicator type.
import { own } from '../../core/index.ts';
import type { IndicatorType } from '../types.ts';

const PATHS: Record<string, IndicatorType | 'address'> = {
  'domain-name:value': 'domain',
  'url:value': 'url',
  'ipv4-addr:value': 'ipv4',
  'ipv6-addr:value': 'ipv6',
  'email-addr:value': 'email',
  'email-message:from_ref.value': 'email',
  'email-message:sender_ref.value': 'email',
  'email-message:to_refs[*].value': 'email',
  'process:name': 'process',
  'process:image_ref.name': 'process',
  'file:name': 'file_name',
  'file:path': 'file_path',
  'file:parent_directory_ref.path': 'file_path',
  'directory:path': 'file_path',
  'app:id': 'app_id',
  'app:cert.md5': 'cert_md5',
  'app:cert.sha1': 'cert_sha1',
  'app:cert.sha256': 'cert_sha256',
  'configuration-profile:id': 'profile_id',
  'android-property:name': 'property',
  'user-account:account_login': 'account',
  'user-account:user_id': 'account',
  'phone-number:value': 'phone',
  'network-traffic:dst_ref.value': 'address',
  'network-traffic:src_ref.value': 'address',
};

const HASH_KEYS: Record<string, 'md5' | 'sha1' | 'sha256' | 'sha512'> = {
  MD5: 'md5', 'SHA-1': 'sha1', SHA1: 'sha1', 'SHA-256': 'sha256', SHA256: 'sha256', 'SHA-512': 'sha512', SHA512: 'sha512',
};

/**
 * The indicator type for an object path, 'address' where the value decides (IP or domain),
 * or undefined when vigil does not index that path.
 */
export function typeForPath(pathText: string): IndicatorType | 'address' | undefined {
  const direct = own(PATHS, pathText);
  if (direct) return direct;
  const hash = /^(file|artifact|x509-certificate):hashes\.(.+)$/.exec(pathText);
  if (hash) {
    const algo = own(HASH_KEYS, hash[2].toUpperCase());
    if (!algo) return undefined;
    if (hash[1] !== 'x509-certificate') return algo;
    return algo === 'sha512' ? undefined : (`cert_${algo}` as IndicatorType);
  }
  return undefined;
}

/** The object path vigil writes when exporting an indicator type to STIX. */
export const EXPORT_PATH: Record<IndicatorType, string> = {
  domain: 'domain-name:value',
  url: 'url:value',
  ipv4: 'ipv4-addr:value',
  ipv6: 'ipv6-addr:value',
  email: 'email-addr:value',
  md5: "file:hashes.MD5",
  sha1: "file:hashes.'SHA-1'",
  sha256: "file:hashes.'SHA-256'",
  sha512: "file:hashes.'SHA-512'",
  process: 'process:name',
  file_name: 'file:name',
  file_path: 'file:path',
  app_id: 'app:id',
  cert_md5: 'app:cert.md5',
  cert_sha1: 'app:cert.sha1',
  cert_sha256: 'app:cert.sha256',
  profile_id: 'configuration-profile:id',
  property: 'android-property:name',
  account: 'user-account:account_login',
  phone: 'phone-number:value',
};
