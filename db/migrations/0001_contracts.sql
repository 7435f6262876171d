CREATE TABLE "contracts" (
	"address" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"creator" text NOT NULL,
	"deploy_tx" text NOT NULL,
	"deploy_height" bigint NOT NULL,
	"abi" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "contracts_name_idx" ON "contracts" USING btree ("name");--> statement-breakpoint
CREATE INDEX "contracts_height_idx" ON "contracts" USING btree ("deploy_height" DESC NULLS LAST);