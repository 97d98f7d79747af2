-- People who sign in: staff of the utility, customers in self-service, and cashiers of vending agents.
-- Each kind signs in on its own and gets a session of that kind; a route names the kinds it serves, so a
-- customer's session can never reach a staff route.

create table identity.role (
  company_id uuid not null references companies.company (id),
  id uuid not null default gen_random_uuid(),
  code text not null check (code ~ '^[a-z][a-z0-9-]{1,39}$'),
  name text not null,
  permissions text[] not null default '{}',
  built_in boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  unique (company_id, code)
);

create table identity.user_account (
  company_id uuid not null references companies.company (id),
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in ('staff', 'customer', 'agent')),
  email text not null check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+$'),
  display_name text not null,
  -- argon2id in PHC string form; null until the user sets a password with a reset token.
  password_hash text,
  -- Base32 TOTP secret; totp_enabled turns the second factor on once a first code has been confirmed.
  totp_secret text,
  totp_enabled boolean not null default false,
  customer_id uuid,
  status text not null default 'active' check (status in ('active', 'disabled')),
  failed_logins integer not null default 0 check (failed_logins >= 0),
  locked_until timestamptz,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  unique (company_id, kind, email),
  check ((kind = 'customer') = (customer_id is not null)),
  foreign key (company_id, customer_id) references customers.customer (company_id, id)
);

create table identity.user_role (
  company_id uuid not null,
  user_id uuid not null,
  role_id uuid not null,
  primary key (company_id, user_id, role_id),
  foreign key (company_id, user_id) references identity.user_account (company_id, id),
  foreign key (company_id, role_id) references identity.role (company_id, id)
);

-- A session cookie carries the company id, the session id and a secret; only hashes are stored.
create table identity.session (
  company_id uuid not null,
  id uuid not null,
  user_id uuid not null,
  kind text not null check (kind in ('staff', 'customer', 'agent')),
  secret_hash text not null,
  csrf_hash text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip text,
  user_agent text,
  primary key (company_id, id),
  foreign key (company_id, user_id) references identity.user_account (company_id, id)
);
create index session_by_user on identity.session (company_id, user_id);

create table identity.password_reset (
  company_id uuid not null,
  id uuid not null,
  user_id uuid not null,
  secret_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  primary key (company_id, id),
  foreign key (company_id, user_id) references identity.user_account (company_id, id)
);

select platform.isolate_by_company('identity.role');
select platform.isolate_by_company('identity.user_account');
select platform.isolate_by_company('identity.user_role');
select platform.isolate_by_company('identity.session');
select platform.isolate_by_company('identity.password_reset');

-- Where a change came from, beside the request id: the client's IP address as the server saw it.
alter table platform.audit_event add column ip text;
