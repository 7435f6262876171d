import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/explorer/SiteFooter";
import { SiteHeader } from "@/components/explorer/SiteHeader";
import { AppProviders } from "@/components/providers/AppProviders";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "AERGO Hub Explorer", template: "%s · AERGO Hub" },
  description: "Explorer of the AERGO Chain: blocks, transactions, accounts and producers, live.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col bg-zinc-50 text-zinc-900 antialiased">
        <AppProviders>
          <SiteHeader />
          <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">{children}</main>
          <SiteFooter />
        </AppProviders>
      </body>
    </html>
  );
}
