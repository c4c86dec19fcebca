-- CreateEnum
CREATE TYPE "ConsortiumOrgRole" AS ENUM ('LEAD', 'PARTICIPANT');

-- CreateEnum
CREATE TYPE "MemberRole" AS ENUM ('OWNER', 'EDITOR', 'VIEWER');

-- CreateEnum
CREATE TYPE "ProposalStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "AttachmentKind" AS ENUM ('BUSINESS_PLAN', 'CONSORTIUM_AGREEMENT', 'BUDGET_PLAN', 'PARTICIPATION_CONFIRMATION', 'OTHER');

-- CreateTable
CREATE TABLE "consortia" (
    "id" UUID NOT NULL,
    "call_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "lead_organization_id" UUID NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "consortia_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consortium_organizations" (
    "id" UUID NOT NULL,
    "consortium_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "role" "ConsortiumOrgRole" NOT NULL,
    "responsibility" TEXT NOT NULL DEFAULT '',
    "budget_share_krw" BIGINT NOT NULL DEFAULT 0,
    "confirmed_share_krw" BIGINT,
    "confirmed_at" TIMESTAMPTZ(3),
    "confirmed_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consortium_organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consortium_members" (
    "id" UUID NOT NULL,
    "consortium_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "role" "MemberRole" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consortium_members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consortium_invitations" (
    "id" UUID NOT NULL,
    "consortium_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "role" "MemberRole" NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "invited_by_id" UUID NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "accepted_by_id" UUID,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consortium_invitations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposals" (
    "id" UUID NOT NULL,
    "serial_no" SERIAL NOT NULL,
    "call_id" UUID NOT NULL,
    "consortium_id" UUID NOT NULL,
    "status" "ProposalStatus" NOT NULL DEFAULT 'DRAFT',
    "draft" JSONB NOT NULL DEFAULT '{}',
    "draft_version" INTEGER NOT NULL DEFAULT 1,
    "draft_saved_at" TIMESTAMPTZ(3) NOT NULL,
    "draft_saved_by_id" UUID,
    "foreign_fine_tune_only" BOOLEAN NOT NULL DEFAULT false,
    "last_version_no" INTEGER NOT NULL DEFAULT 0,
    "submitted_at" TIMESTAMPTZ(3),
    "withdrawn_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proposals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposal_versions" (
    "id" UUID NOT NULL,
    "proposal_id" UUID NOT NULL,
    "version_no" INTEGER NOT NULL,
    "draft_version" INTEGER NOT NULL,
    "receipt_no" TEXT NOT NULL,
    "document" JSONB NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "submitted_by_id" UUID NOT NULL,
    "idempotency_key" TEXT,
    "request_hash" CHAR(64),

    CONSTRAINT "proposal_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachments" (
    "id" UUID NOT NULL,
    "proposal_id" UUID NOT NULL,
    "kind" "AttachmentKind" NOT NULL,
    "file_name" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "storage_key" TEXT NOT NULL,
    "uploaded_by_id" UUID NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,
    "replaced_at" TIMESTAMPTZ(3),

    CONSTRAINT "attachments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "extensions" (
    "id" UUID NOT NULL,
    "consortium_id" UUID NOT NULL,
    "until" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "granted_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "extensions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "late_attempts" (
    "id" BIGSERIAL NOT NULL,
    "call_id" UUID NOT NULL,
    "consortium_id" UUID,
    "proposal_id" UUID,
    "user_id" UUID,
    "action" TEXT NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL,
    "cutoff" TIMESTAMPTZ(3) NOT NULL,
    "late_by_ms" INTEGER NOT NULL,
    "ip" TEXT,

    CONSTRAINT "late_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "personal_access_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "prefix" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "personal_access_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "consortia_call_id_lead_organization_id_key" ON "consortia"("call_id", "lead_organization_id");

-- CreateIndex
CREATE INDEX "consortium_organizations_organization_id_idx" ON "consortium_organizations"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "consortium_organizations_consortium_id_organization_id_key" ON "consortium_organizations"("consortium_id", "organization_id");

-- CreateIndex
CREATE INDEX "consortium_members_user_id_idx" ON "consortium_members"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "consortium_members_consortium_id_user_id_key" ON "consortium_members"("consortium_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "consortium_invitations_token_hash_key" ON "consortium_invitations"("token_hash");

-- CreateIndex
CREATE INDEX "consortium_invitations_consortium_id_idx" ON "consortium_invitations"("consortium_id");

-- CreateIndex
CREATE UNIQUE INDEX "proposals_serial_no_key" ON "proposals"("serial_no");

-- CreateIndex
CREATE UNIQUE INDEX "proposals_consortium_id_key" ON "proposals"("consortium_id");

-- CreateIndex
CREATE INDEX "proposals_call_id_status_idx" ON "proposals"("call_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "proposal_versions_receipt_no_key" ON "proposal_versions"("receipt_no");

-- CreateIndex
CREATE UNIQUE INDEX "proposal_versions_proposal_id_version_no_key" ON "proposal_versions"("proposal_id", "version_no");

-- CreateIndex
CREATE UNIQUE INDEX "proposal_versions_proposal_id_idempotency_key_key" ON "proposal_versions"("proposal_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "attachments_storage_key_key" ON "attachments"("storage_key");

-- CreateIndex
CREATE INDEX "attachments_proposal_id_kind_idx" ON "attachments"("proposal_id", "kind");

-- CreateIndex
CREATE INDEX "extensions_consortium_id_idx" ON "extensions"("consortium_id");

-- CreateIndex
CREATE INDEX "late_attempts_call_id_attempted_at_idx" ON "late_attempts"("call_id", "attempted_at");

-- CreateIndex
CREATE UNIQUE INDEX "personal_access_tokens_token_hash_key" ON "personal_access_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "personal_access_tokens_user_id_idx" ON "personal_access_tokens"("user_id");

-- AddForeignKey
ALTER TABLE "consortia" ADD CONSTRAINT "consortia_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consortia" ADD CONSTRAINT "consortia_lead_organization_id_fkey" FOREIGN KEY ("lead_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consortium_organizations" ADD CONSTRAINT "consortium_organizations_consortium_id_fkey" FOREIGN KEY ("consortium_id") REFERENCES "consortia"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consortium_organizations" ADD CONSTRAINT "consortium_organizations_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consortium_members" ADD CONSTRAINT "consortium_members_consortium_id_fkey" FOREIGN KEY ("consortium_id") REFERENCES "consortia"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consortium_members" ADD CONSTRAINT "consortium_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consortium_members" ADD CONSTRAINT "consortium_members_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consortium_invitations" ADD CONSTRAINT "consortium_invitations_consortium_id_fkey" FOREIGN KEY ("consortium_id") REFERENCES "consortia"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_consortium_id_fkey" FOREIGN KEY ("consortium_id") REFERENCES "consortia"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposal_versions" ADD CONSTRAINT "proposal_versions_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "extensions" ADD CONSTRAINT "extensions_consortium_id_fkey" FOREIGN KEY ("consortium_id") REFERENCES "consortia"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "personal_access_tokens" ADD CONSTRAINT "personal_access_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

