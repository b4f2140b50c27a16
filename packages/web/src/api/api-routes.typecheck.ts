// Type-level tests of the web ↔ server contract, checked by `npm run typecheck` (never bundled: nothing imports
// this file). Each `@ts-expect-error` line must fail to compile; if the check behind it stops working, the
// directive itself becomes the error.
import type { ApiResponse, CostGroup, CostResult, ExecutiveReport, ModelList, StoredRule } from '@vigil/protocol';
import { fetchApi, sendApi } from './api-client.js';
import { useApi } from './use-api.js';

export function contractCases(model: string, id: string): void {
  // A page may ask for the shape a path answers, or for fewer fields of it.
  useApi<ModelList>('/api/v1/models');
  useApi<{ models: Array<{ model: string }> }>('/api/v1/models');
  useApi<CostResult>('/api/v1/cost');
  useApi<ApiResponse<'GET /api/v1/models/:model/quality'>>(`/api/v1/models/${encodeURIComponent(model)}/quality`);

  // @ts-expect-error a field the server does not send
  useApi<{ models: Array<{ model: string; alertState: string }> }>('/api/v1/models');
  // @ts-expect-error the right shape at the wrong path
  useApi<CostResult>('/api/v1/cost/budgets');
  // @ts-expect-error the report's spend groups carry no points (the old web CostGroup promised them)
  useApi<{ spend: { byTeam: CostGroup[] } }>('/api/v1/report/executive');
  // @ts-expect-error a wrong type for a field the server does send
  useApi<{ period: { days: string } }>('/api/v1/report/executive');
  useApi<Pick<ExecutiveReport, 'period'>>('/api/v1/report/executive');
  // @ts-expect-error a path the server does not have
  void fetchApi<ModelList>('/api/v1/model');

  // Writes: the body is checked against the route's, the answer comes from the route.
  void sendApi('PUT', '/api/v1/cost/budgets', { budgets: [{ scope: 'team', target: 'Business', monthlyUsd: 500 }] });
  // @ts-expect-error "org" is no budget scope
  void sendApi('PUT', '/api/v1/cost/budgets', { budgets: [{ scope: 'org', target: 'Business', monthlyUsd: 500 }] });
  // @ts-expect-error the body is required
  void sendApi('PUT', `/api/v1/silences/${encodeURIComponent(id)}`);
  // @ts-expect-error acknowledge takes no body
  void sendApi('POST', `/api/v1/incidents/${encodeURIComponent(id)}/acknowledge`, {});
  void sendApi('DELETE', `/api/v1/slos/${encodeURIComponent(id)}`);
  const created: Promise<{ rule: StoredRule }> = sendApi('POST', '/api/v1/alerts/rules', {} as StoredRule['rule']);
  void created;
}
