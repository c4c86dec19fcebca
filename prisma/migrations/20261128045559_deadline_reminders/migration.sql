-- CreateEnum
CREATE TYPE "ReminderKind" AS ENUM ('72h', '24h', '1h');

-- CreateTable
CREATE TABLE "deadline_reminders" (
    "id" UUID NOT NULL,
    "consortium_id" UUID NOT NULL,
    "kind" "ReminderKind" NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,
    "skipped" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "deadline_reminders_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "deadline_reminders_consortium_id_kind_key" ON "deadline_reminders"("consortium_id", "kind");

-- AddForeignKey
ALTER TABLE "deadline_reminders" ADD CONSTRAINT "deadline_reminders_consortium_id_fkey" FOREIGN KEY ("consortium_id") REFERENCES "consortia"("id") ON DELETE CASCADE ON UPDATE CASCADE;

