-- Last churn risk level per account (scored from the feature store), so a move up a level publishes ChurnRiskChanged once.
create table account_risk (
    tenant       text not null,
    account_id   text not null,
    level        smallint not null,        -- ChurnRiskLevel: 0 low .. 3 critical
    probability  double precision not null,
    scored_at    timestamptz not null,
    primary key (tenant, account_id)
);
