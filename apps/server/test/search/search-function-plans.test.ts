import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAccountRows } from '../../src/modules/customers/db/account-queries.js';
import { listCustomerRows } from '../../src/modules/customers/db/customer-queries.js';
import { listMeterRows } from '../../src/modules/devices/db/meter-queries.js';
import { listPremiseRows } from '../../src/modules/premises/db/premise-queries.js';
import { findSimilarMatches } from '../../src/modules/search/db/similar-matches.js';
import { parseSearchQuery } from '../../src/modules/search/domain/search-query.js';
import { openPlanRecordingSession, type PlanRecordingSession } from '../support/nested-plans.js';
import { seedSearchData } from '../support/search-data.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { postgresAdminUrl, testDatabaseKinds, withDatabaseName } from '../support/test-database-settings.js';

// Enough rows that reading a whole table costs the planner more than an index scan would.
const CUSTOMERS = 4_000;

// The statements inside the search functions of migration 0065 are planned where EXPLAIN of the calling
// statement cannot see them, so auto_explain logs them. It is a PostgreSQL module that PGlite's test
// databases do not load; the route tests check what these functions find on both databases.
describe.runIf(testDatabaseKinds.includes('postgres'))('search function plans [postgres]', () => {
  let database: TestDatabase;
  let session: PlanRecordingSession;
  let companyId: string;
  let sample: { name: string; address: string; accountNumber: string; serialNumber: string };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    companyId = await seedSearchData(database.db, CUSTOMERS);
    await sql`analyze`.execute(database.db);
    const row = await sql<typeof sample>`
      select c.display_name as name, p.address_line1 as address, a.account_number as "accountNumber",
        m.serial_number as "serialNumber"
      from customers.customer c
      join customers.account a on a.company_id = c.company_id and a.customer_id = c.id
      cross join lateral (select address_line1 from premises.premise where company_id = c.company_id limit 1) p
      cross join lateral (select serial_number from devices.meter where company_id = c.company_id limit 1) m
      where c.company_id = ${companyId}::uuid and c.kind = 'person'
      limit 1`.execute(database.db);
    sample = row.rows[0]!;
    const name = await sql<{ name: string }>`select current_database() as name`.execute(database.db);
    session = await openPlanRecordingSession(
      withDatabaseName(postgresAdminUrl, name.rows[0]!.name),
      companyId,
    );
  });
  afterAll(async () => {
    await session?.close();
    await database?.drop();
  });

  /** Checks that no plan reads a table whole and that `index` drives one of the scans. */
  function expectIndexScan(plans: { queryText: string; scans: string[] }[], index: string): void {
    const scans = plans.flatMap((plan) => plan.scans);
    const sequential = plans.filter((plan) => plan.scans.some((scan) => scan.startsWith('Seq Scan')));
    expect(sequential).toEqual([]);
    expect(scans.some((scan) => scan.endsWith(`using ${index}`))).toBe(true);
  }

  it('finds similar names through the full-text index', async () => {
    const typo = `${sample.name.slice(0, -2)}${sample.name.slice(-1)}`;
    const plans = await session.recordPlans(() => findSimilarMatches(session.db, parseSearchQuery(typo), 10));
    expectIndexScan(
      plans.filter((plan) => plan.queryText.includes('from customers.customer')),
      'customer_display_name_folded_words',
    );
  });

  it('finds similar addresses through the full-text index', async () => {
    const typo = `${sample.address.slice(0, -2)}${sample.address.slice(-1)}`;
    const plans = await session.recordPlans(() => findSimilarMatches(session.db, parseSearchQuery(typo), 10));
    expectIndexScan(
      plans.filter((plan) => plan.queryText.includes('from premises.premise')),
      'premise_address_folded_words',
    );
  });

  it('filters the customer list through the trigram index', async () => {
    const plans = await session.recordPlans(() =>
      listCustomerRows(session.db, companyId, {
        search: 'mith',
        sort: 'displayName:asc',
        limit: 25,
        offset: 0,
      }),
    );
    expectIndexScan(plans, 'customer_display_name_folded_trigrams');
  });

  it('filters the account list by number through the prefix index', async () => {
    const plans = await session.recordPlans(() =>
      listAccountRows(session.db, companyId, {
        search: sample.accountNumber.slice(0, 8),
        sort: 'accountNumber:asc',
        limit: 25,
        offset: 0,
      }),
    );
    expectIndexScan(plans, 'account_by_lower_number_prefix');
    expectIndexScan(plans, 'customer_display_name_folded_trigrams');
  });

  it('filters the premise list through the trigram index', async () => {
    const plans = await session.recordPlans(() =>
      listPremiseRows(session.db, companyId, {
        search: sample.address.slice(0, 8).toUpperCase(),
        sort: 'addressLine1:asc',
        limit: 25,
        offset: 0,
      }),
    );
    expectIndexScan(plans, 'premise_address_folded_trigrams');
  });

  it('filters the meter list by serial through the prefix index', async () => {
    const plans = await session.recordPlans(() =>
      listMeterRows(session.db, companyId, {
        serialNumber: sample.serialNumber.slice(0, 6).toLowerCase(),
        sort: 'serialNumber:asc',
        limit: 25,
        offset: 0,
      }),
    );
    // The registers of the page's meters come after the list query; the seeded meters have none.
    const listed = plans.filter((plan) => !plan.queryText.includes('meter_register'));
    expectIndexScan(listed, 'meter_by_lower_serial_number_prefix');
  });
});
