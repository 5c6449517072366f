// The device-check modules, by slug.
import type { DeviceModule } from '../types.ts';
import { datausage, netusage } from './datausage.ts';
import { manifest } from './manifest.ts';
import { chromeHistory, firefoxHistory, safariHistory } from './browser-history.ts';
import { shutdownlog } from './shutdownlog.ts';
import { sysdiagnoseInfo } from './sysdiagnose-info.ts';
import { sms } from './sms.ts';
import { profiles } from './profiles.ts';
import { calls, tcc } from './more.ts';
import { whatsapp } from './whatsapp.ts';
import { browserState, resourceLoadStatistics, sessionResourceLog } from './webkit.ts';
import { applications, locationdClients, osanalyticsAddaily, profileEvents } from './ios-plists.ts';
import { interactionC } from './interactionc.ts';
import { backupInfo, globalPreferences, idStatusCache } from './ios-identity.ts';
import { calendar, contacts, whatsappContacts } from './ios-personal.ts';
import { chromeFavicon, firefoxFavicon, safariFavicon } from './favicons.ts';
import { filesystem, webkitIndexedDb, webkitLocalStorage, webkitSafariViewService } from './fs-dump.ts';
import { analytics, analyticsIosVersions, cacheFiles, versionHistory } from './fs-analytics.ts';
import { shortcuts } from './ios-dbs.ts';
import { smsAttachments } from './sms-attachments.ts';
import { triangleCheck } from './triangle.ts';
import { aqfFiles, aqfGetprop, aqfPackages, aqfProcesses, aqfSms } from './android-qf.ts';
import { aqfSettings, dumpsysSettings } from './android-settings.ts';
import { magiskModules, mounts, rootBinaries } from './android-root.ts';
import { dumpsysAdb } from './android-adb.ts';
import { browserHistoryAndroid } from './android-browser.ts';
import { aqfLogTimestamps } from './android-logs.ts';
import { samsungSfsLogs } from './android-samsung.ts';
import { tombstones } from './android-tombstones.ts';
import { bugreportProcesses, bugreportTimestamps, dumpsysGetprop } from './android-bugreport.ts';
import { connectEvent, dnsEvent, securityEvent } from './intrusion-logs.ts';
import { dumpsysAccessibility, dumpsysActivities, dumpsysAppops, dumpsysBatteryDaily, dumpsysBatteryHistory, dumpsysDbinfo, dumpsysPackages, dumpsysPlatformCompat, dumpsysReceivers } from './android-dumpsys.ts';

export const MODULES: DeviceModule[] = [backupInfo, manifest, sms, smsAttachments, whatsapp, whatsappContacts, calls, calendar, contacts, safariHistory, chromeHistory, chromeFavicon, firefoxHistory, firefoxFavicon, browserState, resourceLoadStatistics, sessionResourceLog, datausage, netusage, osanalyticsAddaily, tcc, profiles, profileEvents, locationdClients, interactionC, shortcuts, applications, idStatusCache, globalPreferences, shutdownlog, sysdiagnoseInfo, filesystem, webkitIndexedDb, webkitLocalStorage, webkitSafariViewService, safariFavicon, analytics, analyticsIosVersions, versionHistory, cacheFiles, triangleCheck,
  aqfPackages, aqfProcesses, aqfGetprop, aqfSettings, aqfFiles, aqfSms, rootBinaries, mounts, magiskModules, browserHistoryAndroid, aqfLogTimestamps, samsungSfsLogs, dumpsysPackages, dumpsysReceivers, dumpsysAppops, dumpsysBatteryHistory, dumpsysBatteryDaily, dumpsysDbinfo, dumpsysActivities, dumpsysPlatformCompat, dumpsysAccessibility, dumpsysSettings, dumpsysAdb, dumpsysGetprop, bugreportProcesses, bugreportTimestamps, tombstones,
  dnsEvent, connectEvent, securityEvent];

/** MVT's class for each module it has: MVT's timeline.csv names a row's module by it (Plugin). */
const MVT_CLASSES: Record<string, string> = {
  manifest: 'Manifest', sms: 'SMS', sms_attachments: 'SMSAttachments', whatsapp: 'Whatsapp', calls: 'Calls', safari_history: 'SafariHistory', chrome_history: 'ChromeHistory',
  firefox_history: 'FirefoxHistory', safari_browser_state: 'SafariBrowserState', webkit_resource_load_statistics: 'WebkitResourceLoadStatistics', webkit_session_resource_log: 'WebkitSessionResourceLog',
  datausage: 'Datausage', netusage: 'Netusage', os_analytics_ad_daily: 'OSAnalyticsADDaily', tcc: 'TCC', configuration_profiles: 'ConfigurationProfiles', profile_events: 'ProfileEvents',
  locationd_clients: 'LocationdClients', interaction_c: 'InteractionC', shortcuts: 'Shortcuts', applications: 'Applications', id_status_cache: 'IDStatusCache', global_preferences: 'GlobalPreferences', shutdown_log: 'ShutdownLog',
  filesystem: 'Filesystem', webkit_indexeddb: 'WebkitIndexedDB', webkit_local_storage: 'WebkitLocalStorage', webkit_safari_view_service: 'WebkitSafariViewService',
  safari_favicon: 'SafariFavicon', chrome_favicon: 'ChromeFavicon', firefox_favicon: 'FirefoxFavicon',
  analytics: 'Analytics', analytics_ios_versions: 'AnalyticsIOSVersions', version_history: 'IOSVersionHistory', cache_files: 'CacheFiles',
  backup_info: 'BackupInfo', sysdiagnose_info: 'SysdiagnoseInfo', calendar: 'Calendar', contacts: 'Contacts', whatsapp_contacts: 'WhatsappContacts',
  aqf_packages: 'AQFPackages', aqf_processes: 'AQFProcesses', aqf_get_prop: 'AQFGetProp', aqf_settings: 'AQFSettings', aqf_files: 'AQFFiles', aqf_sms: 'SMS', root_binaries: 'RootBinaries', mounts: 'Mounts', magisk_modules: 'MagiskModules', browser_history: 'BrowserHistory', aqf_log_timestamps: 'AQFLogTimestamps', samsung_sfs_logs: 'SamsungSFSLogs',
  dumpsys_packages: 'DumpsysPackages', dumpsys_receivers: 'DumpsysReceivers', dumpsys_appops: 'DumpsysAppops', dumpsys_battery_history: 'DumpsysBatteryHistory', dumpsys_battery_daily: 'DumpsysBatteryDaily', dumpsys_dbinfo: 'DumpsysDBInfo', dumpsys_activities: 'DumpsysActivities', dumpsys_platform_compat: 'DumpsysPlatformCompat', dumpsys_accessibility: 'DumpsysAccessibility', settings: 'Settings', dumpsys_adb_state: 'DumpsysADBState', dumpsys_get_prop: 'DumpsysGetProp', processes: 'Processes', bugreport_timestamps: 'BugReportTimestamps', tombstones: 'Tombstones',
  dns_event: 'DnsEvent', connect_event: 'ConnectEvent', security_event: 'SecurityEvent',
};

/** The Plugin of a module's rows in timeline.csv: MVT's class, or vigil's slug for a module MVT lacks. */
export const pluginOf = (slug: string): string => MVT_CLASSES[slug] ?? slug;

/** The name of a module's results files. */
export const resultsNameOf = (m: DeviceModule): string => m.results ?? m.slug;
