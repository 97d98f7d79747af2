-- Why a register read is suspect (for example "value is lower than the previous read of 2024-01-31"),
-- so that a reviewer sees the reason next to the read; null for valid reads.
alter table readings.register_read add column status_reason text;
alter table readings.register_read
  add constraint register_read_suspect_has_reason check (status <> 'suspect' or status_reason is not null);

-- Channels are found again on the next import of the same feed by the id the source gave them
-- (a Green Button MeterReading href, or meter serial and channel name of an interval CSV).
create index interval_channel_by_external_id on readings.interval_channel (company_id, external_id);
