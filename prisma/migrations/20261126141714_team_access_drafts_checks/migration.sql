-- CreateEnum
CREATE TYPE "workspace_kind" AS ENUM ('live', 'draft');

-- CreateEnum
CREATE TYPE "workspace_role" AS ENUM ('reader', 'editor', 'admin');

-- AlterTable
ALTER TABLE "workspace" ADD COLUMN     "base_snapshot" JSONB,
ADD COLUMN     "base_version" INTEGER,
ADD COLUMN     "base_workspace_id" UUID,
ADD COLUMN     "created_by_user_id" UUID,
ADD COLUMN     "draft_name" TEXT,
ADD COLUMN     "kind" "workspace_kind" NOT NULL DEFAULT 'live';

-- CreateTable
CREATE TABLE "user" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "display_name" TEXT,
    "is_server_admin" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_token" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "is_bootstrap" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workspace_member" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "workspace_role" NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workspace_member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "workspace_name" TEXT NOT NULL,
    "actor_user_id" UUID NOT NULL,
    "actor_name" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" TEXT NOT NULL,
    "resource_type" TEXT NOT NULL,
    "resource_id" TEXT,
    "resource_arm_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "details" JSONB,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "saved_check" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "source" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "destination_ports" TEXT NOT NULL,
    "source_ports" TEXT NOT NULL DEFAULT '*',
    "expected" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "saved_check_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "check_run" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "passed" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "results" JSONB NOT NULL,
    "actor_name" TEXT,

    CONSTRAINT "check_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_name_key" ON "user"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"("token_hash");

-- CreateIndex
CREATE INDEX "api_token_user_id_idx" ON "api_token"("user_id");

-- CreateIndex
CREATE INDEX "workspace_member_user_id_idx" ON "workspace_member"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "workspace_member_workspace_id_user_id_key" ON "workspace_member"("workspace_id", "user_id");

