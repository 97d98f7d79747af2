import { sql, type RawBuilder } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { selectMatchDescriptions } from '../../src/modules/search/db/describe-matches.js';
import { selectExactAndPrefixMatches } from '../../src/modules/search/db/exact-and-prefix-matches.js';
import type { SearchMatch } from '../../src/modules/search/domain/search-match.js';
import { parseSearchQuery } from '../../src/modules/search/domain/search-query.js';
import { findLeakyIndexFunctions } from '../../src/platform/db/find-leaky-index-functions.js';
import { seedSearchData } from '../support/search-data.js';
import { describeEachDatabase } from '../support/test-database.js';

// Enough rows that reading a whole table costs the planner more than an index scan would.
const CUSTOMERS = 4_000;

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
};

/** Lists every scan in the plan, as "Node Type using index" or "Node Type on table". */
function listScans(node: PlanNode): string[] {
  const index = node['Index Name'];
  const table = node['Relation Name'];
  const own =
    index !== undefined
      ? [`${node['Node Type']} using ${index}`]
      : table !== undefined
        ? [`${node['Node Type']} on ${table}`]
        : [];
  return [...own, ...(node.Plans ?? []).flatMap(listScans)];
}

describeEachDatabase('search query plans', (database) => {
  let companyId: string;
  let sample: {
    accountNumber: string;
    serialNumber: string;
    marketId: string;
    email: string;
    phone: string;
    name: string;
    familyName: string;
    address: string;
    customerId: string;
  };

  beforeAll(async () => {
    const { db } = database();
    companyId = await seedSearchData(db, CUSTOMERS);
    await sql`analyze`.execute(db);
    const row = await sql<typeof sample>`
      select a.account_number as "accountNumber", m.serial_number as "serialNumber",
        sp.market_id as "marketId", e.value as email, ph.value as phone, c.display_name as name,
        c.family_name as "familyName", p.address_line1 as address, c.id as "customerId"
      from customers.customer c
      join customers.account a on a.company_id = c.company_id and a.customer_id = c.id
      join agreements.service_agreement sa on sa.company_id = a.company_id and sa.account_id = a.id
      join premises.service_point sp on sp.company_id = sa.company_id and sp.id = sa.service_point_id
      join premises.premise p on p.company_id = sp.company_id and p.id = sp.premise_id
      join devices.meter_installation i on i.company_id = sp.company_id and i.service_point_id = sp.id
      join devices.meter m on m.company_id = i.company_id and m.id = i.meter_id
      join customers.customer_contact e on e.company_id = c.company_id and e.customer_id = c.id and e.kind = 'email'
      join customers.customer_contact ph on ph.company_id = c.company_id and ph.customer_id = c.id and ph.kind = 'phone'
      where c.company_id = ${companyId}::uuid and c.kind = 'person'
      limit 1`.execute(db);
    sample = row.rows[0]!;
  });

  async function scansOf(statement: RawBuilder<unknown> | undefined): Promise<string[]> {
    if (statement === undefined) throw new Error('The search built no statement for this text.');
    return database()
      .forCompany(companyId)
      .transaction()
      .execute(async (trx) => {
        const result = await sql<{
          'QUERY PLAN': [{ Plan: PlanNode }];
        }>`explain (format json) ${statement}`.execute(trx);
        return listScans(result.rows[0]!['QUERY PLAN'][0].Plan);
      });
  }

  /**
   * Checks that the plan reads no table whole and reads each of `tables` through one of its indexes (which
   * one is the planner's choice: PGlite's C collation lets the unique account number index serve too).
   */
  async function expectIndexScans(text: string, scans: string[], tables: string[]): Promise<void> {
    const indexes = scans.flatMap((scan) => /using (\S+)$/.exec(scan)?.[1] ?? []);
    const tablesOfIndexes = await sql<{ table: string }>`
      select distinct i.indrelid::regclass::text as table
      from pg_index i join pg_class c on c.oid = i.indexrelid
      where c.relname = any(${indexes}::text[])
    `.execute(database().db);
    const readByIndex = tablesOfIndexes.rows.map((row) => row.table);
    const sequential = scans.filter((scan) => scan.startsWith('Seq Scan'));
    const unread = tables.filter((table) => !readByIndex.includes(table));
    expect({ text, sequential, unread, scans }).toEqual({ text, sequential: [], unread: [], scans });
  }

  it('looks identifiers up by index', async () => {
    const cases: [text: string, tables: string[]][] = [
      [sample.accountNumber, ['customers.account', 'customers.customer_contact']],
      [sample.accountNumber.slice(0, 6), ['customers.account']],
      [sample.serialNumber.toLowerCase(), ['devices.meter']],
      [sample.marketId, ['premises.service_point']],
      [sample.email.toUpperCase(), ['customers.customer_contact']],
      [sample.phone, ['customers.customer_contact']],
      [
        sample.customerId,
        [
          'customers.customer',
          'customers.account',
          'premises.premise',
          'premises.service_point',
          'devices.meter',
        ],
      ],
    ];
    for (const [text, tables] of cases) {
      const scans = await scansOf(selectExactAndPrefixMatches(companyId, parseSearchQuery(text), 10));
      await expectIndexScans(text, scans, tables);
    }
  });

  it('looks name and address prefixes up by index', async () => {
    const byName = await scansOf(selectExactAndPrefixMatches(companyId, parseSearchQuery(sample.name), 10));
    await expectIndexScans(sample.name, byName, ['customers.customer', 'premises.premise']);
    const byAddress = await scansOf(
      selectExactAndPrefixMatches(companyId, parseSearchQuery(sample.address.slice(0, 8)), 10),
    );
    await expectIndexScans(sample.address, byAddress, ['premises.premise']);
  });

  it('has LEAKPROOF index condition functions', async () => {
    expect(await findLeakyIndexFunctions(database().db)).toBeUndefined();
  });

  it('describes matches by primary key', async () => {
    const matches: SearchMatch[] = (
      ['customer', 'account', 'meter', 'service-point', 'premise'] as const
    ).map((kind) => ({
      kind,
      id: sample.customerId,
      field: 'id',
      value: sample.customerId,
      rank: 0,
      similarity: 1,
    }));
    const scans = await scansOf(selectMatchDescriptions(companyId, matches));
    expect(scans.filter((scan) => scan.startsWith('Seq Scan'))).toEqual([]);
  });
});
