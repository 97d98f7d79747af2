import { Anchor } from '@mantine/core';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';

/**
 * Links back to where the user came from inside the app (a list, a bill run, a search), or to `fallback`
 * when the page was opened directly, from a bookmark or another tab.
 */
export function BackLink({ fallback }: { fallback: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  // React Router gives the first page of a tab's history the key "default". Every in-app navigation
  // gets a new key, so another key means that the previous history entry is a page of this app.
  const cameFromApp = location.key !== 'default';

  function goBack(event: MouseEvent<HTMLAnchorElement>) {
    if (!cameFromApp || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    void navigate(-1);
  }

  return (
    <Anchor component={Link} to={fallback} onClick={goBack}>
      {t('common.back')}
    </Anchor>
  );
}
