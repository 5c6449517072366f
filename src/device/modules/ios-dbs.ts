// Shortcuts (Shortcuts.sqlite): automations, with the URLs their actions open.
import { parsePlist } from '../plist.ts';
import { pythonBytesText } from '../python-values.ts';
import type { DeviceModule, Result } from '../types.ts';
import { dictOf, matchAlerts, withModuleDb, urlsIn } from './common.ts';
import { mvtTimeOfApple } from '../time.ts';

export const shortcuts: DeviceModule = {
  slug: 'shortcuts',
  description: 'Shortcuts automations and the URLs their actions open (Shortcuts.sqlite)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return withModuleDb(source, { domain: 'HomeDomain', path: 'Library/Shortcuts/Shortcuts.sqlite' }, ['/private/var/mobile/Library/Shortcuts/Shortcuts.sqlite'], (db) => {
      db.require('ZSHORTCUT', ['Z_PK', 'ZNAME', 'ZCREATIONDATE', 'ZMODIFICATIONDATE', 'ZACTIONSDESCRIPTION']);
      db.require('ZSHORTCUTACTIONS', ['ZSHORTCUT', 'ZDATA']);
      const rows = db.db.prepare('SELECT s.Z_PK AS shortcut_id, s.ZNAME AS shortcut_name, s.ZCREATIONDATE AS created, s.ZMODIFICATIONDATE AS modified, s.ZACTIONSDESCRIPTION AS description, a.ZDATA AS action_data FROM ZSHORTCUT s LEFT JOIN ZSHORTCUTACTIONS a ON a.ZSHORTCUT = s.Z_PK').all() as Result[];
      // MVT's record, in its order; actions that do not parse (or none) give no URLs (null) and 0 actions.
      return rows.map(({ action_data, created, modified, shortcut_id, shortcut_name, description }) => {
        let actions: { identifier: unknown; urls: string[] }[] | null = null;
        try {
          const list = Buffer.isBuffer(action_data) ? parsePlist(action_data, `shortcut ${shortcut_id}`) : null;
          // URLs can sit in any parameter: look through all of them.
          if (Array.isArray(list)) actions = list.map((a) => ({ identifier: dictOf(a).WFWorkflowActionIdentifier ?? null, urls: urlsIn(JSON.stringify(dictOf(a).WFWorkflowActionParameters ?? null)) }));
        } catch {
          actions = null;
        }
        const text = (v: unknown) => (Buffer.isBuffer(v) ? pythonBytesText(v) : v ?? null);
        return { shortcut_id, shortcut_name: text(shortcut_name), modified_date: mvtTimeOfApple(modified) ?? '', description: text(description), parsed_actions: actions?.length ?? 0, action_urls: actions ? actions.flatMap((a) => a.urls) : null, isodate: mvtTimeOfApple(created) ?? '' } as Result;
      });
    });
  },
  check: (records, { index }) => records.flatMap((r) => ((r.action_urls as string[] | null) ?? []).flatMap((u) => matchAlerts('shortcuts', r, (r.isodate as string) || null, index.url(u), `URL in shortcut ${r.shortcut_name}:`))),
  // MVT's two rows, both naming the URLs the actions open.
  timeline: (records) => records.flatMap((r) => {
    const urls = (r.action_urls as string[] | null) ?? [];
    const data = `iOS Shortcut '${r.shortcut_name}': ${r.description ?? ''} ${urls.length > 0 ? `- URLs in actions: ${urls.join(', ')}` : ''}`;
    return [
      { timestamp: r.isodate as string, module: 'shortcuts', event: 'shortcut_created', data },
      { timestamp: r.modified_date as string, module: 'shortcuts', event: 'shortcut_modified', data },
    ];
  }),
};
