-- Keycloak propagation (fr.idnum.enrollment.propagation): what Keycloak must learn about an enrollment's status,
-- written in the transaction that changed it, and delivered (with retries) by KeycloakPropagation. A row is never
-- dropped: an unreachable Keycloak only delays it. No personal data: the subject is the Keycloak user id (a
-- pseudonym), last_error names an HTTP status or an exception class, never a body.
create table keycloak_outbox (
    id              uuid         primary key,
    -- Commit order within one subject: a subject's rows are delivered oldest first, one at a time.
    seq             bigint       generated always as identity unique,
    enrollment_id   uuid         not null references enrollment (id),
    subject         varchar(255) not null,
    status          varchar(16)  not null,
    created_at      timestamp with time zone not null,
    attempts        integer      not null default 0,
    next_attempt_at timestamp with time zone not null,
    last_error      varchar(200),
    delivered_at    timestamp with time zone,
    constraint keycloak_outbox_status_known check (status in ('ACTIVE', 'SUSPENDED', 'REVOKED', 'ERASED')),
    constraint keycloak_outbox_attempts_positive check (attempts >= 0)
);

create index keycloak_outbox_due on keycloak_outbox (next_attempt_at) where delivered_at is null;
create index keycloak_outbox_pending_by_subject on keycloak_outbox (subject, seq) where delivered_at is null;
