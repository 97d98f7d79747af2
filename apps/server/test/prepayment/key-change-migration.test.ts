import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMeterPan, type DecoderKeyData } from '@open-cis/sts';
import { migrationsDir } from '../../src/platform/db/migrate.js';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/open-database.js';
import { newId } from '../../src/platform/ids/new-id.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import type { MeteredAccount } from '../support/factories/metered-account.js';
import { aDrn, insertPrepaidAgreement, testKey, testKeyRevision2 } from '../support/factories/prepaid.js';
import { postgresAdminUrl, testDatabaseKinds, withDatabaseName } from '../support/test-database-settings.js';
import { dropWhenDisconnected } from '../support/test-database.js';

const membershipMigration = /^\d{4}_key_change_campaign_meters\.sql$/;
const tariffIndex2: DecoderKeyData = { ...testKeyRevision2, ti: 2 };

type Membership = {
  campaign_id: string;
  meter_id: string;
  status: string;
  vend_id: string | null;
  issued_at: Date | null;
  confirmed_at: Date | null;
};

/** Runs each migration script before the one that adds key_change_campaign_meter, in name order. */
async function migrateToBefore(handle: DatabaseHandle): Promise<string> {
  const files = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
  const target = files.find((name) => membershipMigration.test(name));
  if (target === undefined)
    throw new Error(`No migration in ${migrationsDir} matches ${membershipMigration}.`);
  await handle.withScriptSession(async (run) => {
    for (const name of files.filter((file) => file < target)) {
      await run(`begin;\n${await readFile(path.join(migrationsDir, name), 'utf8')}\n;\ncommit;`);
    }
  });
  return readFile(path.join(migrationsDir, target), 'utf8');
}

