// `vigil telemetry generate-zeek`: Zeek dns, conn, ssl and http logs (TSV with #fields headers, or
// JSON) of an office network. A few internal hosts reach Pegasus domains from the bundled Amnesty
// indicators, often as subdomains; decoy names hold those domains inside longer labels.
import fs from 'node:fs';
import path from 'node:path';
import { parseIndicators } from '../indicators/index.ts';
import { Rng } from './rng.ts';

export interface ZeekOptions {
  out: string;
  seed: number;
  hosts: number;
  days: number;
  format: 'tsv' | 'json';
  /** Domains to plant (default: the bundled Pegasus indicators). */
  iocDomains?: string[];
}

export interface ZeekTruth {
  hosts: string[];
  contacts: { host: string; name: string; domain: string; ts: string; logs: string[] }[];
}

const PEGASUS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../data/iocs/amnesty-pegasus-2021/pegasus.stix2');

type Field = [name: string, type: string];
const ID: Field[] = [['ts', 'time'], ['uid', 'string'], ['id.orig_h', 'addr'], ['id.orig_p', 'port'], ['id.resp_h', 'addr'], ['id.resp_p', 'port']];
const LOGS: Record<string, Field[]> = {
  dns: [...ID, ['proto', 'enum'], ['trans_id', 'count'], ['query', 'string'], ['qtype_name', 'string'], ['rcode_name', 'string'], ['answers', 'vector[string]']],
  conn: [...ID, ['proto', 'enum'], ['service', 'string'], ['duration', 'interval'], ['orig_bytes', 'count'], ['resp_bytes', 'count'], ['conn_state', 'string']],
  ssl: [...ID, ['version', 'string'], ['server_name', 'string'], ['established', 'bool']],
  http: [...ID, ['method', 'string'], ['host', 'string'], ['uri', 'string'], ['user_agent', 'string'], ['status_code', 'count']],
};

class ZeekWriter {
  private lines: string[] = [];
  constructor(private readonly log: string, private readonly format: 'tsv' | 'json') {}
  add(values: (string | number | boolean | null | string[])[]): void {
    const fields = LOGS[this.log];
    if (this.format === 'json') {
      const o: Record<string, unknown> = {};
      fields.forEach(([n], i) => {
        if (values[i] !== null) o[n] = values[i];
      });
      this.lines.push(JSON.stringify(o));
    } else {
      this.lines.push(values.map((v) => (v === null ? '-' : Array.isArray(v) ? (v.length ? v.join(',') : '(empty)') : typeof v === 'boolean' ? (v ? 'T' : 'F') : String(v))).join('\t'));
    }
  }
  get count(): number {
    return this.lines.length;
  }
  write(dir: string, openTs: number): string {
    const file = path.join(dir, this.format === 'json' ? `${this.log}.json` : `${this.log}.log`);
    if (this.format === 'json') {
      fs.writeFileSync(file, this.lines.join('\n') + '\n');
      return file;
    }
    const stamp = new Date(openTs).toISOString().replace(/[:T]/g, '-').slice(0, 19);
    const fields = LOGS[this.log];
    const header = [
      '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', `#path\t${this.log}`, `#open\t${stamp}`,
      `#fields\t${fields.map((f) => f[0]).join('\t')}`, `#types\t${fields.map((f) => f[1]).join('\t')}`,
    ];
    fs.writeFileSync(file, [...header, ...this.lines, `#close\t${stamp}`].join('\n') + '\n');
    return file;
  }
}

const WORDS = ['news', 'mail', 'cloud', 'shop', 'bank', 'maps', 'video', 'docs', 'learn', 'travel', 'sport', 'health', 'food', 'music', 'photo', 'code'];
const TLDS = ['com', 'org', 'net', 'io', 'de', 'co.uk', 'fr'];

