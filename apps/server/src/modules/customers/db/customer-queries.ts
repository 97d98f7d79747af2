import type { Selectable } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { ListSorting } from '../../../platform/db/order-by-sort.js';
import { selectSortedIds, selectSortedPage } from '../../../platform/db/select-sorted.js';
import { anyCustomerIdMatching } from '../../search/index.js';
import type {
  CustomerContactTable,
  CustomerIdentificationTable,
  CustomerTable,
} from '../../../platform/db/schema.js';
import type {
  Customer,
  CustomerContact,
  CustomerIdentification,
  CustomerSummary,
} from '../domain/customer.js';
import type { CustomerFilters, CustomerSortField } from '../domain/customer-schemas.js';

export type CustomerRowDraft = {
  id: string;
  kind: Customer['kind'];
  displayName: string;
  givenName: string | null;
  familyName: string | null;
  organisationName: string | null;
  preferredLocale: string | null;
  contacts: CustomerContact[];
  identifications: CustomerIdentification[];
};

// PostgreSQL accepts at most 65,535 bind parameters per statement; 2,000 rows of up to 8 columns fit.
const ROWS_PER_INSERT = 2_000;

function chunk<T>(rows: T[]): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    chunks.push(rows.slice(start, start + ROWS_PER_INSERT));
  }
  return chunks;
}

/** Inserts customers with their contacts and identifications; returns each customer's timestamps by id. */
export async function insertCustomers(
  trx: Trx,
  companyId: string,
  drafts: CustomerRowDraft[],
): Promise<Map<string, { createdAt: string; updatedAt: string }>> {
  const timestamps = new Map<string, { createdAt: string; updatedAt: string }>();
  for (const part of chunk(drafts)) {
    const rows = await trx
      .insertInto('customers.customer')
      .values(
        part.map((draft) => ({
          company_id: companyId,
          id: draft.id,
          kind: draft.kind,
          display_name: draft.displayName,
          given_name: draft.givenName,
          family_name: draft.familyName,
          organisation_name: draft.organisationName,
          preferred_locale: draft.preferredLocale,
        })),
      )
      .returning(['id', 'created_at', 'updated_at'])
      .execute();
    for (const row of rows) {
      timestamps.set(row.id, {
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      });
    }
  }
  await insertContacts(
    trx,
    companyId,
    drafts.flatMap((draft) => draft.contacts.map((contact) => ({ customerId: draft.id, ...contact }))),
  );
  await insertIdentifications(
    trx,
    companyId,
    drafts.flatMap((draft) => draft.identifications.map((item) => ({ customerId: draft.id, ...item }))),
  );
  return timestamps;
}

export async function insertContacts(
  trx: Trx,
  companyId: string,
  contacts: (CustomerContact & { customerId: string })[],
): Promise<void> {
  for (const part of chunk(contacts)) {
    await trx
      .insertInto('customers.customer_contact')
      .values(
        part.map((contact) => ({
          company_id: companyId,
          id: contact.id,
          customer_id: contact.customerId,
          kind: contact.kind,
          value: contact.value,
          is_primary: contact.isPrimary,
        })),
      )
      .execute();
  }
}

export async function insertIdentifications(
  trx: Trx,
  companyId: string,
  identifications: (CustomerIdentification & { customerId: string })[],
): Promise<void> {
  for (const part of chunk(identifications)) {
    await trx
      .insertInto('customers.customer_identification')
      .values(
        part.map((identification) => ({
          company_id: companyId,
          id: identification.id,
          customer_id: identification.customerId,
          scheme: identification.scheme,
          value: identification.value,
          issuing_country: identification.issuingCountry,
        })),
      )
      .execute();
  }
}

