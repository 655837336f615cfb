-- After the identity check, a new activation code (number changed, re-activation required) goes by letter to the
-- verified postal address, never to a phone, and cannot be redeemed before its cooling-off is over.
alter table activation_code add column by_letter boolean not null default false;
alter table activation_code add column not_before timestamp with time zone;
