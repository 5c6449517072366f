// The calendar, address book, WhatsApp contacts, Firefox favicons and backup_info modules: each
// module's JSON compared with what MVT's steps give in Python over the same database (its query,
// its key order, its time text), their alerts and levels, MVT's timeline rows, the dump's paths,
// and check-iocs over the saved results.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { backupSource, fsSource, recheckResults, runDeviceCheck } from '../../src/device/index.ts';
import { buildBackup, buildFsDump, PLANTED } from '../../src/device/synthetic/index.ts';
import { calendarDb, whatsappContactsDb } from '../../src/device/synthetic/ios-personal.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';
import { newDbAt, only, readModuleJson, sameJson } from '../helpers/device.ts';
import { python } from '../helpers/python.ts';

const pegasus = new MatchIndex(recordsFromFiles([PEGASUS_STIX]).records);

// Python's conversions, as MVT's utils make them.
const PY_TIMES = `
import datetime, json, sqlite3, sys
def unix_iso(t):
    try: return datetime.datetime.fromtimestamp(float(t), tz=datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    except Exception: return ""
def mac_iso(t):
    if not t: return ""
    return unix_iso(t + 978307200)
`;

describe('calendar', () => {
  it('gives MVT\'s records, the planted invitation CRITICAL and Quadream\'s event HIGH, a row per time', async () => {
    const out = tempDir();
    const r = await runDeviceCheck(backupSource(buildBackup(tempDir())), only('calendar'), pegasus, out);
    const db = path.join(tempDir(), 'Calendar.sqlitedb');
    calendarDb(db);
    const expected = JSON.parse(python(`${PY_TIMES}
cur = sqlite3.connect(sys.argv[1]).cursor()
cur.execute("""SELECT CalendarItem.ROWID as "id", CalendarItem.summary as "summary", CalendarItem.description as "description",
  CalendarItem.start_date as "start_date", CalendarItem.end_date as "end_date", CalendarItem.all_day as "all_day", CalendarItem.calendar_id as "calendar_id",
  CalendarItem.organizer_id as "organizer_id", CalendarItem.url as "url", CalendarItem.last_modified as "last_modified", CalendarItem.external_id as "external_id",
  CalendarItem.external_mod_tag as "external_mod_tag", CalendarItem.unique_identifier as "unique_identifier", CalendarItem.hidden as "hidden", CalendarItem.UUID as "uuid",
  CalendarItem.creation_date as "creation_date", CalendarItem.action as "action", CalendarItem.created_by_id as "created_by_id", Participant.UUID as "participant_uuid",
  Participant.email as "participant_email", Participant.phone_number as "participant_phone", Participant.comment as "participant_comment",
  Participant.last_modified as "participant_last_modified" FROM CalendarItem LEFT JOIN Participant ON Participant.ROWID = CalendarItem.organizer_id;""")
names = [d[0] for d in cur.description]
times = ["start_date", "end_date", "last_modified", "creation_date", "participant_last_modified"]
print(json.dumps([{n: (v if n not in times or v is None or isinstance(v, str) else mac_iso(v)) for n, v in zip(names, row)} for row in cur]))
`, [db]));
    sameJson(readModuleJson(out, 'calendar'), expected);
    // The birthday was never modified: Apple's 0, written "" as MVT writes it, and no row for it.
    assert.equal(expected[1].last_modified, '');
    assert.deepEqual(r.alerts.map((a) => [a.level, a.message, a.event_time]), [
      ['CRITICAL', `calendar invitation from ${PLANTED.calendarEmail} matches email indicator ${PLANTED.calendarEmail} (Pegasus)`, '2021-05-04 10:00:00.000000'],
      ['HIGH', 'Potential Quadream exploit event identified: E0000000-0000-4000-8000-000000000004', '2021-05-03 07:05:00.000000'],
    ]);
    const rows = fs.readFileSync(path.join(out, 'timeline.csv'), 'utf8').split('\r\n').filter((l) => l.includes('Birthday'));
    assert.deepEqual(rows, [
      '"2021-01-05 10:00:00.000000","Calendar","creation_date","Calendar event Birthday (None) (invitation by None)"',
      '"2021-06-01 00:00:00.000000","Calendar","start_date","Calendar event Birthday (None) (invitation by None)"',
      '"2021-06-02 00:00:00.000000","Calendar","end_date","Calendar event Birthday (None) (invitation by None)"',
    ]);
  });

  it('reads a dump\'s calendar, and check-iocs finds the invitation again in the saved results', async () => {
    const out = tempDir();
    const first = await runDeviceCheck(fsSource(buildFsDump(tempDir())), only('calendar', 'whatsapp_contacts'), new MatchIndex([]), out);
    assert.deepEqual(first.alerts.map((a) => a.level), ['HIGH']);
    assert.deepEqual(first.modules.map((m) => [m.slug, m.records, m.error]), [['whatsapp_contacts', 3, undefined], ['calendar', 4, undefined]]);
    const again = recheckResults(out, pegasus);
    assert.deepEqual(again.alerts.map((a) => [a.module, a.level, a.matched_indicator?.value ?? null]), [['calendar', 'CRITICAL', PLANTED.calendarEmail], ['calendar', 'HIGH', null]]);
  });
});

