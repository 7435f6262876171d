import type { IncomingMessage, ServerResponse } from "node:http";
import type { Hub } from "../hub/types.ts";

/**
 * Live updates as Server-Sent Events: `block` (a summary of every sealed block) and `final`
 * (the last irreversible height). Pages subscribe and refresh their queries.
 */
export function handleStream(hub: Hub, req: IncomingMessage, res: ServerResponse) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive" });
  res.write(": connected\n\n");
  const offBlock = hub.node.onBlock(({ block }) => {
    const summary = { height: block.height, hash: block.hash, txCount: block.txCount, timestamp: block.timestamp, producer: block.producer };
    res.write(`event: block\ndata: ${JSON.stringify(summary)}\n\n`);
  });
  const offFinal = hub.node.onFinal((height) => res.write(`event: final\ndata: ${JSON.stringify({ height })}\n\n`));
  const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
  req.on("close", () => {
    offBlock();
    offFinal();
    clearInterval(ping);
  });
}