/** Reads one customer with its contacts and identifications; `forUpdate` locks the customer row. */
export async function findCustomer(
  db: DbOrTrx,
  companyId: string,
  customerId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Customer | undefined> {
  let query = db
    .selectFrom('customers.customer')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', customerId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const contacts = await db
    .selectFrom('customers.customer_contact')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('customer_id', '=', customerId)
    .orderBy('kind')
    .orderBy('is_primary', 'desc')
    .orderBy('value')
    .execute();
  const identifications = await db
    .selectFrom('customers.customer_identification')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('customer_id', '=', customerId)
    .orderBy('scheme')
    .orderBy('value')
    .execute();
  return {
    ...toCustomerSummary(row),
    contacts: contacts.map(toContact),
    identifications: identifications.map(toIdentification),
  };
}

const customerSorting: ListSorting<CustomerSortField> = {
  columns: {
    displayName: 'display_name',
    kind: 'kind',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
  },
  uniqueColumn: 'id',
};

function selectMatchingCustomers(db: DbOrTrx, companyId: string, filters: CustomerFilters) {
  let query = db.selectFrom('customers.customer').where('company_id', '=', companyId);
  if (filters.kind) query = query.where('kind', '=', filters.kind);
  if (filters.search) query = query.where('id', '=', anyCustomerIdMatching(filters.search));
  return query;
}

export async function listCustomerRows(
  db: DbOrTrx,
  companyId: string,
  filters: CustomerFilters & { limit: number; offset: number },
): Promise<{ items: CustomerSummary[]; total: number }> {
  const { rows, total } = await selectSortedPage(
    selectMatchingCustomers(db, companyId, filters),
    (query) => query.selectAll(),
    filters.sort,
    customerSorting,
    filters,
  );
  return { items: rows.map(toCustomerSummary), total };
}

/** Returns the ids of the matching customers in list order, at most `limit`. */
export function listCustomerIds(
  db: DbOrTrx,
  companyId: string,
  filters: CustomerFilters,
  limit: number,
): Promise<string[]> {
  return selectSortedIds(
    selectMatchingCustomers(db, companyId, filters),
    filters.sort,
    customerSorting,
    limit,
  );
}

export async function findCustomerSummariesByIds(
  db: DbOrTrx,
  companyId: string,
  customerIds: string[],
): Promise<CustomerSummary[]> {
  if (customerIds.length === 0) return [];
  const rows = await db
    .selectFrom('customers.customer')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', 'in', customerIds)
    .execute();
  return rows.map(toCustomerSummary);
}

export async function updateCustomerRow(
  trx: Trx,
  companyId: string,
  customerId: string,
  values: Partial<
    Pick<
      CustomerRowDraft,
      'displayName' | 'givenName' | 'familyName' | 'organisationName' | 'preferredLocale'
    >
  >,
): Promise<void> {
  await trx
    .updateTable('customers.customer')
    .set({
      ...(values.displayName !== undefined ? { display_name: values.displayName } : {}),
      ...(values.givenName !== undefined ? { given_name: values.givenName } : {}),
      ...(values.familyName !== undefined ? { family_name: values.familyName } : {}),
      ...(values.organisationName !== undefined ? { organisation_name: values.organisationName } : {}),
      ...(values.preferredLocale !== undefined ? { preferred_locale: values.preferredLocale } : {}),
      updated_at: new Date(),
    })
    .where('company_id', '=', companyId)
    .where('id', '=', customerId)
    .execute();
}

export async function deleteContacts(trx: Trx, companyId: string, customerId: string): Promise<void> {
  await trx
    .deleteFrom('customers.customer_contact')
    .where('company_id', '=', companyId)
    .where('customer_id', '=', customerId)
    .execute();
}

export async function deleteIdentifications(trx: Trx, companyId: string, customerId: string): Promise<void> {
  await trx
    .deleteFrom('customers.customer_identification')
    .where('company_id', '=', companyId)
    .where('customer_id', '=', customerId)
    .execute();
}

function toCustomerSummary(row: Selectable<CustomerTable>): CustomerSummary {
  return {
    id: row.id,
    kind: row.kind,
    displayName: row.display_name,
    givenName: row.given_name,
    familyName: row.family_name,
    organisationName: row.organisation_name,
    preferredLocale: row.preferred_locale,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function toContact(row: Selectable<CustomerContactTable>): CustomerContact {
  return { id: row.id, kind: row.kind, value: row.value, isPrimary: row.is_primary };
}

function toIdentification(row: Selectable<CustomerIdentificationTable>): CustomerIdentification {
  return { id: row.id, scheme: row.scheme, value: row.value, issuingCountry: row.issuing_country };
}
