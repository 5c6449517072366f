// The message and handle tables of sms.db as recent iOS versions create them (every column, with
// its type and default), so synthetic backups exercise what a real one holds: modules must cope
// with the 80-odd columns a `SELECT message.*` returns, not a convenient handful.
const MESSAGE_COLUMNS = [
  'ROWID INTEGER PRIMARY KEY AUTOINCREMENT', 'guid TEXT UNIQUE NOT NULL', 'text TEXT', 'replace INTEGER DEFAULT 0', 'service_center TEXT',
  'handle_id INTEGER DEFAULT 0', 'subject TEXT', 'country TEXT', 'attributedBody BLOB', 'version INTEGER DEFAULT 0', 'type INTEGER DEFAULT 0',
  'service TEXT', 'account TEXT', 'account_guid TEXT', 'error INTEGER DEFAULT 0', 'date INTEGER', 'date_read INTEGER', 'date_delivered INTEGER',
  ...['is_delivered', 'is_finished', 'is_emote', 'is_from_me', 'is_empty', 'is_delayed', 'is_auto_reply', 'is_prepared', 'is_read',
    'is_system_message', 'is_sent', 'has_dd_results', 'is_service_message', 'is_forward', 'was_downgraded', 'is_archive',
    'cache_has_attachments'].map((c) => `${c} INTEGER DEFAULT 0`),
  'cache_roomnames TEXT', 'was_data_detected INTEGER DEFAULT 0', 'was_deduplicated INTEGER DEFAULT 0', 'is_audio_message INTEGER DEFAULT 0',
  'is_played INTEGER DEFAULT 0', 'date_played INTEGER', 'item_type INTEGER DEFAULT 0', 'other_handle INTEGER DEFAULT 0', 'group_title TEXT',
  ...['group_action_type', 'share_status', 'share_direction', 'is_expirable', 'expire_state', 'message_action_type', 'message_source'].map((c) => `${c} INTEGER DEFAULT 0`),
  'associated_message_guid TEXT', 'associated_message_type INTEGER DEFAULT 0', 'balloon_bundle_id TEXT', 'payload_data BLOB',
  'expressive_send_style_id TEXT', 'associated_message_range_location INTEGER DEFAULT 0', 'associated_message_range_length INTEGER DEFAULT 0',
  'time_expressive_send_played INTEGER', 'message_summary_info BLOB', 'ck_sync_state INTEGER DEFAULT 0', 'ck_record_id TEXT',
  'ck_record_change_tag TEXT', 'destination_caller_id TEXT', 'is_corrupt INTEGER DEFAULT 0', 'reply_to_guid TEXT', 'sort_id INTEGER',
  'is_spam INTEGER DEFAULT 0', 'has_unseen_mention INTEGER DEFAULT 0', 'thread_originator_guid TEXT', 'thread_originator_part TEXT',
  'syndication_ranges TEXT', 'synced_syndication_ranges TEXT', 'was_delivered_quietly INTEGER DEFAULT 0', 'did_notify_recipient INTEGER DEFAULT 0',
  'date_retracted INTEGER', 'date_edited INTEGER', 'was_detonated INTEGER DEFAULT 0', 'part_count INTEGER', 'is_stewie INTEGER DEFAULT 0',
  'is_sos INTEGER DEFAULT 0', 'is_critical INTEGER DEFAULT 0', 'bia_reference_id TEXT', 'is_kt_verified INTEGER DEFAULT 0', 'fallback_hash TEXT',
];

export const SMS_DB_SCHEMA = `
  CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, country TEXT, service TEXT NOT NULL, uncanonicalized_id TEXT, person_centric_id TEXT, UNIQUE (id, service));
  CREATE TABLE message (${MESSAGE_COLUMNS.join(', ')});
  CREATE INDEX message_idx_date ON message(date);
  CREATE INDEX message_idx_handle ON message(handle_id, date);
  CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, created_date INTEGER DEFAULT 0,
    start_date INTEGER DEFAULT 0, filename TEXT, uti TEXT, mime_type TEXT, transfer_state INTEGER DEFAULT 0, is_outgoing INTEGER DEFAULT 0,
    user_info BLOB, transfer_name TEXT, total_bytes INTEGER DEFAULT 0, is_sticker INTEGER DEFAULT 0, sticker_user_info BLOB,
    attribution_info BLOB, hide_attachment INTEGER DEFAULT 0, ck_sync_state INTEGER DEFAULT 0, ck_server_change_token_blob BLOB,
    ck_record_id TEXT, original_guid TEXT UNIQUE NOT NULL, sr_ck_sync_state INTEGER DEFAULT 0, sr_ck_server_change_token_blob BLOB,
    sr_ck_record_id TEXT, is_commsafety_sensitive INTEGER DEFAULT 0);
  CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE,
    attachment_id INTEGER REFERENCES attachment (ROWID) ON DELETE CASCADE, UNIQUE(message_id, attachment_id))`;
