import type { DecoderKeyData } from '@open-cis/sts';
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { insertStatement, type BulkColumnType } from '../../../platform/db/copy-rows.js';
import type { VendLineTable, VendTable, VendTokenTable } from '../../../platform/db/schema.js';
import type { ReceiptLine } from '../domain/receipt-line.js';
import type { Vend, VendToken } from '../domain/vend.js';
import type { VendCorrectionReasonCode } from '../domain/vend-correction.js';

/** A vend with the hash of the request that made it, which a retry must match, and the key it replaced. */
export type StoredVend = Vend & {
  requestHash: string;
  replacedKey: { key: DecoderKeyData; lastTid: number | null } | null;
};

/** A vend to store, before the database has set its status and timestamps. */
export type NewVend = Omit<
  Vend,
  | 'status'
  | 'releasedAt'
  | 'reversedAt'
  | 'reversalReason'
  | 'correction'
  | 'reprintCount'
  | 'pan'
  | 'deductionsMinor'
> & {
  requestHash: string;
  actorKind: string;
  actorId: string;
  /** The key a key change in this vend replaced, restored if the vend is reversed; null without one. */
  replacedKey: { key: DecoderKeyData; lastTid: number | null } | null;
};

/** The unique constraints of a vend's Idempotency-Key and of its channel and reference. */
export const vendKeyConstraints: ReadonlySet<string> = new Set([
  'vend_idempotency_key',
  'vend_transaction_reference',
]);

/**
 * Returns the inserts of the vends, their receipt lines and their tokens, to run in one statement with the
 * rest of the sale's writes (see runWrites). When the company already has a vend with the Idempotency-Key
 * or the channel and reference of one of them, the statement fails on one of vendKeyConstraints.
 */
export function vendWrites(companyId: string, vends: readonly NewVend[]): RawBuilder<unknown>[] {
  if (vends.length === 0) return [];
  return [
    insertStatement(
      'prepayment.vend',
      vendColumns,
      vends.map((vend) => toVendRow(companyId, vend)),
    ),
    insertStatement(
      'prepayment.vend_line',
      {
        company_id: 'uuid',
        vend_id: 'uuid',
        line_number: 'integer',
        kind: 'text',
        deduction_rule_id: 'uuid',
        description: 'text',
        amount_minor: 'bigint',
        units: 'numeric',
        unit_price: 'numeric',
        block_number: 'integer',
        block_from: 'numeric',
        block_to: 'numeric',
      },
      vends.flatMap((vend) =>
        vend.lines.map((line, index) => toLineRow(companyId, vend.id, index + 1, line)),
      ),
    ),
    insertStatement(
      'prepayment.vend_token',
      {
        company_id: 'uuid',
        vend_id: 'uuid',
        position: 'integer',
        meter_id: 'uuid',
        purpose: 'text',
        token_type: 'text',
        token: 'text',
        tid: 'integer',
        base_date: 'date',
        units: 'numeric',
      },
      vends.flatMap((vend) =>
        vend.tokens.map((token) => ({
          company_id: companyId,
          vend_id: vend.id,
          position: token.position,
          meter_id: vend.meterId,
          purpose: token.purpose,
          token_type: token.tokenType,
          token: token.token,
          tid: token.tid,
          base_date: token.baseDate,
          units: token.units,
        })),
      ),
    ),
  ];
}

const vendColumns: Record<string, BulkColumnType> = {
  company_id: 'uuid',
  id: 'uuid',
  meter_id: 'uuid',
  account_id: 'uuid',
  agreement_id: 'uuid',
  tariff_version_id: 'uuid',
  channel: 'text',
  transaction_reference: 'text',
  idempotency_key: 'text',
  request_hash: 'text',
  agent_id: 'uuid',
  outlet_id: 'uuid',
  commission_minor: 'bigint',
  replaced_key: 'jsonb',
  replaced_last_tid: 'integer',
  actor_kind: 'text',
  actor_id: 'text',
  tendered_minor: 'bigint',
  energy_minor: 'bigint',
  currency: 'char(3)',
  units: 'numeric',
  free_units: 'numeric',
  unit: 'text',
  vend_month: 'date',
  accounting_date: 'date',
  issued_at: 'timestamptz',
};

