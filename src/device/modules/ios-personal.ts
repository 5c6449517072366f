// iOS modules over the owner's own lists, as MVT reads them in backups and dumps alike: the
// calendar (Quadream's exploit arrived as an invitation that left a "Meeting" with "Notes" in it,
// and an organizer's address can be an attacker's), the address book, and WhatsApp's contact list
// with each chat's disappearing-messages timer. Contacts are among the most sensitive records a
// check writes; they stay in the check's output folder like every other result.
import { mvtTimeOfApple } from '../time.ts';
import type { Alert, DeviceModule, Result, TimelineRow } from '../types.ts';
import { heuristic, matchAlerts, pyStr, withFirstDb } from './common.ts';

/** convert_mactime_to_iso of a stored time: "" for 0 or a time it cannot convert; text and NULL as stored. */
const macTimeOrText = (v: unknown) => (v === null || typeof v === 'string' ? v : (mvtTimeOfApple(v) ?? ''));

const CALENDAR_TIMES = ['start_date', 'end_date', 'last_modified', 'creation_date', 'participant_last_modified'] as const;

export const calendar: DeviceModule = {
  slug: 'calendar',
  description: 'calendar events and who invited to them (Calendar.sqlitedb)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return withFirstDb(source, /^HomeDomain-Library\/Calendar\/Calendar\.sqlitedb$/, /^\/private\/var\/mobile\/Library\/Calendar\/Calendar\.sqlitedb$/, 'Calendar.sqlitedb', (db) => {
      db.require('CalendarItem', ['ROWID', 'summary', 'description', 'start_date', 'end_date', 'all_day', 'calendar_id', 'organizer_id', 'url', 'last_modified', 'external_id', 'external_mod_tag', 'unique_identifier', 'hidden', 'UUID', 'creation_date', 'action', 'created_by_id']);
      db.require('Participant', ['ROWID', 'UUID', 'email', 'phone_number', 'comment', 'last_modified']);
      // MVT's query: each event with its organizer.
      const rows = db.db.prepare(`SELECT
          CalendarItem.ROWID AS id, CalendarItem.summary AS summary, CalendarItem.description AS description,
          CalendarItem.start_date AS start_date, CalendarItem.end_date AS end_date, CalendarItem.all_day AS all_day,
          CalendarItem.calendar_id AS calendar_id, CalendarItem.organizer_id AS organizer_id, CalendarItem.url AS url,
          CalendarItem.last_modified AS last_modified, CalendarItem.external_id AS external_id, CalendarItem.external_mod_tag AS external_mod_tag,
          CalendarItem.unique_identifier AS unique_identifier, CalendarItem.hidden AS hidden, CalendarItem.UUID AS uuid,
          CalendarItem.creation_date AS creation_date, CalendarItem.action AS action, CalendarItem.created_by_id AS created_by_id,
          Participant.UUID AS participant_uuid, Participant.email AS participant_email, Participant.phone_number AS participant_phone,
          Participant.comment AS participant_comment, Participant.last_modified AS participant_last_modified
        FROM CalendarItem LEFT JOIN Participant ON Participant.ROWID = CalendarItem.organizer_id`).all() as Result[];
      for (const r of rows) for (const t of CALENDAR_TIMES) r[t] = macTimeOrText(r[t]);
      return rows;
    });
  },
  check(records, { index }) {
    return records.flatMap((r): Alert[] => {
      const hits = r.participant_email ? matchAlerts('calendar', r, (r.start_date as string) || null, index.match(String(r.participant_email), 'email'), 'calendar invitation from') : [];
      if (hits.length > 0) return hits;
      // MVT's check for the trace Quadream's exploit left: an event "Meeting" described "Notes".
      return r.summary === 'Meeting' && r.description === 'Notes' ? [heuristic('calendar', 'HIGH', `Potential Quadream exploit event identified: ${r.uuid}`, r, (r.start_date as string) || null)] : [];
    });
  },
  timeline: (records) =>
    records.flatMap((r) =>
      CALENDAR_TIMES.filter((t) => r[t]).map((t): TimelineRow => ({ timestamp: r[t] as string, module: 'calendar', event: t, data: `Calendar event ${pyStr(r.summary)} (${pyStr(r.description)}) (invitation by ${pyStr(r.participant_email)})` })),
    ),
};

export const contacts: DeviceModule = {
  slug: 'contacts',
  description: 'the address book: each contact\'s numbers and addresses (AddressBook.sqlitedb)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return withFirstDb(source, /^HomeDomain-Library\/AddressBook\/AddressBook\.sqlitedb$/, /^\/private\/var\/mobile\/Library\/AddressBook\/AddressBook\.sqlitedb$/, 'AddressBook.sqlitedb', (db) => {
      db.require('ABPerson', ['ROWID', 'First', 'Middle', 'Last', 'Organization']);
      db.require('ABMultiValue', ['record_id', 'value']);
      // MVT's query; SQLite names each result column as the table declares it (First, Last…), as in MVT's output.
      return db.db.prepare(`SELECT multi.value, person.first, person.middle, person.last, person.organization
        FROM ABPerson person, ABMultiValue multi WHERE person.rowid = multi.record_id AND multi.value NOT NULL ORDER BY person.rowid ASC`).all() as Result[];
    });
  },
  // As MVT: a record of who the owner knows, neither checked nor put on the timeline.
  check: () => [],
  timeline: () => [],
};

