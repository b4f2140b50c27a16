import { useSyncExternalStore } from 'react';
import { readSession, subscribeSession } from '../../api/session-store.js';
import { permittedSettings } from '../../components/settings-sections.js';
import { Link, useLocation } from '../../routing/router.js';
import '../../components/alerting/alerting.css';
import './settings.css';

/** The signed-in principal's permissions (empty while signed out). */
export function usePermissions(): readonly string[] {
  return useSyncExternalStore(subscribeSession, readSession)?.principal.permissions ?? [];
}

/** The second-level navigation of the settings pages: only the sections the role permits. */
export function SettingsNav() {
  const { pathname } = useLocation();
  const sections = permittedSettings(usePermissions());
  return (
    <nav className="subnav" aria-label="Settings">
      {sections.map((s) => (
        <Link key={s.href} href={s.href} aria-current={pathname === s.href ? 'page' : undefined}>
          {s.label}
        </Link>
      ))}
    </nav>
  );
}
