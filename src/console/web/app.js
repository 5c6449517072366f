// vigil console: a small single-page app over the JSON API only. Every value from the server is put
// on the page with textContent (never as HTML), so telemetry, indicator and roster strings stay inert.

const state = { me: null, csrf: null };
const main = () => document.getElementById('main');

/** Creates an element; strings become text nodes, never markup. */
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
    // Through the CSSOM: the Content-Security-Policy forbids style attributes in markup.
    else if (k === 'style') Object.assign(e.style, v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

async function api(path, opts = {}) {
  const headers = { 'content-type': 'application/json' };
  if (opts.method && opts.method !== 'GET' && state.csrf) headers['x-csrf-token'] = state.csrf;
  const res = await fetch(path, { ...opts, headers, credentials: 'same-origin' });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.message || `HTTP ${res.status}`), { status: res.status });
  return body;
}

function show(...nodes) {
  main().replaceChildren(...nodes);
  main().focus();
}

const can = (perm) => ({
  victims: ['admin', 'analyst'], hunt: ['admin', 'analyst'], warnings: ['admin', 'analyst', 'notifier'], approve: ['admin', 'notifier'],
})[perm].includes(state.me?.role);

function nav(caseName) {
  const links = [['Overview', `#/overview/${caseName}`]];
  if (can('victims')) links.push(['Victims', `#/victims/${caseName}`], ['Phones', `#/phones/${caseName}`]);
  if (can('warnings')) links.push(['Warnings', `#/rollout/${caseName}`]);
  document.getElementById('nav').replaceChildren(...links.map(([t, h]) => el('a', { href: h }, t)));
  document.getElementById('who').replaceChildren(
    state.me ? `${state.me.name} (${state.me.role}) ` : '',
    state.me ? el('button', { type: 'button', on: { click: logout } }, 'Sign out') : '',
  );
}

async function logout() {
  await api('/api/logout', { method: 'POST' }).catch(() => {});
  state.me = null;
  state.csrf = null;
  location.hash = '#/login';
}

function loginPage(message) {
  nav('');
  const name = el('input', { id: 'name', name: 'name', autocomplete: 'username', required: true });
  const password = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const err = el('p', { class: 'error', role: 'alert' }, message ?? '');
  const form = el('form', { class: 'login', on: { submit: async (ev) => {
    ev.preventDefault();
    try {
      const r = await api('/api/login', { method: 'POST', body: JSON.stringify({ name: name.value, password: password.value }) });
      state.me = r.user;
      state.csrf = r.csrf;
      location.hash = '#/';
      route();
    } catch (e) {
      err.textContent = e.message;
    }
  } } },
  el('label', { for: 'name' }, 'Name', name), el('label', { for: 'password' }, 'Password', password), el('button', { class: 'primary', type: 'submit' }, 'Sign in'), err);
  show(el('h1', {}, 'Sign in to vigil'), form);
  name.focus();
}

// Tile-grid cartogram: each country one square, roughly where it lies; colour by victims.
const TILE = {
  CA: [2, 1], US: [2, 2], MX: [2, 3], CO: [3, 5], PE: [3, 6], BR: [4, 6], CL: [3, 7], AR: [4, 7],
  GB: [7, 1], NL: [8, 1], DE: [9, 1], PL: [10, 1], UA: [11, 1], RU: [12, 1], FR: [8, 2], ES: [7, 2], IT: [9, 2], HU: [10, 2], BG: [11, 2], KZ: [13, 2], UZ: [13, 3],
  MA: [7, 3], DZ: [8, 3], TN: [9, 3], EG: [10, 3], TR: [11, 3], CY: [10, 4], LB: [11, 4], IL: [11, 5], JO: [12, 4], SA: [12, 5], BH: [13, 5], QA: [13, 6], AE: [12, 6],
  PK: [14, 4], IN: [14, 5], NP: [15, 4], BD: [15, 5], LK: [14, 6], TG: [8, 5], GH: [7, 5], NG: [9, 5], KE: [11, 7], RW: [10, 7], ZA: [10, 8],
  TH: [16, 5], MY: [16, 6], VN: [17, 5], PH: [17, 6], ID: [16, 7], AU: [17, 8],
};

