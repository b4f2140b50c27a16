import type { AlertList, AlertView, Incident, IncidentList } from '@vigil/protocol';
import { useApi, type ApiState } from './use-api.js';

/** Firing alerts and unresolved incidents, as the dashboard shows them beside a model's numbers. */
export interface AlertingState {
  alerts: AlertView[];
  incidents: Incident[];
}

/**
 * `GET /api/v1/alerts?state=firing` and the open and acknowledged incidents, combined: ok once all three
 * answered, an error if any failed.
 */
export function useAlertingState(): ApiState<AlertingState> {
  const alerts = useApi<AlertList>('/api/v1/alerts', { state: 'firing' });
  const open = useApi<IncidentList>('/api/v1/incidents', { status: 'open' });
  const acknowledged = useApi<IncidentList>('/api/v1/incidents', { status: 'acknowledged' });
  for (const s of [alerts, open, acknowledged]) if (s.status === 'error') return s;
  if (alerts.status !== 'ok' || open.status !== 'ok' || acknowledged.status !== 'ok') return { status: 'loading' };
  return {
    status: 'ok',
    data: { alerts: alerts.data.alerts, incidents: [...open.data.incidents, ...acknowledged.data.incidents] },
  };
}
