import { ApiKeysPage } from './ApiKeysPage.js';
import { AuditPage } from './AuditPage.js';
import { PeoplePage } from './PeoplePage.js';
import { SsoPage } from './SsoPage.js';
import { permittedSettings } from '../../components/settings-sections.js';
import { SettingsNav, usePermissions } from './SettingsNav.js';

/** `/settings/*`: people, API keys and the audit trail, each shown only to a role whose permissions include it. */
export function SettingsRoutes({ pathname }: { pathname: string }) {
  const sections = permittedSettings(usePermissions());
  const path = pathname === '/settings' ? (sections[0]?.href ?? pathname) : pathname;
  const section = sections.find((s) => s.href === path);
  let page;
  if (!section)
    page = (
      <p className="state error" role="alert" data-testid="settings-forbidden">
        {sections.length === 0
          ? 'Your role does not permit any settings.'
          : 'Your role does not permit this page (or there is no such page).'}
      </p>
    );
  else if (section.href === '/settings/people') page = <PeoplePage />;
  else if (section.href === '/settings/keys') page = <ApiKeysPage />;
  else if (section.href === '/settings/sso') page = <SsoPage />;
  else page = <AuditPage />;
  return (
    <>
      <SettingsNav />
      {page}
    </>
  );
}
