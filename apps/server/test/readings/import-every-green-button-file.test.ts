import { createReadStream } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { importIntervalData } from '../../src/modules/readings/index.js';
import { repositoryRoot } from '../../src/platform/config/repository-root.js';
import { systemContext, type Db } from '../../src/platform/context/request-context.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { describeEachDatabase } from '../support/test-database.js';

const folder = path.join(repositoryRoot, '../shared/data/greenbutton');

type Expected = {
  file: string;
  service: 'electricity' | 'gas' | 'water';
  timeZone: string;
  readings: number;
  unit: string;
  total?: string;
  /** Readings on chosen local days: the DST days have 92 quarter hours, or 23 or 25 hours. */
  localDays?: Record<string, number>;
};

const files: Expected[] = [
  {
    file: '15minLP_15Days.xml',
    service: 'electricity',
    timeZone: 'America/New_York',
    readings: 1340,
    unit: 'kWh',
    localDays: { '2012-03-11': 92, '2012-03-12': 96 },
  },
  {
    file: '1hrLP_32Days.xml',
    service: 'electricity',
    timeZone: 'America/New_York',
    readings: 768,
    unit: 'kWh',
    localDays: { '2012-04-01': 24, '2012-05-02': 24 },
  },
  {
    file: 'Coastal_Multi_Family_Jan_1_2011_to_Jan_1_2012_RetailCustomer_5.xml',
    service: 'electricity',
    timeZone: 'America/Los_Angeles',
    readings: 8760,
    unit: 'kWh',
    total: '4425.305',
    localDays: { '2011-03-13': 23, '2011-11-06': 25, '2011-07-01': 24 },
  },
  { file: 'Gas.xml', service: 'gas', timeZone: 'America/New_York', readings: 13, unit: 'therm' },
  {
    file: 'Water.xml',
    service: 'water',
    timeZone: 'America/New_York',
    readings: 2,
    unit: 'gal',
    total: '29866000',
  },
  {
    file: 'ngma_natural_gas_billing_billing_data_Service_1_1_2021-05-26_to_2024-04-25.xml',
    service: 'gas',
    timeZone: 'America/New_York',
    readings: 35,
    unit: 'therm',
  },
  {
    file: 'abridged/electric_containerized.xml',
    service: 'electricity',
    timeZone: 'America/Los_Angeles',
    readings: 8,
    unit: 'kWh',
  },
  {
    file: 'abridged/gas_direct.xml',
    service: 'gas',
    timeZone: 'America/New_York',
    readings: 5,
    unit: 'therm',
  },
];

async function insertServicePoint(
  db: Db,
  company: CompanyFixture,
  service: Expected['service'],
): Promise<string> {
  const premise = await db
    .insertInto('premises.premise')
    .values({ company_id: company.companyId, address_line1: '1 Feed Street', city: 'Anytown', country: 'US' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const point = await db
    .insertInto('premises.service_point')
    .values({ company_id: company.companyId, premise_id: premise.id, service })
    .returning('id')
    .executeTakeFirstOrThrow();
  return point.id;
}

describeEachDatabase('every Green Button file', (database) => {
  for (const expected of files) {
    it(`imports ${expected.file}`, async () => {
      const { db } = database();
      const company = await insertCompany(db, { timeZone: expected.timeZone });
      const servicePointId = await insertServicePoint(db, company, expected.service);

      const result = await importIntervalData(db, systemContext(company.companyId), {
        source: createReadStream(path.join(folder, expected.file)),
        format: 'greenbutton',
        mapping: { servicePointId },
      });

      expect(result.status).toBe('committed');
      const stored = await sql<{ unit: string; readings: string; total: string }>`
        select c.unit, count(*) as readings, sum(r.value)::text as total
        from readings.interval_reading r
        join readings.interval_channel c on c.company_id = r.company_id and c.id = r.channel_id
        where r.company_id = ${company.companyId} group by c.unit
      `.execute(db);
      expect(stored.rows).toHaveLength(1);
      expect(stored.rows[0]?.unit).toBe(expected.unit);
      expect(Number(stored.rows[0]?.readings)).toBe(expected.readings);
      if (expected.total) expect(Number(stored.rows[0]?.total)).toBeCloseTo(Number(expected.total), 6);
      for (const [day, count] of Object.entries(expected.localDays ?? {})) {
        const perDay = await sql<{ readings: string }>`
          select count(*) as readings from readings.interval_reading
          where company_id = ${company.companyId}
            and (start_at at time zone ${expected.timeZone})::date = ${day}::date
        `.execute(db);
        expect({ day, readings: Number(perDay.rows[0]?.readings) }).toEqual({ day, readings: count });
      }
    });
  }

  it('rejects the feed with fractional start times', async () => {
    const { db } = database();
    const company = await insertCompany(db, { timeZone: 'America/New_York' });
    const servicePointId = await insertServicePoint(db, company, 'gas');

    const result = await importIntervalData(db, systemContext(company.companyId), {
      source: createReadStream(path.join(folder, 'abridged/gas_containerized.xml')),
      format: 'greenbutton',
      mapping: { servicePointId },
    });

    expect(result.status).not.toBe('committed');
    expect(JSON.stringify(result.problems)).toContain('1721154384.66136');
    const stored = await db
      .selectFrom('readings.interval_reading')
      .select('start_at')
      .where('company_id', '=', company.companyId)
      .execute();
    expect(stored).toEqual([]);
  });
});
