-- The time step of the last TOTP code a user signed in with: a code is accepted only for a later step,
-- so a code seen over someone's shoulder cannot be used a second time within its 30 seconds.
alter table identity.user_account add column totp_last_step bigint;
