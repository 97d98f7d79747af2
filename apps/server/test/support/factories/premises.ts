import { randomUUID } from 'node:crypto';
import {
  createPremise,
  createServicePoint,
  type CreatePremiseInput,
  type Premise,
  type ServiceKind,
  type ServicePoint,
} from '../../../src/modules/premises/index.js';
import { systemContext, type Db } from '../../../src/platform/context/request-context.js';
import type { CompanyFixture } from './company.js';

export function aPremiseInput(overrides: Partial<CreatePremiseInput> = {}): CreatePremiseInput {
  return {
    addressLine1: '120 Oak Street',
    city: 'Jefferson',
    postalCode: '30549',
    region: 'GA',
    country: 'US',
    location: { latitude: 34.1171, longitude: -83.5724 },
    ...overrides,
  };
}

export async function aPremise(
  db: Db,
  company: CompanyFixture,
  input: CreatePremiseInput = aPremiseInput(),
): Promise<Premise> {
  return createPremise(db, systemContext(company.companyId, 'premises-test'), input);
}

/** Creates a service point on a new premise (or the given one), with a unique market id. */
export async function aServicePoint(
  db: Db,
  company: CompanyFixture,
  overrides: { premiseId?: string; service?: ServiceKind; marketId?: string | null } = {},
): Promise<ServicePoint> {
  const premiseId = overrides.premiseId ?? (await aPremise(db, company)).id;
  return createServicePoint(db, systemContext(company.companyId, 'premises-test'), {
    premiseId,
    service: overrides.service ?? 'electricity',
    marketId:
      overrides.marketId === undefined
        ? `ESI${randomUUID().replaceAll('-', '').slice(0, 14)}`
        : overrides.marketId,
  });
}
