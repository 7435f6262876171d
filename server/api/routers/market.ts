/**
 * The marketplace (docs/market.md). Listings, purchases and reviews are root-chain state, written
 * by `market` transactions the browser wallet or the CLI signs and sends with transactions.send;
 * these procedures read them (the chain for what must be exact, the index for browsing and
 * counts) and install a bought version into a repository.
 */
import { z } from "zod";
import { ROOT_REPO } from "../../../chain/repo/names.ts";
import { listInstallsInto, listMarket, listMarketReviews, listMarketTags, listPurchasesOf, publisherDashboard } from "../../../db/queries/market.ts";
import { installFolder, installListing } from "../../market/install.ts";
import { ZBrowseInput, ZInstallInput, ZListingRef, ZListingQuery, ZPackageName, ZReviewsInput } from "../../market/inputs.ts";
import { listingDetail } from "../../market/listingDetail.ts";
import { createTRPCRouter, publicProcedure, repoReadProcedure, repoWriteProcedure, userProcedure } from "../trpc.ts";

export const marketRouter = createTRPCRouter({
  /** The shelf: one card per package (its newest version), searched, filtered and sorted. */
  list: publicProcedure.input(ZBrowseInput).query(({ ctx, input }) => listMarket(ctx.hub.index.db, { ...input, repo: ROOT_REPO })),
  /** Tags in use, most used first. */
  tags: publicProcedure.query(({ ctx }) => listMarketTags(ctx.hub.index.db, ROOT_REPO)),
  /** A version (default: the newest not marked unsafe) with its sources, ABI and the package's versions. @throws NOT_FOUND */
  listing: publicProcedure.input(ZListingQuery).query(({ ctx, input }) => listingDetail(ctx.hub, input)),
  /** A package's reviews (of one version when given), newest first. */
  reviews: publicProcedure.input(ZReviewsInput).query(({ ctx, input }) => listMarketReviews(ctx.hub.index.db, ROOT_REPO, input.package, input.version, input.limit)),
  /** The hub fee, the market and treasury accounts, and the treasury's balance. */
  params: publicProcedure.query(({ ctx }) => {
    const params = ctx.hub.node.marketAt().params();
    return { ...params, treasuryBalance: ctx.hub.node.getAccount(params.treasury).balance };
  }),
  /** The viewer's own standing on a version, from the chain's latest state: bought, reviewed, published. */
  mine: userProcedure.input(ZListingRef).query(({ ctx, input }) => {
    const market = ctx.hub.node.marketAt();
    const listing = market.listing(input.package, input.version);
    return {
      address: ctx.user.address,
      publisher: listing?.publisher === ctx.user.address,
      purchase: market.purchase(input.package, input.version, ctx.user.address),
      review: market.review(input.package, input.version, ctx.user.address),
    };
  }),
  /** What the viewer bought, newest first. */
  purchases: userProcedure.query(({ ctx }) => listPurchasesOf(ctx.hub.index.db, ROOT_REPO, ctx.user.address)),
  /** The viewer as a publisher: listings, sales (each a payout in its own transaction), revenue by day, and their balance. */
  dashboard: userProcedure.query(async ({ ctx }) => ({
    ...(await publisherDashboard(ctx.hub.index.db, ROOT_REPO, ctx.user.address)),
    address: ctx.user.address,
    balance: ctx.hub.node.getAccount(ctx.user.address).balance,
  })),
  /** Where a package would install in the repository (the viewer's own folder on a shared one). */
  installTarget: repoReadProcedure.input(z.object({ package: ZPackageName })).query(({ ctx, input }) => ({ folder: installFolder(ctx.viewer, ctx.repo, input.package) })),
  /**
   * Copies a bought version's sources (from the chain, pinned by hash) into the repository's
   * branch. @throws NOT_PURCHASED, UNSAFE_VERSION, CONFLICT (differing files without replace)
   */
  install: repoWriteProcedure.input(ZInstallInput).mutation(({ ctx, input }) => installListing(ctx.hub, ctx.viewer, { package: input.package, version: input.version, repo: ctx.repo, branch: ctx.branch, replace: input.replace })),
  /** Versions installed into this repository, newest first. */
  installs: repoReadProcedure.query(({ ctx }) => listInstallsInto(ctx.hub.index.db, [ctx.repo.fullName]).then((rows) => rows.map(({ buyer: _buyer, ...r }) => r))),
});
