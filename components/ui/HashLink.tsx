import Link from "next/link";
import { CopyButton } from "./CopyButton";
import { shortHash } from "./format";

/**
 * A hash or an address: shortened in lists (full value in the tooltip), full on detail pages,
 * a link when it has a page, always with a copy button.
 */
export function HashLink({
  value,
  href,
  full = false,
  label,
  copy = true,
  testId,
}: {
  value: string;
  href?: string;
  full?: boolean;
  /** A human name shown instead of the hash (a producer's label); the hash stays in the tooltip. */
  label?: string | null;
  copy?: boolean;
  testId?: string;
}) {
  const text = label ?? (full ? value : shortHash(value));
  const cls = `mono ${full && !label ? "break-all" : "whitespace-nowrap"}`;
  return (
    <span className="inline-flex max-w-full items-center" data-testid={testId}>
      {href ? (
        <Link href={href} title={value} className={`${cls} text-blue-700 hover:text-blue-900 hover:underline`}>
          {text}
        </Link>
      ) : (
        <span title={value} className={cls}>
          {text}
        </span>
      )}
      {copy ? <CopyButton value={value} /> : null}
    </span>
  );
}
