-- DDSketch of duration_ms per rollup row (Domain/DurationSketch.cs): a jsonb object bucket index -> count, with the
-- bucket of values <= 0 under "z"; null when no event of the row carried a duration (or the row predates 0004).
alter table rollup_minute add column if not exists duration_sketch jsonb;
alter table rollup_hour add column if not exists duration_sketch jsonb;
alter table rollup_day add column if not exists duration_sketch jsonb;

-- Adds two sketches bucket by bucket (used by the rollup upsert); null is the empty sketch.
create or replace function metrics_sketch_merge(a jsonb, b jsonb) returns jsonb
language sql immutable as $$
    select case
        when a is null then b
        when b is null then a
        else (select jsonb_object_agg(key, total)
              from (select key, sum(value::bigint) as total
                    from (select * from jsonb_each_text(a) union all select * from jsonb_each_text(b)) as both_sketches
                    group by key) as merged)
    end
$$;
