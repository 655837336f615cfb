-- "Re-activation required": the identity stays verified but the phone must be activated again (lost or
-- replaced phone); Keycloak forgets the device credentials and a new activation code goes to the citizen.
alter table keycloak_outbox drop constraint keycloak_outbox_status_known;
alter table keycloak_outbox add constraint keycloak_outbox_status_known
    check (status in ('ACTIVE', 'SUSPENDED', 'REVOKED', 'ERASED', 'REACTIVATION_REQUIRED'));
alter table keycloak_outbox alter column status type varchar(32);
