import { openReviewAttachment } from "@/lib/reviews/reviewer";
import { requestActor } from "@/lib/http/actor";
import { fileResponse } from "@/lib/http/file";
import { apiRoute } from "@/lib/http/route";

/** The reviewer's viewer page frames this: a PDF is answered inline, any other type as a download. */
export const GET = apiRoute<{ id: string; attachmentId: string }>(async (req, { id, attachmentId }) => fileResponse(await openReviewAttachment(await requestActor(req), id, attachmentId), { inline: true }));
