import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/explorer/SiteFooter";
import { SiteHeader } from "@/components/explorer/SiteHeader";
import { AppProviders } from "@/components/providers/AppProviders";
import "./globals.css";

const DESCRIPTION = "Explorer of the AERGO Chain: blocks, transactions, accounts and producers, live.";

export const metadata: Metadata = {
  // Social cards need absolute URLs: the configured public URL, else the local default.
  metadataBase: new URL(process.env.AUTH_URL ?? "http://localhost:3000"),
  title: { default: "AERGO Hub Explorer", template: "%s · AERGO Hub" },
  description: DESCRIPTION,
  manifest: "/site.webmanifest",
  icons: { apple: "/apple-touch-icon.png" },
  openGraph: { siteName: "AERGO Hub", title: "AERGO Hub", description: DESCRIPTION, images: [{ url: "/social.png", width: 1200, height: 630, alt: "AERGO Hub" }] },
  twitter: { card: "summary_large_image", title: "AERGO Hub", description: DESCRIPTION, images: ["/social.png"] },
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
