import { defineConfig } from "drizzle-kit";

// One migration set for both backends: generated here (generate needs no database), applied
// at open by drizzle's migrators to PGlite or to a real Postgres (see db/client.ts).
// `studio`/`migrate` target DATABASE_URL when set, else the embedded index in .data/index —
// stop the hub first: PGlite allows one process per data folder.
const databaseUrl = process.env.DATABASE_URL;

export default databaseUrl
  ? defineConfig({
      dialect: "postgresql",
      schema: "./db/schema.ts",
      out: "./db/migrations",
      dbCredentials: { url: databaseUrl },
    })
  : defineConfig({
      dialect: "postgresql",
      driver: "pglite",
      schema: "./db/schema.ts",
      out: "./db/migrations",
      dbCredentials: { url: "./.data/index" },
    });
