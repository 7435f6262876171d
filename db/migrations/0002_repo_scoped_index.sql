-- The index becomes repository-scoped: every row carries its repository (each repository is its
-- own chain), and the keys and indexes lead with it. The index is derived data (the chain store
-- is the authority and `npm run reindex` rebuilds it), so instead of altering keys in place this
-- drops the old tables and recreates them empty, index_state included: with no position stored,
-- each repository's indexer starts from genesis on its next start and rebuilds its rows.
-- (drizzle-kit generated the snapshot; this SQL replaces its ALTERs, which cannot add NOT NULL
-- columns to filled tables nor name the old primary keys.)
DROP TABLE IF EXISTS "blocks", "txs", "events", "accounts", "contracts", "index_state";--> statement-breakpoint
CREATE TABLE "accounts" (
	"repo" text NOT NULL,
	"address" text NOT NULL,
	"balance_aer" numeric(78, 0) NOT NULL,
	"nonce" bigint NOT NULL,
	"staked_aer" numeric(78, 0) NOT NULL,
	"votes" jsonb NOT NULL,
	"tx_count" bigint NOT NULL,
	"first_seen_height" bigint NOT NULL,
	"last_seen_height" bigint NOT NULL,
	CONSTRAINT "accounts_repo_address_pk" PRIMARY KEY("repo","address")
);
--> statement-breakpoint
CREATE TABLE "blocks" (
	"repo" text NOT NULL,
	"branch" text NOT NULL,
	"height" bigint NOT NULL,
	"hash" text NOT NULL,
	"chain_id_hash" text NOT NULL,
	"prev_hash" text NOT NULL,
	"timestamp" bigint NOT NULL,
	"producer" text NOT NULL,
	"tx_root" text NOT NULL,
	"receipts_root" text NOT NULL,
	"state_root" text NOT NULL,
	"consensus_kind" text NOT NULL,
	"slot" bigint NOT NULL,
	"epoch" bigint NOT NULL,
	"signature" text NOT NULL,
	"tx_count" integer NOT NULL,
	"gas_used" bigint NOT NULL,
	"fees_aer" numeric(78, 0) NOT NULL,
	CONSTRAINT "blocks_repo_branch_height_pk" PRIMARY KEY("repo","branch","height")
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"repo" text NOT NULL,
	"address" text NOT NULL,
	"name" text NOT NULL,
	"creator" text NOT NULL,
	"deploy_tx" text NOT NULL,
	"deploy_height" bigint NOT NULL,
	"abi" jsonb NOT NULL,
	CONSTRAINT "contracts_repo_address_pk" PRIMARY KEY("repo","address")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"repo" text NOT NULL,
	"tx_hash" text NOT NULL,
	"idx" integer NOT NULL,
	"block_height" bigint NOT NULL,
	"contract" text,
	"name" text NOT NULL,
	"args" jsonb NOT NULL,
	CONSTRAINT "events_tx_hash_idx_pk" PRIMARY KEY("tx_hash","idx")
);
--> statement-breakpoint
CREATE TABLE "index_state" (
	"repo" text NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "index_state_repo_key_pk" PRIMARY KEY("repo","key")
);
--> statement-breakpoint
CREATE TABLE "txs" (
	"hash" text PRIMARY KEY NOT NULL,
	"repo" text NOT NULL,
	"block_height" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"tx_index" integer NOT NULL,
	"type" text NOT NULL,
	"from" text NOT NULL,
	"to" text,
	"amount_aer" numeric(78, 0) NOT NULL,
	"gas_limit" bigint NOT NULL,
	"gas_price_aer" numeric(78, 0) NOT NULL,
	"nonce" bigint NOT NULL,
	"payload" text NOT NULL,
	"payload_size" integer NOT NULL,
	"size" integer NOT NULL,
	"signature" text NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"error_message" text,
	"gas_used" bigint NOT NULL,
	"fee_aer" numeric(78, 0) NOT NULL,
	"contract_address" text,
	"return_value" jsonb
);
--> statement-breakpoint
CREATE INDEX "blocks_hash_idx" ON "blocks" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "blocks_repo_height_idx" ON "blocks" USING btree ("repo","height" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "contracts_name_idx" ON "contracts" USING btree ("repo","name");--> statement-breakpoint
CREATE INDEX "contracts_height_idx" ON "contracts" USING btree ("repo","deploy_height" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_contract_idx" ON "events" USING btree ("repo","contract","block_height" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "txs_from_idx" ON "txs" USING btree ("repo","from","block_height" DESC NULLS LAST,"tx_index" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "txs_to_idx" ON "txs" USING btree ("repo","to","block_height" DESC NULLS LAST,"tx_index" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "txs_block_idx" ON "txs" USING btree ("repo","block_height","tx_index");--> statement-breakpoint
CREATE INDEX "txs_contract_idx" ON "txs" USING btree ("repo","contract_address") WHERE "txs"."contract_address" is not null;