-- A bill run writes a chunk's segments and lines before the bills they belong to, so that it takes the
-- invoice numbers, and with them the lock on the company's number series, as late as possible in the
-- chunk's transaction. It defers these two references to the bill to commit; everything else checks them
-- at once, as before.
alter table billing.bill_segment
  alter constraint bill_segment_company_id_bill_id_fkey deferrable initially immediate;
alter table billing.bill_line
  alter constraint bill_line_company_id_bill_id_fkey deferrable initially immediate;
