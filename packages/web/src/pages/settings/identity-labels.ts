import type { KeyScope, Role } from '@vigil/protocol';

/** Every role of the deck (a Record, so a role added to the protocol and missing here fails the typecheck). */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  devops: 'DevOps',
  'data-science': 'Data Science',
  infosec: 'InfoSec',
  business: 'Business',
  executive: 'Executive',
  viewer: 'Viewer',
};
export const ROLES = Object.keys(ROLE_LABELS) as Role[];

export const SCOPE_LABELS: Record<KeyScope, string> = {
  ingest: 'Ingest — send events and labels',
  read: 'Read — dashboards and API reads',
  admin: 'Admin — everything but sign-offs',
};

/** "a, b ,, c" → ["a", "b", "c"]: the comma-separated lists of the forms. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
