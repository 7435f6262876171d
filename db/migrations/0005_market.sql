CREATE TABLE "market_installs" (
	"package" text NOT NULL,
	"version" text NOT NULL,
	"buyer" text NOT NULL,
	"target_repo" text NOT NULL,
	"target_branch" text NOT NULL,
	"folder" text NOT NULL,
	"installed_at" bigint NOT NULL,
	CONSTRAINT "market_installs_package_version_target_repo_target_branch_pk" PRIMARY KEY("package","version","target_repo","target_branch")
);
--> statement-breakpoint
CREATE TABLE "market_listings" (
	"repo" text NOT NULL,
	"branch" text NOT NULL,
	"package" text NOT NULL,
	"version" text NOT NULL,
	"publisher" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"license" text NOT NULL,
	"tags" jsonb NOT NULL,
	"price_aer" numeric(78, 0) NOT NULL,
	"source_repo" text NOT NULL,
	"source_hash" text NOT NULL,
	"main_file" text NOT NULL,
	"height" bigint NOT NULL,
	"tx_hash" text NOT NULL,
	"unsafe_reason" text,
	"unsafe_height" bigint,
	CONSTRAINT "market_listings_repo_branch_package_version_pk" PRIMARY KEY("repo","branch","package","version")
);
--> statement-breakpoint
CREATE TABLE "market_purchases" (
	"repo" text NOT NULL,
	"branch" text NOT NULL,
	"package" text NOT NULL,
	"version" text NOT NULL,
	"buyer" text NOT NULL,
	"publisher" text NOT NULL,
	"price_aer" numeric(78, 0) NOT NULL,
	"fee_aer" numeric(78, 0) NOT NULL,
	"height" bigint NOT NULL,
	"timestamp" bigint NOT NULL,
	"tx_hash" text NOT NULL,
	CONSTRAINT "market_purchases_repo_branch_package_version_buyer_pk" PRIMARY KEY("repo","branch","package","version","buyer")
);
--> statement-breakpoint
CREATE TABLE "market_reviews" (
	"repo" text NOT NULL,
	"branch" text NOT NULL,
	"package" text NOT NULL,
	"version" text NOT NULL,
	"buyer" text NOT NULL,
	"rating" integer NOT NULL,
	"text" text NOT NULL,
	"height" bigint NOT NULL,
	"edited" integer NOT NULL,
	CONSTRAINT "market_reviews_repo_branch_package_version_buyer_pk" PRIMARY KEY("repo","branch","package","version","buyer")
);
--> statement-breakpoint
CREATE INDEX "market_installs_package_idx" ON "market_installs" USING btree ("package");--> statement-breakpoint
CREATE INDEX "market_listings_publisher_idx" ON "market_listings" USING btree ("repo","publisher");--> statement-breakpoint
CREATE INDEX "market_listings_height_idx" ON "market_listings" USING btree ("repo","branch","height" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "market_purchases_publisher_idx" ON "market_purchases" USING btree ("repo","publisher","height" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "market_purchases_buyer_idx" ON "market_purchases" USING btree ("repo","buyer");