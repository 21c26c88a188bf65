-- Each tenant's alerting configuration document (Configuration/Yaml), stored as the YAML it exports. version counts
-- saves from 1; replicas compare it to their cached compiled copy, so a cheap primary-key read tells them to reload.
create table alerting_config (
    tenant     text        primary key,
    version    int         not null check (version > 0),
    yaml       text        not null,
    updated_at timestamptz not null
);

-- Every saved version, for audit and rollback by re-import.
create table alerting_config_history (
    tenant     text        not null,
    version    int         not null,
    yaml       text        not null,
    updated_at timestamptz not null,
    primary key (tenant, version)
);