describe('contacts', () => {
  it('lists every number and address with its person, named as SQLite names MVT\'s columns, and flags nothing', async () => {
    const out = tempDir();
    const root = buildBackup(tempDir());
    const r = await runDeviceCheck(backupSource(root), only('contacts'), pegasus, out);
    const [{ file }] = backupSource(root).find(/^HomeDomain-Library\/AddressBook\/AddressBook\.sqlitedb$/);
    const expected = JSON.parse(python(`
import json, sqlite3, sys
cur = sqlite3.connect(sys.argv[1]).cursor()
cur.execute("""SELECT multi.value, person.first, person.middle, person.last, person.organization FROM ABPerson person, ABMultiValue multi
  WHERE person.rowid = multi.record_id and multi.value not null ORDER by person.rowid ASC;""")
names = [d[0] for d in cur.description]
print(json.dumps([dict(zip(names, row)) for row in cur]))
`, [file]));
    sameJson(readModuleJson(out, 'contacts'), expected);
    assert.deepEqual(Object.keys(expected[0]), ['value', 'First', 'Middle', 'Last', 'Organization']);
    assert.equal(expected.length, 3);
    assert.deepEqual([r.alerts, r.timeline], [[], []]);
  });
});

// MVT's steps for ContactsV2.sqlite, written in Python: columns chosen from those present, absent
// keys added after them in MVT's order, the timer's state last.
const PY_WHATSAPP_CONTACTS = `${PY_TIMES}
labels = {86400: "24 hours", 604800: "7 days", 1209600: "14 days", 2592000: "30 days", 7776000: "90 days"}
cands = [("whatsapp_id", ["ZWHATSAPPID"]), ("lid", ["ZLID"]), ("phone_number", ["ZPHONENUMBER"]), ("localized_phone_number", ["ZLOCALIZEDPHONENUMBER"]),
  ("full_name", ["ZFULLNAME"]), ("given_name", ["ZGIVENNAME"]), ("last_name", ["ZLASTNAME"]), ("user_name", ["ZUSERNAME"]), ("business_name", ["ZBUSINESSNAME"]),
  ("about_text", ["ZABOUTTEXT"]), ("about_emoji", ["ZABOUTEMOJI"]), ("notes", ["ZNOTES"]), ("disappearing_mode_duration", ["ZDISAPPEARINGMODEDURATION"]),
  ("disappearing_mode_timestamp", ["ZDISAPPEARINGMODETIMESTAMP"]), ("about_timestamp", ["ZABOUTTIMESTAMP"]), ("last_updated", ["ZLASTUPDATED"]),
  ("phone_status", ["ZPHONESTATUS", "ZPHONENUMBERSTATUS"]), ("sync_policy", ["ZSYNCPOLICY"])]
texts = ["whatsapp_id", "lid", "phone_number", "localized_phone_number", "full_name", "given_name", "last_name", "user_name", "business_name", "about_text", "about_emoji", "notes"]
cur = sqlite3.connect(sys.argv[1]).cursor()
have = {row[1] for row in cur.execute("PRAGMA table_info(ZWAADDRESSBOOKCONTACT)").fetchall()}
sel = {}
for key, cs in cands:
    for c in cs:
        if c in have:
            sel[key] = c
            break
has_d = "disappearing_mode_duration" in sel
out = []
for row in cur.execute("SELECT " + ", ".join(["Z_PK"] + list(sel.values())) + " FROM ZWAADDRESSBOOKCONTACT;"):
    r = dict(zip(["row_pk"] + list(sel.keys()), row))
    for f in texts:
        r[f] = (None if r[f] is None else r[f].decode("utf-8", "replace") if isinstance(r[f], bytes) else str(r[f])) if f in r else None
    for f in ["disappearing_mode_timestamp", "about_timestamp", "last_updated"]:
        r[f] = (mac_iso(r[f]) or None) if r.get(f) is not None else None
    d = r.get("disappearing_mode_duration")
    if has_d:
        r["disappearing_mode_is_on"] = bool(d)
        r["disappearing_mode_label"] = "off" if not d else labels.get(int(d), f"{int(d)} seconds")
    else:
        r["disappearing_mode_duration"] = None
        r["disappearing_mode_is_on"] = None
        r["disappearing_mode_label"] = None
    r.setdefault("phone_status", None)
    r.setdefault("sync_policy", None)
    out.append(r)
print(json.dumps(out))
`;

