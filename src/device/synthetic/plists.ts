// Property lists of the synthetic backup that iOS writes whole: the backup's Info.plist with its
// installed applications, and configuration-profile stubs. Shaped as a real phone's (their keys,
// types and nesting), since MVT and vigil keep them whole in their results.
import { bplist } from './bplist-write.ts';

/** An app's iTunesMetadata as the App Store (or another installer) writes it. */
function appMetadata(id: string, source: string): Buffer {
  return bplist({
    softwareVersionBundleId: id,
    itemName: id.split('.').pop() ?? id,
    itemId: 310633997,
    artistName: 'Example',
    bundleShortVersionString: '1.0',
    bundleVersion: '100',
    genre: 'Social Networking',
    releaseDate: '2009-05-04T07:00:00Z',
    sourceApp: source,
    'com.apple.iTunesStore.downloadInfo': { purchaseDate: '2021-04-20T10:00:00Z', accountInfo: { DSPersonID: 12345, AppleID: 'owner@example.org' } },
  });
}

/** The backup's Info.plist, with its installed applications (their iTunesMetadata as embedded plists). */
export function infoPlist(sideloadedApp: string): Buffer {
  return bplist({
    'Build Version': '18E199',
    'Device Name': 'iPhone',
    'Display Name': 'iPhone',
    GUID: '5E9A1C0B7D3F4A2E8B6C0D1E2F3A4B5C',
    ICCID: '8944000000000000000',
    IMEI: '350000000000000',
    'Installed Applications': ['net.whatsapp.WhatsApp', sideloadedApp],
    'Last Backup Date': new Date('2021-05-04T10:00:00Z'),
    'Phone Number': '+44 7700 900123',
    'Product Name': 'iPhone 11',
    'Product Type': 'iPhone12,1',
    'Product Version': '14.5',
    'Serial Number': 'F00EXAMPLE01',
    'Target Identifier': '00008030-000A1B2C3D4E5F60',
    'Target Type': 'Device',
    'Unique Identifier': '00008030-000A1B2C3D4E5F60',
    'iTunes Version': '12.11.3.17',
    Applications: {
      'net.whatsapp.WhatsApp': { iTunesMetadata: appMetadata('net.whatsapp.WhatsApp', 'com.apple.AppStore') },
      // Still installing: iOS keeps the icon it shows meanwhile.
      [sideloadedApp]: { iTunesMetadata: appMetadata(sideloadedApp, 'com.example.installer'), PlaceholderIcon: Buffer.from('89504e470d0a1a0a', 'hex') },
    },
  });
}

/** A configuration-profile stub: the profile's payloads, signer certificate and install date. */
export function profilePlist(uuid: string, identifier: string, payloadType: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>PayloadType</key><string>Configuration</string>
<key>PayloadUUID</key><string>${uuid}</string>
<key>PayloadIdentifier</key><string>${identifier}</string>
<key>PayloadDisplayName</key><string>Profile &amp; settings</string>
<key>PayloadDescription</key><string>Settings for ${identifier}</string>
<key>PayloadVersion</key><integer>1</integer>
<key>InstallDate</key><date>2021-05-03T07:30:00Z</date>
<key>SignerCerts</key><array><data>MIIBszCCAVmgAwIBAgIUYQ==</data></array>
<key>PayloadContent</key><array><dict>
<key>PayloadType</key><string>${payloadType}</string>
<key>PayloadUUID</key><string>${uuid.split('').reverse().join('')}</string>
<key>PayloadIdentifier</key><string>${identifier}.payload</string>
<key>PERSISTENT_REF</key><data>AAECAw==</data>
</dict></array>
</dict></plist>`;
}
