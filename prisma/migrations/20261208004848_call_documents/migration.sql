-- CreateEnum
CREATE TYPE "CallDocumentKind" AS ENUM ('ANNOUNCEMENT', 'FORM');

-- AlterTable
ALTER TABLE "calls" ADD COLUMN     "contact_department" TEXT,
ADD COLUMN     "contact_email" TEXT,
ADD COLUMN     "contact_phone" TEXT;

-- CreateTable
CREATE TABLE "call_documents" (
    "id" UUID NOT NULL,
    "call_id" UUID NOT NULL,
    "kind" "CallDocumentKind" NOT NULL,
    "title" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "storage_key" TEXT NOT NULL,
    "uploaded_by_id" UUID NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "call_documents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "call_documents_storage_key_key" ON "call_documents"("storage_key");

-- CreateIndex
CREATE INDEX "call_documents_call_id_kind_idx" ON "call_documents"("call_id", "kind");

-- AddForeignKey
ALTER TABLE "call_documents" ADD CONSTRAINT "call_documents_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

