import { useSyncExternalStore, type ReactNode } from 'react';
import { readSession, signOut, subscribeSession } from '../api/session-store.js';
import type { DemoInfo } from '@vigil/protocol';
import { useApi } from '../api/use-api.js';
import { Link, useLocation } from '../routing/router.js';
import { isAlertingPath } from './alerting/AlertingNav.js';
import { RefreshControl } from './RefreshControl.js';
import { SETTINGS_SECTIONS } from './settings-sections.js';

/** Header with navigation and logout, the demo banner when the server runs on simulated data, and the page. */
export function Layout({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const session = useSyncExternalStore(subscribeSession, readSession);
  const who = session?.principal;
  const roles = who ? shownRoles(who.roles, who.teams) : [];
  const demo = useApi<DemoInfo>('/api/v1/demo');
  const isDemo = demo.status === 'ok' && demo.data.demo === true;
  const demoModels = isDemo ? (demo.data.models ?? []).map((m) => (typeof m === 'string' ? m : m.model)) : [];
  const nav = [
    { href: '/', label: 'Overview', active: pathname === '/' || pathname.startsWith('/models/') },
    { href: '/endpoints', label: 'Endpoints', active: pathname === '/endpoints' },
    { href: '/infra', label: 'Infrastructure', active: pathname === '/infra' },
    { href: '/dashboards', label: 'Dashboards', active: pathname.startsWith('/dashboards') },
    { href: '/alerts', label: 'Alerting', active: isAlertingPath(pathname) },
    { href: '/use-cases', label: 'Use cases', active: pathname.startsWith('/use-cases') || pathname === '/roi' },
    { href: '/cost', label: 'Cost', active: pathname === '/cost' },
    { href: '/report', label: 'Reports', active: pathname === '/report' || pathname === '/reports' },
    { href: '/exports', label: 'Exports', active: pathname === '/exports' },
    { href: '/privacy/personal-data', label: 'Privacy', active: pathname.startsWith('/privacy') },
    { href: '/limits', label: 'Limits', active: pathname === '/limits' },
  ];
  // Settings (people, API keys, audit trail) only for a role whose permissions open one of them.
  const settings = SETTINGS_SECTIONS.find((s) => who?.permissions.includes(s.permission));
  if (settings) nav.push({ href: settings.href, label: 'Settings', active: pathname.startsWith('/settings') });
  return (
    <>
      <header className="topbar">
        <Link href="/" className="brand">
          Vigil
        </Link>
        <nav>
          {nav.map((n) => (
            <Link key={n.href} href={n.href} aria-current={n.active ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
        {who && (
          <span
            className="whoami"
            data-testid="whoami"
            title={[
              who.roles.length ? `Roles: ${who.roles.join(', ')}` : '',
              who.teams.length ? `Teams: ${who.teams.join(', ')}` : '',
              `Permissions: ${who.permissions.join(', ')}`,
            ]
              .filter(Boolean)
              .join('\n')}
          >
            {who.name}
            {roles.length > 0 && <span className="muted"> · {roles.join(', ')}</span>}
            {who.teams.length === 1 && <span className="muted"> · {who.teams[0]}</span>}
          </span>
        )}
        <RefreshControl />
        <button type="button" className="link-button" onClick={() => void signOut()}>
          Log out
        </button>
      </header>
      {isDemo && (
        <div className="demo-banner" role="note" data-testid="demo-banner">
          Demo data — the numbers below come from simulated traffic
          {demoModels.length ? ` of ${demoModels.join(', ')}` : ''}, not from a production system.
        </div>
      )}
      <main>{children}</main>
    </>
  );
}

/** The roles worth showing beside a single team: "devops" says nothing more beside the team "DevOps". */
function shownRoles(roles: string[], teams: string[]): string[] {
  const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return teams.length === 1 ? roles.filter((r) => key(r) !== key(teams[0]!)) : roles;
}
