-- The headline lines a run's messages carry, kept with the run: a retry (to the recipients not reached yet) says
-- what the first attempt said, without building the report again.
alter table report_runs add column headlines text[] not null default '{}';
