"""Smoke test of the Python client generated from openapi/openapi.json
(openapi-python-client), against a live server.

Usage: smoke.py BASE_URL EMAIL PASSWORD, with the generated package `gi_client` on
sys.path. Prints one JSON object of what it saw; exits non-zero on the first surprise.
"""

import json
import sys

from gi_client import AuthenticatedClient, Client
from gi_client.api.articles import get_article, list_articles, search_articles
from gi_client.api.auth import login
from gi_client.api.newsroom import create_article, publish_article
from gi_client.models import (
    Article,
    ArticleInput,
    ArticlePage,
    ErrorCode,
    LoginRequest,
    ParagraphBlock,
    ParagraphBlockType,
    Problem,
    QuoteBlock,
    SearchPage,
    TokenResponse,
)

base_url, email, password = sys.argv[1:4]
SEED = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam"
seen = {}

anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)

# List and filter.
page = list_articles.sync(client=anonymous, section="internasional", per_page=5)
assert isinstance(page, ArticlePage), page
assert page.data and all(a.section.slug == "internasional" for a in page.data), page
seen["listed"] = [a.slug for a in page.data]

# Get one.
first = get_article.sync(client=anonymous, slug=page.data[0].slug)
assert isinstance(first, Article), first
assert first.body, first
seen["got"] = first.headline

# The seed's quotes decode as quote blocks (the contract's discriminator on `type`).
seed = get_article.sync(client=anonymous, slug=SEED)
assert isinstance(seed, Article), seed
quotes = [block for block in seed.body if isinstance(block, QuoteBlock)]
assert quotes and all(isinstance(q.speaker, str) and q.text for q in quotes), seed.body
assert not any(isinstance(block, QuoteBlock) for block in seed.body if block.type_ != "quote")
seen["quotes"] = len(quotes)

# Search.
hits = search_articles.sync(client=anonymous, q="rusia")
assert isinstance(hits, SearchPage), hits
assert hits.pagination.total >= 1 and "<mark>" in hits.data[0].highlights.headline + hits.data[0].highlights.snippet
seen["searched"] = hits.pagination.total

# A 404 and a 400 come back as typed problems.
missing = get_article.sync(client=anonymous, slug="tidak-ada-artikel-ini")
assert isinstance(missing, Problem) and missing.status == 404 and missing.code == ErrorCode.NOT_FOUND, missing
bad = list_articles.sync_detailed(client=anonymous, per_page=500)
assert bad.status_code == 400 and isinstance(bad.parsed, Problem), bad
assert bad.parsed.code == ErrorCode.INVALID_PARAMETER and bad.parsed.field == "per_page", bad.parsed
seen["problems"] = [missing.code.value, bad.parsed.code.value]

# Log in, write a draft, publish it; readers see it.
tokens = login.sync(client=anonymous, body=LoginRequest(email=email, password=password))
assert isinstance(tokens, TokenResponse), tokens
staff = AuthenticatedClient(base_url=base_url, token=tokens.access_token, raise_on_unexpected_status=True)
draft = create_article.sync(
    client=staff,
    body=ArticleInput(
        headline="Klien Python Menulis Berita",
        section="internasional",
        language="id",
        byline="Tim Global Insight",
        body=[ParagraphBlock(type_=ParagraphBlockType.PARAGRAPH, text="Ditulis oleh klien yang dibuat dari kontrak.")],
    ),
)
assert isinstance(draft, Article) and draft.version == 1, draft
published = publish_article.sync(client=staff, id=draft.id, if_match=f'"v{draft.version}"')
assert isinstance(published, Article) and published.status.value == "published", published
public = get_article.sync(client=anonymous, slug=published.slug)
assert isinstance(public, Article) and public.headline == "Klien Python Menulis Berita", public
seen["published"] = published.slug

print(json.dumps(seen))
