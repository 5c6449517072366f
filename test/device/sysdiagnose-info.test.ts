// sysdiagnose_info: the device and archive fields MVT's SysdiagnoseInfo gathers, compared with its
// steps written in Python over the same archive (read with tarfile, as MVT reads it), the creation
// time for any offset, and an archive without those files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { recheckResults, runDeviceCheck, sysdiagnoseSource } from '../../src/device/index.ts';
import { sysdiagnoseCreation } from '../../src/device/modules/sysdiagnose-info.ts';
import { IPHONE_MODELS, iphoneModelName } from '../../src/device/ios-models.ts';
import { buildSysdiagnose, writeTarGz } from '../../src/device/synthetic/index.ts';
import { MatchIndex } from '../../src/indicators/index.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { only } from '../helpers/device.ts';
import { python } from '../helpers/python.ts';


// MVT's steps, in Python, over the archive itself.
const PY_INFO = `
import datetime, fnmatch, json, os, plistlib, re, sqlite3, sys, tarfile, tempfile
tar = tarfile.open(sys.argv[1])
names = tar.getnames()
read = lambda n: tar.extractfile(tar.getmember(n)).read()
res = {}
for n in fnmatch.filter(names, "*/logs/appinstallation/appstored.sqlitedb"):
    d = tempfile.mkdtemp()
    p = os.path.join(d, "a.db")
    open(p, "wb").write(read(n))
    cur = sqlite3.connect(p).cursor()
    for (blob,) in cur.execute("SELECT sinfs_data FROM asset;").fetchall():
        try:
            sinf = plistlib.loads(blob)[0]["sinf"]
        except (plistlib.InvalidFileException, IndexError, KeyError, TypeError):
            continue
        m = re.search(rb"name(.*?)\\x00", sinf)
        if m:
            res["Account Name"] = m.group(1).decode("utf-8", errors="replace")
            break
    row = cur.execute("SELECT store_account_name FROM job_software WHERE store_account_name IS NOT NULL LIMIT 1;").fetchone()
    if row:
        res["Email Address"] = row[0]
for n in fnmatch.filter(names, "*/logs/MobileActivation/collection_oob_request.txt"):
    m = re.search(rb"BODY:\\s+({.+?})\\s", read(n), re.MULTILINE)
    b = json.loads(m.group(1))
    res.update({"SerialNumber": b.get("serial-number"), "ProductType": b.get("productType"), "ProductName": b.get("productName"), "IMEI": b.get("imei"),
                "ProductVersion": b.get("os-version"), "UniqueIdentifier": b.get("udid"), "MEID": b.get("meid"), "BuildVersion": b.get("os-build")})
for n in fnmatch.filter(names, "*/remotectl_dumpstate.txt"):
    inside = False
    for line in read(n).decode("utf-8", errors="replace").splitlines():
        if not inside:
            inside = line == "\\tProperties: {"
            continue
        if line == "\\t}":
            break
        k, sep, v = line.partition("=>")
        if sep:
            res[k.strip()] = v.strip()
for n in fnmatch.filter(names, "*/sysdiagnose.log"):
    m = re.search(r"sysdiagnose_\\S+?\\.tar\\.gz", read(n).decode("utf-8", errors="replace"))
    name = os.path.basename(m.group(0))
    created = datetime.datetime.strptime("_".join(name.split("_")[1:3]), "%Y.%m.%d_%H-%M-%S%z")
    res["OriginalFilename"] = name
    res["CreatedTimestamp"] = created.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
# get_device_desc_from_id over the list of models (argv[2]): the first identifier that matches.
product_name = next((d for i, d in json.loads(sys.argv[2]) if i == res.get("ProductType", "")), "")
if product_name:
    res["ProductName"] = product_name
print(json.dumps(res))
`;

describe('sysdiagnose_info', () => {
  it('gathers MVT\'s fields in MVT\'s order from the four files, as Python does over the archive', async () => {
    const archive = buildSysdiagnose(path.join(tempDir(), 'sd.tar.gz'));
    const out = tempDir();
    const src = await sysdiagnoseSource(archive);
    try {
      const r = await runDeviceCheck(src, only('sysdiagnose_info'), new MatchIndex([]), out);
      assert.deepEqual([r.alerts, r.timeline], [[], []]);
    } finally {
      src.cleanup();
    }
    const saved = fs.readFileSync(path.join(out, 'sysdiagnose_info.json'), 'utf8');
    assert.equal(JSON.stringify(JSON.parse(saved)), JSON.stringify(JSON.parse(python(PY_INFO, [archive, JSON.stringify(IPHONE_MODELS)]))));
    const info = JSON.parse(saved);
    // The request's "iPhone OS" gives way to the model's name.
    assert.deepEqual([info.ProductType, info.ProductName], ['iPhone12,1', 'iPhone 11']);
    assert.deepEqual([iphoneModelName('iPhone14,8'), iphoneModelName('iPhone99,1')], ['iPhone 14 Plus', '']);
    assert.deepEqual([info['Account Name'], info['Email Address'], info.CreatedTimestamp, info.RegionCode], ['José Owner', 'owner@example.org', '2021-05-03 07:00:00.000000', 'B']);
    // check-iocs reads the dictionary back without a finding.
    assert.deepEqual(recheckResults(out, new MatchIndex([])).alerts, []);
  });

  it('reads the creation time of any offset as Python\'s strptime does, and nothing from a renamed archive', () => {
    const names = ['2021.05.03_09-00-00+0200', '2019.12.31_23-59-59-0930', '2024.02.29_00-00-00+1400', '2021.05.03_09-00-00+0000'].map((t) => `sysdiagnose_${t}_iPhone-OS_iPhone_18E212.tar.gz`);
    const expected = python(`
import datetime, sys
for n in sys.argv[1:]:
    print(datetime.datetime.strptime("_".join(n.split("_")[1:3]), "%Y.%m.%d_%H-%M-%S%z").astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f"))
`, names).trim().split('\n');
    assert.deepEqual(names.map((n) => sysdiagnoseCreation(`Output path: /var/x/${n}`)?.created), expected);
    assert.deepEqual(sysdiagnoseCreation('Output path: /var/x/sysdiagnose_renamed.tar.gz'), { name: 'sysdiagnose_renamed.tar.gz', created: null });
    assert.equal(sysdiagnoseCreation('no archive named here'), null);
  });

  it('says not found for an archive without any of its files, and the other modules go on', async () => {
    const archive = writeTarGz(path.join(tempDir(), 'bare.tar.gz'), [{ name: 'sd/system_logs.logarchive/Extra/shutdown.log', data: 'SIGTERM: [1620030000]\n' }]);
    const src = await sysdiagnoseSource(archive);
    try {
      const r = await runDeviceCheck(src, only('sysdiagnose_info', 'shutdown_log'), new MatchIndex([]));
      assert.match(JSON.stringify(r.modules.find((m) => m.slug === 'sysdiagnose_info')?.error), /DEVICE_NOT_FOUND/);
      assert.equal(r.modules.find((m) => m.slug === 'shutdown_log')?.error, undefined);
    } finally {
      src.cleanup();
    }
  });
});
