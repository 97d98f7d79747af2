-- Search ignores accents: "Jose Nunez" finds José Núñez, and "Gonzalez" finds González, in the global
-- search and in the search= filters of the lists. Names and addresses are compared folded: in lower case
-- and with the unaccent extension's rules (é to e, ñ to n, ß to ss, ø to o).
--
-- unaccent is a trusted extension, so the database owner may create it without being a superuser.

create extension if not exists unaccent;

-- The functions and the text search configuration below refer to the extension in whichever schema it
-- lives, so they are created with that schema written out.
do $$
declare
  extension_schema constant name := (
    select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'unaccent'
  );
begin
  -- Folds a text for comparison: lower case, accents removed. unaccent() is only STABLE, because its
  -- rules file could change, and an index expression needs an IMMUTABLE function. The rules change only
  -- with a PostgreSQL upgrade, after which the indexes below are to be rebuilt (REINDEX).
  execute format(
    'create function search.fold(value text) returns text language sql immutable parallel safe strict '
    'return %1$I.unaccent(%2$L::regdictionary, lower(value))',
    extension_schema, format('%I.unaccent', extension_schema));
  -- The words of names and addresses as the full-text search splits them, folded.
  create text search configuration search.folded (copy = pg_catalog.simple);
  execute format(
    'alter text search configuration search.folded alter mapping for asciiword, word, numword, '
    'asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart with %I.unaccent, simple',
    extension_schema);
end $$;

-- Index maintenance calls search.fold as the role that writes the row, so every role may call it.
grant execute on function search.fold(text) to public;

create index customer_display_name_folded_words on customers.customer
  using gin (to_tsvector('search.folded', display_name)) with (fastupdate = off);
create index premise_address_folded_words on premises.premise
  using gin (to_tsvector('search.folded', address_text)) with (fastupdate = off);
create index customer_display_name_folded_trigrams on customers.customer
  using gin (search.fold(display_name) gin_trgm_ops) with (fastupdate = off);
create index premise_address_folded_trigrams on premises.premise
  using gin (search.fold(address_text) gin_trgm_ops) with (fastupdate = off);
drop index customers.customer_display_name_words;
drop index premises.premise_address_words;
drop index customers.customer_display_name_trigrams;
drop index premises.premise_address_trigrams;
analyze customers.customer, premises.premise;

-- New and changed rows add their folded words.
create or replace function search.add_words() returns trigger
  language plpgsql set search_path = pg_catalog, pg_temp
as $$
begin
  execute format('insert into search.word (company_id, word)
    select distinct changed.company_id, lexeme.word
    from changed
    cross join lateral unnest(to_tsvector(''search.folded'', changed.%I)) as lexeme (word, positions, weights)
    order by 1, 2
    on conflict do nothing', tg_argv[0]);
  return null;
end $$;

-- The words of the existing rows, folded. A migration owner that is no superuser reads no company's rows
-- (row-level security), so cis_search, which reads every company's names and addresses, adds them,
-- through a function that this migration drops again.
create policy search_rebuild on search.word for insert to cis_search with check (true);
grant insert on search.word to cis_search;
grant create on schema search to cis_search;
create function search.add_folded_words_of_all_companies() returns void
  language sql security definer set search_path = pg_catalog, pg_temp
begin atomic
  insert into search.word (company_id, word)
  select c.company_id, lexeme.word
  from customers.customer c
  cross join lateral unnest(to_tsvector('search.folded', c.display_name)) as lexeme (word, positions, weights)
  union
  select p.company_id, lexeme.word
  from premises.premise p
  cross join lateral unnest(to_tsvector('search.folded', p.address_text)) as lexeme (word, positions, weights)
  on conflict do nothing;
end;
alter function search.add_folded_words_of_all_companies() owner to cis_search;
select search.add_folded_words_of_all_companies();
drop function search.add_folded_words_of_all_companies();
revoke insert on search.word from cis_search;
drop policy search_rebuild on search.word;
-- Accented words can no longer match, since the search folds what it looks up. Row-level security limits
-- this to the rows the migration owner can see, and a word left behind costs nothing but its row.
delete from search.word where word <> search.fold(word);

-- As in 0065, with the folded words: the typed words and their typo variants are folded before they are
-- compared with the company's words.
create or replace function search.build_words_query(words jsonb, typos boolean) returns text
  language sql stable set search_path = pg_catalog, pg_temp
  return (
    select string_agg(
      '(' || search.quote_lexeme(search.fold(typed.value ->> 'word'))
        || case when (typed.value ->> 'start')::boolean and not exists (
            select from search.word known
            where known.company_id = platform.current_company_id()
              and known.word = search.fold(typed.value ->> 'word')
          ) then ':*' else '' end
        || case when typos then coalesce((
            select string_agg(' | ' || search.quote_lexeme(known.word), '' order by known.word)
            from search.word known
            where known.company_id = platform.current_company_id()
              and known.word = any (array(
                select search.fold(variant) from jsonb_array_elements_text(typed.value -> 'variants') variant
              ))
          ), '') else '' end
        || ')',
      ' & ' order by typed.position)
    from jsonb_array_elements(words) with ordinality as typed (value, position)
  );

-- As in 0065, through the folded full-text indexes.
create or replace function search.find_similar(kind text, words jsonb, enough integer, max_rows integer)
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
      where company_id = $1
        and to_tsvector(''search.folded'', display_name) @@ to_tsquery(''search.folded'', $2)
      limit $3'
    when 'premise' then 'select id, address_line1 || '', '' || city || coalesce('' '' || postal_code, '''')
      from premises.premise
      where company_id = $1
        and to_tsvector(''search.folded'', address_text) @@ to_tsquery(''search.folded'', $2)
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

-- The list filters, as in 0065, with names, addresses and cities compared folded through the folded
-- trigram indexes. Identifiers and postal codes are compared in lower case as before.
create or replace function search.list_customer_ids_matching(typed text) returns setof uuid
  language plpgsql stable security definer set search_path = pg_catalog, pg_temp
as $$
begin
  return query execute 'select id from customers.customer
    where company_id = $1 and search.fold(display_name) like $2'
    using search.require_company(), '%' || search.escape_like(search.fold(typed)) || '%';
end $$;

create or replace function search.list_account_ids_matching(typed text) returns setof uuid
  language plpgsql stable security definer set search_path = pg_catalog, pg_temp
as $$
begin
  return query execute 'select a.id from customers.account a
      where a.company_id = $1 and lower(a.account_number) like lower($2)
    union
    select a.id from customers.customer c
      join customers.account a on a.company_id = c.company_id and a.customer_id = c.id
      where c.company_id = $1 and search.fold(c.display_name) like $3'
    using search.require_company(), search.escape_like(typed) || '%',
      '%' || search.escape_like(search.fold(typed)) || '%';
end $$;

create or replace function search.list_premise_ids_matching(typed text) returns setof uuid
  language plpgsql stable security definer set search_path = pg_catalog, pg_temp
as $$
begin
  return query execute 'select id from premises.premise
    where company_id = $1 and search.fold(address_text) like $2
      and (search.fold(address_line1) like $2 or search.fold(city) like $2 or lower(postal_code) like $3)'
    using search.require_company(), '%' || search.escape_like(search.fold(typed)) || '%',
      lower(search.escape_like(typed)) || '%';
end $$;

alter function search.fold(text) owner to cis_search;
revoke create on schema search from cis_search;
