//! Stored XSS: a corpus of payloads in every text field comes back as the same text
//! in JSON, and `body_html` carries none of it as markup.

use serde_json::json;
use shared::Article;
use shared::staff::Role;
use tests::{Db, both_databases, header, spawn_app};

const CORPUS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "\"><script>alert(document.cookie)</script>",
    "'><img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">klik</a>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<style>@import 'http://evil.example/x.css';</style>",
    "<body onload=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">",
    "'';!--\"<XSS>=&{()}",
];

/// The only markup `body_html` may hold: our own tags and attributes, and the inline
/// elements the sanitiser allows, with links only to http(s), mailto or relative URLs.
fn assert_only_our_markup(html: &str) {
    const TAGS: &[&str] = &[
        "a",
        "em",
        "strong",
        "i",
        "b",
        "code",
        "s",
        "sub",
        "sup",
        "p",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "blockquote",
        "figcaption",
        "ul",
        "ol",
        "li",
    ];
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let close = after.find('>').expect("every tag closes");
        let tag = &after[..close];
        let name_end = tag.find(' ').unwrap_or(tag.len());
        let name = tag[..name_end].trim_start_matches('/');
        assert!(TAGS.contains(&name), "unexpected tag <{tag}> in {html}");
        let mut attributes = &tag[name_end..];
        while !attributes.trim().is_empty() {
            let trimmed = attributes.trim_start();
            let (key, value_and_rest) = trimmed.split_once("=\"").expect("quoted attribute");
            let (value, tail) = value_and_rest.split_once('"').expect("closing quote");
            assert!(
                matches!(
                    (name, key),
                    (_, "class" | "data-speaker") | ("a", "href" | "title" | "rel")
                ),
                "unexpected attribute {key} in <{tag}>"
            );
            if key == "href" {
                let scheme = value.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
                assert!(
                    scheme.is_none_or(|s| ["http", "https", "mailto"].contains(&s.as_str())
                        || s.contains(['/', '?', '#'])),
                    "a link to {value}"
                );
            }
            if key == "rel" {
                assert_eq!(value, "noopener noreferrer nofollow");
            }
            assert!(
                !value.contains(['<', '>']),
                "markup in an attribute: {value}"
            );
            attributes = tail;
        }
        rest = &after[close + 1..];
    }
}

async fn payloads_in_every_text_field_stay_text(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let admin = app.staff_token(Role::Admin, "Ani Admin").await;
    let me: shared::staff::StaffUser = app
        .get_authed("/api/v1/auth/me", &editor)
        .await
        .json()
        .await
        .expect("me");
    for (n, payload) in CORPUS.iter().enumerate() {
        let body = json!({
            "headline": format!("Judul {n} {payload}"),
            "standfirst": payload,
            "dateline": {"text": payload, "place": {"city": payload, "country": payload}},
            // The editor's own profile, so that its bio is public with the article.
            "byline": format!("Sari Editor, Penulis {n} {payload}"),
            "section": "internasional",
            // Tags are at most 60 characters.
            "tags": [format!("{n} {}", payload.chars().take(50).collect::<String>())],
            "language": "id",
            "body": [
                {"type": "paragraph", "text": payload},
                {"type": "heading", "level": 2, "text": payload},
                {"type": "quote", "text": payload, "speaker": payload, "attribution": payload},
                {"type": "list", "ordered": false, "items": [payload]},
                // Inline markup: what survives the sanitiser is allowed markup only.
                {"type": "paragraph", "html": format!("Teks <em>{n}</em> {payload}")}
            ]
        });
        let created = app
            .post_json("/api/v1/newsroom/articles", &body, Some(&editor))
            .await;
        assert_eq!(created.status(), 201, "{payload}");
        let article: Article = created.json().await.expect("article");
        let base = format!("/api/v1/newsroom/articles/{}", article.id);
        for (action, version, extra) in [
            ("publish", 1, None),
            ("corrections", 2, Some(json!({"text": payload}))),
        ] {
            let mut request = app
                .client
                .post(app.url(&format!("{base}/{action}")))
                .bearer_auth(&editor)
                .header("If-Match", format!("\"v{version}\""));
            if let Some(extra) = extra {
                request = request.json(&extra);
            }
            let response = request.send().await.expect("response");
            assert!(response.status().is_success(), "{action}: {payload}");
        }

        let bio = app
            .client
            .patch(app.url(&format!("/api/v1/users/{}", me.id)))
            .bearer_auth(&admin)
            .json(&json!({"bio": payload}))
            .send()
            .await
            .expect("response");
        assert_eq!(bio.status(), 200, "bio: {payload}");
        let author: shared::Author = app.get_json("/api/v1/authors/sari-editor").await;
        assert_eq!(
            author.bio.as_deref(),
            Some(*payload),
            "the bio comes back as text"
        );

        let response = app.get(&format!("/api/v1/articles/{}", article.slug)).await;
        assert_eq!(response.status(), 200, "{payload}");
        assert_eq!(
            header(response.headers(), "content-type"),
            "application/json"
        );
        assert_eq!(
            header(response.headers(), "x-content-type-options"),
            "nosniff"
        );
        let public: Article = response.json().await.expect("article");
        // Nothing lost: every field gives back exactly what was stored.
        assert_eq!(public.standfirst.as_deref(), Some(*payload));
        assert!(public.headline.ends_with(payload));
        assert_eq!(
            public.dateline.as_ref().map(|d| d.text.as_str()),
            Some(*payload)
        );
        assert!(
            public
                .byline
                .as_ref()
                .is_some_and(|b| b.text.ends_with(payload))
        );
        assert_eq!(public.corrections[0].text, *payload);
        assert_eq!(public.body.len(), 5);
        // And the HTML we render carries it only as text.
        assert_only_our_markup(&public.body_html);
        assert!(!public.body_html.contains(payload) || !payload.contains(['<', '>', '"']));
    }
}

