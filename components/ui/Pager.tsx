import Link from "next/link";

/**
 * The links of a newest-first list read a page at a time: back to the newest page when this is an
 * older one, on to the next older page when there may be one.
 */
export function Pager({ latestHref, olderHref }: { latestHref: string | null; olderHref: string | null }) {
  return (
    <span className="flex gap-3">
      {latestHref ? (
        <Link href={latestHref} className="text-blue-700 hover:underline">
          Latest
        </Link>
      ) : null}
      {olderHref ? (
        <Link href={olderHref} className="text-blue-700 hover:underline">
          Older →
        </Link>
      ) : null}
    </span>
  );
}
