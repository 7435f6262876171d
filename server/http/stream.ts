import type { IncomingMessage, ServerResponse } from "node:http";
import { ROOT_REPO, ZRepoFullName } from "../../chain/repo/names.ts";
import { requireRead } from "../access/policy.ts";
import { viewerFromRequest } from "../auth/session.ts";
import type { Hub } from "../hub/types.ts";
import { errorResponse } from "../rest/v1.ts";

/**
 * Live updates as Server-Sent Events: `block` (a summary of every sealed block) and `final`
 * (the last irreversible height) of one repository (`?repo=OWNER/NAME`, default the root), for
 * viewers who may read it. Pages subscribe and refresh their queries.
 */
export async function handleStream(hub: Hub, req: IncomingMessage, res: ServerResponse, url: URL) {
  let node;
  try {
    const viewer = await viewerFromRequest({ cookie: req.headers.cookie, authorization: req.headers.authorization }, hub.people);
    node = requireRead(hub.repos, viewer, ZRepoFullName.parse(url.searchParams.get("repo") || ROOT_REPO)).node;
  } catch (e) {
    const { status, body } = errorResponse(e);
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive" });
  res.write(": connected\n\n");
  const offBlock = node.onBlock(({ block }) => {
    const summary = { height: block.height, hash: block.hash, txCount: block.txCount, timestamp: block.timestamp, producer: block.producer };
    res.write(`event: block\ndata: ${JSON.stringify(summary)}\n\n`);
  });
  const offFinal = node.onFinal((height) => res.write(`event: final\ndata: ${JSON.stringify({ height })}\n\n`));
  const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
  req.on("close", () => {
    offBlock();
    offFinal();
    clearInterval(ping);
  });
}
