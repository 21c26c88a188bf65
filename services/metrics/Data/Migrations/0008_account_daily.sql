-- Per-account activity per UTC day for the customer health score (Domain/AccountHealth.cs): logins, support tickets
-- opened and orders placed by the account's users. Added to by the consumer under the inbox, like the rollups.
create table if not exists account_daily (
    tenant         text   not null,
    account_id     text   not null,
    day            date   not null,
    events         bigint not null default 0,
    logins         bigint not null default 0,
    tickets_opened bigint not null default 0,
    orders         bigint not null default 0,
    primary key (tenant, account_id, day)
);
create index if not exists account_daily_tenant_day on account_daily (tenant, day);
