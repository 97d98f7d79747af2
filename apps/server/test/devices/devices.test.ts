import { expect, it } from 'vitest';
import {
  exchangeMeter,
  getMeter,
  installMeter,
  listMeterInstallations,
  listMeters,
  registerMeter,
  removeMeter,
} from '../../src/modules/devices/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { aMeter, aMeterInput } from '../support/factories/devices.js';
import { aServicePoint } from '../support/factories/premises.js';
import { describeEachDatabase } from '../support/test-database.js';

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`Expected an AppError, got ${String(error)}`);
  return error;
}

const contextOf = (company: CompanyFixture) => systemContext(company.companyId, 'devices-test');

describeEachDatabase('meters and installations', (database) => {
  it('registers a meter with its registers', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const meter = await aMeter(
      db,
      company,
      aMeterInput({
        registers: [
          { code: '1.8.1', unit: 'kWh', dials: 6, multiplier: 40, touPeriod: 'peak' },
          { code: '1.8.2', unit: 'kWh', dials: 6, multiplier: '40', touPeriod: 'off-peak' },
          { code: '1.6.0', kind: 'demand', unit: 'kW', dials: 4, multiplier: '0.5' },
        ],
      }),
    );
    const read = await getMeter(db, contextOf(company), meter.id);
    expect(read.status).toBe('in-stock');
    expect(read.registers.map((register) => [register.code, register.multiplier])).toEqual([
      ['1.6.0', '0.5'],
      ['1.8.1', '40'],
      ['1.8.2', '40'],
    ]);
  });

  it('names invalid register fields', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const error = await caught(
      registerMeter(
        db,
        contextOf(company),
        aMeterInput({ registers: [{ code: 'A', unit: 'kWh', dials: 13, multiplier: 0 }] }),
      ),
    );
    expect(error.kind).toBe('validation');
    expect(error.fields.map((field) => field.path)).toEqual([
      '0.registers.0.dials',
      '0.registers.0.multiplier',
    ]);
    expect(error.fields[0]?.message).toContain('13');
    expect(error.fields[1]?.message).toContain('0');
  });

  it('rejects foreign units and repeated codes', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const error = await caught(
      registerMeter(
        db,
        contextOf(company),
        aMeterInput({
          service: 'gas',
          registers: [
            { code: 'A', unit: 'kWh', dials: 5 },
            { code: 'A', unit: 'm3', dials: 5 },
          ],
        }),
      ),
    );
    expect(error.fields.map((field) => field.path)).toEqual(['0.registers.0.unit', '0.registers.1.code']);
    expect(error.fields[0]?.message).toContain('"kWh"');
    expect(error.fields[0]?.message).toContain('m3, ft3, therm');
  });

  it('rejects a serial number in use', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    await aMeter(db, company, aMeterInput({ serialNumber: 'LG-1001' }));
    const error = await caught(aMeter(db, company, aMeterInput({ serialNumber: 'LG-1001' })));
    expect(error.code).toBe('DEVICES.SERIAL_NUMBER_TAKEN');
    expect(error.message).toContain('LG-1001');
  });

  it('installs with install reads and removes with removal reads', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const meter = await aMeter(db, company);
    const point = await aServicePoint(db, company);
    const installation = await installMeter(db, contextOf(company), {
      meterId: meter.id,
      servicePointId: point.id,
      installedOn: '2025-01-15',
      reads: [{ registerCode: '1.8.0', value: 120 }],
    });
    expect((await getMeter(db, contextOf(company), meter.id)).status).toBe('installed');

    const removed = await removeMeter(db, contextOf(company), {
      meterId: meter.id,
      removedOn: '2025-06-01',
      reads: [{ registerCode: '1.8.0', value: '4321.5' }],
    });
    expect(removed).toEqual({ ...installation, removedOn: '2025-06-01' });
    const reads = await db
      .selectFrom('readings.register_read')
      .select(['read_on', 'value', 'kind'])
      .where('company_id', '=', company.companyId)
      .where('register_id', '=', meter.registers[0]!.id)
      .orderBy('read_on')
      .execute();
    expect(reads).toEqual([
      { read_on: '2025-01-15', value: '120.000000', kind: 'install' },
      { read_on: '2025-06-01', value: '4321.500000', kind: 'removal' },
    ]);
    expect((await getMeter(db, contextOf(company), meter.id)).status).toBe('removed');
  });

  it('requires a read that fits the dials', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const meter = await aMeter(db, company);
    const point = await aServicePoint(db, company);
    const tooLarge = await caught(
      installMeter(db, contextOf(company), {
        meterId: meter.id,
        servicePointId: point.id,
        installedOn: '2025-01-15',
        reads: [{ registerCode: '1.8.0', value: 100000 }],
      }),
    );
    expect(tooLarge.fields[0]?.path).toBe('reads.0.value');
    expect(tooLarge.fields[0]?.message).toContain('99999');
    const missing = await caught(
      installMeter(db, contextOf(company), {
        meterId: meter.id,
        servicePointId: point.id,
        installedOn: '2025-01-15',
      }),
    );
    expect(missing.fields[0]?.message).toContain('1.8.0');
    expect((await listMeterInstallations(db, contextOf(company), { meterId: meter.id })).length).toBe(0);
  });

  it('rejects overlapping installations with a clear conflict', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const meter = await aMeter(db, company, aMeterInput({ serialNumber: 'OVER-1' }));
    const second = await aMeter(db, company);
    const point = await aServicePoint(db, company);
    const otherPoint = await aServicePoint(db, company);
    const read = [{ registerCode: '1.8.0', value: 0 }];
    await installMeter(db, contextOf(company), {
      meterId: meter.id,
      servicePointId: point.id,
      installedOn: '2025-03-01',
      reads: read,
    });

    const occupied = await caught(
      installMeter(db, contextOf(company), {
        meterId: second.id,
        servicePointId: point.id,
        installedOn: '2025-04-01',
        reads: read,
      }),
    );
    expect(occupied.kind).toBe('conflict');
    expect(occupied.code).toBe('DEVICES.SERVICE_POINT_OCCUPIED');
    expect(occupied.message).toContain('OVER-1');
    expect(occupied.message).toContain('since 2025-03-01');

    const busy = await caught(
      installMeter(db, contextOf(company), {
        meterId: meter.id,
        servicePointId: otherPoint.id,
        installedOn: '2025-05-01',
        reads: read,
      }),
    );
    expect(busy.code).toBe('DEVICES.METER_ALREADY_INSTALLED');
    expect(busy.message).toContain(point.id);
  });

  it('rejects a meter of another service', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const meter = await aMeter(
      db,
      company,
      aMeterInput({ service: 'water', registers: [{ code: 'W', unit: 'gal', dials: 6 }] }),
    );
    const point = await aServicePoint(db, company);
    const error = await caught(
      installMeter(db, contextOf(company), {
        meterId: meter.id,
        servicePointId: point.id,
        installedOn: '2025-01-01',
        reads: [{ registerCode: 'W', value: 0 }],
      }),
    );
    expect(error.kind).toBe('rule-violation');
    expect(error.code).toBe('DEVICES.SERVICE_MISMATCH');
  });

  it('exchanges meters on one day', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const old = await aMeter(db, company);
    const replacement = await aMeter(db, company);
    const point = await aServicePoint(db, company);
    await installMeter(db, contextOf(company), {
      meterId: old.id,
      servicePointId: point.id,
      installedOn: '2024-01-01',
      reads: [{ registerCode: '1.8.0', value: 500 }],
    });
    const { removed, installed } = await exchangeMeter(db, contextOf(company), {
      servicePointId: point.id,
      exchangedOn: '2025-02-10',
      removalReads: [{ registerCode: '1.8.0', value: 9500 }],
      newMeterId: replacement.id,
      installReads: [{ registerCode: '1.8.0', value: 3 }],
    });
    expect(removed.removedOn).toBe('2025-02-10');
    expect(installed.installedOn).toBe('2025-02-10');
    const history = await listMeterInstallations(db, contextOf(company), { servicePointId: point.id });
    expect(history.map((item) => [item.meterId, item.installedOn, item.removedOn])).toEqual([
      [old.id, '2024-01-01', '2025-02-10'],
      [replacement.id, '2025-02-10', null],
    ]);
  });

  it('rolls the exchange back when the new meter is busy', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const old = await aMeter(db, company);
    const busy = await aMeter(db, company);
    const point = await aServicePoint(db, company);
    const elsewhere = await aServicePoint(db, company);
    const read = [{ registerCode: '1.8.0', value: 1 }];
    await installMeter(db, contextOf(company), {
      meterId: old.id,
      servicePointId: point.id,
      installedOn: '2024-01-01',
      reads: read,
    });
    await installMeter(db, contextOf(company), {
      meterId: busy.id,
      servicePointId: elsewhere.id,
      installedOn: '2024-01-01',
      reads: read,
    });

    const error = await caught(
      exchangeMeter(db, contextOf(company), {
        servicePointId: point.id,
        exchangedOn: '2025-02-10',
        removalReads: read,
        newMeterId: busy.id,
        installReads: read,
      }),
    );
    expect(error.code).toBe('DEVICES.METER_ALREADY_INSTALLED');
    const history = await listMeterInstallations(db, contextOf(company), { servicePointId: point.id });
    expect(history.map((item) => item.removedOn)).toEqual([null]);
  });

  it('keeps companies apart', async () => {
    const { db } = database();
    const first = await insertCompany(db);
    const second = await insertCompany(db);
    const meter = await aMeter(db, first);
    const point = await aServicePoint(db, first);
    const ownPoint = await aServicePoint(db, second);
    const intruder = contextOf(second);
    const read = [{ registerCode: '1.8.0', value: 1 }];

    expect((await caught(getMeter(db, intruder, meter.id))).kind).toBe('not-found');
    expect(
      (
        await caught(
          installMeter(db, intruder, {
            meterId: meter.id,
            servicePointId: ownPoint.id,
            installedOn: '2025-01-01',
            reads: read,
          }),
        )
      ).code,
    ).toBe('DEVICES.METER_NOT_FOUND');
    const own = await aMeter(db, second);
    expect(
      (
        await caught(
          installMeter(db, intruder, {
            meterId: own.id,
            servicePointId: point.id,
            installedOn: '2025-01-01',
            reads: read,
          }),
        )
      ).code,
    ).toBe('PREMISES.SERVICE_POINT_NOT_FOUND');
    expect((await listMeters(db, intruder)).items.map((item) => item.id)).toEqual([own.id]);
  });
});
