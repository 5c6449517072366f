// Synthetic iOS caches and preferences for the later modules: the identity services' lookup cache,
// the global preferences, the browsers' favicon caches, and what only a filesystem dump holds
// (WebKit's origin folders, Pegasus's staging folder). Nothing here is real data.
import fs from 'node:fs';
import path from 'node:path';
import { bplist } from './bplist-write.ts';
import { apple, chromeTime, fileIn, makeDb } from './fixture-db.ts';
import { calendarDb, whatsappContactsDb } from './ios-personal.ts';
import { PLANTED } from './planted.ts';

/** Chrome's Favicons database (its real tables), a time in Chrome's microseconds since 1601. */
export function chromeFavicons(file: string): void {
  makeDb(file, 'CREATE TABLE favicons (id INTEGER PRIMARY KEY, url LONGVARCHAR NOT NULL, icon_type INTEGER DEFAULT 1); CREATE TABLE favicon_bitmaps (id INTEGER PRIMARY KEY, icon_id INTEGER NOT NULL, last_updated INTEGER DEFAULT 0, image_data BLOB, width INTEGER DEFAULT 0, height INTEGER DEFAULT 0, last_requested INTEGER DEFAULT 0); CREATE TABLE icon_mapping (id INTEGER PRIMARY KEY, page_url LONGVARCHAR NOT NULL, icon_id INTEGER)', (db) => {
    db.defaultSafeIntegers(true);
    db.prepare('INSERT INTO favicons VALUES (1, ?, 1), (2, ?, 1)').run('https://news.example.com/favicon.ico', `https://cdn.${PLANTED.chromeIconDomain}/i.ico`);
    db.prepare('INSERT INTO favicon_bitmaps (icon_id, last_updated, last_requested) VALUES (1, ?, 0), (2, 0, ?)').run(chromeTime('2021-05-01T09:00:00.123Z') + 457n, chromeTime('2021-05-03T07:12:40Z'));
    db.prepare('INSERT INTO icon_mapping (page_url, icon_id) VALUES (?, 1), (?, 2)').run('https://news.example.com/', 'https://parcel.example.net/track');
  });
}

/** Safari's Favicons.db: a page's kept icon, and one rejected. */
export function safariFavicons(file: string): void {
  makeDb(file, 'CREATE TABLE icon_info (uuid TEXT NOT NULL PRIMARY KEY, url TEXT NOT NULL, timestamp REAL NOT NULL, width INTEGER, height INTEGER, has_generated_representations INTEGER); CREATE TABLE page_url (url TEXT NOT NULL PRIMARY KEY, uuid TEXT NOT NULL); CREATE TABLE rejected_resources (page_url TEXT NOT NULL PRIMARY KEY, icon_url TEXT NOT NULL, timestamp REAL NOT NULL)', (db) => {
    db.prepare('INSERT INTO icon_info VALUES (?, ?, ?, 32, 32, 0)').run('U1', 'https://www.wikipedia.org/favicon.ico', apple('2021-04-30T18:00:00Z'));
    db.prepare('INSERT INTO page_url VALUES (?, ?)').run('https://www.wikipedia.org/', 'U1');
    db.prepare('INSERT INTO rejected_resources VALUES (?, ?, ?)').run(`https://${PLANTED.safariIconPageDomain}/a/9`, 'https://static.example.com/f.ico', apple('2021-05-03T07:12:45Z'));
  });
}

/** idstatuscache.plist: the addresses iMessage and FaceTime looked up, one of them Pegasus's account. */
export function idStatusCachePlist(): Buffer {
  const lookup = (iso: string, status = 1) => ({ IDStatus: status, LookupDate: apple(iso) });
  return bplist({
    'com.apple.madrid': {
      'mailto:friend@example.org': lookup('2021-04-20T12:00:00Z'),
      [`mailto:${PLANTED.lookupEmail}`]: lookup('2021-05-03T07:09:00Z', 2),
      'tel:+15555550123': lookup('2021-04-21T09:30:00Z'),
      // An entry without its status is skipped, as MVT skips it.
      'mailto:partial@example.org': { LookupDate: apple('2021-04-22T09:30:00Z') },
    },
    'com.apple.private.alloy.facetime.multi': { 'tel:+15555550123': lookup('2021-04-21T09:31:00Z') },
    LastCleanupDate: apple('2021-05-01T00:00:00Z'),
  });
}

/** .GlobalPreferences.plist, with Lockdown Mode on or off. */
export const globalPreferencesPlist = (lockdown: boolean): Buffer => bplist({ AppleLanguages: ['en-GB', 'ar'], AppleLocale: 'en_GB', LDMGlobalEnabled: lockdown });

/** What a filesystem dump holds beyond a backup's files, for the dump-only and preference modules. */
export function writeDumpCaches(root: string): void {
  const put = fileIn(root);
  fs.writeFileSync(put('private/var/mobile/Library/IdentityServices/idstatuscache.plist'), idStatusCachePlist());
  fs.writeFileSync(put('private/var/mobile/Library/Preferences/.GlobalPreferences.plist'), globalPreferencesPlist(false));
  // Pegasus's traces on disk: a staging folder named after its process, and its property list.
  fs.mkdirSync(path.join(root, `private/var/db/com.apple.xpc.roleaccountd.staging/${PLANTED.process}`), { recursive: true });
  fs.writeFileSync(put(`private/var/mobile/Library/Preferences/${PLANTED.fileName}`), '<?xml version="1.0"?><plist version="1.0"><dict/></plist>');
  // WebKit's website data of two apps: folders and files named after the sites' origins.
  const app = (uuid: string) => `private/var/mobile/Containers/Data/Application/${uuid}`;
  fs.writeFileSync(put(`${app('0C6B7A61-3F7E-4C1B-9E0A-6B1D2F3A4C5D')}/Library/WebKit/WebsiteData/IndexedDB/https_${PLANTED.indexedDbDomain}_0/IndexedDB.sqlite3`), '');
  fs.writeFileSync(put(`${app('0C6B7A61-3F7E-4C1B-9E0A-6B1D2F3A4C5D')}/Library/WebKit/WebsiteData/IndexedDB/https_www.wikipedia.org_0/IndexedDB.sqlite3`), '');
  fs.writeFileSync(put(`${app('9F8E7D6C-5B4A-4392-8170-6F5E4D3C2B1A')}/Library/WebKit/WebsiteData/LocalStorage/http_${PLANTED.localStorageDomain}_0.localstorage`), '');
  fs.writeFileSync(put(`${app('9F8E7D6C-5B4A-4392-8170-6F5E4D3C2B1A')}/Library/WebKit/WebsiteData/LocalStorage/https_news.example.com_0.localstorage`), '');
  safariFavicons(put('private/var/mobile/Library/Image Cache/Favicons/Favicons.db'));
  calendarDb(put('private/var/mobile/Library/Calendar/Calendar.sqlitedb'));
  whatsappContactsDb(put('private/var/mobile/Containers/Shared/AppGroup/7C3E1F0A-2B4D-4E6F-8A9B-0C1D2E3F4A5B/ContactsV2.sqlite'));
  fs.mkdirSync(path.join(root, `${app('9F8E7D6C-5B4A-4392-8170-6F5E4D3C2B1A')}/SystemData/com.apple.SafariViewService/Library/WebKit/WebsiteData/https_www.example.org_0`), { recursive: true });
}
