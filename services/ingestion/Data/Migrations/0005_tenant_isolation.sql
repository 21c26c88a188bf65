-- Row-level security on events_raw, event_keys, ingestion_stats, ingestion_stats_counts and erasure_audit
-- (ServiceDefaults 0004_tenant_isolation.sql, docs/tenant-isolation.md).
select suite_isolate_tenant_tables();