export async function generateZeek(o: ZeekOptions): Promise<{ lines: Record<string, number>; truth: ZeekTruth; truthFile: string; files: string[] }> {
  const rng = new Rng(o.seed);
  fs.mkdirSync(o.out, { recursive: true });
  const iocs = o.iocDomains ?? parseIndicators(fs.readFileSync(PEGASUS, 'utf8'), PEGASUS).indicators.filter((i) => i.type === 'domain').map((i) => i.value);
  const iocSet = new Set(iocs);
  const benign: string[] = [];
  while (benign.length < 400) {
    const d = `${rng.pick(WORDS)}${rng.pick(WORDS)}${rng.int(1, 99)}.${rng.pick(TLDS)}`;
    if (!iocSet.has(d)) benign.push(d);
  }
  // Decoys: an indicator domain inside a longer label; a correct matcher must not flag them.
  for (let i = 0; i < 10; i++) benign.push(rng.chance(0.5) ? `x${rng.pick(iocs)}.example` : `${rng.pick(iocs).replace(/\./g, '-')}.cdn-example.net`);
  const hosts = Array.from({ length: o.hosts }, (_, i) => `10.20.${Math.floor(i / 250) + 1}.${(i % 250) + 2}`);
  const resolver = '10.20.0.53';
  const planted = new Set<string>();
  while (planted.size < Math.min(4, hosts.length)) planted.add(rng.pick(hosts));
  const w = Object.fromEntries(Object.keys(LOGS).map((k) => [k, new ZeekWriter(k, o.format)])) as Record<string, ZeekWriter>;
  const start = Date.UTC(2019, 4, 2);
  const span = o.days * 86_400_000;
  let uidNo = 0;
  const uid = () => `C${rng.int(0, 0xffffff).toString(36)}${(uidNo++).toString(36)}`;
  const publicIp = () => `${rng.pick([23, 34, 52, 104, 151, 172, 185, 199])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  const truth: ZeekTruth = { hosts: [...planted].sort(), contacts: [] };
  const visit = (host: string, name: string, at: number, https: boolean): string[] => {
    const ip = publicIp();
    const ts = (at / 1000).toFixed(6);
    w.dns.add([ts, uid(), host, rng.int(1024, 65535), resolver, 53, 'udp', rng.int(1, 65535), name, 'A', 'NOERROR', [ip]]);
    const connUid = uid();
    const t2 = ((at + rng.int(5, 80)) / 1000).toFixed(6);
    w.conn.add([t2, connUid, host, rng.int(1024, 65535), ip, https ? 443 : 80, 'tcp', https ? 'ssl' : 'http', rng.int(1, 9000) / 100, rng.int(300, 9000), rng.int(500, 900000), 'SF']);
    if (https) {
      w.ssl.add([t2, connUid, host, rng.int(1024, 65535), ip, 443, 'TLSv12', name, true]);
      return ['dns', 'conn', 'ssl'];
    }
    w.http.add([t2, connUid, host, rng.int(1024, 65535), ip, 80, 'GET', name, `/${rng.pick(WORDS)}?id=${rng.int(1, 1e6)}`, 'Mozilla/5.0', 200]);
    return ['dns', 'conn', 'http'];
  };
  const events = o.hosts * o.days * 40;
  for (let i = 0; i < events; i++) visit(rng.pick(hosts), rng.chance(0.3) ? `www.${rng.pick(benign)}` : rng.pick(benign), start + Math.floor(rng.next() * span), rng.chance(0.8));
  for (const host of planted) {
    for (let k = 0; k < rng.int(2, 3); k++) {
      const domain = rng.pick(iocs);
      const name = rng.chance(0.6) ? `${rng.pick(['a', 'cdn', 'api', 'x1'])}.${rng.pick(['b', 'img', 's'])}.${domain}` : domain;
      const at = start + Math.floor(rng.next() * span);
      const logs = visit(host, name, at, rng.chance(0.7));
      truth.contacts.push({ host, name, domain, ts: new Date(at).toISOString(), logs });
    }
  }
  const files = Object.values(w).map((x) => x.write(o.out, start));
  const truthFile = path.join(o.out, 'zeek-truth.json');
  fs.writeFileSync(truthFile, JSON.stringify(truth, null, 1) + '\n');
  return { lines: Object.fromEntries(Object.entries(w).map(([k, x]) => [k, x.count])), truth, truthFile, files };
}
