CREATE TABLE "names" (
	"repo" text NOT NULL,
	"branch" text NOT NULL,
	"name" text NOT NULL,
	"owner" text NOT NULL,
	"destination" text NOT NULL,
	"height" bigint NOT NULL,
	"tx_hash" text NOT NULL,
	CONSTRAINT "names_repo_branch_name_pk" PRIMARY KEY("repo","branch","name")
);
--> statement-breakpoint
CREATE INDEX "names_destination_idx" ON "names" USING btree ("repo","destination");