-- A verification link remembers where its owner was going (issue 12 item 1: the invitation accept page)
-- AlterTable
ALTER TABLE "user_tokens" ADD COLUMN     "next_path" VARCHAR(512);

