import { PageTabs } from '../../components/PageTabs.js';

/** The Privacy area's pages; one line per tab. */
const TABS = [
  { href: '/privacy/personal-data', label: 'Personal data' },
  { href: '/privacy/subjects', label: 'Data subjects' },
];

export function PrivacyTabs({ active }: { active: string }) {
  return <PageTabs tabs={TABS} active={active} label="Privacy pages" testId="privacy-tabs" />;
}
