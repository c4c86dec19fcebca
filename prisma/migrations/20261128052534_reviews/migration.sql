-- CreateEnum
CREATE TYPE "AssignmentStatus" AS ENUM ('ACTIVE', 'CONFLICTED', 'REMOVED');

-- CreateEnum
CREATE TYPE "AssignmentSource" AS ENUM ('MANUAL', 'AUTO');

-- AlterTable
ALTER TABLE "calls" ADD COLUMN     "review_closes_at" TIMESTAMPTZ(3),
ADD COLUMN     "review_opens_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "panel_members" (
    "id" UUID NOT NULL,
    "call_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "is_chair" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "panel_members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_assignments" (
    "id" UUID NOT NULL,
    "call_id" UUID NOT NULL,
    "proposal_id" UUID NOT NULL,
    "reviewer_id" UUID NOT NULL,
    "status" "AssignmentStatus" NOT NULL DEFAULT 'ACTIVE',
    "source" "AssignmentSource" NOT NULL,
    "conflict_warning" TEXT,
    "assigned_by_id" UUID NOT NULL,
    "assigned_at" TIMESTAMPTZ(3) NOT NULL,
    "declaration_at" TIMESTAMPTZ(3),
    "declaration_ip" TEXT,
    "conflict_reason" TEXT,
    "conflict_at" TIMESTAMPTZ(3),
    "scores" JSONB NOT NULL DEFAULT '{}',
    "comment" TEXT NOT NULL DEFAULT '',
    "saved_at" TIMESTAMPTZ(3),
    "submitted_at" TIMESTAMPTZ(3),

    CONSTRAINT "review_assignments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "panel_members_call_id_user_id_key" ON "panel_members"("call_id", "user_id");

-- CreateIndex
CREATE INDEX "review_assignments_reviewer_id_status_idx" ON "review_assignments"("reviewer_id", "status");

-- CreateIndex
CREATE INDEX "review_assignments_call_id_status_idx" ON "review_assignments"("call_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "review_assignments_proposal_id_reviewer_id_key" ON "review_assignments"("proposal_id", "reviewer_id");

