-- The index follows every branch, not only main: txs, events, accounts, contracts and the
-- indexer's position gain the branch (blocks had it), keyed by the branch's store id. Rows already
-- indexed are main's (the only branch indexed before), so the new column is filled with 'main'
-- and the existing index keeps serving: no rebuild. Tx hashes repeat across branches (a merge
-- replays a source's txs on the target), so txs are keyed by (repo, branch, hash) and events by
-- (repo, branch, tx_hash, idx); every index a query walks leads with (repo, branch).
-- (drizzle-kit generated the snapshot; this SQL orders its statements so the columns exist, with
-- their values, before the keys that use them, and names txs' old key, which it could not.)
ALTER TABLE "accounts" ADD COLUMN "branch" text DEFAULT 'main' NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "branch" text DEFAULT 'main' NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "branch" text DEFAULT 'main' NOT NULL;--> statement-breakpoint
ALTER TABLE "index_state" ADD COLUMN "branch" text DEFAULT 'main' NOT NULL;--> statement-breakpoint
ALTER TABLE "txs" ADD COLUMN "branch" text DEFAULT 'main' NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ALTER COLUMN "branch" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "contracts" ALTER COLUMN "branch" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "branch" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "index_state" ALTER COLUMN "branch" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "txs" ALTER COLUMN "branch" DROP DEFAULT;--> statement-breakpoint
DROP INDEX "blocks_repo_height_idx";--> statement-breakpoint
DROP INDEX "contracts_height_idx";--> statement-breakpoint
DROP INDEX "events_contract_idx";--> statement-breakpoint
DROP INDEX "txs_from_idx";--> statement-breakpoint
DROP INDEX "txs_to_idx";--> statement-breakpoint
DROP INDEX "txs_block_idx";--> statement-breakpoint
DROP INDEX "txs_contract_idx";--> statement-breakpoint
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_repo_address_pk";--> statement-breakpoint
ALTER TABLE "contracts" DROP CONSTRAINT "contracts_repo_address_pk";--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_tx_hash_idx_pk";--> statement-breakpoint
ALTER TABLE "index_state" DROP CONSTRAINT "index_state_repo_key_pk";--> statement-breakpoint
ALTER TABLE "txs" DROP CONSTRAINT "txs_pkey";--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_repo_branch_address_pk" PRIMARY KEY("repo","branch","address");--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_repo_branch_address_pk" PRIMARY KEY("repo","branch","address");--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_repo_branch_tx_hash_idx_pk" PRIMARY KEY("repo","branch","tx_hash","idx");--> statement-breakpoint
ALTER TABLE "index_state" ADD CONSTRAINT "index_state_repo_branch_key_pk" PRIMARY KEY("repo","branch","key");--> statement-breakpoint
ALTER TABLE "txs" ADD CONSTRAINT "txs_repo_branch_hash_pk" PRIMARY KEY("repo","branch","hash");--> statement-breakpoint
CREATE INDEX "txs_hash_idx" ON "txs" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "blocks_repo_height_idx" ON "blocks" USING btree ("repo","branch","height" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "contracts_height_idx" ON "contracts" USING btree ("repo","branch","deploy_height" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_contract_idx" ON "events" USING btree ("repo","branch","contract","block_height" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "txs_from_idx" ON "txs" USING btree ("repo","branch","from","block_height" DESC NULLS LAST,"tx_index" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "txs_to_idx" ON "txs" USING btree ("repo","branch","to","block_height" DESC NULLS LAST,"tx_index" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "txs_block_idx" ON "txs" USING btree ("repo","branch","block_height","tx_index");--> statement-breakpoint
CREATE INDEX "txs_contract_idx" ON "txs" USING btree ("repo","branch","contract_address","block_height" DESC NULLS LAST,"tx_index" DESC NULLS LAST) WHERE "txs"."contract_address" is not null;
