-- The enrollment of one citizen: identity data as declared (checked later by an agent or a remote
-- provider), lifecycle state, verification mode. No document image is ever stored.
create table enrollment (
    id                   uuid         primary key,
    owner_subject        varchar(255) not null,
    state                varchar(32)  not null,
    version              bigint       not null,
    created_at           timestamp with time zone not null,
    updated_at           timestamp with time zone not null,
    expires_at           timestamp with time zone,
    document_type        varchar(32)  not null,
    document_number      varchar(16)  not null,
    document_issue_date  date,
    document_expiry_date date         not null,
    gender               varchar(8)   not null,
    given_names          varchar(256) not null,
    birth_name           varchar(256) not null,
    usage_name           varchar(256),
    birth_date           date         not null,
    birth_country        varchar(5)   not null,
    birth_place          varchar(5),
    nationality          varchar(5)   not null,
    address_line1        varchar(256) not null,
    address_line2        varchar(256),
    postal_code          varchar(5)   not null,
    city                 varchar(128) not null,
    mobile_phone         varchar(16)  not null,
    email                varchar(254) not null,
    verification_mode    varchar(32),
    postman_visit_date   date,
    constraint enrollment_state_known check (state in ('DRAFT', 'PHONE_VERIFIED', 'AWAITING_VERIFICATION', 'VERIFIED',
        'ACTIVE', 'REJECTED', 'EXPIRED', 'SUSPENDED', 'REVOKED'))
);

-- One enrollment in progress or in force per citizen; a rejected or expired one may be followed by a new one.
create unique index enrollment_one_open_per_citizen on enrollment (owner_subject)
    where state not in ('REJECTED', 'EXPIRED', 'REVOKED');
create index enrollment_expiry on enrollment (expires_at) where state in ('DRAFT', 'PHONE_VERIFIED', 'AWAITING_VERIFICATION');

-- Append-only trail of every transition: who, when, from, to, why.
create table audit_event (
    id            uuid          primary key,
    enrollment_id uuid          not null references enrollment (id),
    occurred_at   timestamp with time zone not null,
    actor         varchar(255)  not null,
    actor_role    varchar(32)   not null,
    action        varchar(64)   not null,
    from_state    varchar(32),
    to_state      varchar(32)   not null,
    reason        varchar(1000)
);
create index audit_event_by_enrollment on audit_event (enrollment_id, occurred_at);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only';
end;
$$;
create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_event_is_append_only();

-- The 6-digit SMS code proving the citizen holds the mobile number: only its keyed hash is kept.
create table phone_check (
    enrollment_id   uuid        primary key references enrollment (id),
    phone_number    varchar(16) not null,
    code_hash       varchar(64) not null,
    issued_at       timestamp with time zone not null,
    expires_at      timestamp with time zone not null,
    failed_attempts integer     not null,
    sends           integer     not null,
    last_sent_at    timestamp with time zone not null
);