function toVendRow(companyId: string, vend: NewVend) {
  return {
    company_id: companyId,
    id: vend.id,
    meter_id: vend.meterId,
    account_id: vend.accountId,
    agreement_id: vend.agreementId,
    tariff_version_id: vend.tariffVersionId,
    channel: vend.channel,
    transaction_reference: vend.transactionReference,
    idempotency_key: vend.idempotencyKey,
    request_hash: vend.requestHash,
    agent_id: vend.agentId,
    outlet_id: vend.outletId,
    commission_minor: vend.commissionMinor.toString(),
    replaced_key: vend.replacedKey?.key ?? null,
    replaced_last_tid: vend.replacedKey?.lastTid ?? null,
    actor_kind: vend.actorKind,
    actor_id: vend.actorId,
    tendered_minor: vend.tenderedMinor.toString(),
    energy_minor: vend.energyMinor.toString(),
    currency: vend.currency,
    units: vend.units,
    free_units: vend.freeUnits,
    unit: vend.unit,
    vend_month: vend.vendMonth,
    accounting_date: vend.accountingDate,
    issued_at: vend.issuedAt,
  };
}

/** The key and reference by which a retried vend request finds the vend it made. */
export type EarlierVendMatch = {
  idempotencyKey: string | null;
  channel: string;
  transactionReference: string;
  /** The seller's agent (null for the utility's own sales): keys and references are each seller's own. */
  agentId: string | null;
};

/**
 * Returns the id of the vend each match finds by its Idempotency-Key or by its channel and reference, in
 * one statement for all of them, and undefined where none exists. A vend found by the key comes before
 * one found by the reference.
 */
export async function selectEarlierVendIds(
  db: DbOrTrx,
  companyId: string,
  matches: readonly EarlierVendMatch[],
): Promise<(string | undefined)[]> {
  if (matches.length === 0) return [];
  // Two lookups, one per index of migration 0074, so that each is an index probe per request, with the
  // agent as a filter. One join on `key = ... or reference = ...` can use neither index whole.
  const rows = await sql<{ ordinal: number; id: string }>`
    with m as (
      select *
        from unnest(${matches.map((match) => match.idempotencyKey)}::text[],
                    ${matches.map((match) => match.channel)}::text[],
                    ${matches.map((match) => match.transactionReference)}::text[],
                    ${matches.map((match) => match.agentId)}::uuid[])
             with ordinality as m(idempotency_key, channel, transaction_reference, agent_id, ordinal)
    )
    select distinct on (ordinal) ordinal::int as ordinal, id
      from (
        select m.ordinal, v.id, true as by_key
          from m
          join prepayment.vend v
            on v.company_id = ${companyId}
           and v.idempotency_key = m.idempotency_key and v.idempotency_key is not null
           and v.agent_id is not distinct from m.agent_id
        union all
        select m.ordinal, v.id, false as by_key
          from m
          join prepayment.vend v
            on v.company_id = ${companyId}
           and v.channel = m.channel
           and v.transaction_reference = m.transaction_reference
           and v.agent_id is not distinct from m.agent_id
      ) found
     order by ordinal, by_key desc
  `.execute(db);
  const ids: (string | undefined)[] = matches.map(() => undefined);
  for (const row of rows.rows) ids[row.ordinal - 1] = row.id;
  return ids;
}

/** Finds a vend with its lines and tokens. */
export async function selectVend(
  db: DbOrTrx,
  companyId: string,
  match: { id: string },
): Promise<StoredVend | undefined> {
  const query = db
    .selectFrom('prepayment.vend as vend')
    .innerJoin('prepayment.prepaid_meter as meter', (join) =>
      join.onRef('meter.company_id', '=', 'vend.company_id').onRef('meter.meter_id', '=', 'vend.meter_id'),
    )
    .selectAll('vend')
    .select('meter.pan')
    .where('vend.company_id', '=', companyId)
    .where('vend.id', '=', match.id);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;

  const lines = await db
    .selectFrom('prepayment.vend_line')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('vend_id', '=', row.id)
    .orderBy('line_number')
    .execute();
  const tokens = await db
    .selectFrom('prepayment.vend_token')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('vend_id', '=', row.id)
    .orderBy('position')
    .execute();
  return toStoredVend(row, lines, tokens);
}

