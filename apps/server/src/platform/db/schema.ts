import type { ColumnType, Generated } from 'kysely';

// Column conventions shared by both drivers (see open-database.ts): int8 and numeric arrive as strings,
// DATE as 'YYYY-MM-DD', timestamptz as Date. Callers write int8 and numeric as strings too, and jsonb
// as JSON text, so that no value passes through a JS number and arrays are not taken for SQL arrays.
type Uuid = string;
type PlainDateText = string;
type Minor = ColumnType<string, string, string>;
type Numeric = ColumnType<string, string, string>;
type Json = ColumnType<unknown, string, string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type CompanyTable = {
  id: Generated<Uuid>;
  code: string;
  name: string;
  currency: string;
  currency_minor_unit: number;
  time_zone: string;
  locale: Generated<string>;
  rounding_mode: Generated<'half-up' | 'half-even'>;
  created_at: CreatedAt;
};

export type NumberSeriesTable = {
  company_id: Uuid;
  series: string;
  prefix: Generated<string>;
  next_value: ColumnType<string, string | undefined, string>;
};

export type ApiKeyTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  name: string;
  secret_hash: string;
  permissions: Generated<string[]>;
  created_at: CreatedAt;
  last_used_at: Timestamp;
  revoked_at: Timestamp;
};

export type PrincipalKindColumn = 'staff' | 'customer' | 'agent';

export type RoleTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  code: string;
  name: string;
  permissions: Generated<string[]>;
  built_in: Generated<boolean>;
  created_at: CreatedAt;
};

export type UserAccountTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  kind: PrincipalKindColumn;
  email: string;
  display_name: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  totp_last_step: ColumnType<string | null, string | null | undefined, string | null>;
  customer_id: Uuid | null;
  status: Generated<'active' | 'disabled'>;
  failed_logins: Generated<number>;
  locked_until: Timestamp;
  last_login_at: Timestamp;
  created_at: CreatedAt;
};

export type UserRoleTable = { company_id: Uuid; user_id: Uuid; role_id: Uuid };

export type SessionTable = {
  company_id: Uuid;
  id: Uuid;
  user_id: Uuid;
  kind: PrincipalKindColumn;
  secret_hash: string;
  csrf_hash: string;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  revoked_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
};

export type PasswordResetTable = {
  company_id: Uuid;
  id: Uuid;
  user_id: Uuid;
  secret_hash: string;
  created_at: CreatedAt;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: Timestamp;
};

export type BillCycleTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  code: string;
  name: string;
  period_months: Generated<number>;
};

export type CustomerTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  kind: 'person' | 'organisation';
  display_name: string;
  given_name: string | null;
  family_name: string | null;
  organisation_name: string | null;
  preferred_locale: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  erased_at: Timestamp;
};

export type CustomerContactTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  customer_id: Uuid;
  kind: 'email' | 'phone' | 'mobile' | 'postal';
  value: string;
  is_primary: Generated<boolean>;
};

export type CustomerIdentificationTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  customer_id: Uuid;
  scheme: 'national-id' | 'passport' | 'tax-id' | 'company-register' | 'other';
  value: string;
  issuing_country: string | null;
};

export type AccountNumberCounterTable = {
  company_id: Uuid;
  next_value: ColumnType<string, string | undefined, string>;
};

export type AccountTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  account_number: string;
  customer_id: Uuid;
  bill_cycle_id: Uuid;
  status: Generated<'active' | 'closed'>;
  bill_delivery: Generated<'email' | 'post' | 'portal'>;
  bill_delivery_email: string | null;
  payment_method: Generated<'cash' | 'transfer' | 'direct-debit' | 'card'>;
  payment_terms_days: Generated<number>;
  created_at: CreatedAt;
};

export type PremiseTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  address_line1: string;
  address_line2: string | null;
  city: string;
  postal_code: string | null;
  region: string | null;
  country: string;
  latitude: Numeric | null;
  longitude: Numeric | null;
};

