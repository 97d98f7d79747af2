import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { SearchKind, SearchMatch } from '../domain/search-match.js';
import { premiseAddress } from './match-rows.js';

/** The label and detail the search shows for a record, and the customer and account it opens. */
export type MatchDescription = {
  kind: SearchKind;
  id: string;
  label: string;
  detail: string | null;
  customerId: string | null;
  accountId: string | null;
};

type DescriptionRow = {
  kind: SearchKind;
  id: string;
  label: string;
  detail: string | null;
  customer_id: string | null;
  account_id: string | null;
};

/**
 * Builds the statement that reads the label, detail, customer and account of each matched record, or
 * returns undefined for no matches. A meter leads to the service point where it is installed now. A
 * service point, and a premise through its service points, lead to the account and customer of their
 * agreement with the latest start, ended or not.
 */
export function selectMatchDescriptions(
  companyId: string,
  matches: readonly SearchMatch[],
): RawBuilder<DescriptionRow> | undefined {
  const branches: RawBuilder<unknown>[] = [];
  const add = (kind: SearchKind, describe: (ids: string[]) => RawBuilder<unknown>) => {
    const ids = matches.filter((match) => match.kind === kind).map((match) => match.id);
    if (ids.length > 0) branches.push(describe(ids));
  };
  add('customer', (ids) => describeCustomers(companyId, ids));
  add('account', (ids) => describeAccounts(companyId, ids));
  add('meter', (ids) => describeMeters(companyId, ids));
  add('service-point', (ids) => describeServicePoints(companyId, ids));
  add('premise', (ids) => describePremises(companyId, ids));
  return branches.length === 0 ? undefined : sql<DescriptionRow>`${sql.join(branches, sql` union all `)}`;
}

export async function describeMatches(
  db: DbOrTrx,
  companyId: string,
  matches: readonly SearchMatch[],
): Promise<MatchDescription[]> {
  const statement = selectMatchDescriptions(companyId, matches);
  if (statement === undefined) return [];
  const result = await statement.execute(db);
  return result.rows.map((row) => ({
    kind: row.kind,
    id: row.id,
    label: row.label,
    detail: row.detail,
    customerId: row.customer_id,
    accountId: row.account_id,
  }));
}

/** Joins the account, customer id and customer name of a service point's agreement with the latest start. */
function latestHolder(servicePoint: string): RawBuilder<unknown> {
  return sql`left join lateral (
      select a.id as account_id, a.customer_id, c.display_name
      from agreements.service_agreement sa
      join customers.account a on a.company_id = sa.company_id and a.id = sa.account_id
      join customers.customer c on c.company_id = a.company_id and c.id = a.customer_id
      where sa.company_id = ${sql.ref(`${servicePoint}.company_id`)}
        and sa.service_point_id = ${sql.ref(`${servicePoint}.id`)}
      order by sa.start_on desc limit 1
    ) holder on true`;
}

function describeCustomers(companyId: string, ids: string[]): RawBuilder<unknown> {
  return sql`(select 'customer' as kind, c.id, c.display_name as label, null::text as detail,
    c.id as customer_id, null::uuid as account_id
    from customers.customer c
    where c.company_id = ${companyId}::uuid and c.id = any(${ids}::uuid[]))`;
}

function describeAccounts(companyId: string, ids: string[]): RawBuilder<unknown> {
  return sql`(select 'account' as kind, a.id, a.account_number as label, c.display_name as detail,
    a.customer_id, a.id as account_id
    from customers.account a
    join customers.customer c on c.company_id = a.company_id and c.id = a.customer_id
    where a.company_id = ${companyId}::uuid and a.id = any(${ids}::uuid[]))`;
}

function describeMeters(companyId: string, ids: string[]): RawBuilder<unknown> {
  return sql`(select 'meter' as kind, m.id, m.serial_number as label, ${premiseAddress('p')} as detail,
    holder.customer_id, holder.account_id
    from devices.meter m
    left join lateral (
      select i.service_point_id from devices.meter_installation i
      where i.company_id = m.company_id and i.meter_id = m.id and i.removed_on is null
      order by i.installed_on desc limit 1
    ) installed on true
    left join premises.service_point sp
      on sp.company_id = m.company_id and sp.id = installed.service_point_id
    left join premises.premise p on p.company_id = sp.company_id and p.id = sp.premise_id
    ${latestHolder('sp')}
    where m.company_id = ${companyId}::uuid and m.id = any(${ids}::uuid[]))`;
}

function describeServicePoints(companyId: string, ids: string[]): RawBuilder<unknown> {
  return sql`(select 'service-point' as kind, sp.id, coalesce(sp.market_id, sp.id::text) as label,
    ${premiseAddress('p')} as detail, holder.customer_id, holder.account_id
    from premises.service_point sp
    join premises.premise p on p.company_id = sp.company_id and p.id = sp.premise_id
    ${latestHolder('sp')}
    where sp.company_id = ${companyId}::uuid and sp.id = any(${ids}::uuid[]))`;
}

function describePremises(companyId: string, ids: string[]): RawBuilder<unknown> {
  return sql`(select 'premise' as kind, p.id, ${premiseAddress('p')} as label, holder.display_name as detail,
    holder.customer_id, holder.account_id
    from premises.premise p
    left join lateral (
      select a.id as account_id, a.customer_id, c.display_name
      from premises.service_point sp
      join agreements.service_agreement sa on sa.company_id = sp.company_id and sa.service_point_id = sp.id
      join customers.account a on a.company_id = sa.company_id and a.id = sa.account_id
      join customers.customer c on c.company_id = a.company_id and c.id = a.customer_id
      where sp.company_id = p.company_id and sp.premise_id = p.id
      order by sa.start_on desc limit 1
    ) holder on true
    where p.company_id = ${companyId}::uuid and p.id = any(${ids}::uuid[]))`;
}
