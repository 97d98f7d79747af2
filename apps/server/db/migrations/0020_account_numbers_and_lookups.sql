-- Account numbers generated per company, and indexes for the master-data list and search endpoints.

-- The next generated account number per company. The issuing transaction locks the row, so two
-- concurrent account creations never draw the same number; a rolled-back creation leaves a gap, which
-- is harmless for account numbers (unlike invoice numbers).
create table customers.account_number_counter (
  company_id uuid not null references companies.company (id),
  next_value bigint not null default 1 check (next_value > 0),
  primary key (company_id)
);

create index customer_by_display_name on customers.customer (company_id, lower(display_name));
create index customer_contact_by_customer on customers.customer_contact (company_id, customer_id);
create index customer_identification_by_customer
  on customers.customer_identification (company_id, customer_id);
create index account_by_customer on customers.account (company_id, customer_id);
create index meter_register_by_meter on devices.meter_register (company_id, meter_id);
create index meter_installation_by_service_point
  on devices.meter_installation (company_id, service_point_id, installed_on);
create index meter_installation_by_meter on devices.meter_installation (company_id, meter_id, installed_on);
create index service_agreement_by_service_point
  on agreements.service_agreement (company_id, service_point_id, start_on);
