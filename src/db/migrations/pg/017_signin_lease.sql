-- 017: sign-in checks in flight apart from failures.  A check is reserved
-- before the password is hashed (inflight, and inflight_at the time of the
-- latest reservation); a wrong password turns it into a failure, a right one
-- releases it.  A server that dies mid-check leaves a reservation, which
-- stops counting ADUANA_SIGNIN_LEASE_SECONDS after inflight_at: a crash is
-- never a failure, so crashes cannot lock anyone out.
ALTER TABLE app_user ADD COLUMN inflight INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN inflight_at BIGINT NOT NULL DEFAULT 0;
