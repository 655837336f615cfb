-- Administration: search indexes, and the erasure of identity data once the retention period is over
-- (see fr.idnum.enrollment.admin.RetentionRule and IdentityErasure).

-- Erasure empties the identity columns of an ended enrollment and keeps the row (id, owner, state, dates,
-- verification mode), which the append-only audit trail refers to. So these columns become nullable...
alter table enrollment
    alter column document_type        drop not null,
    alter column document_number      drop not null,
    alter column document_expiry_date drop not null,
    alter column gender               drop not null,
    alter column given_names          drop not null,
    alter column birth_name           drop not null,
    alter column birth_date           drop not null,
    alter column birth_country        drop not null,
    alter column nationality          drop not null,
    alter column address_line1        drop not null,
    alter column postal_code          drop not null,
    alter column city                 drop not null,
    alter column mobile_phone         drop not null,
    alter column email                drop not null;

-- ...but only all at once, and only for an enrollment that has ended: an open enrollment always carries its
-- whole identity, and an erasure is never partial.
alter table enrollment add constraint enrollment_identity_whole_or_erased check (
    (document_type is not null and document_number is not null and document_expiry_date is not null
        and gender is not null and given_names is not null and birth_name is not null and birth_date is not null
        and birth_country is not null and nationality is not null and address_line1 is not null
        and postal_code is not null and city is not null and mobile_phone is not null and email is not null)
    or (state in ('REJECTED', 'EXPIRED', 'REVOKED')
        and document_type is null and document_number is null and document_issue_date is null
        and document_expiry_date is null and gender is null and given_names is null and birth_name is null
        and usage_name is null and birth_date is null and birth_country is null and birth_place is null
        and nationality is null and address_line1 is null and address_line2 is null and postal_code is null
        and city is null and mobile_phone is null and email is null and postman_visit_date is null)
);

-- The administrators' searches: by state (newest first), by owner (any state, the existing unique index only
-- covers open enrollments), by birth name and birth date, by mobile number.
create index enrollment_by_state on enrollment (state, created_at desc);
create index enrollment_by_owner on enrollment (owner_subject);
create index enrollment_by_birth on enrollment (birth_name, birth_date);
create index enrollment_by_mobile on enrollment (mobile_phone);
