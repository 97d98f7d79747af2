-- A bill run writes a chunk's posting lines before the postings they belong to: a posting's description
-- names the invoice number, and the numbers come last in the chunk's transaction (see
-- 0050_deferrable_bill_references.sql). The bill run defers this reference to commit; everything else
-- checks it at once, as before.
alter table ledger.posting_line
  alter constraint posting_line_company_id_posting_id_fkey deferrable initially immediate;
