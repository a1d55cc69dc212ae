-- No schema change (prisma/schema.prisma is unchanged; `migrate diff` is empty).

-- ===================================================================================================
-- Hand-written below this line (Prisma cannot express these). See packages/db/README.md.
-- ===================================================================================================

-- Change notifications for the API's in-memory caches (packages/db/src/change-feed.ts): every API process LISTENs
-- and drops what another process's committed change made stale, so a verify need not read the workspace version
-- and a request need not read its token on every call. NOTIFY is delivered at commit, never for a rollback.
--   flowverify_workspace  payload: the workspace id   on insert, delete, and a change of name, version or kind
--   flowverify_auth       payload: the user id        on a token's revocation/expiry/owner/hash change or delete, a
--                                                     user's name/admin-flag change or delete, any membership change

CREATE OR REPLACE FUNCTION "flowverify_notify_workspace_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('flowverify_workspace', OLD."id"::text);
  ELSE
    PERFORM pg_notify('flowverify_workspace', NEW."id"::text);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "workspace_notify_insert_delete" AFTER INSERT OR DELETE ON "workspace"
  FOR EACH ROW EXECUTE FUNCTION "flowverify_notify_workspace_change"();
CREATE TRIGGER "workspace_notify_update" AFTER UPDATE ON "workspace"
  FOR EACH ROW
  WHEN (OLD."version" IS DISTINCT FROM NEW."version" OR OLD."name" IS DISTINCT FROM NEW."name"
        OR OLD."kind" IS DISTINCT FROM NEW."kind")
  EXECUTE FUNCTION "flowverify_notify_workspace_change"();

CREATE OR REPLACE FUNCTION "flowverify_notify_auth_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  affected uuid;
BEGIN
  IF TG_TABLE_NAME = 'user' THEN
    affected := CASE WHEN TG_OP = 'DELETE' THEN OLD."id" ELSE NEW."id" END;
  ELSE
    affected := CASE WHEN TG_OP = 'DELETE' THEN OLD."user_id" ELSE NEW."user_id" END;
    IF TG_OP = 'UPDATE' AND OLD."user_id" IS DISTINCT FROM NEW."user_id" THEN
      PERFORM pg_notify('flowverify_auth', OLD."user_id"::text);
    END IF;
  END IF;
  PERFORM pg_notify('flowverify_auth', affected::text);
  RETURN NULL;
END $$;

-- lastUsedAt updates (once a minute per token) do not notify.
CREATE TRIGGER "api_token_notify_update" AFTER UPDATE ON "api_token"
  FOR EACH ROW
  WHEN (OLD."revoked_at" IS DISTINCT FROM NEW."revoked_at" OR OLD."expires_at" IS DISTINCT FROM NEW."expires_at"
        OR OLD."user_id" IS DISTINCT FROM NEW."user_id" OR OLD."token_hash" IS DISTINCT FROM NEW."token_hash")
  EXECUTE FUNCTION "flowverify_notify_auth_change"();
CREATE TRIGGER "api_token_notify_delete" AFTER DELETE ON "api_token"
  FOR EACH ROW EXECUTE FUNCTION "flowverify_notify_auth_change"();

CREATE TRIGGER "user_notify_update" AFTER UPDATE ON "user"
  FOR EACH ROW
  WHEN (OLD."is_server_admin" IS DISTINCT FROM NEW."is_server_admin" OR OLD."name" IS DISTINCT FROM NEW."name")
  EXECUTE FUNCTION "flowverify_notify_auth_change"();
CREATE TRIGGER "user_notify_delete" AFTER DELETE ON "user"
  FOR EACH ROW EXECUTE FUNCTION "flowverify_notify_auth_change"();

CREATE TRIGGER "workspace_member_notify_change" AFTER INSERT OR UPDATE OR DELETE ON "workspace_member"
  FOR EACH ROW EXECUTE FUNCTION "flowverify_notify_auth_change"();
