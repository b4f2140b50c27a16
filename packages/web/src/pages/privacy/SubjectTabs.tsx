import { Link, useLocation } from '../../routing/router.js';

const TABS = [{ href: '/privacy/subjects', label: 'Data subjects' }];

/** The Privacy page's tabs. */
export function SubjectTabs() {
  const { pathname } = useLocation();
  return (
    <nav className="subnav" aria-label="Privacy">
      {TABS.map((t) => (
        <Link key={t.href} href={t.href} aria-current={pathname === t.href ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
