import Link from "next/link";
import type { ReactNode } from "react";

/** A link when the thing has a page (see chainHref), its plain text otherwise. */
export function MaybeLink({ href, className, children }: { href: string | undefined; className?: string; children: ReactNode }) {
  return href ? (
    <Link href={href} className={`${className ?? ""} text-blue-700 hover:underline`}>
      {children}
    </Link>
  ) : (
    <span className={className}>{children}</span>
  );
}
