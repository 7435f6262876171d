import { expect, test } from "@playwright/test";

/** The static assets the design card names (public/) and the headers every page carries. */
test.describe("site assets and page headers", () => {
  test("serves robots.txt, the icons, the web manifest and the social image from our own build", async ({ request }) => {
    const robots = await request.get("/robots.txt");
    expect(robots.status()).toBe(200);
    expect(await robots.text()).toMatch(/Disallow: \/api\//);
    for (const [path, type] of [
      ["/social.png", "image/png"],
      ["/icon-192.png", "image/png"],
      ["/icon-512.png", "image/png"],
      ["/apple-touch-icon.png", "image/png"],
      ["/icon.svg", "image/svg+xml"],
    ] as const) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(200);
      expect(res.headers()["content-type"], path).toContain(type);
    }
    const manifest = await request.get("/site.webmanifest");
    expect(manifest.status()).toBe(200);
    expect(JSON.parse(await manifest.text())).toMatchObject({ name: "AERGO Hub", icons: expect.arrayContaining([expect.objectContaining({ src: "/icon-512.png" })]) });
  });

  test("pages name the social card and may not be framed by another site", async ({ request }) => {
    const home = await request.get("/");
    expect(home.status()).toBe(200);
    expect(home.headers()["x-frame-options"]).toBe("DENY");
    expect(home.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(home.headers()["x-content-type-options"]).toBe("nosniff");
    const html = await home.text();
    expect(html).toMatch(/<meta property="og:image" content="[^"]*\/social\.png"/);
    expect(html).toContain('rel="manifest" href="/site.webmanifest"');
  });
});