export type ServiceKind = 'electricity' | 'gas' | 'water';

export type ServicePointTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  premise_id: Uuid;
  service: ServiceKind;
  market_id: string | null;
};

export type MeterTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  serial_number: string;
  model: string | null;
  manufacturer: string | null;
  service: ServiceKind;
  status: Generated<'in-stock' | 'installed' | 'removed' | 'retired'>;
};

export type RegisterUnit = 'kWh' | 'kW' | 'kvarh' | 'm3' | 'ft3' | 'therm' | 'gal';

export type MeterRegisterTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  meter_id: Uuid;
  code: string;
  kind: Generated<'consumption' | 'demand'>;
  unit: RegisterUnit;
  dials: number;
  multiplier: ColumnType<string, string | undefined, string>;
  tou_period: string | null;
};

export type MeterInstallationTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  meter_id: Uuid;
  service_point_id: Uuid;
  installed_on: PlainDateText;
  removed_on: PlainDateText | null;
};

export type RegisterReadKind = 'actual' | 'estimated' | 'customer' | 'install' | 'removal';

export type RegisterReadTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  register_id: Uuid;
  read_on: PlainDateText;
  value: Numeric;
  kind: RegisterReadKind;
  source: 'manual' | 'import' | 'ami' | 'estimation' | 'customer-portal' | 'field';
  status: Generated<'valid' | 'suspect' | 'superseded'>;
  status_reason: string | null;
  estimation: Json | null;
  created_at: CreatedAt;
};

export type IntervalChannelTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  service_point_id: Uuid;
  name: string;
  unit: RegisterUnit | 'Wh';
  interval_seconds: number | null;
  external_id: string | null;
};

export type IntervalReadingTable = {
  company_id: Uuid;
  channel_id: Uuid;
  start_at: ColumnType<Date, Date | string, Date | string>;
  duration_seconds: number;
  value: Numeric;
  quality: Generated<'valid' | 'estimated' | 'suspect' | 'missing'>;
};

export type EstimationProfileTable = {
  company_id: Uuid;
  unit: 'kWh' | 'm3' | 'ft3' | 'therm' | 'gal';
  name: string;
  daily_quantity_by_month: ColumnType<string[], string[], string[]>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type TariffTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  code: string;
  name: string;
  service: ServiceKind;
  source: Generated<'manual' | 'urdb'>;
  source_reference: string | null;
  created_at: CreatedAt;
};

export type TariffVersionTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  tariff_id: Uuid;
  effective_from: PlainDateText;
  effective_to: PlainDateText | null;
  definition: Json;
  source_document: Json | null;
  created_at: CreatedAt;
};

export type ServiceAgreementTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  account_id: Uuid;
  service_point_id: Uuid;
  tariff_id: Uuid;
  payment_mode: Generated<'postpaid' | 'prepaid'>;
  start_on: PlainDateText;
  end_on: PlainDateText | null;
  created_at: CreatedAt;
};

export type BillRunTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  bill_cycle_id: Uuid;
  cut_off_on: PlainDateText;
  issue_bills: Generated<boolean>;
  status: Generated<'open' | 'running' | 'completed'>;
  accounts_total: Generated<number>;
  accounts_processed: Generated<number>;
  bills_created: Generated<number>;
  exceptions_count: Generated<number>;
  cursor_account_id: Uuid | null;
  created_at: CreatedAt;
  started_at: Timestamp;
  completed_at: Timestamp;
};

export type BillRunChunkTable = {
  company_id: Uuid;
  bill_run_id: Uuid;
  chunk_number: number;
  first_account_id: Uuid;
  last_account_id: Uuid;
  account_count: number;
  status: Generated<'claimed' | 'billed'>;
  claimed_at: CreatedAt;
  billed_at: Timestamp;
};

