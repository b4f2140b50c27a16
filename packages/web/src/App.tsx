import { useSyncExternalStore } from 'react';
import { readApiKey, subscribeApiKey } from './api/api-key-store.js';
import { Layout } from './components/Layout.js';
import { EndpointsPage } from './pages/EndpointsPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { ModelPage } from './pages/ModelPage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { AlertingRoutes, isAlertingPath } from './pages/alerting/AlertingRoutes.js';
import { matchModelPath, useLocation } from './routing/router.js';
import { ModelHealthPage } from './pages/model-health/ModelHealthPage.js';
import { matchModelHealthPath } from './routing/model-health-path.js';
import { ReportPage } from './pages/report/ReportPage.js';
import { CostPage } from './pages/cost/CostPage.js';

export function App() {
  const apiKey = useSyncExternalStore(subscribeApiKey, readApiKey);
  const { pathname } = useLocation();
  if (!apiKey) return <LoginPage />;
  const model = matchModelPath(pathname);
  let page;
  if (pathname === '/') page = <OverviewPage />;
  else if (pathname === '/endpoints') page = <EndpointsPage />;
  else if (model !== null) page = <ModelPage key={model} model={model} />;
  else if (isAlertingPath(pathname)) page = <AlertingRoutes pathname={pathname} />;
  else if (pathname === '/report') page = <ReportPage />;
  else if (pathname === '/cost') page = <CostPage />;
  else if (matchModelHealthPath(pathname)) page = <ModelHealthPage key={pathname} {...matchModelHealthPath(pathname)!} />;
  else page = <p className="state error">No page at {pathname}.</p>;
  return <Layout>{page}</Layout>;
}
