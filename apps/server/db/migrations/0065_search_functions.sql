-- The typo-tolerant search and the search= filters of the lists use their indexes whoever runs the
-- migrations.
--
-- Under row-level security the planner applies the company policy of cis_app before any condition whose
-- functions are not LEAKPROOF. So ILIKE, lower() and the full-text and trigram operators never drive an
-- index scan for cis_app, and only a superuser may declare a function LEAKPROOF (migration 0064 does so
-- for one trigram operator). Here such conditions run inside SECURITY DEFINER functions owned by
-- cis_search instead. That role reads the searched tables through a policy USING (true), which puts no
-- condition before the function's own, so the function's conditions use the indexes below. Each function
-- filters by platform.current_company_id(), the setting that cis_app's policies read, and raises an error
-- when it is not set. The caller passes values but no SQL, so none of its functions sees another
-- company's row. cis_search cannot log in, reads only the columns granted below and writes nothing.

do $$
begin
  create role cis_search nologin nosuperuser nobypassrls;
exception when duplicate_object or unique_violation then
  raise notice 'role cis_search exists already';
end $$;

-- A migration owner that is no superuser may hand a function to cis_search only as a member of it.
do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant cis_search to %I', current_user);
  end if;
end $$;

create schema search;
grant usage on schema search to cis_app;
-- ALTER FUNCTION ... OWNER needs the new owner to hold CREATE on the schema; it is revoked at the end.
grant usage, create on schema search to cis_search;
grant usage on schema platform, customers, premises, devices to cis_search;
grant select (company_id, id, display_name) on customers.customer to cis_search;
grant select (company_id, id, customer_id, account_number) on customers.account to cis_search;
grant select (company_id, id, address_line1, city, postal_code, address_text)
  on premises.premise to cis_search;
grant select (company_id, id, serial_number) on devices.meter to cis_search;
create policy search_read on customers.customer for select to cis_search using (true);
create policy search_read on customers.account for select to cis_search using (true);
create policy search_read on premises.premise for select to cis_search using (true);
create policy search_read on devices.meter for select to cis_search using (true);

-- Words of names and addresses as the full-text search splits them, in lower case ("O'Neil-Smith" gives
-- o, neil-smith, neil and smith). The pending list is off as for the trigram indexes of 0064.
create index customer_display_name_words
  on customers.customer using gin (to_tsvector('simple', display_name)) with (fastupdate = off);
create index premise_address_words
  on premises.premise using gin (to_tsvector('simple', address_text)) with (fastupdate = off);

-- Case-insensitive prefixes for the account and meter lists: ILIKE 'x%' is lower(value) LIKE lower('x%').
create index account_by_lower_number_prefix
  on customers.account (company_id, lower(account_number) text_pattern_ops);
create index meter_by_lower_serial_number_prefix
  on devices.meter (company_id, lower(serial_number) text_pattern_ops);

-- The planner estimates how many rows a condition on an indexed expression matches from statistics that
-- ANALYZE gathers once the index exists; until then it guesses.
analyze customers.customer, customers.account, premises.premise, devices.meter;

-- The words of each company's names and addresses, as the full-text search splits them: what a typo in
-- the search text may stand for. A typo in a short word ("jonh") leaves too few trigrams in common with
-- the word meant ("john") for a trigram search to find it, so the search lists the words one typo away
-- from each word typed (typo-variants.ts) and looks them up here. Triggers add the words of new and
-- changed rows.
-- NOTE: words are never removed, so a renamed customer's old name stays here. That costs look-ups that
-- find no row; cis_app reads only its own company's words.
create table search.word (
  company_id uuid not null references companies.company (id),
  word text not null,
  primary key (company_id, word)
);
select platform.isolate_by_company('search.word');
grant select, insert on search.word to cis_app;
grant select on search.word to cis_search;
create policy search_read on search.word for select to cis_search using (true);

-- Adds the words of the column named by the trigger's argument in the rows that the statement inserted or
-- updated. It runs as the role that changed the rows, so cis_app adds words of its own company only.
create function search.add_words() returns trigger
  language plpgsql set search_path = pg_catalog, pg_temp