export type BillRunExceptionTable = {
  company_id: Uuid;
  bill_run_id: Uuid;
  account_id: Uuid;
  agreement_id: Uuid | null;
  reason_code: string;
  detail: string;
  created_at: CreatedAt;
};

export type BillTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  account_id: Uuid;
  bill_run_id: Uuid | null;
  kind: Generated<'invoice' | 'credit-note'>;
  status: Generated<'draft' | 'issued' | 'cancelled'>;
  series: string | null;
  invoice_number: string | null;
  issue_date: PlainDateText | null;
  due_date: PlainDateText | null;
  period_start: PlainDateText;
  period_end: PlainDateText;
  currency: string;
  total_minor: Minor;
  is_estimated: Generated<boolean>;
  cancels_bill_id: Uuid | null;
  created_at: CreatedAt;
  issued_at: Timestamp;
};

export type BillSegmentTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  bill_id: Uuid;
  agreement_id: Uuid;
  service_point_id: Uuid;
  period_start: PlainDateText;
  period_end: PlainDateText;
  status: Generated<'active' | 'cancelled'>;
  is_estimated: Generated<boolean>;
  consumption: Json;
  total_minor: Minor;
};

export type BillLineTable = {
  company_id: Uuid;
  bill_id: Uuid;
  line_number: number;
  segment_id: Uuid | null;
  component_kind: string;
  description: string;
  quantity: Numeric | null;
  unit: string | null;
  unit_price: Numeric | null;
  amount_minor: Minor;
  ledger_account: string;
  trace: Json;
};

export type PostingKind =
  'bill' | 'credit-note' | 'payment' | 'payment-reversal' | 'adjustment' | 'vend' | 'vend-reversal';

export type PostingTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  account_id: Uuid;
  kind: PostingKind;
  source_id: Uuid;
  accounting_date: PlainDateText;
  description: string;
  currency: string;
  posted_at: CreatedAt;
};

export type PostingLineTable = {
  company_id: Uuid;
  posting_id: Uuid;
  line_number: number;
  ledger_account: string;
  account_id: Uuid | null;
  amount_minor: Minor;
};

export type PaymentMethod = 'cash' | 'transfer' | 'direct-debit' | 'card' | 'cheque';

export type PaymentTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  account_id: Uuid;
  amount_minor: Minor;
  currency: string;
  received_on: PlainDateText;
  method: PaymentMethod;
  reference: string | null;
  idempotency_key: string;
  request_hash: string;
  status: Generated<'posted' | 'reversed'>;
  reversed_at: Timestamp;
  reversal_reason: string | null;
  reversal_idempotency_key: ColumnType<string | null, string | null | undefined, string | null>;
  reversal_request_hash: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
};

export type PaymentAllocationTable = {
  company_id: Uuid;
  id: Generated<Uuid>;
  /** The money's source: a payment or a vend's recovered debt. Exactly one of the two is set. */
  payment_id: Uuid | null;
  vend_id: Uuid | null;
  bill_id: Uuid;
  amount_minor: Minor;
  status: Generated<'active' | 'released'>;
  created_at: CreatedAt;
};

