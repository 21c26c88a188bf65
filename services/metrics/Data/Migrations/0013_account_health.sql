-- Each account's health score per UTC day as the nightly ETL computed it: the previous day's score is what a band
-- change (AccountHealthChanged) is measured against.
create table if not exists account_health (
    tenant      text             not null,
    account_id  text             not null,
    day         date             not null,
    score       double precision not null,
    band        text             not null,
    primary key (tenant, day, account_id)
);