function tileMap(byCountry) {
  const max = Math.max(1, ...Object.values(byCountry));
  const tiles = Object.entries(TILE).map(([cc, [x, y]]) => {
    const n = byCountry[cc] ?? 0;
    const shade = n === 0 ? '#f2f2f2' : `hsl(210, 70%, ${88 - Math.round((Math.sqrt(n / max)) * 55)}%)`;
    const dark = n > 0 && Math.sqrt(n / max) > 0.55;
    return el('div', { class: 'tile', role: 'img', 'aria-label': `${cc}: ${n} victims`, style: { gridColumn: String(x + 1), gridRow: String(y), background: shade, color: dark ? '#fff' : '#111' } }, el('b', {}, cc), n ? String(n) : '');
  });
  return el('div', { class: 'tiles', role: 'group', 'aria-label': 'Victims by country' }, tiles);
}

function hbars(obj, label) {
  const max = Math.max(1, ...Object.values(obj));
  return el('div', { role: 'group', 'aria-label': label }, Object.entries(obj).map(([k, n]) =>
    el('div', { class: 'hbar' }, el('span', {}, k), el('span', { class: 'b', style: { width: `${(n / max) * 100}%` }, 'aria-hidden': 'true' }), el('span', {}, String(n)))));
}

function timeline(byDay) {
  const entries = Object.entries(byDay);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  return el('div', {},
    el('div', { class: 'bars', role: 'img', 'aria-label': `Victims first targeted per day, ${entries[0]?.[0] ?? ''} to ${entries.at(-1)?.[0] ?? ''}` },
      entries.map(([d, n]) => el('div', { title: `${d}: ${n}`, style: { height: `${(n / max) * 100}%` } }))),
    el('p', { class: 'muted' }, entries.length ? `${entries[0][0]} – ${entries.at(-1)[0]}` : 'no dates'));
}

async function overview(caseName) {
  nav(caseName);
  const st = await api(`/api/cases/${encodeURIComponent(caseName)}/stats`);
  const h = st.headline;
  const card = (n, l) => el('div', { class: 'card' }, el('div', { class: 'n' }, String(n)), el('div', { class: 'l' }, l));
  const parts = [
    el('h1', {}, `Campaign ${caseName}`),
    el('div', { class: 'cards' }, card(h.victims, 'victims'), card(h.countries, 'countries'), card(`${(h.officialsShare * 100).toFixed(1)}%`, `officials (${h.officials})`), card(h.civilSociety, 'civil society')),
    el('h2', {}, 'Victims by country'), tileMap(st.byCountry),
    el('h2', {}, 'By sector'), hbars(st.bySector, 'Victims by sector'),
    el('h2', {}, 'Attempts per day (calls flagged by the rules)'), timeline(st.attemptsByDay),
    el('h2', {}, 'Victims first targeted, per day'), timeline(st.byDay),
  ];
  if (can('hunt')) {
    const hunt = await api(`/api/cases/${encodeURIComponent(caseName)}/hunt`).catch(() => null);
    if (hunt) {
      parts.push(el('h2', {}, 'Rules that fired'), el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'rule'), el('th', {}, 'level'), el('th', {}, 'detections'))),
        el('tbody', {}, hunt.rules.map((r) => el('tr', {}, el('td', {}, r.rule_name), el('td', {}, r.level), el('td', {}, String(r.n)))))));
      parts.push(el('p', {}, `${hunt.attackers.length} attacker accounts; window ${hunt.hunt.window.start ?? '?'} – ${hunt.hunt.window.end ?? '?'}`));
    }
  }
  show(...parts);
}

