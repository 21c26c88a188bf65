-- Row-level security on the model registry (models, model_promotions; global models have tenant '' and are read in
-- the all-tenants scope), account_risk and the feature store's fs_* tables
-- (ServiceDefaults 0004_tenant_isolation.sql, docs/tenant-isolation.md).
select suite_isolate_tenant_tables();
