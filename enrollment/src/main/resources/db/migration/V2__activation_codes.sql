-- The 6-digit activation code a citizen shows the agent and later types in the phone app. Two keyed
-- hashes: one bound to the enrollment (checked at redemption), one for the agent's look-up by code
-- (not unique: a million values for millions of citizens, so the birth name narrows it down).
create table activation_code (
    enrollment_id   uuid        primary key references enrollment (id),
    code_hash       varchar(64) not null,
    lookup_hash     varchar(64) not null,
    issued_at       timestamp with time zone not null,
    expires_at      timestamp with time zone not null,
    failed_attempts integer     not null,
    redeemed_at     timestamp with time zone,
    redeemed_by     varchar(255),
    idempotency_key varchar(128)
);
create index activation_code_lookup on activation_code (lookup_hash);
