export type CustomerKind = 'person' | 'organisation';
export type ContactKind = 'email' | 'phone' | 'mobile' | 'postal';
export type IdentificationScheme = 'national-id' | 'passport' | 'tax-id' | 'company-register' | 'other';

export type CustomerContact = { id: string; kind: ContactKind; value: string; isPrimary: boolean };

export type CustomerIdentification = {
  id: string;
  scheme: IdentificationScheme;
  value: string;
  issuingCountry: string | null;
};

/** A party the company supplies: a person or an organisation, with its contacts and identifications. */
export type Customer = {
  id: string;
  kind: CustomerKind;
  displayName: string;
  givenName: string | null;
  familyName: string | null;
  organisationName: string | null;
  preferredLocale: string | null;
  contacts: CustomerContact[];
  identifications: CustomerIdentification[];
  createdAt: string;
  updatedAt: string;
};

export type CustomerSummary = Omit<Customer, 'contacts' | 'identifications'>;

/** Builds the name shown in lists: the organisation name, or given name and family name. */
export function computeDisplayName(parts: {
  kind: CustomerKind;
  givenName?: string | null | undefined;
  familyName?: string | null | undefined;
  organisationName?: string | null | undefined;
}): string {
  if (parts.kind === 'organisation') return parts.organisationName ?? '';
  return [parts.givenName, parts.familyName].filter((part) => part).join(' ');
}
