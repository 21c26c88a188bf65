-- Row-level security on reports, subscriptions, report_runs and alert_history
-- (ServiceDefaults 0004_tenant_isolation.sql, docs/tenant-isolation.md).
select suite_isolate_tenant_tables();
