-- Webhooks: each company subscribes URLs to its domain events. A dispatcher fans every outbox event out
-- into one delivery per matching subscription, then sends the deliveries with an HMAC signature and
-- retries failures with backoff. Deliveries and their attempts are the delivery log.

create table platform.webhook_subscription (
  company_id uuid not null references companies.company (id),
  id uuid not null,
  url text not null check (url ~ '^https?://'),
  description text not null default '',
  -- Event types to send, such as payment.posted; empty sends every event.
  event_types text[] not null default '{}',
  -- The HMAC-SHA256 key; the receiver gets it once, at creation, to check signatures.
  signing_secret text not null,
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_at timestamptz not null default now(),
  primary key (company_id, id)
);

create table platform.webhook_delivery (
  company_id uuid not null,
  id uuid not null,
  subscription_id uuid not null,
  event_id bigint not null,
  event_type text not null,
  aggregate_type text not null,
  aggregate_id text not null,
  payload jsonb not null,
  event_created_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  -- When the next attempt is due; a sender that claims a delivery moves it ahead by its lease, so a
  -- crashed sender's delivery becomes due again.
  next_attempt_at timestamptz not null default now(),
  last_status_code integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  unique (company_id, subscription_id, event_id),
  foreign key (company_id, subscription_id) references platform.webhook_subscription (company_id, id)
);
create index webhook_delivery_due on platform.webhook_delivery (company_id, next_attempt_at)
  where status = 'pending';
create index webhook_delivery_by_aggregate
  on platform.webhook_delivery (company_id, subscription_id, aggregate_type, aggregate_id, event_id)
  where status = 'pending';

create table platform.webhook_attempt (
  company_id uuid not null,
  delivery_id uuid not null,
  attempt integer not null,
  attempted_at timestamptz not null default now(),
  status_code integer,
  error text,
  duration_ms integer not null,
  primary key (company_id, delivery_id, attempt),
  foreign key (company_id, delivery_id) references platform.webhook_delivery (company_id, id)
);

select platform.isolate_by_company('platform.webhook_subscription');
select platform.isolate_by_company('platform.webhook_delivery');
select platform.isolate_by_company('platform.webhook_attempt');

-- The dispatcher asks across companies which ones have work; the work itself runs in each company's scope.
create policy installation_read on platform.outbox_event for select to cis_platform using (true);
create policy installation_read on platform.webhook_delivery for select to cis_platform using (true);
grant usage on schema platform to cis_platform;
grant select (company_id, dispatched_at) on platform.outbox_event to cis_platform;
grant select (company_id, status, next_attempt_at) on platform.webhook_delivery to cis_platform;
