-- Per-tenant counters behind GetIngestionStats. Written behind the hot path (Data/StatsBuffer.cs flushes increments
-- about once a second), so concurrent batches of one tenant never queue on a counter row inside their transaction.
create table if not exists ingestion_stats (
    tenant                text        primary key,
    accepted              bigint      not null default 0,
    duplicates            bigint      not null default 0,
    rejected              bigint      not null default 0,
    rate_limited_requests bigint      not null default 0,
    last_received_at      timestamptz,
    last_occurred_at      timestamptz
);

-- Rejections by reason code and redactions by kind (both small, bounded sets).
create table if not exists ingestion_stats_counts (
    tenant text   not null,
    kind   text   not null check (kind in ('rejected', 'redacted')),
    reason text   not null,
    count  bigint not null,
    primary key (tenant, kind, reason)
);

-- GDPR erasures. The user id is kept only as a SHA-256 of "tenant/user_id": the audit can prove that a given user
-- was erased (hash the id again) without keeping the id itself.
create table if not exists erasure_audit (
    id              uuid        primary key,
    tenant          text        not null,
    user_id_sha256  text        not null,
    requested_by    text        not null,
    reason          text,
    events_erased   bigint      not null,
    erased_at       timestamptz not null
);

create index if not exists erasure_audit_tenant_user on erasure_audit (tenant, user_id_sha256);