/// Markdown may carry raw HTML; it meets the same sanitiser as `html`.
async fn payloads_in_markdown_leave_no_markup_of_their_own(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    for (n, payload) in CORPUS.iter().enumerate() {
        let markdown = format!(
            "Teks {n} {payload} [klik](javascript:alert(1)) *miring*\n\n{payload}\n\n> {payload}\n>\n> — {payload}\n\n- {payload}\n"
        );
        let body = json!({
            "headline": format!("Markdown {n}"), "section": "internasional", "language": "id",
            "body_markdown": markdown,
        });
        let created = app
            .post_json("/api/v1/newsroom/articles", &body, Some(&editor))
            .await;
        assert_eq!(created.status(), 201, "{payload}");
        let article: Article = created.json().await.expect("article");
        app.publish(&editor, &article).await;
        let public: Article = app
            .get_json(&format!("/api/v1/articles/{}", article.slug))
            .await;
        assert_only_our_markup(&public.body_html);
        for block in &public.body {
            if let shared::Block::Paragraph(shared::ParagraphBlock {
                html: Some(html), ..
            }) = block
            {
                assert_only_our_markup(html);
            }
        }
    }
}

/// What a feed reader shows of each entry, as text: feedparser's value, unescaped
/// where feedparser says the value is HTML (then its sanitiser has run over it).
const FEED_TEXT: &str = r#"
import html, json, sys, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
def text(value, detail):
    if detail is not None and detail.get("type") == "text/html":
        return html.unescape(value)
    return value
print(json.dumps({
    "bozo": bool(d.bozo),
    "entries": [{
        "title": text(e.get("title"), e.get("title_detail")),
        "summary": text(e.get("summary"), e.get("summary_detail")),
        "authors": [a.get("name") for a in e.get("authors", [])],
        "tags": [t.get("label") or t.get("term") for t in e.get("tags", [])],
    } for e in d.entries],
}))
"#;

/// The corpus in every field a feed carries reaches feed readers as the same text:
/// RSS and Atom through feedparser, JSON Feed as JSON.
async fn payloads_reach_feed_readers_as_text(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let mut published = Vec::new();
    for (n, payload) in CORPUS.iter().enumerate() {
        let tag = format!("{n} {}", payload.chars().take(50).collect::<String>());
        let body = json!({
            "headline": format!("Judul {n} {payload}"),
            "standfirst": payload,
            "byline": format!("Sari Editor, Penulis {n} {payload}"),
            "section": "internasional",
            "tags": [tag],
            "language": "id",
            "body": [{"type": "paragraph", "text": payload}],
        });
        let article = app.create_article(&editor, &body).await;
        published.push(app.publish(&editor, &article).await);
    }
    for feed in ["/api/v1/feeds/rss", "/api/v1/feeds/atom"] {
        let response = app.get(feed).await;
        assert_eq!(response.status(), 200);
        let parsed = tests::python(FEED_TEXT, &response.bytes().await.expect("body"));
        assert_eq!(parsed["bozo"], false, "{feed}");
        for article in &published {
            let entry = parsed["entries"]
                .as_array()
                .expect("entries")
                .iter()
                .find(|e| e["title"] == article.headline.as_str())
                .unwrap_or_else(|| {
                    panic!("{feed}: no entry titled {:?}: {parsed}", article.headline)
                });
            assert_eq!(
                entry["summary"],
                article.standfirst.as_deref().expect("standfirst"),
                "{feed}"
            );
            for tag in &article.tags {
                assert!(
                    entry["tags"]
                        .as_array()
                        .expect("tags")
                        .contains(&json!(tag.name)),
                    "{feed}: {:?} not in {}",
                    tag.name,
                    entry["tags"]
                );
            }
            for author in article.byline.iter().flat_map(|b| &b.authors) {
                assert!(
                    entry["authors"]
                        .as_array()
                        .expect("authors")
                        .contains(&json!(author.name)),
                    "{feed}: {:?} not in {}",
                    author.name,
                    entry["authors"]
                );
            }
        }
    }
    let json_feed: serde_json::Value = app
        .get("/api/v1/feeds/json")
        .await
        .json()
        .await
        .expect("JSON Feed");
    for article in &published {
        let item = json_feed["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["title"] == article.headline.as_str())
            .expect("an item per article");
        assert_eq!(
            item["summary"],
            article.standfirst.as_deref().expect("standfirst")
        );
    }
}

both_databases!(
    payloads_in_every_text_field_stay_text,
    payloads_in_markdown_leave_no_markup_of_their_own,
    payloads_reach_feed_readers_as_text,
);
