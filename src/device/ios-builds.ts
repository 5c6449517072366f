// iOS build numbers and the versions they are, from iOS 12.0 to 18.5, as MVT's list of releases
// gives them (Apple's own numbering). Analytics databases record the build a phone ran, not its
// version; this names it. A build not listed has no known version ("" as MVT writes it).
const BUILDS = `
16A366 12.0 16A367 12.0 16A404 12.0.1 16A405 12.0.1 16B92 12.1 16B94 12.1 16B93 12.1 16C50 12.1.1 16C104 12.1.2 16C101 12.1.2
16D39 12.1.3 16D40 12.1.3 16D57 12.1.4 16E227 12.2 16F156 12.3 16F203 12.3.1 16F250 12.3.2 16G77 12.4 16G102 12.4.1 16G114 12.4.2
16G130 12.4.3 16G140 12.4.4 16G161 12.4.5 16G183 12.4.6 16G192 12.4.7 16G201 12.4.8 16H5 12.4.9 16H20 12.5 16H22 12.5.1 16H30 12.5.2
16H41 12.5.3 16H50 12.5.4 16H62 12.5.5 16H71 12.5.6 16H81 12.5.7
17A577 13.0 17A844 13.1 17A854 13.1.1 17A860 13.1.2 17A861 13.1.2 17A878 13.1.3 17B84 13.2 17B102 13.2.2 17B111 13.2.3 17C54 13.3
17D50 13.3.1 17E255 13.4 17E8255 13.4 17E262 13.4.1 17E8258 13.4.1 17F75 13.5 17F80 13.5.1 17G68 13.6 17G80 13.6.1 17H35 13.7
18A373 14.0 18A393 14.0.1 18A8395 14.1 18B92 14.2 18B111 14.2 18B121 14.2.1 18C66 14.3 18D52 14.4 18D61 14.4.1 18D70 14.4.2
18E199 14.5 18E212 14.5.1 18F72 14.6 18G69 14.7 18G82 14.7.1 18H17 14.8 18H107 14.8.1
19A341 15.0 19A346 15.0 19A348 15.0.1 19A404 15.0.2 19B74 15.1 19B81 15.1.1 19C56 15.2 19C63 15.2.1 19D50 15.3 19D52 15.3.1
19E241 15.4 19E258 15.4.1 19F77 15.5 19G71 15.6 19G82 15.6.1 19H12 15.7 19H117 15.7.1 19H218 15.7.2 19H307 15.7.3 19H321 15.7.4
19H332 15.7.5 19H349 15.7.6 19H357 15.7.7 19H364 15.7.8 19H365 15.7.9 19H370 15.8 19H380 15.8.1 19H384 15.8.2 19H390 15.8.4
20A362 16.0 20A371 16.0.1 20A380 16.0.2 20A392 16.0.3 20B82 16.1 20B101 16.1.1 20B110 16.1.2 20C65 16.2 20D47 16.3 20D67 16.3.1
20E247 16.4 20E252 16.4.1 20F66 16.5 20F75 16.5.1 20G75 16.6 20G81 16.6.1 20H19 16.7 20H30 16.7.1 20H115 16.7.2 20H232 16.7.3
20H240 16.7.4 20H307 16.7.5 20H320 16.7.6 20H330 16.7.7 20H343 16.7.8 20H360 16.7.11
21A327 17.0 21A329 17.0 21A331 17.0 21A340 17.0.1 21A350 17.0.2 21A351 17.0.2 21A360 17.0.3 21B80 17.1 21B91 17.1.1 21B101 17.1.2
21C62 17.2 21C66 17.2.1 21D50 17.3 21D61 17.3.1 21E219 17.4 21E236 17.4.1 21E237 17.4.1 21F79 17.5 21F90 17.5.1 21G93 17.6.1
21G101 17.6.1
22A3354 18 22A3370 18.0.1 22B83 18.1 22B91 18.1.1 22C152 18.2 22C161 18.2.1 22D63 18.3 22D72 18.3.1 22E240 18.4 22E252 18.4.1
22F76 18.5`;

const VERSION_OF = (() => {
  const words = BUILDS.trim().split(/\s+/);
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < words.length; i += 2) if (!map.has(words[i])) map.set(words[i], words[i + 1]);
  return map;
})();

/** The iOS version of a build number, or "" when it is not known (as MVT's find_version_by_build: the build upper-cased). */
export const iosVersionOfBuild = (build: string): string => VERSION_OF.get(build.toUpperCase()) ?? '';

/** The newest iOS version the list above knows. */
export const LATEST_LISTED_IOS = (() => {
  let latest = '0';
  for (const v of VERSION_OF.values()) if (compareVersions(v, latest) > 0) latest = v;
  return latest;
})();

/** Compares dotted versions number by number ("18" and "18.0" are equal), as Python's packaging does. */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/**
 * MVT's is_ios_version_outdated: a version (or a build, named through the list) older than the
 * newest listed. Undefined when it cannot tell: an unknown build, or a version that is no numbers.
 */
export function outdatedIos(versionOrBuild: string): boolean | undefined {
  const version = versionOrBuild.includes('.') || /^\d+$/.test(versionOrBuild) ? versionOrBuild : iosVersionOfBuild(versionOrBuild);
  if (!/^\d+(\.\d+)*$/.test(version)) return undefined;
  return compareVersions(version, LATEST_LISTED_IOS) < 0;
}
