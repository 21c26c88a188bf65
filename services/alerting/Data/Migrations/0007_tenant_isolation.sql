-- Row-level security on rules, alerts, notifications, alerting_config, alerting_config_history, incidents,
-- incident_deliveries, rule_states and alert_groups (ServiceDefaults 0004_tenant_isolation.sql, docs/tenant-isolation.md).
select suite_isolate_tenant_tables();
