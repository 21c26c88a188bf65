-- Threat factors count a user's failed logins in the last hour and successful ones in the last 5 minutes for every
-- login the feature store takes in. On (tenant, user_id, occurred_at) each count read all of the user's logins of the
-- window from the heap (about 2 ms per login at 800 events/s: the feature-store consumer used most of a core and fell
-- behind whenever autovacuum ran). With the outcome in the key both are index-only scans of just the rows counted
-- (about 0.1 ms), and the "seen before" probes skip failed attempts.
create index fs_logins_user_outcome on fs_logins (tenant, user_id, success, occurred_at);
