/**
 * The settings sections and the permission (server: identity/permissions.ts) each one needs. The top bar shows
 * "Settings" only to a principal with one of them; the settings pages show only the sections it opens.
 */
export const SETTINGS_SECTIONS = [
  { href: '/settings/people', label: 'People', permission: 'users.manage' },
  { href: '/settings/keys', label: 'API keys', permission: 'keys.manage' },
  { href: '/settings/sso', label: 'Single sign-on', permission: 'users.manage' },
  { href: '/settings/audit', label: 'Audit trail', permission: 'audit.read' },
] as const;

/** The sections these permissions open. */
export function permittedSettings(permissions: readonly string[]) {
  return SETTINGS_SECTIONS.filter((s) => permissions.includes(s.permission));
}
