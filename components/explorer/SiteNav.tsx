"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Overview", active: (p: string) => p === "/" },
  { href: "/blocks", label: "Blocks", active: (p: string) => p.startsWith("/blocks") || p.startsWith("/block/") },
  { href: "/explore", label: "Explore", active: (p: string) => p.startsWith("/explore") },
  { href: "/market", label: "Market", active: (p: string) => p.startsWith("/market") },
  { href: "/governance", label: "Governance", active: (p: string) => p.startsWith("/governance") },
  { href: "/repos", label: "Your repositories", active: (p: string) => p.startsWith("/repos") || p === "/new" },
] as const;

export function SiteNav() {
  const pathname = usePathname() ?? "/";
  return (
    <nav className="flex items-center gap-1 text-sm" aria-label="Explorer">
      {LINKS.map((l) => (
        <Link
          key={l.href}
          href={l.href}
          className={`rounded-md px-2.5 py-1.5 ${l.active(pathname) ? "bg-zinc-100 font-medium text-zinc-900" : "text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900"}`}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
