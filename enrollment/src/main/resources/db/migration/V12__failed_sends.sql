-- A send the provider refused no longer counts toward the resend cooldown nor the bound on codes: it is taken back
-- (sends - 1, last_sent_at back to the send before it, null when there was none) and counted in failed_sends, which
-- has its own bound.
alter table phone_check add column failed_sends integer not null default 0;
alter table phone_check alter column last_sent_at drop not null;
alter table activation_code add column failed_sends integer not null default 0;
alter table activation_code alter column last_sent_at drop not null;
