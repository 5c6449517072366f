// Shortcuts (Shortcuts.sqlite): automations, with the URLs their actions open.
import { parsePlist } from '../plist.ts';
import { appleTime } from '../sqlite.ts';
import type { DeviceModule, Result } from '../types.ts';
import { dictOf, matchAlerts, withModuleDb, urlsIn } from './common.ts';

export const shortcuts: DeviceModule = {
  slug: 'shortcuts',
  description: 'Shortcuts automations and the URLs their actions open (Shortcuts.sqlite)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return withModuleDb(source, { domain: 'HomeDomain', path: 'Library/Shortcuts/Shortcuts.sqlite' }, ['/private/var/mobile/Library/Shortcuts/Shortcuts.sqlite'], (db) => {
      db.require('ZSHORTCUT', ['Z_PK', 'ZNAME', 'ZCREATIONDATE', 'ZMODIFICATIONDATE', 'ZACTIONSDESCRIPTION']);
      db.require('ZSHORTCUTACTIONS', ['ZSHORTCUT', 'ZDATA']);
      const rows = db.db.prepare('SELECT s.Z_PK AS shortcut_id, s.ZNAME AS shortcut_name, s.ZCREATIONDATE AS created, s.ZMODIFICATIONDATE AS modified, s.ZACTIONSDESCRIPTION AS description, a.ZDATA AS action_data FROM ZSHORTCUT s LEFT JOIN ZSHORTCUTACTIONS a ON a.ZSHORTCUT = s.Z_PK').all() as Result[];
      return rows.map(({ action_data, created, modified, ...r }) => {
        let actions: { identifier: unknown; urls: string[] }[] = [];
        try {
          const list = Buffer.isBuffer(action_data) ? parsePlist(action_data, `shortcut ${r.shortcut_id}`) : [];
          // URLs can sit in any parameter: look through all of them.
          actions = (Array.isArray(list) ? list : []).map((a) => ({ identifier: dictOf(a).WFWorkflowActionIdentifier ?? null, urls: urlsIn(JSON.stringify(dictOf(a).WFWorkflowActionParameters ?? null)) }));
        } catch {
          actions = [];
        }
        return { ...r, description: Buffer.isBuffer(r.description) ? r.description.toString('utf8') : r.description ?? null, isodate: appleTime(created), modified_date: appleTime(modified), parsed_actions: actions.length, action_urls: actions.flatMap((a) => a.urls) } as Result;
      });
    });
  },
  check: (records, { index }) => records.flatMap((r) => (r.action_urls as string[]).flatMap((u) => matchAlerts('shortcuts', r, r.isodate as string | null, index.url(u), `URL in shortcut ${r.shortcut_name}:`))),
  timeline: (records) => records.flatMap((r) => [
    { timestamp: r.isodate as string | null, module: 'shortcuts', event: 'shortcut_created', data: `iOS Shortcut '${r.shortcut_name}': ${r.description ?? ''} ${(r.action_urls as string[]).join(', ')}` },
    { timestamp: r.modified_date as string | null, module: 'shortcuts', event: 'shortcut_modified', data: `iOS Shortcut '${r.shortcut_name}': ${r.description ?? ''}` },
  ]),
};
