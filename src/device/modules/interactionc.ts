// InteractionC (CoreDuet's interactionC.db): who the phone interacted with, through which app,
// with what attachment, read with MVT's fields (after APOLLO's query): the interaction, its sender
// and recipient contacts and its attachment joined in. A column or join table another iOS version
// lacks reads as null rather than failing the module.
import { type EvidenceDb } from '../sqlite.ts';
import type { DeviceModule, Result } from '../types.ts';
import { matchAlerts, urlsIn, withModuleDb } from './common.ts';
import { mvtTimeOfApple } from '../time.ts';

// MVT's field, then the table (I interaction, C sender, R recipient, A attachment) and column.
const FIELDS: [string, 'I' | 'C' | 'R' | 'A', string][] = [
  ['start_date', 'I', 'ZSTARTDATE'], ['end_date', 'I', 'ZENDDATE'], ['bundle_id', 'I', 'ZBUNDLEID'], ['account', 'I', 'ZACCOUNT'],
  ['target_bundle_id', 'I', 'ZTARGETBUNDLEID'], ['direction', 'I', 'ZDIRECTION'], ['sender_display_name', 'C', 'ZDISPLAYNAME'],
  ['sender_identifier', 'C', 'ZIDENTIFIER'], ['sender_personid', 'C', 'ZPERSONID'], ['recipient_display_name', 'R', 'ZDISPLAYNAME'],
  ['recipient_identifier', 'R', 'ZIDENTIFIER'], ['recipient_personid', 'R', 'ZPERSONID'], ['recipient_count', 'I', 'ZRECIPIENTCOUNT'],
  ['domain_identifier', 'I', 'ZDOMAINIDENTIFIER'], ['is_response', 'I', 'ZISRESPONSE'], ['content', 'A', 'ZCONTENTTEXT'], ['uti', 'A', 'ZUTI'],
  ['attachment_content_url', 'A', 'ZCONTENTURL'], ['size', 'A', 'ZSIZEINBYTES'], ['photo_local_id', 'A', 'ZPHOTOLOCALIDENTIFIER'],
  ['attachment_id', 'A', 'ZIDENTIFIER'], ['cloud_id', 'A', 'ZCLOUDIDENTIFIER'], ['incoming_recipient_count', 'C', 'ZINCOMINGRECIPIENTCOUNT'],
  ['incoming_sender_count', 'C', 'ZINCOMINGSENDERCOUNT'], ['outgoing_recipient_count', 'C', 'ZOUTGOINGRECIPIENTCOUNT'],
  ['interactions_creation_date', 'I', 'ZCREATIONDATE'], ['contacts_creation_date', 'C', 'ZCREATIONDATE'],
  ['first_incoming_recipient_date', 'C', 'ZFIRSTINCOMINGRECIPIENTDATE'], ['first_incoming_sender_date', 'C', 'ZFIRSTINCOMINGSENDERDATE'],
  ['first_outgoing_recipient_date', 'C', 'ZFIRSTOUTGOINGRECIPIENTDATE'], ['last_incoming_sender_date', 'C', 'ZLASTINCOMINGSENDERDATE'],
  ['last_incoming_recipient_date', 'C', 'ZLASTINCOMINGRECIPIENTDATE'], ['last_outgoing_recipient_date', 'C', 'ZLASTOUTGOINGRECIPIENTDATE'],
  ['custom_id', 'C', 'ZCUSTOMIDENTIFIER'], ['interaction_content_url', 'I', 'ZCONTENTURL'], ['location_uuid', 'I', 'ZLOCATIONUUID'],
  ['group_name', 'I', 'ZGROUPNAME'], ['derivied_intent_id', 'I', 'ZDERIVEDINTENTIDENTIFIER'], ['table_id', 'I', 'Z_PK'],
];
// MVT's time fields, in the order its timeline takes them.
const TIMES = ['start_date', 'end_date', 'interactions_creation_date', 'contacts_creation_date', 'first_incoming_recipient_date', 'first_incoming_sender_date',
  'first_outgoing_recipient_date', 'last_incoming_sender_date', 'last_incoming_recipient_date', 'last_outgoing_recipient_date'];