-- CreateIndex
CREATE INDEX "audit_entry_workspace_id_at_idx" ON "audit_entry"("workspace_id", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_entry_workspace_id_resource_id_at_idx" ON "audit_entry"("workspace_id", "resource_id", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_entry_actor_user_id_at_idx" ON "audit_entry"("actor_user_id", "at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "saved_check_workspace_id_name_key" ON "saved_check"("workspace_id", "name");

-- CreateIndex
CREATE INDEX "check_run_workspace_id_at_idx" ON "check_run"("workspace_id", "at" DESC);

-- CreateIndex
CREATE INDEX "workspace_created_by_user_id_idx" ON "workspace"("created_by_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "workspace_base_workspace_id_draft_name_key" ON "workspace"("base_workspace_id", "draft_name");

-- AddForeignKey
ALTER TABLE "workspace" ADD CONSTRAINT "workspace_base_workspace_id_fkey" FOREIGN KEY ("base_workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace" ADD CONSTRAINT "workspace_created_by_user_id_fkey" FOREIGN KEY ("created_by_user_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_member" ADD CONSTRAINT "workspace_member_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_member" ADD CONSTRAINT "workspace_member_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_check" ADD CONSTRAINT "saved_check_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_run" ADD CONSTRAINT "check_run_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ===================================================================================================
-- Hand-written below this line (Prisma cannot express these). See packages/db/README.md.
-- ===================================================================================================

-- Users: the handle is unique case-insensitively ("Alice" and "alice" are one user) and has no outer blanks.
CREATE UNIQUE INDEX "user_name_lower_key" ON "user" (lower("name"));
ALTER TABLE "user" ADD CONSTRAINT "user_name_check" CHECK (length("name") > 0 AND "name" = btrim("name"));

-- API tokens: only sha256 (64 lower-case hex digits) of the secret; the display prefix is at most 8 characters.
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_token_hash_check" CHECK ("token_hash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_token_prefix_check" CHECK (length("token_prefix") BETWEEN 1 AND 8);
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_name_check" CHECK (length(btrim("name")) > 0);

-- Audit history is append-only: no UPDATE or DELETE of a row (TRUNCATE stays possible for the table owner).
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_action_check" CHECK (length("action") > 0);
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_resource_type_check" CHECK (length("resource_type") > 0);
CREATE FUNCTION "flowverify_audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit entries are append-only'
    USING ERRCODE = 'restrict_violation', TABLE = TG_TABLE_NAME, HINT = 'insert a new entry instead';
END $$;
CREATE TRIGGER "audit_entry_append_only" BEFORE UPDATE OR DELETE ON "audit_entry"
  FOR EACH ROW EXECUTE FUNCTION "flowverify_audit_entry_append_only"();

-- Drafts: kind = 'draft' exactly when there is a base workspace and a draft name; never its own base;
-- the draft name is not blank and has no `~` (the draft workspace's name is `<base name>~<draft name>`).
ALTER TABLE "workspace" ADD CONSTRAINT "workspace_draft_base_check"
  CHECK (("kind" = 'draft') = ("base_workspace_id" IS NOT NULL) AND "base_workspace_id" <> "id");
ALTER TABLE "workspace" ADD CONSTRAINT "workspace_draft_name_check"
  CHECK (("kind" = 'draft') = ("draft_name" IS NOT NULL)
    AND ("draft_name" IS NULL OR (length(btrim("draft_name")) > 0 AND position('~' IN "draft_name") = 0)));
-- The base of a draft is a live workspace (no drafts of drafts), and a workspace with drafts stays live.
CREATE FUNCTION "flowverify_workspace_base_is_live"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."base_workspace_id" IS NOT NULL
     AND EXISTS (SELECT 1 FROM "workspace" WHERE "id" = NEW."base_workspace_id" AND "kind" <> 'live') THEN
    RAISE EXCEPTION 'the base of a draft must be a live workspace'
      USING ERRCODE = 'check_violation', TABLE = TG_TABLE_NAME, CONSTRAINT = 'workspace_base_is_live_check';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW."kind" <> 'live'
     AND EXISTS (SELECT 1 FROM "workspace" WHERE "base_workspace_id" = NEW."id") THEN
    RAISE EXCEPTION 'a workspace with drafts must stay live'
      USING ERRCODE = 'check_violation', TABLE = TG_TABLE_NAME, CONSTRAINT = 'workspace_base_is_live_check';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "workspace_base_is_live" BEFORE INSERT OR UPDATE OF "kind", "base_workspace_id" ON "workspace"
  FOR EACH ROW EXECUTE FUNCTION "flowverify_workspace_base_is_live"();

-- Saved checks: fixed vocabularies and port syntax (`*`, `n`, `a-b`, as for NSG rules).
ALTER TABLE "saved_check" ADD CONSTRAINT "saved_check_name_check" CHECK (length(btrim("name")) > 0);
ALTER TABLE "saved_check" ADD CONSTRAINT "saved_check_endpoints_check"
  CHECK (length(btrim("source")) > 0 AND length(btrim("destination")) > 0);
ALTER TABLE "saved_check" ADD CONSTRAINT "saved_check_protocol_check" CHECK ("protocol" IN ('TCP', 'UDP', 'Any'));
ALTER TABLE "saved_check" ADD CONSTRAINT "saved_check_expected_check" CHECK ("expected" IN ('Allow', 'Deny'));
ALTER TABLE "saved_check" ADD CONSTRAINT "saved_check_ports_check"
  CHECK ("flowverify_is_port_range"("destination_ports") AND "flowverify_is_port_range"("source_ports"));

-- Check runs.
ALTER TABLE "check_run" ADD CONSTRAINT "check_run_trigger_check"
  CHECK ("trigger" IN ('manual', 'import', 'mutation', 'draft', 'cli'));
ALTER TABLE "check_run" ADD CONSTRAINT "check_run_counts_check" CHECK ("passed" >= 0 AND "failed" >= 0);
