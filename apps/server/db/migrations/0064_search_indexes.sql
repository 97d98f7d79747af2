-- Indexes for the global search (GET /v1/search): identifiers by exact value or prefix through btree
-- indexes, names and addresses by trigram word similarity through pg_trgm GIN indexes.
--
-- Row-level security decides which of these indexes a query of cis_app can use. The planner applies the
-- company policy before every condition whose functions are not LEAKPROOF, so such a condition is only a
-- filter on the rows the policy admits and never an index condition. Equality, comparisons, the pattern
-- operators (~>=~, ~<~) and starts_with() are LEAKPROOF; lower(), regexp_replace(), LIKE and pg_trgm's
-- operators are not. Hence the search compares plain columns (never expressions over them): generated
-- columns hold the normalised email addresses and phone numbers and the address as one text, and the
-- btree indexes use text_pattern_ops, so that starts_with() becomes a range condition on them whatever the
-- collation.

create extension if not exists pg_trgm;

-- The word similarity operator %> of pg_trgm is LEAKPROOF in fact: it returns a boolean computed from its
-- two arguments, has no side effects, and raises no error but "out of memory" for arguments of hundreds of
-- megabytes (as read in pg_trgm's trgm_op.c). Only a superuser may declare that. Without it the fuzzy part
-- of the search reads every row of the company, which takes seconds on a million customers.
--
-- Its cost goes from 1 to 100 as well. One comparison of a name took about 3 µs on PostgreSQL 15 on a
-- 2-core VM, some 100 times a text equality, and at cost 1 the planner read a table of 20,000 customers
-- row by row (56 ms) rather than use the trigram index (under 1 ms).
do $$
declare
  operator_function regprocedure;
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    raise warning 'The search cannot use its trigram indexes under row-level security: connect as a '
      'superuser once and run: alter function word_similarity_op(text, text) leakproof cost 100; '
      'alter function word_similarity_commutator_op(text, text) leakproof cost 100;';
    return;
  end if;
  for operator_function in
    select p.oid::regprocedure
    from pg_proc p
    join pg_depend d on d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e'
    join pg_extension e on e.oid = d.refobjid and e.extname = 'pg_trgm'
    where p.proname in ('word_similarity_op', 'word_similarity_commutator_op')
  loop
    execute format('alter function %s leakproof cost 100', operator_function);
  end loop;
end $$;

-- Identifiers: exact value or prefix, as typed, upper-cased or lower-cased (see search-query.ts).
create index account_by_number_prefix on customers.account (company_id, account_number text_pattern_ops);
create index meter_by_serial_number_prefix on devices.meter (company_id, serial_number text_pattern_ops);
create index service_point_by_market_id_prefix
  on premises.service_point (company_id, market_id text_pattern_ops)
  where market_id is not null;

-- Email addresses in lower case, and phone numbers as their digits in reverse order, so that a number
-- typed without its country code (a suffix of the stored digits) is a prefix of the reversed digits.
alter table customers.customer_contact
  add column email_lower text
    generated always as (case when kind = 'email' then lower(value) end) stored,
  add column phone_digits_reversed text
    generated always as (
      case when kind in ('phone', 'mobile') then reverse(regexp_replace(value, '[^0-9]', '', 'g')) end
    ) stored;
create index customer_contact_by_email_prefix
  on customers.customer_contact (company_id, email_lower text_pattern_ops)
  where email_lower is not null;
create index customer_contact_by_phone_suffix
  on customers.customer_contact (company_id, phone_digits_reversed text_pattern_ops)
  where phone_digits_reversed is not null;

-- Names: a prefix of the display name ("Mary Sm") or of the family and given names ("Smith M"), and
-- trigrams of the display name for partial words and typos. The trigram indexes take each new row at once
-- (fastupdate off): a pending list of up to 4 MB, read by every search until it is merged, cost 9 ms a
-- search on 20,000 fresh customers.
-- NOTE: the trigram indexes do not lead with company_id (that needs btree_gin), so with many companies in
-- one database a fuzzy search also reads the index entries of the other companies' rows.
create index customer_by_display_name_prefix
  on customers.customer (company_id, display_name text_pattern_ops);
create index customer_by_family_name_prefix
  on customers.customer (company_id, family_name text_pattern_ops, given_name text_pattern_ops)
  where family_name is not null;
create index customer_display_name_trigrams
  on customers.customer using gin (display_name gin_trgm_ops) with (fastupdate = off);

-- Addresses: a prefix of the first line ("12 Oak"), and trigrams of the whole address in one column, so
-- that one index scan finds the premises that match every word ("oak ridge jefferson").
alter table premises.premise
  add column address_text text
    generated always as (
      address_line1 || coalesce(' ' || address_line2, '') || ' ' || city || coalesce(' ' || postal_code, '')
    ) stored;
create index premise_by_address_prefix on premises.premise (company_id, address_line1 text_pattern_ops);
create index premise_address_trigrams
  on premises.premise using gin (address_text gin_trgm_ops) with (fastupdate = off);
