// Synthetic owner's lists for the calendar, address book and WhatsApp contacts modules: iOS's and
// WhatsApp's own tables (the columns MVT reads and some it does not), with a Pegasus iMessage
// account as an invitation's organizer and the "Meeting"/"Notes" event Quadream's exploit left.
// Every name, number and address is invented, but for the planted account from Amnesty's list.
import { apple, makeDb } from './fixture-db.ts';
import { PLANTED } from './planted.ts';

const CALENDAR_SCHEMA = `
CREATE TABLE CalendarItem (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, summary TEXT, location_id INTEGER, description TEXT, start_date REAL,
  start_tz TEXT, end_date REAL, all_day INTEGER, calendar_id INTEGER, orig_item_id INTEGER, orig_date REAL, organizer_id INTEGER,
  self_attendee_id INTEGER, status INTEGER, availability INTEGER, privacy_level INTEGER, url TEXT, last_modified REAL, sequence_num INTEGER,
  birthday_id INTEGER, modified_properties INTEGER, external_tracking_status INTEGER, external_id TEXT, external_mod_tag TEXT,
  unique_identifier TEXT, external_schedule_id TEXT, external_rep BLOB, response_comment TEXT, hidden INTEGER, has_recurrences INTEGER,
  has_attendees INTEGER, UUID TEXT, entity_type INTEGER, priority INTEGER, due_date REAL, due_tz TEXT, due_all_day INTEGER,
  completion_date REAL, creation_date REAL, conference TEXT, display_order INTEGER, created_by_id INTEGER, created_by_address TEXT,
  action TEXT);
CREATE TABLE Participant (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, entity_type INTEGER, type INTEGER, status INTEGER, pending_status INTEGER,
  role INTEGER, identity_id INTEGER, owner_id INTEGER, external_rep BLOB, UUID TEXT, email TEXT, phone_number TEXT, is_self INTEGER,
  flags INTEGER, last_modified REAL, comment TEXT);`;

/** Calendar.sqlitedb: a dentist's appointment, an invitation from the planted account, and Quadream's trace. */
export function calendarDb(file: string): void {
  makeDb(file, CALENDAR_SCHEMA, (db) => {
    const who = db.prepare('INSERT INTO Participant (ROWID, entity_type, type, status, UUID, email, phone_number, is_self, last_modified, comment) VALUES (?, 7, 1, 0, ?, ?, ?, 0, ?, ?)');
    who.run(1, 'A1B2C3D4-0001-4000-8000-000000000001', 'reception@dentist.example', null, apple('2021-04-12T09:00:00Z'), null);
    who.run(2, 'A1B2C3D4-0002-4000-8000-000000000002', PLANTED.calendarEmail, null, apple('2021-05-02T21:40:00Z'), 'see you there');
    const event = db.prepare(`INSERT INTO CalendarItem (summary, description, start_date, end_date, all_day, calendar_id, organizer_id, url, last_modified,
      external_id, unique_identifier, hidden, UUID, creation_date, action, created_by_id) VALUES (?, ?, ?, ?, ?, 1, ?, NULL, ?, ?, ?, 0, ?, ?, NULL, 0)`);
    event.run('Dentist', 'Check-up', apple('2021-04-20T08:30:00Z'), apple('2021-04-20T09:00:00Z'), 0, 1, apple('2021-04-12T09:00:00Z'), 'ext-1', 'uid-1', 'E0000000-0000-4000-8000-000000000001', apple('2021-04-12T09:00:00Z'));
    // A birthday: all day, never modified (Apple's 0), no organizer.
    event.run('Birthday', null, apple('2021-06-01T00:00:00Z'), apple('2021-06-02T00:00:00Z'), 1, null, 0, null, 'uid-2', 'E0000000-0000-4000-8000-000000000002', apple('2021-01-05T10:00:00Z'));
    event.run('Quarterly review', 'Agenda attached', apple('2021-05-04T10:00:00Z'), apple('2021-05-04T11:00:00Z'), 0, 2, apple('2021-05-02T21:40:00Z'), 'ext-3', 'uid-3', 'E0000000-0000-4000-8000-000000000003', apple('2021-05-02T21:40:00Z'));
    event.run('Meeting', 'Notes', apple('2021-05-03T07:05:00Z'), apple('2021-05-03T08:05:00Z'), 0, null, apple('2021-05-03T07:04:10Z'), null, 'uid-4', 'E0000000-0000-4000-8000-000000000004', apple('2021-05-03T07:04:10Z'));
  });
}

/** AddressBook.sqlitedb: two people, one with two numbers, one with no values (not listed). */
export function addressBookDb(file: string): void {
  makeDb(file, `CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, Middle TEXT, FirstPhonetic TEXT, Organization TEXT, Department TEXT, Note TEXT, Kind INTEGER, CreationDate INTEGER, ModificationDate INTEGER);
    CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER, identifier INTEGER, label INTEGER, value TEXT, guid TEXT)`, (db) => {
    db.prepare("INSERT INTO ABPerson (ROWID, First, Last, Middle, Organization, Kind) VALUES (1, 'Ana', 'Ruiz', NULL, 'Radio Norte', 0), (2, 'Tom', 'Berg', 'J', NULL, 0), (3, 'Empty', NULL, NULL, NULL, 0)").run();
    db.prepare("INSERT INTO ABMultiValue (record_id, property, identifier, label, value) VALUES (2, 3, 0, 1, '+4915100000002'), (1, 3, 0, 1, '+525598765432'), (1, 4, 1, 2, 'ana@radio-norte.example'), (1, 3, 2, 1, NULL)").run();
  });
}

/** WhatsApp's ContactsV2.sqlite of a version that names the phone's status ZPHONENUMBERSTATUS and lacks some columns. */
export function whatsappContactsDb(file: string): void {
  makeDb(file, `CREATE TABLE ZWAADDRESSBOOKCONTACT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZPHONENUMBERSTATUS INTEGER,
    ZDISAPPEARINGMODEDURATION INTEGER, ZDISAPPEARINGMODETIMESTAMP TIMESTAMP, ZABOUTTIMESTAMP TIMESTAMP, ZLASTUPDATED TIMESTAMP,
    ZWHATSAPPID VARCHAR, ZLID VARCHAR, ZPHONENUMBER VARCHAR, ZFULLNAME VARCHAR, ZGIVENNAME VARCHAR, ZLASTNAME VARCHAR, ZABOUTTEXT VARCHAR)`, (db) => {
    const c = db.prepare('INSERT INTO ZWAADDRESSBOOKCONTACT VALUES (?, 2, 1, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    c.run(1, 604800, apple('2021-05-02T20:00:00Z'), apple('2021-01-01T12:00:00Z'), apple('2021-05-02T20:00:00Z'), '4915100000002@s.whatsapp.net', null, '+4915100000002', 'Tom Berg', 'Tom', 'Berg', 'Hey there!');
    // A name CoreData kept as UTF-8 bytes, one byte of it broken; a timer WhatsApp has no label for.
    c.run(2, 3600, apple('2021-05-03T06:58:00Z'), null, apple('2021-05-03T06:58:00Z'), null, '77712345@lid', '+525500000099', Buffer.from([0x4a, 0x6f, 0x73, 0xc3, 0xa9, 0x20, 0xff]), null, null, null);
    c.run(3, 0, null, null, null, '525598765432@s.whatsapp.net', null, '+525598765432', 'Ana Ruiz', 'Ana', 'Ruiz', null);
  });
}
