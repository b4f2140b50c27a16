import { Link } from '../../routing/router.js';

/** The Privacy area's pages; one line per tab. */
const TABS = [
  { href: '/privacy/personal-data', label: 'Personal data' },
  { href: '/privacy/subjects', label: 'Data subjects' },
];

export function PrivacyTabs({ active }: { active: string }) {
  return (
    <nav className="model-tabs" aria-label="Privacy pages" data-testid="privacy-tabs">
      {TABS.map((t) => (
        <Link key={t.href} href={t.href} aria-current={t.href === active ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
