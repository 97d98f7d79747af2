import { Temporal } from 'temporal-polyfill';
import { recordAudit } from '../../platform/audit/record-audit.js';
import type { DatabaseHandle } from '../../platform/db/open-database.js';
import { inTransaction } from '../../platform/db/in-transaction.js';
import {
  systemContext,
  type Db,
  type RequestContext,
  type Trx,
} from '../../platform/context/request-context.js';
import { createServiceAgreements } from '../agreements/index.js';
import { createBillCycle } from '../billing/index.js';
import { processBillRun, startBillRun } from '../billing/index.js';
import { createCompany } from '../companies/index.js';
import { createAccounts, createCustomers } from '../customers/index.js';
import { exchangeMeter, installMeter, registerMeters, type Meter } from '../devices/index.js';
import { randomBytes } from 'node:crypto';
import { createApiKey, createUser, resetPassword } from '../identity/index.js';
import { createPremises, createServicePoints } from '../premises/index.js';
import { addTariffVersion, createTariff } from '../rates/index.js';
import {
  jacksonEmcEffectiveFrom,
  jacksonEmcTariffCode,
  jacksonEmcTariffDefinition,
  jacksonEmcUrdbLabel,
} from './jackson-emc-tariff.js';
import { insertDemoReads, type DemoRead } from './db/insert-demo-reads.js';
import { planDemoUtility, type DemoPlan } from './plan-demo-utility.js';
import { seedDemoPrepayment, type SeededPrepayment } from './seed-demo-prepayment.js';
import { demoSelfServiceCustomer, seedDemoSelfService } from './seed-demo-self-service.js';
import { demoVendingAgent, seedDemoVendingAgent } from './seed-demo-vending-agent.js';

export const demoCompanyCode = 'jackson-emc-demo';
export const demoTimeZone = 'America/New_York';

export type SeedDemoUtilityOptions = {
  log?: (message: string) => void;
  /** Number of customers, each with one account, premise, service point and meter (default 300). */
  customers?: number;
  /** Today in the company's time zone; the billed month is the calendar month before it. */
  now?: Temporal.PlainDate;
  /** Code of the company to create (default jackson-emc-demo); another code seeds a second demo company. */
  companyCode?: string;
};

/** Staff of the demo: an administrator, and a cashier whose menu shows the screens of a narrower role. */
const demoStaff = [
  ['admin@demo.example', 'administrator', 'Ada Admin'],
  ['cashier@demo.example', 'cashier', 'Carl Cashier'],
] as const;

export type SeedDemoUtilityResult = {
  companyId: string;
  companyCode: string;
  /** Token of an API key with every permission; shown once, the database keeps only its hash. */
  apiKey: string;
  /**
   * Users who can sign in to the web app, with passwords made for this database and shown once: the
   * staff, by role, the vending agent's login (kind agent, no role), who signs in as a vending agent, and
   * a prepaid customer's login (kind customer, no role), who signs in as a customer.
   */
  users: { user: string; kind: 'staff' | 'agent' | 'customer'; role: string | null; demoPassword: string }[];
  billCycleId: string;
  tariffId: string;
  customers: number;
  meters: number;
  registerReads: number;
  billedMonth: { start: string; end: string };
  billRun: { id: string; status: string; billsCreated: number; exceptions: number };
  /**
   * The prepaid tariffs and the STS meters (three electricity meters and one water meter) that `npm start`
   * can vend to with the demo vending key.
   */
  prepaid: SeededPrepayment;
  /** The vending agent whose login (kind agent, in `users`) sells prepaid units from its float. */
  vendingAgent: { id: string; code: string; outletId: string };
  /** The prepaid customer whose login (kind customer, in `users`) finds one top-up in self-service. */
  selfServiceCustomer: { customerId: string; meterId: string; pan: string; vendId: string };
};

const REGISTER_CODE = '1.8.0';
// Every fourth account pays by direct debit, every fourth by card, the rest by transfer.
const PAYMENT_METHODS = ['direct-debit', 'card', 'transfer', 'transfer'] as const;

/**
 * Creates a demo electricity utility: a company in USD on America/New_York with a monthly bill cycle and
 * Jackson EMC's published residential tariff. Each customer gets an account, a premise, a service point, a
 * kWh meter and 12 months of register reads. Then it creates an API key and runs one bill run over the
 * latest full month. Three more households buy electricity by STS token (see seedDemoPrepayment), and the
 * first of them water too, which a vending agent's login can sell (see seedDemoVendingAgent). That
 * household has a self-service login and a top-up in the billed month (see seedDemoSelfService). Throws a
 * conflict, and writes nothing, when the demo company exists already.
 */
