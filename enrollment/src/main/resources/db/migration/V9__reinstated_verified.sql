-- A suspension lifted before any phone was activated sends the enrollment back to VERIFIED, and Keycloak learns it
-- (fr.idnum.enrollment.propagation.PropagatedStatus.VERIFIED).
alter table keycloak_outbox drop constraint keycloak_outbox_status_known;
alter table keycloak_outbox add constraint keycloak_outbox_status_known
    check (status in ('ACTIVE', 'SUSPENDED', 'REVOKED', 'ERASED', 'REACTIVATION_REQUIRED', 'VERIFIED'));
