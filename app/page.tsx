export default function HomePage() {
  return (
    <main className="mx-auto max-w-5xl p-8">
      <h1 className="text-2xl font-semibold">AERGO Hub</h1>
      <p className="mt-2 text-zinc-500">The explorer is being built.</p>
    </main>
  );
}