export async function seedDemoUtility(
  handle: DatabaseHandle,
  options: SeedDemoUtilityOptions = {},
): Promise<SeedDemoUtilityResult> {
  const log = options.log ?? (() => {});
  const customerCount = options.customers ?? 300;
  const now = options.now ?? Temporal.Now.plainDateISO(demoTimeZone);
  const plan = planDemoUtility(customerCount, now);

  const company = await createCompany(
    handle,
    { kind: 'system', id: 'demo-seed' },
    {
      code: options.companyCode ?? demoCompanyCode,
      name: 'Jackson EMC (demo)',
      currency: 'USD',
      timeZone: demoTimeZone,
      locale: 'en',
    },
  );
  const context = systemContext(company.id, 'demo-seed');
  const db = handle.forCompany(company.id);
  log(`Created company ${company.code}.`);

  const billCycle = await createBillCycle(db, context, {
    code: 'MONTHLY',
    name: 'Monthly, read on the 1st',
    periodMonths: 1,
  });
  const tariff = await createTariff(db, context, {
    code: jacksonEmcTariffCode,
    name: jacksonEmcTariffDefinition.name,
    service: 'electricity',
    source: 'urdb',
    sourceReference: jacksonEmcUrdbLabel,
  });
  await addTariffVersion(db, context, {
    tariffId: tariff.id,
    effectiveFrom: jacksonEmcEffectiveFrom,
    definition: jacksonEmcTariffDefinition,
  });
  log(`Created tariff ${tariff.code} (URDB ${jacksonEmcUrdbLabel}).`);

  const registers = await inTransaction(db, (trx) =>
    seedMasterData(trx, context, plan, billCycle.id, tariff.id),
  );
  log(`Created ${customerCount} customers with accounts, premises, service points, meters and agreements.`);

  const registerReads = await seedMonthlyReads(db, context, plan, registers);
  log(`Recorded ${registerReads} monthly register reads.`);

  const apiKey = await createApiKey(db, context, { name: 'Demo API key', permissions: ['*'] });
  const users: SeedDemoUtilityResult['users'] = [];
  for (const [user, role, displayName] of demoStaff) {
    const created = await createUser(
      db,
      { ...context, permissions: ['*'] },
      {
        kind: 'staff',
        email: user,
        displayName,
        roles: [role],
      },
    );
    const demoPassword = randomBytes(12).toString('base64url');
    await resetPassword(handle, created.passwordSetupToken, demoPassword, { requestId: undefined, ip: null });
    users.push({ user, kind: 'staff', role, demoPassword });
  }
  log(`Created ${users.length} staff users who can sign in to the web app.`);
  const started = await startBillRun(db, context, {
    billCycleId: billCycle.id,
    cutOffOn: plan.cutOff.toString(),
  });
  const billRun = await processBillRun(db, context, started.billRun.id);
  log(
    `Bill run for ${plan.billedMonthStart.toString()} to ${plan.cutOff.toString()}: ${billRun.billsCreated} bills, ${billRun.exceptionsCount} exceptions.`,
  );
  // After the bill run, which bills postpaid agreements only, so the prepaid households change no bill.
  const prepaid = await seedDemoPrepayment(db, context, {
    billCycleId: billCycle.id,
    startOn: plan.billedMonthStart,
  });
  log(
    `Created ${prepaid.meters.length} prepaid customers with STS electricity meters, the first with an STS water meter ${prepaid.water.meter.pan} too.`,
  );
  const agent = await seedDemoVendingAgent(db, context, company.currency);
  const agentPassword = randomBytes(12).toString('base64url');
  await resetPassword(handle, agent.passwordSetupToken, agentPassword, { requestId: undefined, ip: null });
  users.push({ user: demoVendingAgent.user.email, kind: 'agent', role: null, demoPassword: agentPassword });
  log(`Created vending agent ${agent.agentCode} with a float, an outlet and a login that sells there.`);
  const household = prepaid.meters[0]!;
  const selfService = await seedDemoSelfService(db, context, {
    household,
    currency: company.currency,
    timeZone: company.timeZone,
    soldOn: plan.billedMonthStart.add({ days: 14 }),
  });
  const customerPassword = randomBytes(12).toString('base64url');
  await resetPassword(handle, selfService.passwordSetupToken, customerPassword, {
    requestId: undefined,
    ip: null,
  });
  users.push({
    user: demoSelfServiceCustomer.email,
    kind: 'customer',
    role: null,
    demoPassword: customerPassword,
  });
  log(`Created a self-service login for prepaid customer ${household.customerName}, with one top-up.`);

  return {
    companyId: company.id,
    companyCode: company.code,
    apiKey: apiKey.token,
    users,
    billCycleId: billCycle.id,
    tariffId: tariff.id,
    customers: customerCount,
    meters: customerCount + plan.households.filter((household) => household.exchange).length,
    registerReads,
    billedMonth: { start: plan.billedMonthStart.toString(), end: plan.cutOff.toString() },
    billRun: {
      id: billRun.id,
      status: billRun.status,
      billsCreated: billRun.billsCreated,
      exceptions: billRun.exceptionsCount,
    },
    prepaid,
    vendingAgent: { id: agent.agentId, code: agent.agentCode, outletId: agent.outletId },
    selfServiceCustomer: {
      customerId: selfService.customerId,
      meterId: household.meterId,
      pan: household.pan,
      vendId: selfService.vendId,
    },
  };
}

