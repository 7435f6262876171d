import tseslint from "typescript-eslint";
import drizzle from "eslint-plugin-drizzle";

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", ".cache/", ".data*/", "test-results/", "playwright-report/", "next-env.d.ts", "db/migrations/"] },
  ...tseslint.configs.recommended,
  {
    plugins: { drizzle },
    rules: {
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx", "trx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx", "trx"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // CommonJS on purpose: loaded by path from eval'd worker threads (chain/crypto/verifyRule.cjs).
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // chain/ is a framework-free library: nothing from the web app, the server or the index.
    files: ["chain/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/app/**", "**/components/**", "**/server/**", "**/db/**", "next*", "react*", "@trpc/*", "drizzle-orm*"] }],
    },
  },
  {
    // Pages and components reach the index only through the tRPC router (data flows browser →
    // tRPC → server → db): their types come from RouterOutputs, so a change to db/'s row shapes
    // shows up at the router's boundary, and no SQL code can slip into a browser bundle.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/db", "**/db/**", "@/db", "@/db/*"],
              message: "app/ and components/ read the index through the tRPC router (server/api); type props with RouterOutputs from @/components/providers/trpc.",
            },
          ],
        },
      ],
    },
  },
);
