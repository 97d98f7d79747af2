-- Checks each statement's inserted posting lines on their own instead of joining them back to every line
-- of their postings. Posting lines are append-only (no update or delete), so when every statement's lines
-- for each posting sum to zero, every posting's lines sum to zero too, and the check no longer reads the
-- table.
create or replace function ledger.assert_postings_balance() returns trigger language plpgsql as $$
declare
  unbalanced record;
begin
  select company_id, posting_id, sum(amount_minor) as imbalance into unbalanced
    from inserted_lines
   group by company_id, posting_id
  having sum(amount_minor) <> 0
   limit 1;
  if found then
    raise exception 'ledger posting % does not balance: its lines sum to % minor units',
      unbalanced.posting_id, unbalanced.imbalance using errcode = '23514';
  end if;
  return null;
end;
$$;
