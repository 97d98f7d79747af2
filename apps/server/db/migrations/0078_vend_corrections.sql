-- Back-office corrections of prepaid vends. A correction undoes a vend's money as a reversal does, but a
-- staff user with the vend-corrections:write permission makes it, with a reason code, and it may undo a
-- released vend, whose token the customer has and may have entered already. The vend becomes reversed,
-- keeps its released_at, and stores who corrected it and why; reversed_at and reversal_reason hold when
-- and the reason text.

alter table prepayment.vend
  add column correction_reason_code text check (
    correction_reason_code in (
      'wrong-meter', 'duplicate-sale', 'token-not-delivered', 'customer-refund', 'other'
    )
  ),
  add column corrected_by text,
  add constraint vend_correction_complete
    check ((correction_reason_code is null) = (corrected_by is null)),
  add constraint vend_correction_reverses check (correction_reason_code is null or status = 'reversed');

-- Was: released_at set exactly when the status is released. A corrected vend may have been released first.
alter table prepayment.vend drop constraint vend_check;
alter table prepayment.vend add constraint vend_released_at check (
  case status
    when 'released' then released_at is not null
    when 'issued' then released_at is null
    else released_at is null or correction_reason_code is not null
  end
);
