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
const ReportsArchivePage = lazy(() =>
  import('./pages/reports/ReportsArchivePage.js').then((m) => ({ default: m.ReportsArchivePage })),
);
const CostPage = lazy(() => import('./pages/cost/CostPage.js').then((m) => ({ default: m.CostPage })));
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
  else if (pathname === '/exports') page = <ExportsPage />;
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