export type PrepaidMeterTable = {
  company_id: Uuid;
  meter_id: Uuid;
  iin: string;
  drn: string;
  pan: string;
  service: 'electricity' | 'gas' | 'water';
  sgc: string;
  ti: number;
  krn: number;
  kt: number;
  ken: number;
  base_date: PlainDateText;
  dkga: '02' | '04';
  ea: '07' | '11';
  pending_sgc: string | null;
  pending_ti: number | null;
  pending_krn: number | null;
  pending_kt: number | null;
  pending_ken: number | null;
  pending_base_date: PlainDateText | null;
  pending_dkga: '02' | '04' | null;
  pending_ea: '07' | '11' | null;
  last_tid: number | null;
  /** See StoredMonthToDate; null when not known. */
  month_to_date: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type FreeBasicAllowanceTable = {
  company_id: Uuid;
  id: Uuid;
  account_id: Uuid;
  service: Generated<'electricity' | 'gas' | 'water'>;
  units_per_month: Numeric;
  start_on: PlainDateText;
  end_on: PlainDateText | null;
  created_at: CreatedAt;
};

export type DeductionKind = 'channel-fee' | 'debt-recovery' | 'fixed-charge' | 'tax' | 'levy';
export type DeductionMethod = 'fixed' | 'percent' | 'included-percent' | 'monthly';

export type DeductionRuleTable = {
  company_id: Uuid;
  id: Uuid;
  code: string;
  name: string;
  kind: DeductionKind;
  method: DeductionMethod;
  position: number;
  amount_minor: Minor | null;
  percent: Numeric | null;
  max_per_vend_minor: Minor | null;
  max_per_month_minor: Minor | null;
  channel: string | null;
  service: 'electricity' | 'gas' | 'water' | null;
  created_at: CreatedAt;
  retired_at: Timestamp;
};

export type VendStatus = 'issued' | 'released' | 'reversed';

export type VendTable = {
  company_id: Uuid;
  id: Uuid;
  meter_id: Uuid;
  account_id: Uuid;
  agreement_id: Uuid;
  tariff_version_id: Uuid;
  channel: string;
  transaction_reference: string;
  idempotency_key: string | null;
  request_hash: string;
  agent_id: Uuid | null;
  outlet_id: Uuid | null;
  actor_kind: string;
  actor_id: string;
  tendered_minor: Minor;
  energy_minor: Minor;
  currency: string;
  units: Numeric;
  free_units: ColumnType<string, string | undefined, string>;
  unit: string;
  vend_month: PlainDateText;
  accounting_date: PlainDateText;
  issued_at: ColumnType<Date, Date | string, never>;
  status: Generated<VendStatus>;
  released_at: Timestamp;
  reversed_at: Timestamp;
  reversal_reason: string | null;
  correction_reason_code: ColumnType<string | null, string | null | undefined, string | null>;
  corrected_by: ColumnType<string | null, string | null | undefined, string | null>;
  reprint_count: Generated<number>;
  commission_minor: ColumnType<string, string | undefined, string>;
  replaced_key: ColumnType<unknown, string | null | undefined, string | null>;
  replaced_last_tid: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
};

export type EngineeringTokenTable = {
  company_id: Uuid;
  id: Uuid;
  meter_id: Uuid;
  token_type: string;
  parameter: string | null;
  token: string;
  tid: number | null;
  base_date: PlainDateText;
  reason: string;
  actor_kind: string;
  actor_id: string;
  issued_at: ColumnType<Date, Date | string, never>;
};

export type KeyChangeCampaignStatus = 'active' | 'cancelled';

export type KeyChangeCampaignTable = {
  company_id: Uuid;
  id: Uuid;
  name: string;
  sgc: string;
  ti: number;
  krn: number;
  kt: number;
  ken: number;
  base_date: PlainDateText;
  dkga: '02' | '04';
  ea: '07' | '11';
  status: ColumnType<KeyChangeCampaignStatus, KeyChangeCampaignStatus | undefined, KeyChangeCampaignStatus>;
  cancelled_at: Timestamp;
  cancellation_reason: string | null;
  created_at: CreatedAt;
};

/** The status of a meter in one key change campaign (described in prepayment's domain/key-change-campaign.ts). */
export type KeyChangeMeterStatus = 'not-started' | 'issued' | 'confirmed' | 'superseded' | 'cancelled';

export type KeyChangeCampaignMeterTable = {
  company_id: Uuid;
  campaign_id: Uuid;
  meter_id: Uuid;
  status: ColumnType<KeyChangeMeterStatus, KeyChangeMeterStatus | undefined, KeyChangeMeterStatus>;
  vend_id: ColumnType<Uuid | null, Uuid | null | undefined, Uuid | null>;
  superseded_by: ColumnType<Uuid | null, Uuid | null | undefined, Uuid | null>;
  created_at: CreatedAt;
  issued_at: Timestamp;
  confirmed_at: Timestamp;
  superseded_at: Timestamp;
  cancelled_at: Timestamp;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type VendingAgentTable = {
  company_id: Uuid;
  id: Uuid;
  code: string;
  name: string;
  status: ColumnType<'active' | 'suspended', 'active' | 'suspended' | undefined, 'active' | 'suspended'>;
  currency: string;
  float_balance_minor: ColumnType<string, string | undefined, string>;
  credit_limit_minor: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type VendingOutletTable = {
  company_id: Uuid;
  id: Uuid;
  agent_id: Uuid;
  code: string;
  name: string;
  address: string | null;
  status: ColumnType<'active' | 'closed', 'active' | 'closed' | undefined, 'active' | 'closed'>;
  created_at: CreatedAt;
};

export type VendingCashierTable = {
  company_id: Uuid;
  actor_kind: 'user' | 'api-key';
  actor_id: string;
  agent_id: Uuid;
  outlet_id: Uuid | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
};

export type AgentCommissionRuleTable = {
  company_id: Uuid;
  id: Uuid;
  agent_id: Uuid;
  channel: string | null;
  method: 'percent' | 'fixed';
  percent: Numeric | null;
  amount_minor: Minor | null;
  created_at: CreatedAt;
  retired_at: Timestamp;
};

export type AgentFloatEntryKind =
  'deposit' | 'vend' | 'commission' | 'vend-reversal' | 'commission-reversal' | 'adjustment';

export type AgentFloatEntryTable = {
  company_id: Uuid;
  id: Uuid;
  agent_id: Uuid;
  kind: AgentFloatEntryKind;
  amount_minor: Minor;
  balance_after_minor: Minor;
  vend_id: Uuid | null;
  reference: string | null;
  note: string | null;
  accounting_date: PlainDateText;
  actor_kind: string;
  actor_id: string;
  created_at: CreatedAt;
};

export type VendLineKind = DeductionKind | 'energy' | 'free-units';

export type VendLineTable = {
  company_id: Uuid;
  vend_id: Uuid;
  line_number: number;
  kind: VendLineKind;
  deduction_rule_id: Uuid | null;
  description: string;
  amount_minor: Minor;
  units: Numeric | null;
  unit_price: Numeric | null;
  block_number: number | null;
  block_from: Numeric | null;
  block_to: Numeric | null;
};

export type VendTokenTable = {
  company_id: Uuid;
  vend_id: Uuid;
  position: number;
  meter_id: Uuid;
  purpose: 'key-change' | 'credit' | 'free-units';
  token_type: string;
  token: string;
  tid: number | null;
  base_date: PlainDateText;
  units: Numeric;
};

export type AuditEventTable = {
  company_id: Uuid;
  /** The sort key, from a sequence shared by all companies; never shown (public_id is). */
  id: Generated<string>;
  public_id: Generated<Uuid>;
  occurred_at: CreatedAt;
  actor_kind: 'api-key' | 'user' | 'system';
  actor_id: string;
  request_id: string | null;
  ip: string | null;
  entity_type: string;
  entity_id: string;
  action: 'create' | 'update' | 'delete' | 'export';
  changes: Json;
};

export type WebhookSubscriptionTable = {
  company_id: Uuid;
  id: Uuid;
  url: string;
  description: Generated<string>;
  event_types: Generated<string[]>;
  signing_secret: string;
  status: Generated<'active' | 'disabled'>;
  created_at: CreatedAt;
};

export type WebhookDeliveryTable = {
  company_id: Uuid;
  id: Uuid;
  subscription_id: Uuid;
  event_id: string;
  event_type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Json;
  event_created_at: ColumnType<Date, Date | string, never>;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Timestamp;
  created_at: CreatedAt;
};

export type WebhookAttemptTable = {
  company_id: Uuid;
  delivery_id: Uuid;
  attempt: number;
  attempted_at: CreatedAt;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
};

export type JobTable = {
  company_id: Uuid;
  id: Uuid;
  queue: string;
  payload: Json;
  dedupe_key: string | null;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  attempts: Generated<number>;
  run_at: ColumnType<Date, Date | string | undefined, Date | string>;
  locked_until: Timestamp;
  last_error: string | null;
  created_at: CreatedAt;
  finished_at: Timestamp;
};

export type OutboxEventTable = {
  company_id: Uuid;
  id: Generated<string>;
  aggregate_type: string;
  aggregate_id: string;
  event_type: string;
  payload: Json;
  created_at: CreatedAt;
  dispatched_at: Timestamp;
};

export type Database = {
  'companies.company': CompanyTable;
  'companies.number_series': NumberSeriesTable;
  'identity.api_key': ApiKeyTable;
  'identity.role': RoleTable;
  'identity.user_account': UserAccountTable;
  'identity.user_role': UserRoleTable;
  'identity.session': SessionTable;
  'identity.password_reset': PasswordResetTable;
  'billing.bill_cycle': BillCycleTable;
  'customers.customer': CustomerTable;
  'customers.customer_contact': CustomerContactTable;
  'customers.customer_identification': CustomerIdentificationTable;
  'customers.account': AccountTable;
  'customers.account_number_counter': AccountNumberCounterTable;
  'premises.premise': PremiseTable;
  'premises.service_point': ServicePointTable;
  'devices.meter': MeterTable;
  'devices.meter_register': MeterRegisterTable;
  'devices.meter_installation': MeterInstallationTable;
  'readings.register_read': RegisterReadTable;
  'readings.interval_channel': IntervalChannelTable;
  'readings.interval_reading': IntervalReadingTable;
  'readings.estimation_profile': EstimationProfileTable;
  'rates.tariff': TariffTable;
  'rates.tariff_version': TariffVersionTable;
  'agreements.service_agreement': ServiceAgreementTable;
  'billing.bill_run': BillRunTable;
  'billing.bill_run_chunk': BillRunChunkTable;
  'billing.bill_run_exception': BillRunExceptionTable;
  'billing.bill': BillTable;
  'billing.bill_segment': BillSegmentTable;
  'billing.bill_line': BillLineTable;
  'ledger.posting': PostingTable;
  'ledger.posting_line': PostingLineTable;
  'payments.payment': PaymentTable;
  'payments.payment_allocation': PaymentAllocationTable;
  'prepayment.prepaid_meter': PrepaidMeterTable;
  'prepayment.free_basic_allowance': FreeBasicAllowanceTable;
  'prepayment.deduction_rule': DeductionRuleTable;
  'prepayment.vend': VendTable;
  'prepayment.vend_line': VendLineTable;
  'prepayment.vend_token': VendTokenTable;
  'prepayment.vending_agent': VendingAgentTable;
  'prepayment.key_change_campaign': KeyChangeCampaignTable;
  'prepayment.key_change_campaign_meter': KeyChangeCampaignMeterTable;
  'prepayment.engineering_token': EngineeringTokenTable;
  'prepayment.vending_outlet': VendingOutletTable;
  'prepayment.vending_cashier': VendingCashierTable;
  'prepayment.agent_commission_rule': AgentCommissionRuleTable;
  'prepayment.agent_float_entry': AgentFloatEntryTable;
  'platform.audit_event': AuditEventTable;
  'platform.webhook_subscription': WebhookSubscriptionTable;
  'platform.webhook_delivery': WebhookDeliveryTable;
  'platform.webhook_attempt': WebhookAttemptTable;
  'platform.job': JobTable;
  'platform.outbox_event': OutboxEventTable;
};