/** Opens an empty database of the given kind, and a function that drops it. */
async function openEmptyDatabase(
  kind: 'pglite' | 'postgres',
): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ kind: 'pglite', dataDir: undefined });
    return { handle, drop: () => handle.close() };
  }
  const name = `cis_test_kc_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const handle = await openDatabase({
    kind: 'postgres',
    connectionString: withDatabaseName(postgresAdminUrl, name),
  });
  return {
    handle,
    drop: async () => {
      await handle.close();
      await dropWhenDisconnected(admin, name);
      await admin.end();
    },
  };
}

for (const kind of testDatabaseKinds) {
  describe(`key change campaign migration [${kind}]`, () => {
    let database: { handle: DatabaseHandle; drop: () => Promise<void> } | undefined;
    let membershipScript: string;
    let company: CompanyFixture;

    beforeAll(async () => {
      database = await openEmptyDatabase(kind);
      membershipScript = await migrateToBefore(database.handle);
      company = await insertCompany(database.handle.db, { currency: 'ZAR', timeZone: 'Africa/Johannesburg' });
    });
    afterAll(async () => {
      await database?.drop();
    });

    const db = () => database!.handle.db;

    async function insertCampaign(key: DecoderKeyData, createdAt: string): Promise<string> {
      const id = newId();
      await sql`
        insert into prepayment.key_change_campaign
          (company_id, id, name, sgc, ti, krn, kt, ken, base_date, dkga, ea, created_at)
        values (${company.companyId}, ${id}, 'Legacy campaign', ${key.sgc}, ${key.ti}, ${key.krn}, ${key.kt},
          ${key.ken}, ${key.baseDate}, ${key.dkga}, ${key.ea}, ${createdAt})`.execute(db());
      return id;
    }

    /**
     * Inserts an account with a prepaid meter under the test key, writing only the prepaid_meter columns
     * that the schema before the migration has, where registerPrepaidMeter writes those of the newest.
     */
    async function insertLegacyPrepaidMeter(): Promise<MeteredAccount> {
      const account = await insertPrepaidAgreement(db(), company);
      const drn = aDrn();
      const number = computeMeterPan('600727', drn);
      if (!('pan' in number)) throw new Error(`The test DRN ${drn} makes no meter number.`);
      await sql`
        insert into prepayment.prepaid_meter
          (company_id, meter_id, iin, drn, pan, sgc, ti, krn, kt, ken, base_date, dkga, ea)
        values (${company.companyId}, ${account.meterId}, '600727', ${drn}, ${number.pan}, ${testKey.sgc},
          ${testKey.ti}, ${testKey.krn}, ${testKey.kt}, ${testKey.ken}, ${testKey.baseDate}, ${testKey.dkga},
          ${testKey.ea})`.execute(db());
      return account;
    }

    /** Inserts a vend that installed a key change, replacing `replaced`. */
    async function insertKeyChangeVend(
      fixture: MeteredAccount,
      replaced: DecoderKeyData,
      issuedAt: string,
      status: 'issued' | 'released' | 'reversed',
    ): Promise<string> {
      const id = newId();
      await sql`
        insert into prepayment.vend
          (company_id, id, meter_id, account_id, agreement_id, tariff_version_id, channel, transaction_reference,
           request_hash, actor_kind, actor_id, tendered_minor, energy_minor, currency, units, unit, vend_month,
           accounting_date, issued_at, status, released_at, reversed_at, reversal_reason, replaced_key,
           replaced_last_tid)
        values (${company.companyId}, ${id}, ${fixture.meterId}, ${fixture.accountId}, ${fixture.agreementId},
          ${newId()}, 'api', ${id}, 'hash', 'system', 'test', 1000, 1000, 'ZAR', '10.0', 'kWh', '2026-06-01',
          '2026-06-10', ${issuedAt}, ${status},
          ${status === 'released' ? issuedAt : null}, ${status === 'reversed' ? issuedAt : null},
          ${status === 'reversed' ? 'test' : null}, ${JSON.stringify(replaced)}, 100)`.execute(db());
      return id;
    }

    /** Sets the meter's key, pending key and the pointers that the migration replaces. */
    async function setMeter(
      fixture: MeteredAccount,
      state: {
        key: DecoderKeyData;
        pendingKey: DecoderKeyData | null;
        campaignId: string;
        vendId: string | null;
        confirmedAt: string | null;
      },
    ): Promise<void> {
      const { key, pendingKey } = state;
      await sql`
        update prepayment.prepaid_meter set
          sgc = ${key.sgc}, ti = ${key.ti}, krn = ${key.krn}, kt = ${key.kt}, ken = ${key.ken},
          base_date = ${key.baseDate}, dkga = ${key.dkga}, ea = ${key.ea},
          pending_sgc = ${pendingKey?.sgc ?? null}, pending_ti = ${pendingKey?.ti ?? null},
          pending_krn = ${pendingKey?.krn ?? null}, pending_kt = ${pendingKey?.kt ?? null},
          pending_ken = ${pendingKey?.ken ?? null}, pending_base_date = ${pendingKey?.baseDate ?? null},
          pending_dkga = ${pendingKey?.dkga ?? null}, pending_ea = ${pendingKey?.ea ?? null},
          key_change_campaign_id = ${state.campaignId}, key_change_vend_id = ${state.vendId},
          key_change_confirmed_at = ${state.confirmedAt}
        where company_id = ${company.companyId} and meter_id = ${fixture.meterId}`.execute(db());
    }

    it('moves each campaign meter to its own row', async () => {
      const first = await insertCampaign(testKeyRevision2, '2026-06-01T08:00:00Z');
      const meters: MeteredAccount[] = [];
      for (let index = 0; index < 6; index++) meters.push(await insertLegacyPrepaidMeter());
      const [waiting, issued, confirmed, moved, twice, reversed] = meters as [
        MeteredAccount,
        MeteredAccount,
        MeteredAccount,
        MeteredAccount,
        MeteredAccount,
        MeteredAccount,
      ];

      await setMeter(waiting, {
        key: testKey,
        pendingKey: testKeyRevision2,
        campaignId: first,
        vendId: null,
        confirmedAt: null,
      });
      const issuedVend = await insertKeyChangeVend(issued, testKey, '2026-06-02T08:00:00Z', 'issued');
      await setMeter(issued, {
        key: testKeyRevision2,
        pendingKey: null,
        campaignId: first,
        vendId: issuedVend,
        confirmedAt: null,
      });
      const confirmedVend = await insertKeyChangeVend(confirmed, testKey, '2026-06-02T09:00:00Z', 'released');
      await setMeter(confirmed, {
        key: testKeyRevision2,
        pendingKey: null,
        campaignId: first,
        vendId: confirmedVend,
        confirmedAt: '2026-06-02T09:00:00Z',
      });
      // Issued in the first campaign, then waiting in a second one: the meter names only the second.
      const movedVend = await insertKeyChangeVend(moved, testKey, '2026-06-03T08:00:00Z', 'issued');
      const second = await insertCampaign(tariffIndex2, '2026-06-04T08:00:00Z');
      await setMeter(moved, {
        key: testKeyRevision2,
        pendingKey: tariffIndex2,
        campaignId: second,
        vendId: movedVend,
        confirmedAt: null,
      });
      // Changed by both campaigns, each by a vend of its own.
      const twiceFirstVend = await insertKeyChangeVend(twice, testKey, '2026-06-03T09:00:00Z', 'released');
      const twiceSecondVend = await insertKeyChangeVend(
        twice,
        testKeyRevision2,
        '2026-06-05T08:00:00Z',
        'released',
      );
      await setMeter(twice, {
        key: tariffIndex2,
        pendingKey: null,
        campaignId: second,
        vendId: twiceSecondVend,
        confirmedAt: '2026-06-05T08:00:00Z',
      });
      // A reversed key change vend put the pending key back.
      await insertKeyChangeVend(reversed, testKey, '2026-06-03T10:00:00Z', 'reversed');
      await setMeter(reversed, {
        key: testKey,
        pendingKey: testKeyRevision2,
        campaignId: first,
        vendId: null,
        confirmedAt: null,
      });

      await database!.handle.withScriptSession((run) => run(`begin;\n${membershipScript}\n;\ncommit;`));

      const rows = await sql<Membership>`
        select campaign_id::text, meter_id::text, status, vend_id::text, issued_at, confirmed_at
        from prepayment.key_change_campaign_meter where company_id = ${company.companyId}`.execute(db());
      const find = (campaignId: string, fixture: MeteredAccount) =>
        rows.rows.find((row) => row.campaign_id === campaignId && row.meter_id === fixture.meterId);
      expect(rows.rows).toHaveLength(8);
      expect(find(first, waiting)).toMatchObject({ status: 'not-started', vend_id: null, issued_at: null });
      expect(find(first, issued)).toMatchObject({
        status: 'issued',
        vend_id: issuedVend,
        confirmed_at: null,
      });
      expect(find(first, confirmed)).toMatchObject({ status: 'confirmed', vend_id: confirmedVend });
      expect(find(first, confirmed)?.confirmed_at?.toISOString()).toBe('2026-06-02T09:00:00.000Z');
      expect(find(first, moved)).toMatchObject({ status: 'issued', vend_id: movedVend });
      expect(find(first, moved)?.issued_at?.toISOString()).toBe('2026-06-03T08:00:00.000Z');
      expect(find(second, moved)).toMatchObject({ status: 'not-started', vend_id: null });
      expect(find(first, twice)).toMatchObject({ status: 'confirmed', vend_id: twiceFirstVend });
      expect(find(second, twice)).toMatchObject({ status: 'confirmed', vend_id: twiceSecondVend });
      expect(find(first, reversed)).toMatchObject({ status: 'not-started', vend_id: null });

      const dropped = await sql<{ column_name: string }>`
        select column_name from information_schema.columns
        where table_schema = 'prepayment' and table_name = 'prepaid_meter'
          and column_name like 'key_change%'`.execute(db());
      expect(dropped.rows).toEqual([]);
    });
  });
}
