import { Link } from '../../routing/router.js';

/** The Reports area's pages: the executive report for any range, and the archive of scheduled reviews. */
const TABS = [
  { href: '/report', label: 'Executive report' },
  { href: '/reports', label: 'Monthly reviews' },
];

export function ReportTabs({ active }: { active: string }) {
  return (
    <nav className="model-tabs" aria-label="Report pages" data-testid="report-tabs">
      {TABS.map((t) => (
        <Link key={t.href} href={t.href} aria-current={t.href === active ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
