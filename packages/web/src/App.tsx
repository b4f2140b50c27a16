import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';
import { loadSession, readSession, subscribeSession } from './api/session-store.js';
import { Layout } from './components/Layout.js';
import { isAlertingPath } from './components/alerting/AlertingNav.js';
import { EndpointsPage } from './pages/EndpointsPage.js';
import { LimitsPage } from './pages/LimitsPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { ModelPage } from './pages/ModelPage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { matchModelPath, useLocation } from './routing/router.js';
import { matchModelHealthPath } from './routing/model-health-path.js';

// The API-health pages are the first load; the other areas are fetched when first opened (own chunks).
const AlertingRoutes = lazy(() =>
  import('./pages/alerting/AlertingRoutes.js').then((m) => ({ default: m.AlertingRoutes })),
);
const ModelHealthPage = lazy(() =>
  import('./pages/model-health/ModelHealthPage.js').then((m) => ({ default: m.ModelHealthPage })),
);
const ReportPage = lazy(() => import('./pages/report/ReportPage.js').then((m) => ({ default: m.ReportPage })));
const InfrastructurePage = lazy(() =>
  import('./pages/infra/InfrastructurePage.js').then((m) => ({ default: m.InfrastructurePage })),
);
const ReportsArchivePage = lazy(() =>
  import('./pages/reports/ReportsArchivePage.js').then((m) => ({ default: m.ReportsArchivePage })),
);
const CostPage = lazy(() => import('./pages/cost/CostPage.js').then((m) => ({ default: m.CostPage })));
const UseCasesPage = lazy(() =>
  import('./pages/governance/UseCasesPage.js').then((m) => ({ default: m.UseCasesPage })),
);
const UseCaseDetailPage = lazy(() =>
  import('./pages/governance/UseCaseDetailPage.js').then((m) => ({ default: m.UseCaseDetailPage })),
);
const RoiPage = lazy(() => import('./pages/governance/RoiPage.js').then((m) => ({ default: m.RoiPage })));
const DashboardsPage = lazy(() =>
  import('./pages/dashboards/DashboardsPage.js').then((m) => ({ default: m.DashboardsPage })),
);
const DashboardPage = lazy(() =>
  import('./pages/dashboards/DashboardPage.js').then((m) => ({ default: m.DashboardPage })),
);
const SettingsRoutes = lazy(() =>
  import('./pages/settings/SettingsRoutes.js').then((m) => ({ default: m.SettingsRoutes })),
);
const PiiPolicyPage = lazy(() =>
  import('./pages/privacy/PiiPolicyPage.js').then((m) => ({ default: m.PiiPolicyPage })),
);
const SubjectsPage = lazy(() => import('./pages/privacy/SubjectsPage.js').then((m) => ({ default: m.SubjectsPage })));
const ExportsPage = lazy(() => import('./pages/exports/ExportsPage.js').then((m) => ({ default: m.ExportsPage })));

export function App() {
  const session = useSyncExternalStore(subscribeSession, readSession);
  const { pathname } = useLocation();
  useEffect(() => {
    void loadSession();
  }, []);
  if (session === undefined)
    return (
      <p className="state loading" role="status">
        Checking your session…
      </p>
    );
  if (!session) return <LoginPage />;
  const model = matchModelPath(pathname);
  let page;
  if (pathname === '/') page = <OverviewPage />;
  else if (pathname === '/endpoints') page = <EndpointsPage />;
  else if (pathname === '/limits') page = <LimitsPage />;
  else if (model !== null) page = <ModelPage key={model} model={model} />;
  else if (isAlertingPath(pathname)) page = <AlertingRoutes pathname={pathname} />;
  else if (pathname === '/report') page = <ReportPage />;
  else if (pathname === '/reports') page = <ReportsArchivePage />;
  else if (pathname === '/cost') page = <CostPage />;
  else if (pathname === '/infra') page = <InfrastructurePage />;
  else if (pathname === '/use-cases') page = <UseCasesPage />;
  else if (/^\/use-cases\/[^/]+$/.test(pathname))
    page = <UseCaseDetailPage key={pathname} id={decodeURIComponent(pathname.slice('/use-cases/'.length))} />;
  else if (pathname === '/roi') page = <RoiPage />;
  else if (pathname === '/dashboards') page = <DashboardsPage />;
  else if (pathname === '/dashboards/new') page = <DashboardPage key="new" id={null} />;
  else if (/^\/dashboards\/[^/]+$/.test(pathname))
    page = <DashboardPage key={pathname} id={decodeURIComponent(pathname.slice('/dashboards/'.length))} />;
  else if (pathname === '/exports') page = <ExportsPage />;
  else if (pathname === '/settings' || pathname.startsWith('/settings/')) page = <SettingsRoutes pathname={pathname} />;
  else if (pathname === '/privacy/personal-data') page = <PiiPolicyPage />;
  else if (pathname === '/privacy/subjects') page = <SubjectsPage />;
  else if (matchModelHealthPath(pathname))
    page = <ModelHealthPage key={pathname} {...matchModelHealthPath(pathname)!} />;
  else page = <p className="state error">No page at {pathname}.</p>;
  return (
    <Layout>
      <Suspense
        fallback={
          <p className="state loading" role="status">
            Loading the page…
          </p>
        }
      >
        {page}
      </Suspense>
    </Layout>
  );
}