/** Returns a vend just inserted as selectVend would read it back, without reading it. */
export function toStoredVendFromNew(vend: NewVend, pan: string): StoredVend {
  return {
    id: vend.id,
    meterId: vend.meterId,
    pan,
    accountId: vend.accountId,
    agreementId: vend.agreementId,
    tariffVersionId: vend.tariffVersionId,
    channel: vend.channel,
    transactionReference: vend.transactionReference,
    idempotencyKey: vend.idempotencyKey,
    agentId: vend.agentId,
    outletId: vend.outletId,
    commissionMinor: vend.commissionMinor,
    status: 'issued',
    tenderedMinor: vend.tenderedMinor,
    energyMinor: vend.energyMinor,
    deductionsMinor: vend.tenderedMinor - vend.energyMinor,
    currency: vend.currency,
    units: vend.units,
    freeUnits: vend.freeUnits,
    unit: vend.unit,
    vendMonth: vend.vendMonth,
    accountingDate: vend.accountingDate,
    issuedAt: vend.issuedAt,
    releasedAt: null,
    reversedAt: null,
    reversalReason: null,
    correction: null,
    reprintCount: 0,
    requestHash: vend.requestHash,
    replacedKey: vend.replacedKey,
    lines: vend.lines,
    tokens: vend.tokens,
  };
}

function toLineRow(companyId: string, vendId: string, lineNumber: number, line: ReceiptLine) {
  return {
    company_id: companyId,
    vend_id: vendId,
    line_number: lineNumber,
    kind: line.kind,
    deduction_rule_id: line.deductionRuleId,
    description: line.description,
    amount_minor: line.amountMinor.toString(),
    units: line.units,
    unit_price: line.unitPrice,
    block_number: line.block?.number ?? null,
    block_from: line.block?.fromUnits ?? null,
    block_to: line.block?.toUnits ?? null,
  };
}

function toStoredVend(
  row: Selectable<VendTable> & { pan: string },
  lines: Selectable<VendLineTable>[],
  tokens: Selectable<VendTokenTable>[],
): StoredVend {
  const tenderedMinor = BigInt(row.tendered_minor);
  const energyMinor = BigInt(row.energy_minor);
  return {
    id: row.id,
    meterId: row.meter_id,
    pan: row.pan,
    accountId: row.account_id,
    agreementId: row.agreement_id,
    tariffVersionId: row.tariff_version_id,
    channel: row.channel,
    transactionReference: row.transaction_reference,
    idempotencyKey: row.idempotency_key,
    agentId: row.agent_id,
    outletId: row.outlet_id,
    commissionMinor: BigInt(row.commission_minor),
    status: row.status,
    tenderedMinor,
    energyMinor,
    deductionsMinor: tenderedMinor - energyMinor,
    currency: row.currency,
    units: row.units,
    freeUnits: row.free_units,
    unit: row.unit,
    vendMonth: row.vend_month,
    accountingDate: row.accounting_date,
    issuedAt: row.issued_at.toISOString(),
    releasedAt: row.released_at?.toISOString() ?? null,
    reversedAt: row.reversed_at?.toISOString() ?? null,
    reversalReason: row.reversal_reason,
    correction:
      row.correction_reason_code === null || row.corrected_by === null
        ? null
        : {
            reasonCode: row.correction_reason_code as VendCorrectionReasonCode,
            correctedBy: row.corrected_by,
          },
    reprintCount: row.reprint_count,
    requestHash: row.request_hash,
    replacedKey:
      row.replaced_key === null
        ? null
        : { key: row.replaced_key as DecoderKeyData, lastTid: row.replaced_last_tid },
    lines: lines.map(toReceiptLine),
    tokens: tokens.map(toVendToken),
  };
}

function toReceiptLine(row: Selectable<VendLineTable>): ReceiptLine {
  return {
    kind: row.kind,
    deductionRuleId: row.deduction_rule_id,
    description: row.description,
    amountMinor: BigInt(row.amount_minor),
    units: row.units,
    unitPrice: row.unit_price,
    block:
      row.block_number === null
        ? null
        : { number: row.block_number, fromUnits: row.block_from ?? '0', toUnits: row.block_to },
  };
}

function toVendToken(row: Selectable<VendTokenTable>): VendToken {
  return {
    position: row.position,
    purpose: row.purpose,
    tokenType: row.token_type,
    token: row.token,
    tid: row.tid,
    baseDate: row.base_date,
    units: row.units,
  };
}
