-- When each account reached its current level, so reports can tell accounts new to a level from long-standing ones.
-- Rows from before this migration count from their last score (the best that is known).
alter table account_risk add column level_since timestamptz;
update account_risk set level_since = scored_at;
alter table account_risk alter column level_since set not null;

-- ListAtRiskAccounts: a tenant's riskiest accounts first.
create index account_risk_by_probability on account_risk (tenant, probability desc, account_id);
