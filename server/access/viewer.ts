/**
 * Who is asking: the one input every access decision takes. Built from the request's session
 * cookie (browser) or bearer token (CLI) by server/auth; anonymous when there is neither.
 */
export type Viewer =
  | { readonly kind: "anonymous" }
  | { readonly kind: "user"; readonly userId: string; readonly username: string; readonly address: string };

export const ANONYMOUS: Viewer = Object.freeze({ kind: "anonymous" });

export function userViewer(user: { id: string; username: string; address: string }): Viewer {
  return Object.freeze({ kind: "user", userId: user.id, username: user.username, address: user.address });
}
