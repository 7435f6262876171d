import Markdown from "react-markdown";

/**
 * A listing's README as Markdown. react-markdown builds React elements from the Markdown tree and
 * shows raw HTML as text (no rehype-raw here), and its URL filter drops `javascript:` links, so a
 * publisher's README cannot run script on the page.
 */
export function ReadmeView({ markdown }: { markdown: string }) {
  if (!markdown.trim()) return <p className="px-4 py-6 text-sm text-zinc-500">The publisher wrote no README.</p>;
  return (
    <div
      className="max-w-none space-y-3 px-4 py-3 text-sm leading-6 text-zinc-800 [&_a]:text-blue-700 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-zinc-200 [&_blockquote]:pl-3 [&_blockquote]:text-zinc-600 [&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[13px] [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:text-base [&_h2]:font-semibold [&_h3]:font-semibold [&_li]:ml-5 [&_ol]:list-decimal [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-zinc-50 [&_pre]:p-3 [&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_table]:border-collapse [&_td]:border [&_td]:border-zinc-200 [&_td]:px-2 [&_th]:border [&_th]:border-zinc-200 [&_th]:px-2 [&_ul]:list-disc"
      data-testid="listing-readme"
    >
      <Markdown>{markdown}</Markdown>
    </div>
  );
}
