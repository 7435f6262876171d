CREATE TABLE "accounts" (
	"address" text PRIMARY KEY NOT NULL,
	"balance_aer" numeric(78, 0) NOT NULL,
	"nonce" bigint NOT NULL,
	"staked_aer" numeric(78, 0) NOT NULL,
	"votes" jsonb NOT NULL,
	"tx_count" bigint NOT NULL,
	"first_seen_height" bigint NOT NULL,
	"last_seen_height" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "blocks" (
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
	CONSTRAINT "blocks_branch_height_pk" PRIMARY KEY("branch","height")
);
--> statement-breakpoint
CREATE TABLE "events" (
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
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "txs" (
	"hash" text PRIMARY KEY NOT NULL,
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
CREATE UNIQUE INDEX "blocks_hash_idx" ON "blocks" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "blocks_height_idx" ON "blocks" USING btree ("height" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_contract_idx" ON "events" USING btree ("contract","block_height" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "txs_from_idx" ON "txs" USING btree ("from","block_height" DESC NULLS LAST,"tx_index" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "txs_to_idx" ON "txs" USING btree ("to","block_height" DESC NULLS LAST,"tx_index" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "txs_block_idx" ON "txs" USING btree ("block_height","tx_index");--> statement-breakpoint
CREATE INDEX "txs_contract_idx" ON "txs" USING btree ("contract_address") WHERE "txs"."contract_address" is not null;