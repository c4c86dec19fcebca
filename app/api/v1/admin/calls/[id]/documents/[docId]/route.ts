import { removeCallDocument } from "@/lib/calls/remove-call-document";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json } from "@/lib/http/route";

export const DELETE = apiRoute<{ id: string; docId: string }>(async (req, { id, docId }) => json(await removeCallDocument(await requestActor(req), id, docId, requestContext(req))));
