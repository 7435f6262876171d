/**
 * The Auth.js instance for Next's side (the /api/auth route, server components calling auth()).
 * Only Next's bundler loads this file: the "next-auth" entry imports next/server.
 */
import NextAuth from "next-auth";
import { authConfig } from "./authConfig.ts";

// A function, not an object: Auth.js then reads AUTH_SECRET per request, after the custom
// server's ensureAuthSecret() has set it, whatever order the modules load in.
export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());
