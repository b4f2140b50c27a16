import { Link } from '../routing/router.js';

/** The tab bar of an area with several pages (Privacy, Reports): one link per page, the current one marked. */
export function PageTabs({
  tabs,
  active,
  label,
  testId,
}: {
  tabs: ReadonlyArray<{ href: string; label: string }>;
  active: string;
  label: string;
  testId: string;
}) {
  return (
    <nav className="model-tabs" aria-label={label} data-testid={testId}>
      {tabs.map((t) => (
        <Link key={t.href} href={t.href} aria-current={t.href === active ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
