import Link from "next/link";

export type TabLink = { readonly id: string; readonly label: string; readonly href: string; readonly count?: number };

/**
 * Tabs that are plain links: each tab is its own URL, rendered by the server, so they work
 * without JavaScript, can be bookmarked, and the back button moves between them.
 */
export function TabLinks({ tabs, active, label, testIdPrefix }: { tabs: readonly TabLink[]; active: string; label: string; testIdPrefix?: string }) {
  return (
    <nav aria-label={label} className="flex flex-wrap gap-x-1 border-b border-zinc-200">
      {tabs.map((t) => {
        const isActive = t.id === active;
        return (
          <Link
            key={t.id}
            href={t.href}
            aria-current={isActive ? "page" : undefined}
            data-testid={testIdPrefix ? `${testIdPrefix}-${t.id}` : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
              isActive ? "border-blue-600 font-medium text-zinc-900" : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900"
            }`}
          >
            {t.label}
            {t.count !== undefined ? <span className="ml-1.5 rounded-full bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 tabular-nums">{t.count}</span> : null}
          </Link>
        );
      })}
    </nav>
  );
}
