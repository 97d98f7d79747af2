-- Indexes for the company-wide bill list (GET /v1/bills). Filters by bill run and by account already
-- have bill_once_per_run and bill_by_account, and the account number search uses
-- account_by_number_prefix (migration 0064).

-- The default order, newest first, and the issue and due date ranges and sorts. A backward scan gives the
-- descending order with NULLs first, as the list sorts them, and the id makes the order total.
create index bill_by_created_at on billing.bill (company_id, created_at, id);
create index bill_by_issue_date on billing.bill (company_id, issue_date, id);
create index bill_by_due_date on billing.bill (company_id, due_date, id);

-- The start of an invoice number. Under row-level security only starts_with() on the plain column can
-- use an index (see migration 0064), and text_pattern_ops makes it a range condition in any collation.
create index bill_by_invoice_number_prefix on billing.bill (company_id, invoice_number text_pattern_ops)
  where invoice_number is not null;
