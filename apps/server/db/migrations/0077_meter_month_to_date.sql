-- The month-to-date figures of each prepaid meter, kept on its row: the month, purchased units, what
-- each deduction rule collected (by rule code) and whether free units were issued. A vend reads them
-- under the meter's row lock that it takes anyway and writes them back with the meter's last TID, where
-- summing the month's vends and their lines cost a query that grew with every vend of the month.
--
-- The vends stay the record. Null means not known: a reversal sets it, meters start with it, and a
-- vend then sums the month's vends once and stores the result.
alter table prepayment.prepaid_meter add column month_to_date jsonb;
