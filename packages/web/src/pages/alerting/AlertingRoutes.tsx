import { AlertsPage } from './AlertsPage.js';
import { ChannelsPage } from './ChannelsPage.js';
import { IncidentDetailPage } from './IncidentDetailPage.js';
import { IncidentsPage } from './IncidentsPage.js';
import { InboxPage } from './InboxPage.js';
import { MaintenancePage } from './MaintenancePage.js';
import { NoisyRulesPage } from './NoisyRulesPage.js';
import { RaciPage } from './RaciPage.js';
import { RuleEditorPage } from './RuleEditorPage.js';
import { RulesPage } from './RulesPage.js';
import { SilencesPage } from './SilencesPage.js';
import { SlosPage } from './SlosPage.js';
import { TeamsPage } from './TeamsPage.js';

/**
 * The alerting routes: /alerts, /alerts/rules, /alerts/rules/new, /alerts/rules/:id, /alerts/tuning, /silences, /maintenance,
 * /incidents, /incidents/:id, /slos, /teams, /channels, /raci. App.tsx hands it every path for which
 * isAlertingPath() is true.
 */
export function AlertingRoutes({ pathname }: { pathname: string }) {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/alerts') return <AlertsPage />;
  if (path === '/alerts/rules') return <RulesPage />;
  if (path === '/alerts/tuning') return <NoisyRulesPage />;
  if (path === '/alerts/rules/new') return <RuleEditorPage key="new" ruleId={null} />;
  let m = /^\/alerts\/rules\/([^/]+)$/.exec(path);
  if (m) return <RuleEditorPage key={m[1]} ruleId={decodeURIComponent(m[1]!)} />;
  if (path === '/silences') return <SilencesPage />;
  if (path === '/maintenance') return <MaintenancePage />;
  if (path === '/incidents') return <IncidentsPage />;
  m = /^\/incidents\/([^/]+)$/.exec(path);
  if (m) return <IncidentDetailPage key={m[1]} incidentId={decodeURIComponent(m[1]!)} />;
  if (path === '/inbox') return <InboxPage />;
  if (path === '/slos') return <SlosPage />;
  if (path === '/teams') return <TeamsPage />;
  if (path === '/channels') return <ChannelsPage />;
  if (path === '/raci') return <RaciPage />;
  return <p className="state error">No page at {pathname}.</p>;
}
