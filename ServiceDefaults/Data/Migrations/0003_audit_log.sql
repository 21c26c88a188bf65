-- Audit log: one row per mutating or privileged gRPC call (AuditInterceptor), read back by Audit/ListAuditEntries
-- for the caller's tenant, newest first (hence the index on tenant, id).
create table if not exists audit_log (
    id          bigint generated always as identity primary key,
    at          timestamptz      not null,
    tenant      text             not null,
    subject     text             not null,
    roles       text[]           not null,
    method      text             not null,
    summary     text             not null,
    status      text             not null,
    duration_ms double precision not null
);
create index if not exists audit_log_tenant_id on audit_log (tenant, id desc);
