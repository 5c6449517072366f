// Synthetic iOS evidence for tests, benchmarks, the demo and training (`vigil device synth`): a
// plain backup (Manifest.db and files stored by SHA-1 of "domain-relativePath") with the real
// tables of each module, a filesystem dump and a sysdiagnose archive; indicators from the bundled
// Amnesty files planted where each module looks. Nothing here is real data or attack code.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { PythonFloat } from '../../core/index.ts';
import { bplist } from './bplist-write.ts';
import { CHAT_STORAGE_SCHEMA, INTERACTIONC_SCHEMA } from './app-schemas.ts';
import { SAFARI_HISTORY_SCHEMA, safariWriter } from './safari-schema.ts';
import { SMS_DB_SCHEMA } from './sms-schema.ts';
import { mbFileBlob, type MBFileTimes } from './encrypt.ts';
import { infoPlist, profilePlist } from './plists.ts';
import { apple, chromeTime, fileIn, makeDb } from './fixture-db.ts';
import { chromeFavicons, globalPreferencesPlist, idStatusCachePlist, writeDumpCaches } from './ios-caches.ts';
import { addressBookDb, calendarDb, whatsappContactsDb } from './ios-personal.ts';
import { sysdiagnoseInfoFiles, writeDumpAnalytics } from './ios-analytics.ts';
import { PLANTED } from './planted.ts';


