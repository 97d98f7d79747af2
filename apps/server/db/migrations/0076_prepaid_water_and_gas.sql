-- Prepaid water and gas: a prepaid meter records the service it is sold for, which decides its credit
-- token (IEC 62055-41 class 0: subclass 0 electricity in kWh, 1 water and 2 gas in m³) and the unit of its
-- vends, price blocks and free basic units. It is the inventory meter's service, copied when the STS data
-- is registered, so that a vend reads it with the meter's row lock and needs no other lookup. A meter's
-- service never changes in the inventory.
--
-- Before this migration only electricity meters could be registered, so existing rows take that default,
-- which is then dropped: every new row names its service.

alter table prepayment.prepaid_meter
  add column service text not null default 'electricity' check (service in ('electricity', 'gas', 'water'));

alter table prepayment.prepaid_meter alter column service drop default;

-- A deduction rule may apply to the purchases of one service only, such as a sanitation levy on water or
-- an electrification levy on electricity; null applies it to every service, as before.
alter table prepayment.deduction_rule
  add column service text check (service in ('electricity', 'gas', 'water'));
