import { useState } from 'react';
import type { TeamList, UseCaseList } from '@vigil/protocol';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';
import { Time } from '../../components/Time.js';
import { Link, navigate } from '../../routing/router.js';
import { GovernanceNav } from './GovernanceNav.js';
import { STAGE_LABELS, STAGES } from './governance-format.js';
import { UseCaseEditor } from './UseCaseEditor.js';
import '../../components/alerting/alerting.css';
import './governance.css';

/** `/use-cases`: every AI use case by intake stage, and "New use case" (enters intake at requirements). */
export function UseCasesPage() {
  const [isCreating, setIsCreating] = useState(false);
  const list = useApi<UseCaseList>('/api/v1/use-cases');
  const teams = useApi<TeamList>('/api/v1/teams');
  return (
    <section className="page" data-testid="use-cases-page">
      <div className="page-head">
        <h1>AI use cases</h1>
        {!isCreating && (
          <button
            type="button"
            className="primary-button"
            onClick={() => setIsCreating(true)}
            data-testid="new-use-case"
          >
            New use case
          </button>
        )}
      </div>
      <GovernanceNav />
      {isCreating && (
        <UseCaseEditor
          useCase={null}
          teams={teams.status === 'ok' ? teams.data.teams.map((t) => t.name) : []}
          onCancel={() => setIsCreating(false)}
          onSaved={(u) => navigate(`/use-cases/${encodeURIComponent(u.id)}`)}
        />
      )}
      <StateView state={list} label="use cases">
        {({ useCases }) =>
          useCases.length === 0 ? (
            <p className="state empty">No use cases registered yet. Each new AI project enters intake here.</p>
          ) : (
            <>
              <ol className="stage-funnel" data-testid="stage-funnel">
                {STAGES.map((s) => (
                  <li key={s} data-stage={s}>
                    <strong>{useCases.filter((u) => u.stage === s).length}</strong> {STAGE_LABELS[s]}
                  </li>
                ))}
              </ol>
              <table className="data-table responsive" data-testid="use-cases-table">
                <thead>
                  <tr>
                    <th>Use case</th>
                    <th>Stage</th>
                    <th>Owner</th>
                    <th>Models</th>
                    <th>Risk</th>
                    <th>Intake</th>
                    <th>Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {useCases.map((u) => (
                    <tr key={u.id} data-testid="use-case-row" data-id={u.id}>
                      <td data-label="Use case">
                        <Link href={`/use-cases/${encodeURIComponent(u.id)}`}>{u.name}</Link>
                      </td>
                      <td data-label="Stage">
                        <span className={`badge stage-${u.stage}`} data-testid="cell-stage">
                          {STAGE_LABELS[u.stage]}
                        </span>
                      </td>
                      <td data-label="Owner">{u.ownerTeam}</td>
                      <td data-label="Models">{u.models.join(', ') || '—'}</td>
                      <td data-label="Risk">
                        {u.riskTier}
                        {!u.isRiskTierDeclared && <span className="muted small"> (assessed)</span>}
                      </td>
                      <td data-label="Intake">{u.isThroughIntake ? 'through intake' : 'registered later'}</td>
                      <td data-label="Updated">
                        <Time value={u.updatedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </StateView>
    </section>
  );
}
