// What the synthetic iOS evidence plants where each module looks: values from the bundled Amnesty
// indicator files (Pegasus, Predator), named so that tests can say which module must find which.

export interface Planted {
  whatsappDomain: string;
  chromeDomain: string;
  tccClient: string;
  smsDomain: string;
  safariDomain: string;
  safariProfileDomain: string;
  pathDomain: string;
  process: string;
  truncatedProcess: string;
  fileName: string;
  browserStateDomain: string;
  observedDomain: string;
  redirectDomain: string;
  addailyProcess: string;
  locationProcess: string;
  interactionDomain: string;
  shortcutDomain: string;
  sideloadedApp: string;
  /** An iMessage account of Pegasus's, in the identity services' lookup cache. */
  lookupEmail: string;
  indexedDbDomain: string;
  localStorageDomain: string;
  /** An icon Chrome cached (the page is harmless; the icon came from a Pegasus domain). */
  chromeIconDomain: string;
  /** A page whose icon Safari rejected. */
  safariIconPageDomain: string;
  /** A Pegasus iMessage account as the organizer of a calendar invitation. */
  calendarEmail: string;
  /** An icon Firefox cached from a Pegasus domain. */
  firefoxIconDomain: string;
  /** A Pegasus process named in an analytics record of a dump. */
  analyticsProcess: string;
  /** A Pegasus domain whose response an app's URL cache kept (a dump's Cache.db). */
  cacheDomain: string;
}

export const PLANTED: Planted = {
  whatsappDomain: 'shortenurls.me',
  chromeDomain: 'oneleadingchat.com',
  tccClient: 'com.apple.Mappit.SnapshotService',
  smsDomain: 'weather4free.com',
  safariDomain: 'smscentro.com',
  safariProfileDomain: 'free247downloads.com',
  pathDomain: 'tookcheckout.com',
  process: 'bh',
  truncatedProcess: 'ReminderIntentsUIExtension',
  fileName: 'roleaccountd.plist',
  browserStateDomain: 'autodiscount.info',
  observedDomain: 'avocadofight.com',
  redirectDomain: 'awardpractice.com',
  addailyProcess: 'confinstalld',
  locationProcess: 'ctrlfs',
  interactionDomain: 'bahrainsms.co',
  shortcutDomain: 'babies-bottles.com',
  sideloadedApp: 'com.example.enterprise.helper',
  lookupEmail: 'bogaardlisa803@gmail.com',
  indexedDbDomain: 'mz-vodacom.info',
  localStorageDomain: 'novoicenoprob.net',
  chromeIconDomain: 'systemtrees.com',
  safariIconPageDomain: 'mysadaga.com',
  calendarEmail: 'ameliehaggart@gmail.com',
  firefoxIconDomain: 'telecom-info.com',
  analyticsProcess: 'appccntd',
  cacheDomain: 'myshoesforever.com',
};