/** WhatsApp's standard disappearing-messages timers, in seconds. */
const TIMER_LABELS: Record<number, string> = { 86400: '24 hours', 604800: '7 days', 1209600: '14 days', 2592000: '30 days', 7776000: '90 days' };

// Each output key and the columns that hold it, preferred first: WhatsApp renames columns between
// versions, so the query selects those the database has.
const CONTACT_COLUMNS: [string, string[]][] = [
  ['whatsapp_id', ['ZWHATSAPPID']], ['lid', ['ZLID']], ['phone_number', ['ZPHONENUMBER']], ['localized_phone_number', ['ZLOCALIZEDPHONENUMBER']],
  ['full_name', ['ZFULLNAME']], ['given_name', ['ZGIVENNAME']], ['last_name', ['ZLASTNAME']], ['user_name', ['ZUSERNAME']], ['business_name', ['ZBUSINESSNAME']],
  ['about_text', ['ZABOUTTEXT']], ['about_emoji', ['ZABOUTEMOJI']], ['notes', ['ZNOTES']], ['disappearing_mode_duration', ['ZDISAPPEARINGMODEDURATION']],
  ['disappearing_mode_timestamp', ['ZDISAPPEARINGMODETIMESTAMP']], ['about_timestamp', ['ZABOUTTIMESTAMP']], ['last_updated', ['ZLASTUPDATED']],
  ['phone_status', ['ZPHONESTATUS', 'ZPHONENUMBERSTATUS']], ['sync_policy', ['ZSYNCPOLICY']],
];
const TEXT_KEYS = ['whatsapp_id', 'lid', 'phone_number', 'localized_phone_number', 'full_name', 'given_name', 'last_name', 'user_name', 'business_name', 'about_text', 'about_emoji', 'notes'];
const TIME_KEYS = ['disappearing_mode_timestamp', 'about_timestamp', 'last_updated'];

const utf8 = new TextDecoder('utf-8');
/** CoreData keeps some strings as UTF-8 blobs; MVT decodes them replacing what is not UTF-8. */
const decodeText = (v: unknown) => (v === null || v === undefined ? null : Buffer.isBuffer(v) ? utf8.decode(v) : String(v));

const timerLabel = (d: unknown) => (!d ? 'off' : (TIMER_LABELS[Math.trunc(Number(d))] ?? `${Math.trunc(Number(d))} seconds`));

/** A contact row as MVT's record: its columns, then the keys this version lacked, then the timer's state. */
function whatsappContact(row: Result, hasDuration: boolean): Result {
  const r: Result = { ...row };
  for (const k of TEXT_KEYS) r[k] = k in r ? decodeText(r[k]) : null;
  for (const k of TIME_KEYS) r[k] = r[k] === null || r[k] === undefined ? null : (mvtTimeOfApple(r[k]) ?? null);
  // A database without the timer's column says nothing of it: unknown, not off.
  if (hasDuration) {
    r.disappearing_mode_is_on = Boolean(r.disappearing_mode_duration);
    r.disappearing_mode_label = timerLabel(r.disappearing_mode_duration);
  } else {
    r.disappearing_mode_duration = null;
    r.disappearing_mode_is_on = null;
    r.disappearing_mode_label = null;
  }
  if (!('phone_status' in r)) r.phone_status = null;
  if (!('sync_policy' in r)) r.sync_policy = null;
  return r;
}

export const whatsappContacts: DeviceModule = {
  slug: 'whatsapp_contacts',
  description: 'WhatsApp contacts and each chat\'s disappearing-messages timer (ContactsV2.sqlite)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    // As MVT: the first database found.
    return withFirstDb(source, /^AppDomainGroup-group\.net\.whatsapp\.WhatsApp\.shared-ContactsV2\.sqlite$/, /^\/private\/var\/mobile\/Containers\/Shared\/AppGroup\/[^/]+\/ContactsV2\.sqlite$/, 'ContactsV2.sqlite', (db) => {
      db.require('ZWAADDRESSBOOKCONTACT', ['Z_PK']);
      const have = db.columns('ZWAADDRESSBOOKCONTACT');
      const chosen = CONTACT_COLUMNS.flatMap(([key, cands]) => {
        const col = cands.find((c) => have.has(c));
        return col ? [[key, col] as const] : [];
      });
      const hasDuration = chosen.some(([key]) => key === 'disappearing_mode_duration');
      const sql = `SELECT Z_PK AS row_pk${chosen.map(([key, col]) => `, ${col} AS ${key}`).join('')} FROM ZWAADDRESSBOOKCONTACT`;
      return (db.db.prepare(sql).all() as Result[]).map((row) => whatsappContact(row, hasDuration));
    });
  },
  // MVT checks none of these against indicators; the timer is context for what a chat may have lost.
  check: () => [],
  timeline: (records) =>
    records
      .filter((r) => r.disappearing_mode_timestamp)
      .map((r) => {
        const who = r.whatsapp_id || r.lid || r.phone_number || 'unknown';
        return {
          timestamp: r.disappearing_mode_timestamp as string,
          module: 'whatsapp_contacts',
          event: 'disappearing_mode_set',
          data: `WhatsApp disappearing messages timer set to '${pyStr(r.disappearing_mode_label)}' for ${who}${r.full_name ? ` (${r.full_name})` : ''}`,
        };
      }),
};
