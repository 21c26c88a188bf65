-- State of each KPI rule of a tenant's configuration document: the evaluator's memory (pending-since, CUSUM sums,
-- baseline) and whether it fires. next_evaluation_at is the evaluation lease (claimed with FOR UPDATE SKIP LOCKED
-- and pushed forward in the same statement, as for the rules table), so two replicas never evaluate a rule twice.
create table rule_states (
    tenant              text        not null,
    rule                text        not null,
    config_version      integer     not null,
    memory              jsonb       not null default '{}'::jsonb,
    firing              boolean     not null default false,
    next_evaluation_at  timestamptz not null,
    last_evaluated_at   timestamptz,
    primary key (tenant, rule)
);
create index rule_states_due on rule_states (next_evaluation_at);
