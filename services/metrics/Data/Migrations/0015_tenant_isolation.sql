-- Row-level security on every tenant table: minute_counts, the rollup_* and rollup_sketch_* tables, daily_users,
-- daily_active_counts, daily_window_counts, daily_kpis, etl_job_runs, subscription_events, user_first_seen,
-- user_events, custom_kpis, account_daily, account_user_first_seen, account_health
-- (ServiceDefaults 0004_tenant_isolation.sql, docs/tenant-isolation.md).
select suite_isolate_tenant_tables();
