// The device-check modules, by slug.
import type { DeviceModule } from '../types.ts';
import { datausage, netusage } from './datausage.ts';
import { manifest } from './manifest.ts';
import { chromeHistory, firefoxHistory, safariHistory } from './browser-history.ts';
import { shutdownlog } from './shutdownlog.ts';
import { sms } from './sms.ts';
import { profiles } from './profiles.ts';
import { calls, tcc, whatsapp } from './more.ts';
import { aqfFiles, aqfGetprop, aqfPackages, aqfProcesses, aqfSettings } from './android-qf.ts';
import { dumpsysAccessibility, dumpsysAppops, dumpsysBatteryHistory, dumpsysPackages, dumpsysReceivers } from './android-dumpsys.ts';

export const MODULES: DeviceModule[] = [manifest, sms, whatsapp, calls, safariHistory, chromeHistory, firefoxHistory, datausage, netusage, tcc, profiles, shutdownlog,
  aqfPackages, aqfProcesses, aqfGetprop, aqfSettings, aqfFiles, dumpsysPackages, dumpsysReceivers, dumpsysAppops, dumpsysBatteryHistory, dumpsysAccessibility];
