import { PageTabs } from '../../components/PageTabs.js';

/** The Reports area's pages: the executive report for any range, and the archive of scheduled reviews. */
const TABS = [
  { href: '/report', label: 'Executive report' },
  { href: '/reports', label: 'Monthly reviews' },
];

export function ReportTabs({ active }: { active: string }) {
  return <PageTabs tabs={TABS} active={active} label="Report pages" testId="report-tabs" />;
}
