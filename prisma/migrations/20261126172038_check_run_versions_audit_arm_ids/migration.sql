-- AlterTable
ALTER TABLE "check_run" ADD COLUMN     "checks_digest" TEXT,
ADD COLUMN     "model_version" INTEGER;

-- CreateTable
CREATE TABLE "audit_entry_arm_id" (
    "audit_entry_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,

    CONSTRAINT "audit_entry_arm_id_pkey" PRIMARY KEY ("audit_entry_id","arm_id")
);

-- CreateIndex
CREATE INDEX "audit_entry_arm_id_workspace_id_arm_id_idx" ON "audit_entry_arm_id"("workspace_id", "arm_id");

-- AddForeignKey
ALTER TABLE "audit_entry_arm_id" ADD CONSTRAINT "audit_entry_arm_id_audit_entry_id_fkey" FOREIGN KEY ("audit_entry_id") REFERENCES "audit_entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ===================================================================================================
-- Hand-written below this line (Prisma cannot express these). See packages/db/README.md.
-- ===================================================================================================

-- Saved-check runs triggered automatically (after a modelling write: `mutation`; a draft's run: `draft`) are
-- recorded at most once per model version and set of checks, even when two API processes or two readers race:
-- writers insert with ON CONFLICT DO NOTHING and read the winner. Manual, CLI and import runs may repeat.
CREATE UNIQUE INDEX "check_run_automatic_once" ON "check_run" ("workspace_id", "model_version", "checks_digest")
  WHERE "trigger" IN ('mutation', 'draft') AND "model_version" IS NOT NULL AND "checks_digest" IS NOT NULL;

-- History by ARM-id prefix is a range scan: `arm_id >= p || '/' AND arm_id < p || '0'` ('0' follows '/'), which
-- needs byte order, i.e. the "C" collation (the database default may be a linguistic one). Rebuilds the index.
ALTER TABLE "audit_entry_arm_id" ALTER COLUMN "arm_id" TYPE TEXT COLLATE "C";
ALTER TABLE "audit_entry_arm_id" ADD CONSTRAINT "audit_entry_arm_id_lower_check" CHECK ("arm_id" = lower("arm_id"));

-- Append-only like the entries themselves.
CREATE TRIGGER "audit_entry_arm_id_append_only" BEFORE UPDATE OR DELETE ON "audit_entry_arm_id"
  FOR EACH ROW EXECUTE FUNCTION "flowverify_audit_entry_append_only"();

-- Backfill from the history so far: each entry's resource ARM id and every ARM id its mutation's input named.
INSERT INTO "audit_entry_arm_id" ("audit_entry_id", "workspace_id", "arm_id")
SELECT DISTINCT e."id", e."workspace_id", lower(ids."arm_id")
FROM "audit_entry" e
CROSS JOIN LATERAL (
  SELECT e."resource_arm_id" AS "arm_id" WHERE e."resource_arm_id" IS NOT NULL
  UNION
  SELECT v #>> '{}' FROM jsonb_path_query(COALESCE(e."details" -> 'input', 'null'::jsonb), 'strict $.**') AS v
  WHERE jsonb_typeof(v) = 'string' AND lower(v #>> '{}') LIKE '/subscriptions/%'
) ids
WHERE ids."arm_id" <> ''
ON CONFLICT DO NOTHING;
