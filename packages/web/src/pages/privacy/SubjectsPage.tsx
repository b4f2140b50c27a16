import { useSyncExternalStore } from 'react';
import { readSession, subscribeSession } from '../../api/session-store.js';
import '../../components/alerting/alerting.css';
import './subjects.css';
import { SubjectLookup } from './SubjectLookup.js';
import { SubjectRetention } from './SubjectRetention.js';
import { PrivacyTabs } from './PrivacyTabs.js';

/**
 * `/privacy/subjects`: GDPR data subjects — look one up, download what is held, erase it — and retention per use
 * case (docs/gdpr.md).
 */
export function SubjectsPage() {
  const session = useSyncExternalStore(subscribeSession, readSession);
  const permissions = new Set(session?.principal.permissions ?? []);
  return (
    <section className="page" data-testid="subjects-page">
      <div className="page-head">
        <h1>Privacy</h1>
      </div>
      <PrivacyTabs active="/privacy/subjects" />
      <div className="stack">
        <SubjectLookup mayManage={permissions.has('subjects.manage')} />
        <SubjectRetention mayEdit={permissions.has('retention.edit')} />
      </div>
    </section>
  );
}
