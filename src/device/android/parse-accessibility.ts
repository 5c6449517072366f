// `dumpsys accessibility`, read into MVT's current record: one per (user, service component), with
// the state sections the dump printed for that user (installed, enabled, binding, bound, crashed)
// as true or false, and null for a section never printed: not printed says nothing, printed empty
// says none. Most builds list no installed services and state only `installedServiceCount=N` in
// the user's attributes; the services such a count has beyond those named become one record per
// user with the count and no component, so that a dump stating five services never reads as none.

export const ACCESSIBILITY_STATES = ['installed', 'enabled', 'binding', 'bound', 'crashed'] as const;
type State = (typeof ACCESSIBILITY_STATES)[number];

export interface AccessibilityRecord {
  user_id: number | null;
  component: string | null;
  package_name: string | null;
  service_name: string | null;
  installed: boolean | null;
  enabled: boolean | null;
  binding: boolean | null;
  bound: boolean | null;
  crashed: boolean | null;
  /** Marked `(A11yTool)` where the dump lists it: a service Android itself calls an accessibility tool. */
  accessibility_tool: boolean | null;
  installed_service_count: number | null;
  /** On a count record only: how many of the stated services the dump did not name. */
  unnamed_service_count: number | null;
}

// Java package and class names: letters, digits, `_`, `.`, `$` (inner classes) and `-`.
const COMPONENT = /([\w.$-]+\/[\w.$-]+)(\s+\(A11yTool\))?/g;
const STATE_HEADER = /^(installed|enabled|binding|bound|crashed) services\s*:\s*\{(.*)$/i;

const braceBalance = (s: string) => [...s].reduce((n, ch) => n + (ch === '{' ? 1 : ch === '}' ? -1 : 0), 0);

export function parseAccessibility(section: string): AccessibilityRecord[] {
  const services = new Map<string, AccessibilityRecord>();
  const printed = new Map<number | null, Set<State>>();
  const counts = new Map<number | null, number>();
  let user: number | null = null;
  let open: State | null = null;

  const note = (state: State, listed: string) => {
    for (const m of listed.matchAll(COMPONENT)) {
      const key = `${user}\u0000${m[1]}`;
      let s = services.get(key);
      if (!s) services.set(key, (s = newService(user, m[1])));
      s[state] = true;
      // Marked in one listing is enough: the enabled list repeats components without the mark.
      s.accessibility_tool = s.accessibility_tool || m[2] !== undefined;
    }
  };

  for (const line of section.split('\n')) {
    const id = /attributes:\{id=(\d+)/.exec(line);
    if (id) user = Number(id[1]);
    const count = /installedServiceCount=(\d+)/.exec(line);
    if (count) counts.set(user, Number(count[1]));
    const t = line.trim();
    const header = STATE_HEADER.exec(t);
    if (header) {
      const state = header[1].toLowerCase() as State;
      let seen = printed.get(user);
      if (!seen) printed.set(user, (seen = new Set()));
      seen.add(state);
      note(state, header[2]);
      // `Enabled services:{{a/b}}` closes on its own line; `installed services: {` lists below.
      open = braceBalance(`{${header[2]}`) > 0 ? state : null;
      continue;
    }
    if (!open) continue;
    if (t.startsWith('}') || t.startsWith('AccessibilityInputFilter')) {
      open = null;
      continue;
    }
    // `0 : com.example/.Service  (A11yTool)`
    note(open, t.replace(/^\d+\s*:\s*/, ''));
  }

  const named = new Map<number | null, number>();
  for (const s of services.values()) {
    const seen = printed.get(s.user_id) ?? new Set();
    for (const state of ACCESSIBILITY_STATES) if (!seen.has(state)) s[state] = null;
    s.installed_service_count = counts.get(s.user_id) ?? null;
    named.set(s.user_id, (named.get(s.user_id) ?? 0) + 1);
  }
  const out = [...services.values()];
  for (const [u, stated] of counts) {
    const unnamed = stated - (named.get(u) ?? 0);
    if (unnamed > 0) out.push({ ...UNKNOWN, user_id: u, installed_service_count: stated, unnamed_service_count: unnamed });
  }
  return out;
}

const UNKNOWN: AccessibilityRecord = {
  user_id: null, component: null, package_name: null, service_name: null, installed: null, enabled: null,
  binding: null, bound: null, crashed: null, accessibility_tool: null, installed_service_count: null, unnamed_service_count: null,
};

function newService(user: number | null, component: string): AccessibilityRecord {
  const slash = component.indexOf('/');
  return {
    ...UNKNOWN, user_id: user, component, package_name: component.slice(0, slash), service_name: component.slice(slash + 1),
    installed: false, enabled: false, binding: false, bound: false, crashed: false, accessibility_tool: false,
  };
}

/** How the dump describes a named service's state, for its alert. */
export function accessibilityState(r: AccessibilityRecord): string {
  if (r.bound) return 'enabled and bound';
  if (r.enabled) return 'enabled';
  if (r.enabled === null) return 'installed, enabled state not stated';
  return 'installed, not enabled';
}