/** The register of each household's meter, and of its replacement meter where there is one. */
type SeededRegisters = { current: string[]; replacement: Map<number, string> };

async function seedMasterData(
  trx: Trx,
  context: RequestContext,
  plan: DemoPlan,
  billCycleId: string,
  tariffId: string,
): Promise<SeededRegisters> {
  const { households } = plan;
  const customers = await createCustomers(
    trx,
    context,
    households.map((household) => household.customer),
  );
  const accounts = await createAccounts(
    trx,
    context,
    households.map((household, index) => ({
      customerId: customers[index]!.id,
      billCycleId,
      billDelivery: household.email ? 'email' : 'post',
      billDeliveryEmail: household.email,
      paymentMethod: PAYMENT_METHODS[index % PAYMENT_METHODS.length]!,
      paymentTermsDays: 20,
    })),
  );
  const premises = await createPremises(
    trx,
    context,
    households.map((household) => household.premise),
  );
  const points = await createServicePoints(
    trx,
    context,
    premises.map((premise, index) => ({
      premiseId: premise.id,
      service: 'electricity',
      marketId: `JEMC-${String(410_000 + index * 3).padStart(7, '0')}`,
    })),
  );

  const meterInput = (serialNumber: string) => ({
    serialNumber,
    model: 'Focus AXR-SD',
    manufacturer: 'Landis+Gyr',
    service: 'electricity' as const,
    registers: [{ code: REGISTER_CODE, unit: 'kWh' as const, dials: 5, multiplier: '1' }],
  });
  const meters = await registerMeters(
    trx,
    context,
    households.map((household) => meterInput(household.meterSerial)),
  );
  const replacements = households.flatMap((household, index) =>
    household.exchange ? [{ index, serial: household.exchange.newMeterSerial }] : [],
  );
  const replacementMeters: Meter[] =
    replacements.length > 0
      ? await registerMeters(
          trx,
          context,
          replacements.map((replacement) => meterInput(replacement.serial)),
        )
      : [];

  for (const [index, meter] of meters.entries()) {
    await installMeter(trx, context, {
      meterId: meter.id,
      servicePointId: points[index]!.id,
      installedOn: plan.historyStart.toString(),
      reads: [{ registerCode: REGISTER_CODE, value: String(households[index]!.readValues[0]) }],
    });
  }
  const replacement = new Map<number, string>();
  for (const [position, { index }] of replacements.entries()) {
    const exchange = households[index]!.exchange!;
    const newMeter = replacementMeters[position]!;
    await exchangeMeter(trx, context, {
      servicePointId: points[index]!.id,
      exchangedOn: plan.exchangeOn.toString(),
      removalReads: [{ registerCode: REGISTER_CODE, value: String(exchange.removalValue) }],
      newMeterId: newMeter.id,
      installReads: [{ registerCode: REGISTER_CODE, value: '0' }],
    });
    replacement.set(index, newMeter.registers[0]!.id);
  }

  await createServiceAgreements(
    trx,
    context,
    accounts.map((account, index) => ({
      accountId: account.id,
      servicePointId: points[index]!.id,
      tariffId,
      paymentMode: 'postpaid',
      startOn: plan.billedMonthStart.toString(),
    })),
  );
  return { current: meters.map((meter) => meter.registers[0]!.id), replacement };
}

async function seedMonthlyReads(
  db: Db,
  context: RequestContext,
  plan: DemoPlan,
  registers: SeededRegisters,
): Promise<number> {
  const reads: DemoRead[] = [];
  for (const [index, household] of plan.households.entries()) {
    for (let month = 1; month < plan.readDates.length; month += 1) {
      const value = household.readValues[month];
      if (value === null || value === undefined) continue;
      reads.push({
        registerId: registers.current[index]!,
        readOn: plan.readDates[month]!.toString(),
        value: String(value),
      });
    }
    const replacementRegister = registers.replacement.get(index);
    if (household.exchange && replacementRegister) {
      reads.push({
        registerId: replacementRegister,
        readOn: plan.cutOff.toString(),
        value: String(household.exchange.newReadValue),
      });
    }
  }
  await inTransaction(db, async (trx) => {
    await insertDemoReads(trx, context.companyId, reads);
    await recordAudit(trx, context, [
      {
        entityType: 'register-read-import',
        entityId: context.companyId,
        action: 'create',
        changes: {
          reads: [null, reads.length],
          from: [null, plan.readDates[1]!.toString()],
          to: [null, plan.cutOff.toString()],
        },
      },
    ]);
  });
  return reads.length;
}
