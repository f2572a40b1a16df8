// Smoke test of the TypeScript client generated from openapi/openapi.json
// (openapi-typescript types + openapi-fetch), against a live server. Type-checked with
// `tsc --strict` before it runs, so a spec change that breaks the types fails here.
//
// Usage: node smoke.js BASE_URL EMAIL PASSWORD. Prints one JSON object of what it saw.

import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Problem = components["schemas"]["Problem"];
type Article = components["schemas"]["Article"];
type Block = components["schemas"]["Block"];
type QuoteBlock = components["schemas"]["QuoteBlock"];

const SEED = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam";

// The union is discriminated by `type`: checking it narrows a block to its kind, so
// `speaker` is typed only on quotes (tsc --strict refuses it on a plain `Block`).
function isQuote(block: Block): block is QuoteBlock {
  return block.type === "quote";
}

// `getArticle` negotiates (native JSON, ninjs, JSON-LD), so its type is their union;
// this client asks for the default, native JSON.
function isArticle(value: unknown): value is Article {
  return typeof value === "object" && value !== null && "headline" in value && "body" in value;
}

function check(condition: boolean, what: string, value?: unknown): asserts condition {
  if (!condition) {
    throw new Error(`${what}: ${JSON.stringify(value)}`);
  }
}

async function main(): Promise<void> {
  const [baseUrl, email, password] = process.argv.slice(2);
  const api = createClient<paths>({ baseUrl });
  const seen: Record<string, unknown> = {};

  // List and filter.
  const list = await api.GET("/api/v1/articles", {
    params: { query: { section: "internasional", per_page: 5 } },
  });
  check(list.response.status === 200 && list.data !== undefined, "list", list.error);
  check(list.data.data.every((a) => a.section.slug === "internasional"), "filter", list.data);
  seen.listed = list.data.data.map((a) => a.slug);

  // Get one.
  const slug = list.data.data[0].slug;
  const one = await api.GET("/api/v1/articles/{slug}", { params: { path: { slug } } });
  check(isArticle(one.data) && one.data.body.length > 0, "get", one.error);
  seen.got = one.data.headline;

  // The seed's quotes are quote blocks.
  const seed = await api.GET("/api/v1/articles/{slug}", { params: { path: { slug: SEED } } });
  check(isArticle(seed.data), "seed", seed.error);
  const quotes: QuoteBlock[] = seed.data.body.filter(isQuote);
  check(quotes.length > 0 && quotes.every((q) => typeof q.speaker === "string" && q.text.length > 0), "quotes", seed.data.body);
  seen.quotes = quotes.length;

  // Search.
  const found = await api.GET("/api/v1/search", { params: { query: { q: "rusia" } } });
  check(found.data !== undefined && found.data.pagination.total >= 1, "search", found.error);
  seen.searched = found.data.pagination.total;

  // A 404 and a 400 are typed problems.
  const missing = await api.GET("/api/v1/articles/{slug}", {
    params: { path: { slug: "tidak-ada-artikel-ini" } },
  });
  const notFound: Problem | undefined = missing.error;
  check(missing.response.status === 404 && notFound?.code === "not_found", "404", notFound);
  const bad = await api.GET("/api/v1/articles", { params: { query: { per_page: 500 } } });
  const invalid: Problem | undefined = bad.error;
  check(
    bad.response.status === 400 && invalid?.code === "invalid_parameter" && invalid.field === "per_page",
    "400",
    invalid,
  );
  seen.problems = [notFound.code, invalid.code];

  // Log in, write a draft, publish it; readers see it.
  const login = await api.POST("/api/v1/auth/login", { body: { email, password } });
  check(login.data !== undefined, "login", login.error);
  const headers = { Authorization: `Bearer ${login.data.access_token}` };
  const draft = await api.POST("/api/v1/newsroom/articles", {
    headers,
    body: {
      headline: "Klien TypeScript Menulis Berita",
      section: "internasional",
      language: "id",
      byline: "Tim Global Insight",
      body: [{ type: "paragraph", text: "Ditulis oleh klien yang dibuat dari kontrak." }],
    },
  });
  check(draft.response.status === 201 && draft.data !== undefined, "create", draft.error);
  const published = await api.POST("/api/v1/newsroom/articles/{id}/publish", {
    params: { path: { id: draft.data.id }, header: { "If-Match": `"v${draft.data.version}"` } },
    headers,
  });
  check(published.data?.status === "published", "publish", published.error);
  const pub = await api.GET("/api/v1/articles/{slug}", {
    params: { path: { slug: published.data.slug } },
  });
  check(isArticle(pub.data) && pub.data.headline === "Klien TypeScript Menulis Berita", "public", pub.error);
  seen.published = published.data.slug;

  console.log(JSON.stringify(seen));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
