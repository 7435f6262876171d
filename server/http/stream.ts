import type { IncomingMessage, ServerResponse } from "node:http";
import { MAIN_BRANCH, ROOT_REPO, ZRepoFullName } from "../../chain/repo/names.ts";
import { checkBranchName } from "../../chain/node/refs.ts";
import { requireRead } from "../access/policy.ts";
import { ANONYMOUS, type Viewer } from "../access/viewer.ts";
import { viewerFromRequest } from "../auth/session.ts";
import type { Hub } from "../hub/types.ts";
import { errorResponse } from "../rest/v1.ts";

/** How often an open stream re-reads its viewer's session (a deleted account, an expired token). */
export const STREAM_SESSION_RECHECK_MS = 15_000;

/**
 * Live updates as Server-Sent Events: `block` (a summary of every sealed block) and `final`
 * (the last irreversible height) of one repository (`?repo=OWNER/NAME`, default the root) and
 * branch (`?branch=`, default main; `final` is main's), for
 * viewers who may read it. Pages subscribe and refresh their queries.
 *
 * Access is not only checked at the start: a stream stays open for hours, so it is checked again
 * after every change of the repository's directory (a member removed, the repository made
 * private) and its session re-read at every ping; a viewer who lost access gets an `end` event
 * and the stream is closed.
 */
export async function handleStream(hub: Hub, req: IncomingMessage, res: ServerResponse, url: URL) {
  const session = () => viewerFromRequest({ cookie: req.headers.cookie, authorization: req.headers.authorization }, hub.people);
  let fullName: string;
  let viewer: Viewer;
  let node;
  let branch: string;
  try {
    fullName = ZRepoFullName.parse(url.searchParams.get("repo") || ROOT_REPO);
    viewer = await session();
    node = requireRead(hub.repos, viewer, fullName).node;
    branch = checkBranchName(url.searchParams.get("branch") || MAIN_BRANCH);
    node.getBranch(branch);
  } catch (e) {
    const { status, body } = errorResponse(e);
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive" });
  res.write(": connected\n\n");

  let closed = false;
  const offs: (() => void)[] = [];
  const close = () => {
    if (closed) return;
    closed = true;
    for (const off of offs) off();
  };
  const stillReadable = (viewer: Viewer) => {
    try {
      requireRead(hub.repos, viewer, fullName);
      return true;
    } catch {
      return false;
    }
  };
  const endIfRevoked = (viewer: Viewer) => {
    if (closed || stillReadable(viewer)) return;
    // The same words a missing repository gets: nothing about why leaks.
    res.end(`event: end\ndata: ${JSON.stringify({ reason: "This repository is not available to you." })}\n\n`);
    close();
  };

  offs.push(
    node.onBlock(
      (sealed) => {
        // Called in the sealing turn: the block's JSON is built in slices first (shared with the indexer).
        void (sealed.prepare?.() ?? Promise.resolve()).then(() => {
          if (closed) return;
          const { block } = sealed;
          const summary = { branch: block.branch, height: block.height, hash: block.hash, txCount: block.txCount, timestamp: block.timestamp, producer: block.producer };
          res.write(`event: block\ndata: ${JSON.stringify(summary)}\n\n`);
        }).catch(() => close());
      },
      { branch },
    ),
  );
  offs.push(node.onFinal((height) => res.write(`event: final\ndata: ${JSON.stringify({ height })}\n\n`)));
  offs.push(hub.repos.onChange((changed) => changed === fullName && endIfRevoked(viewer)));
  const ping = setInterval(() => {
    void session()
      .then((v) => {
        viewer = v;
        endIfRevoked(v);
        if (!closed) res.write(": ping\n\n");
      })
      .catch(() => endIfRevoked(ANONYMOUS));
  }, STREAM_SESSION_RECHECK_MS);
  offs.push(() => clearInterval(ping));
  req.on("close", close);
}
