-- Reviews changed after reading the others' (issue 12 item 12, decision 015): when the others were first shown,
-- and each revision with both versions and its written reason.
-- AlterTable
ALTER TABLE "review_assignments" ADD COLUMN     "others_seen_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "review_revisions" (
    "id" UUID NOT NULL,
    "assignment_id" UUID NOT NULL,
    "revised_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "previous_scores" JSONB NOT NULL,
    "previous_comment" TEXT NOT NULL,
    "previous_submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "scores" JSONB NOT NULL,
    "comment" TEXT NOT NULL,

    CONSTRAINT "review_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "review_revisions_assignment_id_revised_at_idx" ON "review_revisions"("assignment_id", "revised_at");

-- AddForeignKey
ALTER TABLE "review_revisions" ADD CONSTRAINT "review_revisions_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "review_assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

