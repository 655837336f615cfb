-- Bounds the codes texted for one enrollment (citizen resends and admin reissues alike).
alter table activation_code add column sends integer not null default 1;
alter table activation_code add column last_sent_at timestamp with time zone;
update activation_code set last_sent_at = issued_at where last_sent_at is null;
alter table activation_code alter column last_sent_at set not null;
