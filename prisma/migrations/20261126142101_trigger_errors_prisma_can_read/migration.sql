-- No schema change (prisma/schema.prisma is unchanged; `migrate diff` is empty).

-- ===================================================================================================
-- Hand-written below this line (Prisma cannot express these). See packages/db/README.md.
-- ===================================================================================================

-- The triggers of 20261126141714_team_access_drafts_checks raised errors Prisma's model calls cannot read:
-- SQLSTATE 23001 (restrict_violation) reaches the caller as "Unknown error: [object Object]", and the draft error
-- did not name its constraint, so getConstraintViolation() returned none. Same rules, readable errors.

-- Append-only audit history: 42501 (insufficient_privilege), what Postgres itself raises for a forbidden UPDATE.
CREATE OR REPLACE FUNCTION "flowverify_audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit entries are append-only'
    USING ERRCODE = 'insufficient_privilege', TABLE = TG_TABLE_NAME, HINT = 'insert a new entry instead';
END $$;

-- A draft's base is live: a check violation (23514) whose one-line message names the constraint.
CREATE OR REPLACE FUNCTION "flowverify_workspace_base_is_live"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."base_workspace_id" IS NOT NULL
     AND EXISTS (SELECT 1 FROM "workspace" WHERE "id" = NEW."base_workspace_id" AND "kind" <> 'live') THEN
    RAISE EXCEPTION 'the base of a draft must be a live workspace (check constraint "workspace_base_is_live_check")'
      USING ERRCODE = 'check_violation', TABLE = TG_TABLE_NAME, CONSTRAINT = 'workspace_base_is_live_check';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW."kind" <> 'live'
     AND EXISTS (SELECT 1 FROM "workspace" WHERE "base_workspace_id" = NEW."id") THEN
    RAISE EXCEPTION 'a workspace with drafts must stay live (check constraint "workspace_base_is_live_check")'
      USING ERRCODE = 'check_violation', TABLE = TG_TABLE_NAME, CONSTRAINT = 'workspace_base_is_live_check';
  END IF;
  RETURN NEW;
END $$;
