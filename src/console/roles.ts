// Who may do what. One table, checked by every route: viewers see counts and charts only;
// analysts see victims and run hunts; notifiers plan, approve and send warnings; admins all.

export const ROLES = ['admin', 'analyst', 'notifier', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'cases.read': ['admin', 'analyst', 'notifier', 'viewer'],
  'stats.read': ['admin', 'analyst', 'notifier', 'viewer'],
  'victims.read': ['admin', 'analyst'],
  'hunts.read': ['admin', 'analyst'],
  'indicators.read': ['admin', 'analyst'],
  'warnings.read': ['admin', 'analyst', 'notifier'],
  'warnings.plan': ['admin', 'notifier'],
  'warnings.approve': ['admin', 'notifier'],
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allowed(role: Role, p: Permission): boolean {
  return (PERMISSIONS[p] as readonly Role[]).includes(role);
}
