// The device-check modules, by slug.
import type { DeviceModule } from '../types.ts';
import { datausage, netusage } from './datausage.ts';
import { manifest } from './manifest.ts';
import { chromeHistory, firefoxHistory, safariHistory } from './browser-history.ts';
import { shutdownlog } from './shutdownlog.ts';
import { sms } from './sms.ts';
import { profiles } from './profiles.ts';
import { calls, tcc } from './more.ts';
import { whatsapp } from './whatsapp.ts';
import { browserState, resourceLoadStatistics, sessionResourceLog } from './webkit.ts';
import { applications, locationdClients, osanalyticsAddaily, profileEvents } from './ios-plists.ts';
import { interactionC } from './interactionc.ts';
import { shortcuts } from './ios-dbs.ts';
import { smsAttachments } from './sms-attachments.ts';
import { triangleCheck } from './triangle.ts';
import { aqfFiles, aqfGetprop, aqfPackages, aqfProcesses, aqfSettings, aqfSms } from './android-qf.ts';
import { dumpsysAccessibility, dumpsysAppops, dumpsysBatteryHistory, dumpsysPackages, dumpsysReceivers } from './android-dumpsys.ts';

export const MODULES: DeviceModule[] = [manifest, sms, smsAttachments, whatsapp, calls, safariHistory, chromeHistory, firefoxHistory, browserState, resourceLoadStatistics, sessionResourceLog, datausage, netusage, osanalyticsAddaily, tcc, profiles, profileEvents, locationdClients, interactionC, shortcuts, applications, shutdownlog, triangleCheck,
  aqfPackages, aqfProcesses, aqfGetprop, aqfSettings, aqfFiles, aqfSms, dumpsysPackages, dumpsysReceivers, dumpsysAppops, dumpsysBatteryHistory, dumpsysAccessibility];
