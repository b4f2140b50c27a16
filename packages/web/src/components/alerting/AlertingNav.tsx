import { Link, useLocation } from '../../routing/router.js';
import './alerting.css';

const SECTIONS = [
  { href: '/alerts', label: 'Alerts', match: (p: string) => p === '/alerts' },
  { href: '/alerts/rules', label: 'Rules', match: (p: string) => p.startsWith('/alerts/rules') },
  { href: '/alerts/tuning', label: 'Noisy rules', match: (p: string) => p === '/alerts/tuning' },
  { href: '/silences', label: 'Silences', match: (p: string) => p === '/silences' },
  { href: '/maintenance', label: 'Maintenance', match: (p: string) => p === '/maintenance' },
  { href: '/incidents', label: 'Incidents', match: (p: string) => p.startsWith('/incidents') },
  { href: '/inbox', label: 'Inbox', match: (p: string) => p === '/inbox' },
  { href: '/slos', label: 'SLOs', match: (p: string) => p === '/slos' },
  { href: '/teams', label: 'Teams', match: (p: string) => p === '/teams' },
  { href: '/channels', label: 'Channels', match: (p: string) => p === '/channels' },
  { href: '/raci', label: 'RACI matrix', match: (p: string) => p === '/raci' },
];

/** True for every route the alerting pages own (the top bar's "Alerting" entry is active on them). */
export function isAlertingPath(pathname: string): boolean {
  return SECTIONS.some((s) => s.match(pathname));
}

/** The second-level navigation shared by the alerting pages. */
export function AlertingNav() {
  const { pathname } = useLocation();
  return (
    <nav className="subnav" aria-label="Alerting">
      {SECTIONS.map((s) => (
        <Link key={s.href} href={s.href} aria-current={s.match(pathname) ? 'page' : undefined}>
          {s.label}
        </Link>
      ))}
    </nav>
  );
}
