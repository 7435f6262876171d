import Form from "next/form";

/**
 * One box for a block height, a block or tx hash, or an address. A GET form to /search, which
 * redirects to the right page (or says nothing matched); next/form keeps it a client-side
 * navigation, and it still works without JavaScript.
 */
export function SearchBox({ defaultValue, autoFocus, size = "sm", placeholder = "Search by height / block hash / tx hash / address" }: { defaultValue?: string; autoFocus?: boolean; size?: "sm" | "lg"; placeholder?: string }) {
  const big = size === "lg";
  return (
    <Form action="/search" className="flex w-full" role="search">
      <input
        name="q"
        type="search"
        defaultValue={defaultValue}
        autoFocus={autoFocus}
        required
        maxLength={100}
        spellCheck={false}
        autoComplete="off"
        aria-label="Search by block height, block hash, transaction hash or address"
        placeholder={placeholder}
        className={`min-w-0 flex-1 rounded-l-md border border-r-0 border-zinc-300 bg-white px-3 text-zinc-900 placeholder:text-zinc-400 focus:border-blue-500 focus:ring-2 focus:ring-blue-500/20 focus:outline-none ${big ? "h-11 text-base" : "h-9 text-sm"}`}
        data-testid="search-input"
      />
      <button
        type="submit"
        className={`rounded-r-md bg-zinc-900 font-medium text-white hover:bg-zinc-700 ${big ? "h-11 px-5 text-sm" : "h-9 px-3 text-sm"}`}
        data-testid="search-submit"
      >
        Search
      </button>
    </Form>
  );
}