describe('whatsapp_contacts', () => {
  it('gives MVT\'s records (columns present, then absent keys, then the timer) and a row per timer set', async () => {
    const out = tempDir();
    const r = await runDeviceCheck(backupSource(buildBackup(tempDir())), only('whatsapp_contacts'), pegasus, out);
    const db = path.join(tempDir(), 'ContactsV2.sqlite');
    whatsappContactsDb(db);
    const json = readModuleJson(out, 'whatsapp_contacts');
    sameJson(json, JSON.parse(python(PY_WHATSAPP_CONTACTS, [db])));
    assert.deepEqual(json.map((c: Record<string, unknown>) => [c.disappearing_mode_label, c.full_name]), [['7 days', 'Tom Berg'], ['3600 seconds', 'José \ufffd'], ['off', 'Ana Ruiz']]);
    assert.deepEqual(r.alerts, []);
    assert.deepEqual(r.timeline.map((t) => [t.timestamp, t.event, t.data]), [
      ['2021-05-02 20:00:00.000000', 'disappearing_mode_set', "WhatsApp disappearing messages timer set to '7 days' for 4915100000002@s.whatsapp.net (Tom Berg)"],
      ['2021-05-03 06:58:00.000000', 'disappearing_mode_set', "WhatsApp disappearing messages timer set to '3600 seconds' for 77712345@lid (José \ufffd)"],
    ]);
  });

  it('says the timer is unknown, not off, where the database has no column for it', async () => {
    const dump = tempDir();
    const file = path.join(dump, 'private/var/mobile/Containers/Shared/AppGroup/0A1B/ContactsV2.sqlite');
    const db = newDbAt(file);
    db.exec("CREATE TABLE ZWAADDRESSBOOKCONTACT (Z_PK INTEGER PRIMARY KEY, ZPHONESTATUS INTEGER, ZWHATSAPPID VARCHAR); INSERT INTO ZWAADDRESSBOOKCONTACT VALUES (1, 2, '4915100000002@s.whatsapp.net')");
    db.close();
    const out = tempDir();
    const r = await runDeviceCheck(fsSource(dump), only('whatsapp_contacts'), pegasus, out);
    const json = readModuleJson(out, 'whatsapp_contacts');
    sameJson(json, JSON.parse(python(PY_WHATSAPP_CONTACTS, [file])));
    assert.deepEqual([json[0].disappearing_mode_is_on, json[0].disappearing_mode_label, json[0].phone_status], [null, null, 2]);
    assert.deepEqual(r.timeline, []);
  });
});

describe('firefox_favicon', () => {
  it('gives MVT\'s records with Python\'s time, the icon CRITICAL when its page is gone', async () => {
    const out = tempDir();
    const r = await runDeviceCheck(backupSource(buildBackup(tempDir())), only('firefox_favicon'), pegasus, out);
    const json = readModuleJson(out, 'firefox_favicon');
    assert.deepEqual(json.map((x: Record<string, unknown>) => Object.keys(x)), [0, 1].map(() => ['id', 'url', 'width', 'height', 'type', 'isodate', 'history_id', 'history_url']));
    const py = (t: number) => python(`${PY_TIMES}\nprint(unix_iso(sys.argv[1]))`, [String(t)]).trim();
    assert.deepEqual(json.map((x: Record<string, unknown>) => x.isodate), [py(Date.parse('2021-05-01T08:00:01.250Z') / 1000), py(Date.parse('2021-05-03T07:12:42Z') / 1000)]);
    assert.equal(json[0].isodate, '2021-05-01 08:00:01.250000');
    assert.deepEqual(r.alerts.map((a) => [a.level, a.matched_indicator?.value, a.event_time]), [['CRITICAL', PLANTED.firefoxIconDomain, '2021-05-03 07:12:42.000000']]);
    assert.ok(r.timeline.some((t) => t.data === `Firefox favicon https://${PLANTED.firefoxIconDomain}/favicon.ico when visiting None`));
  });
});

describe('backup_info', () => {
  it('writes MVT\'s dictionary of the device\'s fields (null where absent, dates as Python\'s str), read back by check-iocs', async () => {
    const out = tempDir();
    const r = await runDeviceCheck(backupSource(buildBackup(tempDir())), only('backup_info', 'calendar'), new MatchIndex([]), out);
    const info = readModuleJson(out, 'backup_info');
    assert.deepEqual(Object.keys(info), ['Build Version', 'Device Name', 'Display Name', 'GUID', 'ICCID', 'IMEI', 'MEID', 'Installed Applications', 'Last Backup Date', 'Phone Number', 'Product Name', 'Product Type', 'Product Version', 'Serial Number', 'Target Identifier', 'Target Type', 'Unique Identifier', 'iTunes Version']);
    assert.deepEqual([info.MEID, info['Last Backup Date'], info['Product Version'], info['Installed Applications']], [null, '2021-05-04 10:00:00', '14.5', ['net.whatsapp.WhatsApp', PLANTED.sideloadedApp]]);
    assert.equal(r.modules.find((m) => m.slug === 'backup_info')?.records, 1);
    // MVT's warning about an outdated iOS, as the module's note.
    assert.deepEqual(r.modules.find((m) => m.slug === 'backup_info')?.notes, ["this phone runs an outdated iOS version: 14.5 (the latest vigil's list of releases knows is 18.5)"]);
    // check-iocs reads the dictionary back beside the calendar's list.
    const again = recheckResults(out, pegasus);
    assert.deepEqual(again.alerts.map((a) => [a.module, a.level]), [['calendar', 'CRITICAL'], ['calendar', 'HIGH']]);
    // A dump has no Info.plist: the module is not offered there.
    assert.ok(!only('backup_info')[0].sources.includes('fs'));
  });
});