export function smsDb(file: string, keepWal = false): void {
  makeDb(file, SMS_DB_SCHEMA, (db) => {
    const a = db.prepare('INSERT INTO attachment (guid, original_guid, created_date, filename, mime_type, transfer_name, total_bytes, is_outgoing, user_info) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    a.run('at1', 'at1', apple('2021-05-01T18:02:00Z'), '~/Library/SMS/Attachments/0c/12/IMG_0001.jpeg', 'image/jpeg', 'IMG_0001.jpeg', 201_000, 0, Buffer.from('bplist00'));
    // Its file is in the backup only when the triangle_check window is planted.
    a.run('at2', 'at2', apple('2021-05-03T07:12:50Z'), '~/Library/SMS/Attachments/ab/11/IMG_4411.gif', 'image/gif', 'IMG_4411.gif', 748, 0, null);
    // A received attachment left in a temporary folder with "-1" at the end of its name, which MVT flags.
    a.run('at3', 'at3', apple('2021-05-03T07:10:30Z'), '/var/tmp/com.apple.messages/5B2A0E1C-1', null, null, 0, 0, null);
    const h = db.prepare('INSERT INTO handle (ROWID, id, service) VALUES (?, ?, ?)');
    h.run(1, '+525512345678', 'SMS');
    h.run(2, 'friend@example.org', 'iMessage');
    h.run(3, 'threat-notifications@apple.com', 'iMessage');
    const m = db.prepare('INSERT INTO message (guid, text, date, date_read, handle_id, is_from_me, service, account) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    m.run('g1', 'See you at 8, menu here https://example.org/menu', apple('2021-05-01T18:00:00Z', true), apple('2021-05-01T18:03:00Z', true), 2, 0, 'iMessage', 'e:owner@example.org');
    m.run('g2', 'Your parcel is waiting: check-in needed.', apple('2021-05-02T09:00:00Z', true), null, 1, 0, 'SMS', 'p:+525511112222');
    m.run('g3', 'ok', apple('2021-05-02T09:05:00Z', true), null, 2, 1, 'iMessage', 'e:owner@example.org');
    // Apple's threat notification (its opening words; the rest is Apple's advice).
    m.run('g5', `ALERT: State-sponsored attackers may be targeting your iPhone. Apple detected that you are being targeted by state-sponsored attackers.`, apple('2021-11-23T20:00:00Z', true), null, 3, 0, 'iMessage', 'e:owner@example.org');
    // The exploit link, written last: with keepWal it exists only in the WAL.
    m.run('g4', `Urgent: your account https://${PLANTED.smsDomain}/8bWmJk/track`, apple('2021-05-03T07:11:00Z', true), null, 1, 0, 'SMS', 'p:+525511112222');
    m.run('g6', null, apple('2021-05-03T07:10:30Z', true), null, 2, 0, 'iMessage', 'e:owner@example.org');
    const join = db.prepare('INSERT INTO message_attachment_join (message_id, attachment_id) VALUES ((SELECT ROWID FROM message WHERE guid = ?), (SELECT ROWID FROM attachment WHERE guid = ?))');
    for (const [message, attachment] of [['g1', 'at1'], ['g4', 'at2'], ['g6', 'at3']]) join.run(message, attachment);
  }, keepWal);
}

export function historyDb(file: string): void {
  makeDb(file, SAFARI_HISTORY_SCHEMA, (db) => {
    const w = safariWriter(db);
    w.visit('https://en.wikipedia.org/wiki/Pegasus_(spyware)', apple('2021-05-01T10:00:00Z'), 'Pegasus (spyware) - Wikipedia');
    // Redirects that are not injections: an upgrade to HTTPS of the same site (with "www."), and
    // a move to another site that took seconds.
    w.redirect(w.visit('http://example.net/', apple('2021-05-01T11:00:00Z')), w.visit('https://www.example.net/', apple('2021-05-01T11:00:00Z') + 0.12, 'Example'));
    w.redirect(w.visit('http://news.example.org/old', apple('2021-05-01T12:00:00Z')), w.visit('https://example.com/new', apple('2021-05-01T12:00:00Z') + 2.5, 'New'));
    // The injection: a plain-HTTP news page answered with a redirect to the exploit server in 350 ms.
    const injected = w.visit('http://www.elpais-noticias.example/portada', apple('2021-05-03T07:12:00Z') - 0.35);
    w.redirect(injected, w.visit(`https://a1.b.${PLANTED.safariDomain}/redirect?x=1`, apple('2021-05-03T07:12:00Z')));
    w.visit(`https://x${PLANTED.safariDomain}.example/`, apple('2021-05-03T08:00:00Z'), 'not it');
  });
}

export function usageDb(file: string, opts: { backupAgentTraffic?: number; withLiveUsage?: boolean } = {}): void {
  const live = opts.withLiveUsage !== false;
  makeDb(file, `CREATE TABLE ZPROCESS (Z_PK INTEGER PRIMARY KEY, ZPROCNAME TEXT, ZBUNDLENAME TEXT, ZFIRSTTIMESTAMP REAL, ZTIMESTAMP REAL);
    ${live ? 'CREATE TABLE ZLIVEUSAGE (Z_PK INTEGER PRIMARY KEY, ZHASPROCESS INTEGER, ZWIFIIN REAL, ZWIFIOUT REAL, ZWWANIN REAL, ZWWANOUT REAL, ZTIMESTAMP REAL);' : ''}`, (db) => {
    const p = db.prepare('INSERT INTO ZPROCESS VALUES (?, ?, ?, ?, ?)');
    const u = live ? db.prepare('INSERT INTO ZLIVEUSAGE (ZHASPROCESS, ZWIFIIN, ZWIFIOUT, ZWWANIN, ZWWANOUT, ZTIMESTAMP) VALUES (?, ?, ?, ?, ?, ?)') : undefined;
    const procs: [string | null, string | null, number][] = [
      ['mobilesafari', 'com.apple.mobilesafari', 1200],
      ['BackupAgent', null, opts.backupAgentTraffic ?? 0],
      [PLANTED.process, null, 4_000_000],
      // iOS keeps only the first 15 characters of a long process name.
      [PLANTED.truncatedProcess.slice(0, 15), null, 900_000],
      ['Reminders', 'com.apple.reminders', 300],
      // Deleted from ZPROCESS, as Pegasus cleaned up after itself; its usage row stays behind.
      [null, null, 2_500_000],
      ['Maps', 'com.apple.Maps', 800],
    ];
    procs.forEach(([name, bundle, traffic], k) => {
      if (name !== null) p.run(k + 1, name, bundle, apple('2021-05-03T07:13:00Z') + k, apple('2021-05-03T09:00:00Z'));
      u?.run(k + 1, traffic, traffic / 2, 0, 0, apple('2021-05-03T09:00:00Z') + k);
    });
  });
}

export function extraDbs(): [string, string, (file: string) => void][] {
  return [
    ['HomeDomain', 'Library/CallHistoryDB/CallHistory.storedata', (f) => makeDb(f, 'CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZADDRESS TEXT, ZDATE REAL, ZDURATION REAL, ZLOCATION TEXT, ZORIGINATED INTEGER, ZSERVICE_PROVIDER TEXT)', (db) => {
      const c = db.prepare('INSERT INTO ZCALLRECORD (ZADDRESS, ZDATE, ZDURATION, ZLOCATION, ZORIGINATED, ZSERVICE_PROVIDER) VALUES (?, ?, ?, ?, ?, ?)');
      c.run('+525598765432', apple('2021-05-01T12:00:00Z'), 62, 'Mexico', 1, 'com.apple.Telephony');
      c.run('+4915100000002', apple('2021-05-02T13:00:00Z'), 0, null, 0, 'net.whatsapp.WhatsApp');
    })],
    // iOS 14 and later: auth_value and auth_reason.
    ['HomeDomain', 'Library/TCC/TCC.db', (f) => makeDb(f, 'CREATE TABLE access (service TEXT NOT NULL, client TEXT NOT NULL, client_type INTEGER NOT NULL, auth_value INTEGER NOT NULL, auth_reason INTEGER NOT NULL, auth_version INTEGER NOT NULL, csreq BLOB, policy_id INTEGER, flags INTEGER, last_modified INTEGER NOT NULL DEFAULT (CAST(strftime(\'%s\',\'now\') AS INTEGER)), PRIMARY KEY (service, client, client_type))', (db) => {
      const t = db.prepare('INSERT INTO access (service, client, client_type, auth_value, auth_reason, auth_version, last_modified) VALUES (?, ?, 0, 2, ?, 1, ?)');
      t.run('kTCCServiceCamera', 'com.apple.camera', 4, 1619800000);
      t.run('kTCCServiceMicrophone', PLANTED.tccClient, 2, 1620030000);
    })],
    ['AppDomainGroup-group.net.whatsapp.WhatsApp.shared', 'ChatStorage.sqlite', (f) => makeDb(f, CHAT_STORAGE_SCHEMA, (db) => {
      const m = db.prepare('INSERT INTO ZWAMESSAGE (Z_PK, Z_ENT, Z_OPT, ZISFROMME, ZMESSAGETYPE, ZCHATSESSION, ZMEDIAITEM, ZMESSAGEDATE, ZSENTDATE, ZFROMJID, ZTOJID, ZSTANZAID, ZTEXT) VALUES (?, 9, 1, 0, ?, 1, ?, ?, ?, ?, ?, ?, ?)');
      m.run(1, 0, null, apple('2021-05-01T11:00:00Z'), apple('2021-05-01T11:00:00Z'), '4915100000002@s.whatsapp.net', null, '3A1F', 'lunch? https://maps.example.net/place/1');
      m.run(2, 0, null, apple('2021-05-03T06:59:00Z'), apple('2021-05-03T06:59:00Z'), '525500000099@s.whatsapp.net', null, '3A20', `document for you: https://${PLANTED.whatsappDomain}/d/81`);
      // A photo: no text, its media on WhatsApp's own servers (not a link to check).
      m.run(3, 1, 1, apple('2021-05-02T09:30:00Z'), apple('2021-05-02T09:30:00Z'), '4915100000002@s.whatsapp.net', null, '3A21', null);
      db.prepare("INSERT INTO ZWAMEDIAITEM (Z_PK, Z_ENT, Z_OPT, ZMESSAGE, ZFILESIZE, ZAUTHORNAME, ZMEDIALOCALPATH, ZMEDIAURL) VALUES (1, 8, 1, 3, 48213, 'Friend', 'Media/4915100000002@s.whatsapp.net/a/b/photo.jpg', 'https://mmg.whatsapp.net/d/f/AgT1x.enc')").run();
      // The preview of the first message's link.
      db.prepare("INSERT INTO ZWAMESSAGEDATAITEM (Z_PK, Z_ENT, Z_OPT, ZMESSAGE, ZCONTENT1, ZMATCHEDTEXT, ZSUMMARY, ZTITLE) VALUES (1, 7, 1, 1, 'https://maps.example.net/place/1', 'https://maps.example.net/place/1', 'A place to eat', 'Maps')").run();
    })],
    ['AppDomain-com.google.chrome.ios', 'Library/Application Support/Google/Chrome/Default/History', (f) => makeDb(f, 'CREATE TABLE urls (id INTEGER PRIMARY KEY, url TEXT, title TEXT, visit_count INTEGER DEFAULT 0, last_visit_time INTEGER); CREATE TABLE visits (id INTEGER PRIMARY KEY, url INTEGER, visit_time INTEGER, from_visit INTEGER, transition INTEGER DEFAULT 0, segment_id INTEGER, visit_duration INTEGER DEFAULT 0)', (db) => {
      db.prepare('INSERT INTO urls (id, url, title) VALUES (1, ?, ?)').run('https://www.example.com/', 'Example');
      db.prepare('INSERT INTO urls (id, url, title) VALUES (2, ?, ?)').run(`https://${PLANTED.chromeDomain}/r/x`, '');
      const v = db.prepare('INSERT INTO visits (url, visit_time) VALUES (?, ?)');
      // An odd count of microseconds, which a double cannot hold.
      v.run(1, chromeTime('2021-05-01T09:00:00Z') + 1n);
      v.run(2, chromeTime('2021-05-03T07:20:00Z'));
    })],
    // Firefox for iOS: browser.db in its app group, history and visits (dates in microseconds), and
    // the icons of the pages (dates in seconds).
    ['AppDomainGroup-group.org.mozilla.ios.Firefox', 'profile.profile/browser.db', (f) => makeDb(f, 'CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT NOT NULL UNIQUE, url TEXT UNIQUE, title TEXT NOT NULL, server_modified INTEGER, local_modified INTEGER, is_deleted TINYINT NOT NULL, should_upload TINYINT NOT NULL, domain_id INTEGER); CREATE TABLE visits (id INTEGER PRIMARY KEY AUTOINCREMENT, siteID INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE, date REAL NOT NULL, type INTEGER NOT NULL, is_local TINYINT NOT NULL); CREATE TABLE favicons (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, width INTEGER, height INTEGER, type INTEGER NOT NULL, date REAL NOT NULL); CREATE TABLE favicon_sites (id INTEGER PRIMARY KEY AUTOINCREMENT, siteID INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE, faviconID INTEGER NOT NULL REFERENCES favicons(id) ON DELETE CASCADE, UNIQUE (siteID, faviconID))', (db) => {
      db.prepare("INSERT INTO history (guid, url, title, is_deleted, should_upload) VALUES ('hG1', ?, 'Mozilla', 0, 0)").run('https://www.mozilla.org/');
      db.prepare('INSERT INTO visits (siteID, date, type, is_local) VALUES (1, ?, 1, 1)').run(Date.parse('2021-05-01T08:00:00Z') * 1000);
      // The page's history was cleared; its icon, from a Pegasus domain, stayed.
      db.prepare("INSERT INTO history (guid, url, title, is_deleted, should_upload) VALUES ('hG2', NULL, '', 1, 0)").run();
      db.prepare('INSERT INTO favicons (url, width, height, type, date) VALUES (?, 32, 32, 1, ?), (?, 16, 16, 0, ?)').run('https://www.mozilla.org/favicon.ico', Date.parse('2021-05-01T08:00:01.250Z') / 1000, `https://${PLANTED.firefoxIconDomain}/favicon.ico`, Date.parse('2021-05-03T07:12:42Z') / 1000);
      db.prepare('INSERT INTO favicon_sites (siteID, faviconID) VALUES (1, 1), (2, 2)').run();
    })],
  ];
}

/** The artifacts of the later modules: Safari state, WebKit records, analytics, location, profiles events, interactions, shortcuts. */
export function moreArtifacts(): [string, string, ((file: string) => void) | string | Buffer][] {
  const P = PLANTED;
  return [
    ['AppDomain-com.apple.mobilesafari', 'Library/Safari/BrowserState.db', (f) => makeDb(f, 'CREATE TABLE tabs (uuid TEXT, title TEXT, url TEXT, user_visible_url TEXT, last_viewed_time REAL); CREATE TABLE tab_sessions (tab_uuid TEXT, session_data BLOB)', (db) => {
      db.prepare('INSERT INTO tabs VALUES (?, ?, ?, ?, ?)').run('t1', 'News', 'https://news.example.com/', 'https://news.example.com/', apple('2021-05-03T07:00:00Z'));
      db.prepare('INSERT INTO tabs VALUES (?, ?, ?, ?, ?)').run('t2', 'Track parcel', 'https://parcel.example.net/', 'https://parcel.example.net/', apple('2021-05-03T07:12:30Z'));
      const session = (urls: string[]) => Buffer.concat([Buffer.from([0, 0, 0, 1]), bplist({ SessionHistory: { SessionHistoryEntries: urls.map((u) => ({ SessionHistoryEntryURL: u, SessionHistoryEntryTitle: '', SessionHistoryEntryData: Buffer.alloc(u.length * 4, 7) })) } })]);
      db.prepare('INSERT INTO tab_sessions VALUES (?, ?)').run('t1', session(['https://news.example.com/']));
      db.prepare('INSERT INTO tab_sessions VALUES (?, ?)').run('t2', session(['https://parcel.example.net/', `https://${P.browserStateDomain}/r/77`]));
    })],
    ['HomeDomain', 'Library/WebKit/WebsiteData/ResourceLoadStatistics/observations.db', (f) => makeDb(f, 'CREATE TABLE ObservedDomains (domainID INTEGER PRIMARY KEY, registrableDomain TEXT, lastSeen REAL, hadUserInteraction INTEGER)', (db) => {
      const o = db.prepare('INSERT INTO ObservedDomains (registrableDomain, lastSeen, hadUserInteraction) VALUES (?, ?, ?)');
      o.run('wikipedia.org', Date.parse('2021-05-01T10:00:00Z') / 1000, 1);
      o.run(P.observedDomain, Date.parse('2021-05-03T07:12:10Z') / 1000, 0);
    })],
    ['HomeDomain', 'Library/WebKit/WebsiteData/ResourceLoadStatistics/full_browsing_session_resourceLog.plist', bplist({ browsingStatistics: [
      { PrevalentResourceOrigin: 'example.org', topFrameUniqueRedirectsFrom: [], topFrameUniqueRedirectsTo: [], hadUserInteraction: true, lastSeen: new Date('2021-05-01T10:00:00Z'), mostRecentUserInteraction: new Date('2021-05-01T10:00:00Z') },
      { PrevalentResourceOrigin: 'link-shortener.example', topFrameUniqueRedirectsFrom: [], topFrameUniqueRedirectsTo: [{ origin: P.redirectDomain }], hadUserInteraction: false, lastSeen: new Date('2021-05-03T07:12:05Z'), mostRecentUserInteraction: new Date('2021-05-03T07:12:05Z') },
    ] })],
    ['HomeDomain', 'Library/Preferences/com.apple.osanalytics.addaily.plist', bplist({ netUsageBaseline: { mobilesafari: [new Date('2021-05-03T00:00:00Z'), ...[1000, 200, 0, 0].map(real)], [P.addailyProcess]: [new Date('2021-05-03T00:00:00Z'), ...[50_000, 900_000, 0, 0].map(real)] } })],
    ['RootDomain', 'Library/Caches/locationd/clients.plist', bplist({
      'com.apple.Maps': { BundleId: 'com.apple.Maps', LocationTimeStopped: apple('2021-05-02T08:00:00Z'), Authorization: 2, ClientStorageToken: Buffer.from([0x01, 0xfe, 0x42]), Whitelisted: false, Accuracy: { Precise: true } },
      [`/usr/libexec/${P.locationProcess}:`]: { Executable: `/usr/libexec/${P.locationProcess}`, LocationTimeStopped: apple('2021-05-03T07:13:30Z') },
      'com.apple.locationd.bundle-/System/Library/LocationBundles/WRMLinkSelection.bundle': { BundlePath: '/System/Library/LocationBundles/WRMLinkSelection.bundle', ReceivingLocationInformationTimeStopped: apple('2021-05-03T07:13:40Z') },
      MigrationVersion: 3,
    })],
    ['SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles', 'Library/ConfigurationProfiles/MCProfileEvents.plist', bplist({ ProfileEvents: [
      { 'com.employer.mdm': { timestamp: new Date('2021-01-10T09:00:00Z'), operation: 'install', process: 'Preferences' } },
      { '76DAB334-7E17-475D-A5D6-0794EB5818A5': { timestamp: new Date('2021-05-03T07:30:00Z'), operation: 'install', process: 'profiled' } },
    ] })],
    ['HomeDomain', 'Library/CoreDuet/People/interactionC.db', (f) => makeDb(f, INTERACTIONC_SCHEMA, (db) => {
      const contact = db.prepare('INSERT INTO ZCONTACTS (Z_PK, ZDISPLAYNAME, ZIDENTIFIER, ZPERSONID, ZCREATIONDATE, ZINCOMINGSENDERCOUNT, ZLASTINCOMINGSENDERDATE) VALUES (?, ?, ?, ?, ?, ?, ?)');
      contact.run(1, 'Friend', 'friend@example.org', 'P1', apple('2021-01-10T10:00:00Z'), 12, apple('2021-05-03T07:10:00Z'));
      contact.run(2, 'Owner', 'me@example.org', 'P0', apple('2021-01-10T10:00:00Z'), 0, null);
      const i = db.prepare('INSERT INTO ZINTERACTIONS (Z_PK, ZSTARTDATE, ZENDDATE, ZCREATIONDATE, ZBUNDLEID, ZACCOUNT, ZDIRECTION, ZSENDER, ZRECIPIENTCOUNT, ZISRESPONSE, ZCONTENTURL) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?)');
      i.run(1, apple('2021-05-01T18:00:00Z'), apple('2021-05-01T18:01:00Z'), apple('2021-05-01T18:01:00Z'), 'com.apple.MobileSMS', 'e:me@example.org', 0, 1, null);
      i.run(2, apple('2021-05-03T07:10:00Z'), apple('2021-05-03T07:10:00Z'), apple('2021-05-03T07:10:00Z'), 'com.apple.MobileSMS', 'e:me@example.org', 0, 1, `https://${P.interactionDomain}/x/1`);
      db.prepare('INSERT INTO Z_2INTERACTIONRECIPIENT (Z_2RECIPIENTS, Z_3INTERACTIONRECIPIENT) VALUES (2, 1)').run();
      db.prepare("INSERT INTO ZATTACHMENT (Z_PK, ZCONTENTTEXT, ZUTI, ZSIZEINBYTES, ZIDENTIFIER) VALUES (1, 'photo of the menu', 'public.jpeg', 201000, X'0A0B0C')").run();
      db.prepare('INSERT INTO Z_1INTERACTIONS (Z_1ATTACHMENTS, Z_3INTERACTIONS) VALUES (1, 1)').run();
    })],
    ['HomeDomain', 'Library/Shortcuts/Shortcuts.sqlite', (f) => makeDb(f, 'CREATE TABLE ZSHORTCUT (Z_PK INTEGER PRIMARY KEY, ZNAME TEXT, ZCREATIONDATE REAL, ZMODIFICATIONDATE REAL, ZACTIONSDESCRIPTION TEXT); CREATE TABLE ZSHORTCUTACTIONS (Z_PK INTEGER PRIMARY KEY, ZSHORTCUT INTEGER, ZDATA BLOB)', (db) => {
      db.prepare('INSERT INTO ZSHORTCUT VALUES (1, ?, ?, ?, ?)').run('Morning', apple('2021-04-01T07:00:00Z'), apple('2021-04-01T07:00:00Z'), 'Weather and news');
      db.prepare('INSERT INTO ZSHORTCUT VALUES (2, ?, ?, ?, ?)').run('Update', apple('2021-05-03T07:15:00Z'), apple('2021-05-03T07:15:00Z'), 'Open URL');
      db.prepare('INSERT INTO ZSHORTCUTACTIONS (ZSHORTCUT, ZDATA) VALUES (?, ?)').run(1, bplist([{ WFWorkflowActionIdentifier: 'is.workflow.actions.openurl', WFWorkflowActionParameters: { WFInput: 'https://weather.example.com/today' } }]));
      db.prepare('INSERT INTO ZSHORTCUTACTIONS (ZSHORTCUT, ZDATA) VALUES (?, ?)').run(2, bplist([{ WFWorkflowActionIdentifier: 'is.workflow.actions.openurl', WFWorkflowActionParameters: { WFInput: `https://${P.shortcutDomain}/u` } }]));
    })],
  ];
}

function fileId(domain: string, relativePath: string): string {
  return crypto.createHash('sha1').update(`${domain}-${relativePath}`).digest('hex');
}

export interface BackupOptions {
  smsWal?: boolean;
  corruptHistory?: boolean;
  usageWithoutLiveTable?: boolean;
  backupAgentTraffic?: number;
  /** Plants the file, location and SMS-attachment events of triangle_check's window. */
  triangle?: boolean;
}

const at = (iso: string) => Date.parse(iso) / 1000;
// iOS writes the usage counters as reals (1000.0).
const real = (n: number) => new PythonFloat(n);

/** Files whose Manifest times make up triangle_check's window, a few seconds apart. */
function triangleFiles(): [string, string, string, MBFileTimes][] {
  return [
    ['MediaDomain', 'Library/SMS/Attachments/ab/11/IMG_4411.gif', '%PDF-1.3 /JBIG2Decode', { birth: at('2021-05-03T07:12:50Z'), lastModified: at('2021-05-03T07:12:50Z'), lastStatusChange: at('2021-05-03T07:12:51Z') }],
    ['HomeDomain', 'Library/Preferences/com.apple.ImageIO.plist', '<plist><dict/></plist>', { birth: at('2021-05-03T07:13:05Z'), lastModified: at('2021-05-03T07:13:05Z'), lastStatusChange: at('2021-05-03T07:13:05Z') }],
    ['HomeDomain', 'Library/Preferences/com.apple.locationd.StatusBarIconManager.plist', '<plist><dict/></plist>', { birth: at('2021-05-03T07:13:20Z'), lastModified: at('2021-05-03T07:13:20Z'), lastStatusChange: at('2021-05-03T07:13:20Z') }],
  ];
}

/** A plain iOS backup folder, as iTunes or Finder writes one. */
export function buildBackup(root: string, o: BackupOptions = {}): string {
  fs.mkdirSync(root, { recursive: true });
  const entries: [string, string, ((file: string) => void) | string | Buffer][] = [
    ['HomeDomain', 'Library/SMS/sms.db', (f) => smsDb(f, o.smsWal)],
    ['AppDomain-com.apple.mobilesafari', 'Library/Safari/History.db', (f) => (o.corruptHistory ? fs.writeFileSync(f, 'this is not a database at all, just bytes') : historyDb(f))],
    // iOS 17's Safari profiles: each has its own History.db.
    ['AppDomain-com.apple.mobilesafari', 'Library/Safari/Profiles/3C1A7F0E-5B2D-4E8A-9F61-2D7C0B4E9A15/History.db', (f) => makeDb(f, SAFARI_HISTORY_SCHEMA, (db) => {
      safariWriter(db).visit(`https://${PLANTED.safariProfileDomain}/p/6d7a`, apple('2021-05-04T10:00:00Z'));
    })],
    ['WirelessDomain', 'Library/Databases/DataUsage.sqlite', (f) => usageDb(f, { withLiveUsage: !o.usageWithoutLiveTable, backupAgentTraffic: o.backupAgentTraffic })],
    ['HomeDomain', `Library/Preferences/${PLANTED.fileName}`, '<?xml version="1.0"?><plist version="1.0"><dict/></plist>'],
    ['HomeDomain', 'Library/Preferences/com.apple.mobilesafari.plist', '<?xml version="1.0"?><plist version="1.0"><dict/></plist>'],
    ['HomeDomain', `Library/WebKit/WebsiteData/ResourceLoadStatistics/${PLANTED.pathDomain}/data`, 'x'],
    ['HomeDomain', 'Library/WebKit/WebsiteData/ResourceLoadStatistics/wikipedia.org/data', 'x'],
    ...extraDbs(),
    ...moreArtifacts(),
    ['HomeDomain', 'Library/Preferences/com.apple.identityservices.idstatuscache.plist', idStatusCachePlist()],
    ['HomeDomain', 'Library/Preferences/.GlobalPreferences.plist', globalPreferencesPlist(true)],
    ['AppDomain-com.google.chrome.ios', 'Library/Application Support/Google/Chrome/Default/Favicons', chromeFavicons],
    ['HomeDomain', 'Library/Calendar/Calendar.sqlitedb', calendarDb],
    ['HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb', addressBookDb],
    ['AppDomainGroup-group.net.whatsapp.WhatsApp.shared', 'ContactsV2.sqlite', whatsappContactsDb],
    ['SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles', 'Library/ConfigurationProfiles/profile-0f1e2d.stub', profilePlist('76DAB334-7E17-475D-A5D6-0794EB5818A5', 'com.example.vpn', 'com.apple.vpn.managed')],
    ['SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles', 'Library/ConfigurationProfiles/profile-1a2b3c.stub', profilePlist('11111111-2222-4333-8444-555555555555', 'com.employer.mdm', 'com.apple.mdm')],
  ];
  const manifest = new Database(path.join(root, 'Manifest.db'));
  manifest.exec('CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB); CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB)');
  const ins = manifest.prepare('INSERT INTO Files VALUES (?, ?, ?, 1, ?)');
  const times = new Map<string, MBFileTimes>();
  if (o.triangle) for (const [domain, rel, data, t] of triangleFiles()) {
    entries.push([domain, rel, data]);
    times.set(`${domain}-${rel}`, t);
  }
  for (const [domain, rel, content] of entries) {
    const id = fileId(domain, rel);
    const dir = path.join(root, id.slice(0, 2));
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, id);
    if (typeof content === 'string' || Buffer.isBuffer(content)) fs.writeFileSync(file, content);
    else content(file);
    ins.run(id, domain, rel, mbFileBlob(fs.statSync(file).size, times.get(`${domain}-${rel}`) ?? {}));
  }
  manifest.close();
  fs.writeFileSync(path.join(root, 'Info.plist'), infoPlist(PLANTED.sideloadedApp));
  fs.writeFileSync(path.join(root, 'Manifest.plist'), '<?xml version="1.0"?><plist version="1.0"><dict><key>IsEncrypted</key><false/></dict></plist>');
  fs.writeFileSync(path.join(root, 'Status.plist'), '<?xml version="1.0"?><plist version="1.0"><dict><key>IsFullBackup</key><false/></dict></plist>');
  return root;
}

/** An iOS filesystem dump with shutdown.log and network usage. */
export function buildFsDump(root: string): string {
  const put = fileIn(root);
  usageDb(put('private/var/networkd/netusage.sqlite'), { backupAgentTraffic: 52_000 });
  // The binaries of the processes without a bundle, but for the implant's.
  fs.writeFileSync(put('System/Library/PrivateFrameworks/MobileBackup.framework/BackupAgent'), '');
  fs.writeFileSync(put(`System/Library/PrivateFrameworks/Reminders.framework/PlugIns/${PLANTED.truncatedProcess}.appex/${PLANTED.truncatedProcess}`), '');
  smsDb(put('private/var/mobile/Library/SMS/sms.db'));
  const log = [
    'remaining client pid: 101 (/usr/libexec/locationd)',
    'SIGTERM: [1619500000]',
    'After 0.52s, these clients are still here:',
    'remaining client pid: 202 (/usr/libexec/locationd)',
    'After 1.84s, these clients are still here:',
    `remaining client pid: 303 (/private/var/db/com.apple.xpc.roleaccountd.staging/${PLANTED.process})`,
    'After 3.10s, these clients are still here:',
    'remaining client pid: 404 (/private/var/tmp/helperd)',
    'SIGTERM: [1620030000]',
    'garbage line that is not part of the format',
  ].join('\n');
  fs.writeFileSync(put('private/var/db/diagnostics/shutdown.log'), log + '\n');
  writeDumpCaches(root);
  writeDumpAnalytics(root);
  return root;
}

/** A tar.gz of entries; hostile names and links can be written on purpose, as an attacker would. */
export function writeTarGz(file: string, entries: { name: string; data?: string | Buffer; type?: '0' | '2' | '5'; link?: string }[]): string {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '');
    const h = Buffer.alloc(512);
    // ustar: a name longer than 100 bytes puts its directories in the 155-byte prefix field.
    let name = e.name;
    if (name.length > 100) {
      const cut = name.lastIndexOf('/', name.length - 2 > 155 ? 155 : name.length - 2);
      h.write(name.slice(0, cut), 345);
      name = name.slice(cut + 1);
    }
    h.write(name.slice(0, 100), 0);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${(e.type === '0' || !e.type ? data.length : 0).toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write(e.type ?? '0', 156);
    if (e.link) h.write(e.link.slice(0, 100), 157);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h);
    if ((e.type ?? '0') === '0') {
      blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  fs.writeFileSync(file, zlib.gzipSync(Buffer.concat(blocks)));
  return file;
}

export function buildSysdiagnose(file: string): string {
  const dump = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-sd-'));
  let log: string;
  try {
    log = fs.readFileSync(path.join(buildFsDump(dump), 'private/var/db/diagnostics/shutdown.log'), 'utf8');
  } finally {
    fs.rmSync(dump, { recursive: true, force: true });
  }
  const top = 'sysdiagnose_2021.05.03_09-00-00+0200_iPhone-OS_iPhone_18E212';
  return writeTarGz(file, [
    { name: `${top}/`, type: '5' },
    { name: `${top}/system_logs.logarchive/Extra/shutdown.log`, data: log },
    ...sysdiagnoseInfoFiles(top),
    { name: `${top}/../../escaped.txt`, data: 'outside' },
    { name: '/etc/absolute.txt', data: 'outside' },
    { name: `${top}/link`, type: '2', link: '/etc/passwd' },
  ]);
}