async function victimsPage(caseName) {
  nav(caseName);
  const list = await api(`/api/cases/${encodeURIComponent(caseName)}/victims`);
  let sortKey = 'firstTargeted';
  let dir = 1;
  const search = el('input', { id: 'search', type: 'search', placeholder: 'number, name, organisation' });
  const country = el('select', { id: 'country' }, el('option', { value: '' }, 'all'), [...new Set(list.map((v) => v.country ?? '?'))].sort().map((c) => el('option', { value: c }, c)));
  const sector = el('select', { id: 'sector' }, el('option', { value: '' }, 'all'), [...new Set(list.map((v) => v.sector))].sort().map((s) => el('option', { value: s }, s)));
  const count = el('p', { 'aria-live': 'polite' });
  const body = el('tbody');
  const cols = [['account', 'number'], ['country', 'country'], ['sector', 'sector'], ['name', 'name'], ['organisation', 'organisation'], ['language', 'language'], ['firstTargeted', 'first targeted']];
  const render = () => {
    const q = search.value.trim().toLowerCase();
    const rows = list
      .filter((v) => (!country.value || (v.country ?? '?') === country.value) && (!sector.value || v.sector === sector.value))
      .filter((v) => !q || [v.account, v.name, v.organisation].some((x) => (x ?? '').toLowerCase().includes(q)))
      .sort((a, b) => String(a[sortKey] ?? '').localeCompare(String(b[sortKey] ?? '')) * dir);
    count.textContent = `${rows.length} of ${list.length} victims`;
    body.replaceChildren(...rows.map((v) => el('tr', {}, cols.map(([k], i) => el('td', {}, i === 0 ? el('a', { href: `#/victim/${caseName}/${v.id}` }, v.account) : String(v[k] ?? ''))))));
  };
  const head = el('tr', {}, cols.map(([k, label]) => el('th', { scope: 'col' }, el('button', { type: 'button', on: { click: () => { dir = sortKey === k ? -dir : 1; sortKey = k; render(); } } }, label))));
  for (const i of [search, country, sector]) i.addEventListener('input', render);
  show(el('h1', {}, `Victims of ${caseName}`),
    el('div', { class: 'toolbar' }, el('label', { for: 'search' }, 'Search', search), el('label', { for: 'country' }, 'Country', country), el('label', { for: 'sector' }, 'Sector', sector)),
    count, el('table', {}, el('thead', {}, head), body));
  render();
}

