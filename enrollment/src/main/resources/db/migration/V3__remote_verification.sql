-- Identifiers (jti) of the remote verification provider's callbacks already processed: a replayed
-- callback is refused. Rows can be purged once older than the accepted iat window.
create table remote_callback (
    jti           varchar(128) primary key,
    enrollment_id uuid         not null references enrollment (id),
    received_at   timestamp with time zone not null
);