function interactions(db: EvidenceDb): Result[] {
  db.require('ZINTERACTIONS', ['Z_PK', 'ZSTARTDATE', 'ZBUNDLEID']);
  const has = (table: string, ...cols: string[]) => cols.every((c) => db.columns(table).has(c));
  const contacts = has('ZCONTACTS', 'Z_PK') && has('ZINTERACTIONS', 'ZSENDER');
  const attachments = has('Z_1INTERACTIONS', 'Z_3INTERACTIONS', 'Z_1ATTACHMENTS') && has('ZATTACHMENT', 'Z_PK');
  const recipients = has('Z_2INTERACTIONRECIPIENT', 'Z_3INTERACTIONRECIPIENT', 'Z_2RECIPIENTS') && has('ZCONTACTS', 'Z_PK');
  const table = { I: ['ZINTERACTIONS', true], C: ['ZCONTACTS', contacts], R: ['ZCONTACTS', recipients], A: ['ZATTACHMENT', attachments] } as const;
  const select = FIELDS.map(([name, t, col]) => {
    const [tableName, joined] = table[t];
    if (!joined || !has(tableName, col)) return `NULL AS "${name}"`;
    if (name === 'direction') return `CASE ${t}.${col} WHEN 0 THEN 'INCOMING' WHEN 1 THEN 'OUTGOING' END AS "${name}"`;
    return name === 'attachment_id' ? `hex(${t}.${col}) AS "${name}"` : `${t}.${col} AS "${name}"`;
  });
  const joins = [
    contacts ? 'LEFT JOIN ZCONTACTS C ON I.ZSENDER = C.Z_PK' : '',
    attachments ? 'LEFT JOIN Z_1INTERACTIONS J ON I.Z_PK = J.Z_3INTERACTIONS LEFT JOIN ZATTACHMENT A ON J.Z_1ATTACHMENTS = A.Z_PK' : '',
    recipients ? 'LEFT JOIN Z_2INTERACTIONRECIPIENT K ON I.Z_PK = K.Z_3INTERACTIONRECIPIENT LEFT JOIN ZCONTACTS R ON K.Z_2RECIPIENTS = R.Z_PK' : '',
  ];
  const rows = db.db.prepare(`SELECT ${select.join(', ')} FROM ZINTERACTIONS I ${joins.join(' ')} ORDER BY I.ZSTARTDATE`).all() as Result[];
  // Times as ISO text, as MVT converts them (a value already text is kept).
  for (const r of rows) for (const t of TIMES) if (typeof r[t] === 'number') r[t] = mvtTimeOfApple(r[t]);
  return rows;
}

export const interactionC: DeviceModule = {
  slug: 'interaction_c',
  description: 'interactions with contacts through apps, their recipients and attachments (CoreDuet interactionC.db)',
  sources: ['backup', 'fs'],
  extract: ({ source }) => withModuleDb(source, { domain: 'HomeDomain', path: 'Library/CoreDuet/People/interactionC.db' }, ['/private/var/mobile/Library/CoreDuet/People/interactionC.db'], interactions),
  check: (records, { index }) => records.flatMap((r) => [
    ...[...new Set([r.interaction_content_url, r.attachment_content_url, r.content].flatMap(urlsIn))].flatMap((u) => matchAlerts('interaction_c', r, r.start_date as string | null, index.url(u), 'link in an interaction')),
    ...(typeof r.bundle_id === 'string' ? matchAlerts('interaction_c', r, r.start_date as string | null, index.process(r.bundle_id), 'interaction through') : []),
  ]),
  // MVT's rows: one for each distinct time of the interaction.
  timeline: (records) =>
    records.flatMap((r) => {
      const seen = new Set<unknown>();
      const data = `[${r.bundle_id}] ${r.account} - from ${r.sender_display_name} (${r.sender_identifier}) to ${r.recipient_display_name ?? ''} (${r.recipient_identifier ?? ''}): ${r.content ?? ''}`;
      return TIMES.filter((t) => {
        if (!r[t] || seen.has(r[t])) return false;
        seen.add(r[t]);
        return true;
      }).map((t) => ({ timestamp: r[t] as string, module: 'interaction_c', event: t, data }));
    }),
};