async function victimPage(caseName, id) {
  nav(caseName);
  const v = await api(`/api/cases/${encodeURIComponent(caseName)}/victims/${encodeURIComponent(id)}`);
  const attempts = v.evidence?.attempts ?? [];
  show(
    el('h1', {}, v.account),
    el('p', {}, `${v.country ?? '?'} · ${v.region ?? ''} · ${v.sector} · warned in ${v.language}`),
    v.name ? el('p', {}, `${v.name}${v.organisation ? `, ${v.organisation}` : ''}`) : '',
    el('p', {}, `First targeted ${v.firstTargeted ?? '?'}, last ${v.lastTargeted ?? '?'}; ${v.calls} calls; ${v.evidence?.kind === 'exploit' ? 'calls carried the exploit' : 'probed by the attackers'}`),
    el('h2', {}, 'Evidence: calls from attacker accounts'),
    el('table', {}, el('thead', {}, el('tr', {}, ['attacker', 'calls', 'exploit calls', 'first', 'last', 'call ids'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, attempts.map((a) => el('tr', {}, el('td', {}, a.attacker), el('td', {}, String(a.calls)), el('td', {}, String(a.exploitCalls)), el('td', {}, String(a.firstSeen)), el('td', {}, String(a.lastSeen)), el('td', {}, (a.callIds ?? []).join(', ')))))),
    el('h2', {}, 'Attacker accounts and the indicators that named them'),
    el('table', {}, el('thead', {}, el('tr', {}, ['attacker', 'why', 'indicators'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, (v.attackers ?? []).map((a) => el('tr', {}, el('td', {}, a.account), el('td', {}, String(a.reason ?? '')),
        el('td', {}, a.indicators.length ? a.indicators.map((i) => `${i.type} ${i.value} (${i.collection}, ${i.source})`).join('; ') : 'none: found by exploit signatures'))))),
    el('h2', {}, 'Rules that fired on these calls'),
    v.rules.length === 0 ? el('p', {}, 'No rule fired on these calls (the number was reached by probe calls only).') :
      el('table', {}, el('thead', {}, el('tr', {}, ['rule', 'level', 'call', 'time'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, v.rules.map((r) => el('tr', {}, el('td', { title: r.rule_title }, r.rule_name), el('td', {}, r.level), el('td', {}, r.call_id), el('td', {}, String(r.ts ?? '')))))),
    el('h2', {}, 'Warnings'),
    v.warnings.length === 0 ? el('p', {}, 'No warning planned yet.') :
      el('table', {}, el('thead', {}, el('tr', {}, ['plan', 'channel', 'language', 'status', 'attempts', 'error'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, v.warnings.map((w) => el('tr', {}, el('td', {}, String(w.plan_id)), el('td', {}, w.channel), el('td', {}, w.language), el('td', { class: `status-${w.status}` }, w.status), el('td', {}, String(w.attempts)), el('td', {}, w.last_error ?? ''))))),
  );
}

const LEVELS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

/** Device checks stored with the case: counts by level, then each alert (what the phone held, so the API audits the read). */
async function phonesPage(caseName) {
  nav(caseName);
  const checks = await api(`/api/cases/${encodeURIComponent(caseName)}/devices`);
  if (checks.length === 0) return show(el('h1', {}, `Phones checked for ${caseName}`), el('p', {}, 'No phone checked yet: vigil device check-backup PATH --case NAME …'));
  show(el('h1', {}, `Phones checked for ${caseName}`), ...checks.flatMap((c) => {
    const alerts = (c.alerts ?? []).filter((a) => a.level !== 'INFORMATIONAL').sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
    return [
      el('h2', {}, `${c.label ?? `check ${c.id}`} (${c.kind}, ${new Date(c.checkedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC)`),
      el('p', {}, LEVELS.filter((l) => c.alertsByLevel[l]).map((l) => `${c.alertsByLevel[l]} ${l.toLowerCase()}`).join(' · ') || 'no alert'),
      alerts.length === 0 ? el('p', {}, 'Nothing above informational was found in what the modules read.') :
        el('table', {}, el('thead', {}, el('tr', {}, ['level', 'module', 'time', 'finding'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, alerts.map((a) => el('tr', {}, el('td', { class: `level-${a.level.toLowerCase()}` }, a.level), el('td', {}, a.module), el('td', {}, a.event_time ?? ''), el('td', {}, a.message))))),
    ];
  }), el('p', {}, 'A match is an indicator of compromise, not proof: keep the phone as it is and involve an expert.'));
}

async function rolloutPage(caseName) {
  nav(caseName);
  const plans = await api(`/api/cases/${encodeURIComponent(caseName)}/plans`);
  const rows = [];
  for (const p of plans) {
    const st = await api(`/api/plans/${p.id}`);
    const cells = Object.entries(st.byChannel).map(([ch, counts]) => `${ch}: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}`).join(' · ');
    const approveButton = !p.approved_by && can('approve') && p.planned_by !== state.me.name
      ? el('button', { class: 'primary', type: 'button', on: { click: async () => { await api(`/api/plans/${p.id}/approve`, { method: 'POST' }); rolloutPage(caseName); } } }, `Approve plan ${p.id}`)
      : null;
    rows.push(el('tr', {}, el('td', {}, String(p.id)), el('td', {}, p.planned_by), el('td', {}, p.approved_by ?? (p.planned_by === state.me.name ? 'awaiting a second person' : 'not approved')), el('td', {}, cells), el('td', {}, approveButton ?? ''),
      el('td', {}, st.failures.map((f) => `${f.channel}: ${f.last_error}`).join('; '))));
  }
  const planButton = can('approve') ? el('button', { class: 'primary', type: 'button', on: { click: async () => { await api(`/api/cases/${encodeURIComponent(caseName)}/plans`, { method: 'POST', body: JSON.stringify({ channels: ['inapp', 'sms'] }) }); rolloutPage(caseName); } } }, 'Plan warnings (in-app and SMS)') : '';
  show(el('h1', {}, `Warning rollout: ${caseName}`), planButton,
    el('table', {}, el('thead', {}, el('tr', {}, ['plan', 'planned by', 'approved by', 'progress', '', 'failures'].map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, rows)));
}

async function home() {
  const cases = await api('/api/cases');
  if (cases.length === 0) return show(el('h1', {}, 'No cases yet'), el('p', {}, 'Run a hunt first: vigil hunt run --case NAME …'));
  location.hash = `#/overview/${cases[0].name}`;
}

async function route() {
  const [, page, a, b] = location.hash.split('/');
  try {
    if (!state.me) {
      const me = await api('/api/me').catch(() => null);
      if (!me) return loginPage();
      state.me = me.user;
      state.csrf = me.csrf;
    }
    if (page === 'overview') return await overview(decodeURIComponent(a));
    if (page === 'victims') return await victimsPage(decodeURIComponent(a));
    if (page === 'victim') return await victimPage(decodeURIComponent(a), b);
    if (page === 'rollout') return await rolloutPage(decodeURIComponent(a));
    if (page === 'phones') return await phonesPage(decodeURIComponent(a));
    if (page === 'login') return loginPage();
    return await home();
  } catch (e) {
    if (e.status === 401) return loginPage('Please sign in again.');
    show(el('h1', {}, 'Something went wrong'), el('p', { class: 'error', role: 'alert' }, e.message));
  }
}

window.addEventListener('hashchange', route);
route();
