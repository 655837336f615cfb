-- The agent's look-up (activation code + birth name) is bounded and audited (issue 10, item 3).

-- Every look-up, whatever came of it: who, when, which birth name (as a keyed hash: an auditor asks "who looked up
-- this name?" through the admin API, which hashes the name; typos of people who never enrolled are not kept in
-- clear), what came of it, and the enrollment found. Never the activation code, not even hashed: a 6-digit value
-- hashed under the service's key is as good as the code to whoever holds the key.
-- The failed ones (NOT_FOUND) in a sliding window are the counters of the limits.
create table agent_lookup (
    id              uuid         primary key,
    occurred_at     timestamp with time zone not null,
    agent           varchar(255) not null,
    birth_name_hash varchar(64)  not null,
    outcome         varchar(32)  not null,
    matches         integer      not null,
    enrollment_id   uuid         references enrollment (id),
    constraint agent_lookup_outcome_known check (outcome in ('FOUND', 'NOT_FOUND', 'REFUSED_AGENT_LIMIT',
        'REFUSED_BIRTH_NAME_LIMIT'))
);
create index agent_lookup_failures_by_agent on agent_lookup (agent, occurred_at) where outcome = 'NOT_FOUND';
create index agent_lookup_failures_by_birth_name on agent_lookup (birth_name_hash, occurred_at) where outcome = 'NOT_FOUND';
create index agent_lookup_by_agent on agent_lookup (agent, occurred_at desc);
create index agent_lookup_by_birth_name on agent_lookup (birth_name_hash, occurred_at desc);

create function agent_lookup_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'agent_lookup is append-only';
end;
$$;
create trigger agent_lookup_append_only before update or delete on agent_lookup
    for each row execute function agent_lookup_is_append_only();

-- One row per agent and per birth-name hash ever looked up, locked (atomic upsert) by every look-up for its agent
-- and its name, agent first, so that concurrent look-ups are counted one after the other: two at once cannot both
-- slip under a limit. last_lookup_at says which rows no window needs any more.
create table agent_lookup_guard (
    scope          varchar(16)  not null,
    subject        varchar(255) not null,
    last_lookup_at timestamp with time zone not null,
    primary key (scope, subject),
    constraint agent_lookup_guard_scope_known check (scope in ('AGENT', 'BIRTH_NAME'))
);
