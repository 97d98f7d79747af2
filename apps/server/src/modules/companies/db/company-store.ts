import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { Company } from '../domain/company.js';
import type { NewCompany } from '../domain/parse-new-company.js';

const companyColumns = [
  'id',
  'code',
  'name',
  'currency',
  'currency_minor_unit',
  'time_zone',
  'locale',
  'rounding_mode',
  'created_at',
] as const;

type CompanyRow = {
  id: string;
  code: string;
  name: string;
  currency: string;
  currency_minor_unit: number;
  time_zone: string;
  locale: string;
  rounding_mode: 'half-up' | 'half-even';
  created_at: Date;
};

function toCompany(row: CompanyRow): Company {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    currency: row.currency,
    currencyMinorUnit: row.currency_minor_unit,
    timeZone: row.time_zone,
    locale: row.locale,
    roundingMode: row.rounding_mode,
    createdAt: row.created_at.toISOString(),
  };
}

/** Inserts the company unless its code is taken; returns undefined when it is. */
export async function insertCompany(trx: Trx, id: string, company: NewCompany): Promise<Company | undefined> {
  const row = await trx
    .insertInto('companies.company')
    .values({
      id,
      code: company.code,
      name: company.name,
      currency: company.currency,
      currency_minor_unit: company.currencyMinorUnit,
      time_zone: company.timeZone,
      locale: company.locale,
      rounding_mode: company.roundingMode,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning(companyColumns)
    .executeTakeFirst();
  return row && toCompany(row);
}

export async function selectCompanyById(db: DbOrTrx, id: string): Promise<Company | undefined> {
  const row = await db
    .selectFrom('companies.company')
    .select(companyColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toCompany(row);
}

export async function selectCompanyByCode(db: DbOrTrx, code: string): Promise<Company | undefined> {
  const row = await db
    .selectFrom('companies.company')
    .select(companyColumns)
    .where('code', '=', code)
    .executeTakeFirst();
  return row && toCompany(row);
}

export async function selectAnyCompanyId(db: DbOrTrx): Promise<string | undefined> {
  const row = await db.selectFrom('companies.company').select('id').limit(1).executeTakeFirst();
  return row?.id;
}
