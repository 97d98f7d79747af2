import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, languages, type Language } from '../i18n/i18n.js';

export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      label={t('header.language')}
      value={i18n.language}
      data={languages.map((language) => ({ value: language.code, label: language.label }))}
      onChange={(event) => void changeLanguage(event.currentTarget.value as Language)}
      size="xs"
    />
  );
}