as $$
begin
  execute format('insert into search.word (company_id, word)
    select distinct changed.company_id, lexeme.word
    from changed
    cross join lateral unnest(to_tsvector(''simple'', changed.%I)) as lexeme (word, positions, weights)
    order by 1, 2
    on conflict do nothing', tg_argv[0]);
  return null;
end $$;

-- A trigger with a transition table takes no column list, so the update triggers run on every update.
create trigger add_search_words_of_new after insert on customers.customer
  referencing new table as changed for each statement execute function search.add_words('display_name');
create trigger add_search_words_of_changed after update on customers.customer
  referencing new table as changed for each statement execute function search.add_words('display_name');
create trigger add_search_words_of_new after insert on premises.premise
  referencing new table as changed for each statement execute function search.add_words('address_text');
create trigger add_search_words_of_changed after update on premises.premise
  referencing new table as changed for each statement execute function search.add_words('address_text');

insert into search.word (company_id, word)
select c.company_id, lexeme.word
from customers.customer c
cross join lateral unnest(to_tsvector('simple', c.display_name)) as lexeme (word, positions, weights)
union
select p.company_id, lexeme.word
from premises.premise p
cross join lateral unnest(to_tsvector('simple', p.address_text)) as lexeme (word, positions, weights);

-- Quotes a word as a lexeme of to_tsquery(), so that none of its characters is read as an operator.
create function search.quote_lexeme(word text) returns text
  language sql immutable parallel safe
  return '''' || replace(replace(word, '\', '\\'), '''', '''''') || '''';

-- Builds the to_tsquery() text of the similar search. `words` is a JSON array with an object for each
-- word of the search text, such as {"word": "jonh", "start": true, "variants": ["john", "joh", ...]}.
-- A value matches when it has, for every word, the word itself or, when "start" is true, a word that it
-- starts. A word that the company has is taken as typed in full, because a start costs a scan of every
-- word that it starts. With `typos`, the variants that the company has match as well. The query leaves
-- out the other variants, since each would cost an index look-up and a test of every candidate row.
create function search.build_words_query(words jsonb, typos boolean) returns text
  language sql stable set search_path = pg_catalog, pg_temp
  return (
    select string_agg(
      '(' || search.quote_lexeme(typed.value ->> 'word')
        || case when (typed.value ->> 'start')::boolean and not exists (
            select from search.word known
            where known.company_id = platform.current_company_id() and known.word = typed.value ->> 'word'
          ) then ':*' else '' end
        || case when typos then coalesce((
            select string_agg(' | ' || search.quote_lexeme(known.word), '' order by known.word)
            from search.word known
            where known.company_id = platform.current_company_id()
              and known.word = any (array(select jsonb_array_elements_text(typed.value -> 'variants')))
          ), '') else '' end
        || ')',
      ' & ' order by typed.position)
    from jsonb_array_elements(words) with ordinality as typed (value, position)
  );

-- The company of the transaction, for the functions below. Without one they raise an error rather than
-- find nothing, so that a query on the owner's connection, which row-level security does not limit,
-- fails instead of returning an empty list.
create function search.require_company() returns uuid
  language plpgsql stable set search_path = pg_catalog, pg_temp
as $$
declare
  company constant uuid := platform.current_company_id();
begin
  if company is null then
    raise exception 'no company is set for the search (cis.company_id)' using errcode = '42501',
      hint = 'Run the query through DatabaseHandle.forCompany.';
  end if;
  return company;
end $$;

-- The functions below run their statements with EXECUTE, so each is planned for the values at hand: a
-- LIKE prefix becomes an index range only when the pattern is known, and the planner weighs a full-text
-- query by how common its words are.

-- The customers (`kind` 'customer') whose display name, or the premises ('premise') whose address
-- (address_text: lines, city and postal code) match the words of the search text (see
-- build_words_query), first as typed. When that finds fewer than `enough`, it also returns those that
-- match with typos, which includes the first matches again. Each query returns at most `max_rows` rows,
-- in no particular order. `value` is the display name, or the address as premiseAddress (match-rows.ts)
-- formats it.
create function search.find_similar(kind text, words jsonb, enough integer, max_rows integer)
  returns table (id uuid, value text)
  language plpgsql stable security definer set search_path = pg_catalog, pg_temp
as $$
declare
  company constant uuid := search.require_company();
  as_typed constant text := search.build_words_query(words, false);
  with_typos text;
  matched bigint;
  statement constant text := case kind
    when 'customer' then 'select id, display_name from customers.customer
      where company_id = $1 and to_tsvector(''simple'', display_name) @@ to_tsquery(''simple'', $2)
      limit $3'
    when 'premise' then 'select id, address_line1 || '', '' || city || coalesce('' '' || postal_code, '''')
      from premises.premise
      where company_id = $1 and to_tsvector(''simple'', address_text) @@ to_tsquery(''simple'', $2)
      limit $3'
  end;
begin
  if statement is null then
    raise exception 'invalid kind of search %: use customer or premise', quote_literal(kind)
      using errcode = '22023';
  end if;
  return query execute statement using company, as_typed, max_rows;
  get diagnostics matched = row_count;
  if matched < enough then
    with_typos := search.build_words_query(words, true);
    if with_typos <> as_typed then
      return query execute statement using company, with_typos, max_rows;
    end if;
  end if;
end $$;

-- The search= filters of the list routes. Each takes the text typed into the filter and returns the ids
-- of the company's rows that match it, ignoring case: the value contains the text or, for identifiers and
-- postal codes, starts with it. LIKE's wildcards in the text match themselves.
create function search.escape_like(value text) returns text
  language sql immutable parallel safe
  return replace(replace(replace(value, '\', '\\'), '%', '\%'), '_', '\_');

-- Customers whose display name contains the text, through the trigram index of 0064.
create function search.list_customer_ids_matching(typed text) returns setof uuid
  language plpgsql stable security definer set search_path = pg_catalog, pg_temp
as $$
begin
  return query execute 'select id from customers.customer where company_id = $1 and display_name ilike $2'
    using search.require_company(), '%' || search.escape_like(typed) || '%';
end $$;

-- Accounts whose number starts with the text (through account_by_lower_number_prefix), or whose
-- customer's display name contains it.
create function search.list_account_ids_matching(typed text) returns setof uuid
  language plpgsql stable security definer set search_path = pg_catalog, pg_temp
as $$
begin
  return query execute 'select a.id from customers.account a
      where a.company_id = $1 and lower(a.account_number) like lower($2)
    union
    select a.id from customers.customer c
      join customers.account a on a.company_id = c.company_id and a.customer_id = c.id
      where c.company_id = $1 and c.display_name ilike $3'
    using search.require_company(), search.escape_like(typed) || '%', '%' || search.escape_like(typed) || '%';
end $$;

-- Premises whose first address line or city contains the text, or whose postal code starts with it.
-- address_text contains all three, so every match also passes the condition on it, which the trigram
-- index of 0064 serves.
create function search.list_premise_ids_matching(typed text) returns setof uuid
  language plpgsql stable security definer set search_path = pg_catalog, pg_temp
as $$
begin
  return query execute 'select id from premises.premise
    where company_id = $1 and address_text ilike $2
      and (address_line1 ilike $2 or city ilike $2 or postal_code ilike $3)'
    using search.require_company(), '%' || search.escape_like(typed) || '%', search.escape_like(typed) || '%';
end $$;

-- Meters whose serial number starts with the text, through meter_by_lower_serial_number_prefix.
create function search.list_meter_ids_matching(typed text) returns setof uuid
  language plpgsql stable security definer set search_path = pg_catalog, pg_temp
as $$
begin
  return query execute 'select id from devices.meter
    where company_id = $1 and lower(serial_number) like lower($2)'
    using search.require_company(), search.escape_like(typed) || '%';
end $$;

-- cis_search owns every function of the schema. cis_app may call those that search, and the trigger
-- functions, which run as the role that changed the rows.
do $$
declare
  search_function regprocedure;
begin
  for search_function in
    select p.oid::regprocedure from pg_proc p where p.pronamespace = 'search'::regnamespace
  loop
    execute format('alter function %s owner to cis_search', search_function);
    execute format('revoke execute on function %s from public', search_function);
  end loop;
end $$;
grant execute on function search.find_similar(text, jsonb, integer, integer),
  search.list_customer_ids_matching(text), search.list_account_ids_matching(text),
  search.list_premise_ids_matching(text), search.list_meter_ids_matching(text), search.add_words()
  to cis_app;
revoke create on schema search from cis_search;
