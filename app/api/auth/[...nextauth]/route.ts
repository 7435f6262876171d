import { handlers } from "@/server/auth/nextAuth";

export const { GET, POST } = handlers;
// Sign-in reads the people store (LMDB) and node:crypto: the Node runtime, never edge.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";
