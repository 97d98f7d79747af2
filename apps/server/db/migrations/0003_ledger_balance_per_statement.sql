-- Checks that postings balance once per INSERT statement instead of once per row: a bill run inserts
-- hundreds of thousands of posting lines, and one set-based check per statement costs far less than a
-- query per row. The check sums all lines of each touched posting, so a line added to an existing
-- posting by a later statement is checked against the whole posting too.

drop trigger posting_line_balances on ledger.posting_line;
drop function ledger.assert_posting_balances();

create function ledger.assert_postings_balance() returns trigger language plpgsql as $$
declare
  unbalanced record;
begin
  select l.company_id, l.posting_id, sum(l.amount_minor) as imbalance into unbalanced
    from ledger.posting_line l
    join (select distinct company_id, posting_id from inserted_lines) touched
      on touched.company_id = l.company_id and touched.posting_id = l.posting_id
   group by l.company_id, l.posting_id
  having sum(l.amount_minor) <> 0
   limit 1;
  if found then
    raise exception 'ledger posting % does not balance: its lines sum to % minor units',
      unbalanced.posting_id, unbalanced.imbalance using errcode = '23514';
  end if;
  return null;
end;
$$;

create trigger posting_lines_balance
  after insert on ledger.posting_line
  referencing new table as inserted_lines
  for each statement execute function ledger.assert_postings_balance();
