// The campaign report as one self-contained HTML file: inline CSS and SVG charts, no script, no
// outside resource. Every value is escaped.
import { escapeHtml as esc } from '../../notify/index.ts';
import type { ReportData } from './data.ts';

function bars(data: [string, number][], width = 640, barH = 18): string {
  const max = Math.max(1, ...data.map(([, n]) => n));
  const h = data.length * (barH + 4);
  const rows = data.map(([k, n], i) => {
    const w = Math.max(1, Math.round((n / max) * (width - 190)));
    const y = i * (barH + 4);
    return `<text x="0" y="${y + barH - 4}" font-size="12">${esc(k)}</text><rect x="130" y="${y}" width="${w}" height="${barH}" fill="#0b4f8a"/><text x="${136 + w}" y="${y + barH - 4}" font-size="12">${n}</text>`;
  });
  return `<svg role="img" aria-label="bar chart" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}">${rows.join('')}</svg>`;
}

function columns(data: [string, number][], width = 640, height = 150): string {
  const max = Math.max(1, ...data.map(([, n]) => n));
  const w = data.length ? width / data.length : width;
  const cols = data.map(([d, n], i) => {
    const h = Math.round((n / max) * (height - 20));
    return `<rect x="${i * w + 1}" y="${height - 20 - h}" width="${Math.max(1, w - 2)}" height="${h}" fill="#0b4f8a"><title>${esc(d)}: ${n}</title></rect>`;
  });
  const first = data[0]?.[0] ?? '';
  const last = data.at(-1)?.[0] ?? '';
  return `<svg role="img" aria-label="victims per day" width="${width}" height="${height}">${cols.join('')}<text x="0" y="${height - 4}" font-size="11">${esc(first)}</text><text x="${width}" y="${height - 4}" font-size="11" text-anchor="end">${esc(last)}</text></svg>`;
}

const table = (head: string[], rows: (string | number)[][]) =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

export function reportHtml(d: ReportData): string {
  const h = d.stats.headline;
  const hunt = d.hunt;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Campaign report: ${esc(d.caseName)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;color:#111;max-width:60em;margin:2em auto;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{text-align:left;padding:.25em .4em;border-bottom:1px solid #ddd}
.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ccc;border-radius:6px;padding:.5em 1em}.card b{font-size:1.6em;display:block}
.note{color:#444}
</style></head><body>
<h1>Campaign report: ${esc(d.caseName)}</h1>
<p class="note">Generated ${esc(d.generatedAt)} by vigil. ${d.revealed ? '<strong>This report contains victims’ personal data. Handle it as the most sensitive material.</strong>' : 'No victim’s number, name or organisation appears in this report.'}</p>
<div class="cards">
<div class="card"><b>${h.victims}</b>victims</div><div class="card"><b>${h.countries}</b>countries</div>
<div class="card"><b>${(h.officialsShare * 100).toFixed(1)}%</b>officials (${h.officials})</div><div class="card"><b>${h.civilSociety}</b>civil society</div>
<div class="card"><b>${hunt.attackers.length}</b>attacker accounts</div>
</div>
<h2>Victims by country</h2>${bars(Object.entries(d.stats.byCountry))}
<h2>Victims by sector</h2>${bars(Object.entries(d.stats.bySector))}
<h2>Attempts per day (calls flagged by the rules)</h2>${columns(Object.entries(d.stats.attemptsByDay))}
<h2>Victims first targeted, per day</h2>${columns(Object.entries(d.stats.byDay))}
<h2>Attacker accounts</h2>
${table(['account', 'country', 'calls', 'why', 'first seen', 'last seen'], hunt.attackers.map((a) => [a.account, a.country ?? '', a.calls, String((a.evidence as { reason?: string }).reason ?? ''), a.firstSeen ?? '', a.lastSeen ?? '']))}
<h2>Infrastructure the attackers called from</h2>
${table(['address', 'detections', 'rules'], d.infrastructure.slice(0, 100).map((i) => [i.address, i.detections, i.rules.join(', ')]))}
${hunt.hosts.length ? `<h2>Internal hosts that reached spyware infrastructure</h2>${table(['host', 'detections', 'rules', 'first seen', 'last seen'], hunt.hosts.map((x) => [x.host, x.detections, x.rules.join(', '), x.firstSeen, x.lastSeen]))}` : ''}
<h2>Rules that fired</h2>
${table(['rule', 'title', 'level', 'detections', 'actors'], d.rules.map((r) => [r.rule_name, r.rule_title, r.level, r.n, r.actors]))}
<h2>Phones examined</h2>
${d.devices.length === 0 ? '<p>No phone examined yet.</p>' : table(['checked', 'evidence', 'critical', 'high', 'medium', 'low', 'modules with critical or high findings'], d.devices.map((x) => [x.checkedAt.slice(0, 16).replace('T', ' '), x.kind, x.alertsByLevel.CRITICAL ?? 0, x.alertsByLevel.HIGH ?? 0, x.alertsByLevel.MEDIUM ?? 0, x.alertsByLevel.LOW ?? 0, x.flaggedModules.join(', ')]))}
<h2>Warning rollout</h2>
${d.rollout.length === 0 ? '<p>No warnings planned.</p>' : d.rollout.map((p) => `<p>Plan ${p.planId}: planned by ${esc(p.plannedBy)}, ${p.approvedBy ? `approved by ${esc(p.approvedBy)}` : 'not approved'}.</p>${table(['channel', 'queued', 'sending', 'sent', 'delivered', 'failed'], Object.entries(p.byChannel).map(([ch, v]) => [ch, v.queued ?? 0, v.sending ?? 0, v.sent ?? 0, v.delivered ?? 0, v.failed ?? 0]))}`).join('')}
<h2>Method and limits</h2>
<p>Call-signaling telemetry was hunted with Sigma rules for the traits of the CVE-2019-3568 exploit (oversized malformed call offers; malformed RTCP from the caller before any answer; calls cancelled within 30 seconds; modified clients; hosting infrastructure; probe calls; reach across many numbers), compiled to SQL and run in DuckDB, together with the indicators held by the investigators. Attacker accounts are the callers behind exploit signatures and the accounts named in indicators; targets are every account an attacker account called in the campaign window (${esc(hunt.hunt.window.start ?? '?')} – ${esc(hunt.hunt.window.end ?? '?')}), probe calls included.</p>
<p>Limits: a target was called by an attacker account; that does not prove their phone was compromised — only an examination of the device can say. Attacker accounts that never placed an exploit call and are not in the indicators are not found. Sectors come from investigators’ rosters; unlabelled victims count as unknown.</p>
</body></html>
`;
}
