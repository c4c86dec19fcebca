-- AlterEnum: emailed one-time sign-in links (issue 11 item 5, decision 012)
ALTER TYPE "TokenPurpose" ADD VALUE 'SIGN_IN_LINK';
