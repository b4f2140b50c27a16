import { Link, useLocation } from '../../routing/router.js';

const SECTIONS = [
  { href: '/use-cases', label: 'Use cases & intake', match: (p: string) => p.startsWith('/use-cases') },
  { href: '/roi', label: 'ROI calculator', match: (p: string) => p === '/roi' },
];

/** The second-level navigation of the governance pages. */
export function GovernanceNav() {
  const { pathname } = useLocation();
  return (
    <nav className="subnav" aria-label="Governance">
      {SECTIONS.map((s) => (
        <Link key={s.href} href={s.href} aria-current={s.match(pathname) ? 'page' : undefined}>
          {s.label}
        </Link>
      ))}
    </nav>
  );
}
