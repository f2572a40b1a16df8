//! Syndication: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of published articles, the
//! sitemaps search engines read (a Google News sitemap of the last 48 hours and a
//! sitemap of every article, under one index), and robots.txt.
//!
//! Every text goes through `escape_html`, which escapes `& < > " '` and so is also
//! correct XML for element content and attributes, and leaves out characters XML
//! cannot carry (whatever is stored, a feed stays well-formed).

use chrono::{DateTime, FixedOffset};
use serde_json::{Value, json};
use shared::Article;
use shared::media::{ImageType, PlacedImage, Rendition};
use shared::query::{FeedFormat, FeedQuery};
use shared::render::escape_html as esc;

use super::Desk;
use super::articles::Parts;
use super::jsonld::{PUBLISHER, description};
use crate::db::DbConnection;
use crate::db::articles::{ArticleFilter, Order, PageStart};

/// Items in a feed.
pub const FEED_ITEMS: u32 = 50;

/// Which articles a feed carries: everything, or one section, tag or entity's (the
/// first given of `section`, `tag`, `entity`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedScope {
    All,
    Section(String),
    Tag(String),
    Entity(String),
    /// A live blog's entries.
    Live(String),
}

impl FeedScope {
    pub fn of(query: &FeedQuery) -> Self {
        let slug = |s: &shared::query::Slug| s.as_str().to_owned();
        match (&query.section, &query.tag, &query.entity, &query.live) {
            (Some(section), ..) => Self::Section(slug(section)),
            (None, Some(tag), ..) => Self::Tag(slug(tag)),
            (None, None, Some(entity), _) => Self::Entity(slug(entity)),
            (None, None, None, Some(live)) => Self::Live(slug(live)),
            (None, None, None, None) => Self::All,
        }
    }
}

/// A feed to make: its format, its scope, and the addresses it names.
#[derive(Debug, Clone)]
pub struct FeedRequest {
    pub format: FeedFormat,
    pub scope: FeedScope,
    /// The public origin, `https://example.id`.
    pub site: String,
    /// This feed's own URL.
    pub self_url: String,
    pub language: String,
}

/// A feed, made.
#[derive(Debug)]
pub struct Feed {
    pub body: String,
    pub content_type: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The section, tag or entity asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Database(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for FeedError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Database(e.into())
    }
}

/// The `FEED_ITEMS` newest published articles of `request.scope` (a live blog's
/// entries for `FeedScope::Live`) as the feed asked for.
pub fn feed(conn: &mut DbConnection, desk: Desk, request: &FeedRequest) -> Result<Feed, FeedError> {
    if let FeedScope::Live(slug) = &request.scope {
        let blog = super::articles::published_by_slug(conn, desk, slug)?
            .filter(|blog| blog.live.is_some())
            .ok_or_else(|| FeedError::NotFound(format!("No published live blog is `{slug}`")))?;
        let entries =
            super::live::latest_entries(conn, desk, &blog.id.to_string(), i64::from(FEED_ITEMS))?;
        let items: Vec<Article> = entries.iter().map(|e| entry_item(&blog, e)).collect();
        let meta = FeedMeta {
            title: format!("Global Insight — {}", blog.headline),
            home: format!("{}{}", request.site, shared::urls::article(&blog.slug)),
            site: request.site.clone(),
            self_url: request.self_url.clone(),
            language: blog.language.clone(),
            updated: items
                .iter()
                .map(|a| a.updated_at)
                .max()
                .unwrap_or(blog.updated_at),
        };
        return Ok(made(request.format, &meta, &items));
    }
    let now = desk.now();
    let titled = |name: &str| format!("Global Insight — {name}");
    let (title, home) = match &request.scope {
        FeedScope::Section(slug) => {
            let found = super::taxonomy::section_by_slug(conn, now, slug)?
                .ok_or_else(|| FeedError::NotFound(format!("There is no section `{slug}`")))?;
            (titled(&found.name), shared::urls::section(slug))
        }
        FeedScope::Tag(slug) => {
            let found = super::taxonomy::tag_by_slug(conn, now, slug)?.ok_or_else(|| {
                FeedError::NotFound(format!("No tag with published articles is `{slug}`"))
            })?;
            (titled(&found.name), shared::urls::tag(slug))
        }
        FeedScope::Entity(slug) => {
            let found = super::entities::entity_by_slug(conn, now, slug)?
                .ok_or_else(|| FeedError::NotFound(format!("There is no entity `{slug}`")))?;
            (titled(&found.name), shared::urls::entity(slug))
        }
        FeedScope::All | FeedScope::Live(_) => ("Global Insight".to_owned(), "/".to_owned()),
    };
    let mut filter = ArticleFilter::all_public(now);
    match &request.scope {
        FeedScope::Section(slug) => filter.section = Some(slug.clone()),
        FeedScope::Tag(slug) => filter.tag = Some(slug.clone()),
        FeedScope::Entity(slug) => filter.entity = Some(slug.clone()),
        FeedScope::All | FeedScope::Live(_) => {}
    }
    // Breaking news first, the most urgent first; then the newest.
    let mut articles = super::articles::breaking(conn, desk, &filter, Parts::NONE)?;
    let newest = super::articles::list_published(
        conn,
        desk,
        &filter,
        Order::Newest,
        &PageStart::Offset(0),
        FEED_ITEMS,
        Parts::NONE,
    )?
    .articles;
    for article in newest {
        if !articles.iter().any(|a| a.id == article.id) {
            articles.push(article);
        }
    }
    articles.truncate(FEED_ITEMS as usize);
    // An empty feed was last updated when it was made (and is kept until an article
    // appears).
    let updated = articles
        .iter()
        .map(|a| a.updated_at)
        .max()
        .unwrap_or_else(|| now.and_utc().fixed_offset());
    let meta = FeedMeta {
        title,
        home: format!("{}{home}", request.site),
        site: request.site.clone(),
        self_url: request.self_url.clone(),
        language: request.language.clone(),
        updated,
    };
    Ok(made(request.format, &meta, &articles))
}

fn made(format: FeedFormat, meta: &FeedMeta, articles: &[Article]) -> Feed {
    match format {
        FeedFormat::Rss => Feed {
            body: rss(meta, articles),
            content_type: "application/rss+xml; charset=utf-8",
        },
        FeedFormat::Atom => Feed {
            body: atom(meta, articles),
            content_type: "application/atom+xml; charset=utf-8",
        },
        FeedFormat::Json => Feed {
            body: json_feed(meta, articles).to_string(),
            content_type: "application/feed+json",
        },
    }
}

/// A live blog's entry as a feed item: its own id, title (or first words), text and
/// times, the live blog's byline, section and tags, and its link the entry's place on
/// the live blog's page (`…/<slug>#entri-<id>`).
fn entry_item(blog: &Article, entry: &shared::live::LiveEntry) -> Article {
    let (headline, text) = super::live::headline_and_text(entry);
    Article {
        id: shared::ArticleId(entry.id.0),
        slug: format!("{}#entri-{}", blog.slug, entry.id),
        headline,
        standfirst: None,
        body: entry.body.clone(),
        body_html: entry.body_html.clone(),
        body_text: text,
        published_at: Some(entry.created_at),
        updated_at: entry.updated_at,
        featured_image: None,
        corrections: Vec::new(),
        ..blog.clone()
    }
}

/// What a feed is about: everything, a section or a tag.
#[derive(Debug, Clone)]
pub struct FeedMeta {
    /// `Global Insight` or `Global Insight — Internasional`.
    pub title: String,
    /// The public origin, `https://example.id`.
    pub site: String,
    /// Where readers see the same list in the web app.
    pub home: String,
    /// This feed's own URL.
    pub self_url: String,
    pub language: String,
    /// The newest change among the items, or now for an empty feed.
    pub updated: DateTime<FixedOffset>,
}

fn url(site: &str, article: &Article) -> String {
    format!("{site}{}", shared::urls::article(&article.slug))
}

fn authors(article: &Article) -> Vec<String> {
    article
        .byline
        .iter()
        .flat_map(|b| &b.authors)
        .map(|a| a.name.clone())
        .collect()
}

fn published(article: &Article) -> DateTime<FixedOffset> {
    article.published_at.unwrap_or(article.updated_at)
}

/// Every picture the article shows, the featured image first.
fn pictures(article: &Article) -> Vec<&PlacedImage> {
    article
        .featured()
        .into_iter()
        .chain(
            article
                .body
                .iter()
                .flat_map(|b| b.figures())
                .filter_map(|(_, f)| f.shown.as_deref()),
        )
        .collect()
}

/// The picture that stands for the article (its featured image, else its first) as
/// the JPEG a feed reader shows: the widest at most 1024 pixels.
fn lead_picture(article: &Article) -> Option<(&PlacedImage, &Rendition)> {
    pictures(article)
        .into_iter()
        .find_map(|image| Some((image, image.fallback()?)))
}

pub fn rss(meta: &FeedMeta, articles: &[Article]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:media=\"http://search.yahoo.com/mrss/\">\n<channel>\n",
    );
    out.push_str(&format!(
        "<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n\
         <language>{}</language>\n<lastBuildDate>{}</lastBuildDate>\n\
         <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        esc(&esc(&meta.title)),
        esc(&meta.home),
        esc(&esc(&meta.title)),
        esc(&meta.language),
        meta.updated.to_rfc2822(),
        esc(&meta.self_url),
    ));
    for a in articles {
        out.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n\
             <guid isPermaLink=\"false\">urn:uuid:{}</guid>\n<pubDate>{}</pubDate>\n\
             <description>{}</description>\n<content:encoded>{}</content:encoded>\n",
            // RSS readers take <title> and <description> as HTML when they look like
            // it: the text is escaped as HTML, then that HTML as XML, so markup in
            // a headline or standfirst stays text (the RSS Advisory Board's advice).
            esc(&esc(&a.headline)),
            esc(&url(&meta.site, a)),
            a.id,
            published(a).to_rfc2822(),
            esc(&esc(&description(a))),
            esc(&shared::render::body_html_at(a, &meta.site)),
        ));
        for name in authors(a) {
            out.push_str(&format!("<dc:creator>{}</dc:creator>\n", esc(&name)));
        }
        if let Some((_, file)) = lead_picture(a) {
            out.push_str(&format!(
                "<enclosure url=\"{}\" length=\"{}\" type=\"{}\"/>\n",
                esc(&format!("{}{}", meta.site, file.url)),
                file.bytes,
                file.media_type,
            ));
        }
        for image in pictures(a) {
            let Some(file) = image.fallback() else {
                continue;
            };
            out.push_str(&format!(
                "<media:content url=\"{}\" medium=\"image\" type=\"{}\" width=\"{}\" height=\"{}\" fileSize=\"{}\">",
                esc(&format!("{}{}", meta.site, file.url)),
                file.media_type,
                file.width,
                file.height,
                file.bytes,
            ));
            if let Some(caption) = image.caption.as_ref().or(image.alt.as_ref()) {
                out.push_str(&format!(
                    "<media:description type=\"plain\">{}</media:description>",
                    esc(caption)
                ));
            }
            if let Some(credit) = &image.credit {
                out.push_str(&format!("<media:credit>{}</media:credit>", esc(credit)));
            }
            out.push_str("</media:content>\n");
        }
        out.push_str(&format!("<category>{}</category>\n", esc(&a.section.name)));
        for tag in &a.tags {
            out.push_str(&format!("<category>{}</category>\n", esc(&tag.name)));
        }
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

pub fn atom(meta: &FeedMeta, articles: &[Article]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    out.push_str(&format!(
        " xml:lang=\"{}\">\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
         <author><name>{}</name></author>\n",
        esc(&meta.language),
        esc(&meta.self_url),
        esc(&meta.title),
        meta.updated.to_rfc3339(),
        esc(&meta.self_url),
        esc(&meta.home),
        PUBLISHER,
    ));
    for a in articles {
        out.push_str(&format!(
            "<entry>\n<id>urn:uuid:{}</id>\n<title>{}</title>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <published>{}</published>\n<updated>{}</updated>\n\
             <summary>{}</summary>\n<content type=\"html\">{}</content>\n",
            a.id,
            esc(&a.headline),
            esc(&url(&meta.site, a)),
            published(a).to_rfc3339(),
            a.updated_at.to_rfc3339(),
            esc(&description(a)),
            esc(&shared::render::body_html_at(a, &meta.site)),
        ));
        for name in authors(a) {
            out.push_str(&format!("<author><name>{}</name></author>\n", esc(&name)));
        }
        if let Some((_, file)) = lead_picture(a) {
            out.push_str(&format!(
                "<link rel=\"enclosure\" type=\"{}\" length=\"{}\" href=\"{}\"/>\n",
                file.media_type,
                file.bytes,
                esc(&format!("{}{}", meta.site, file.url)),
            ));
        }
        out.push_str(&format!(
            "<category term=\"{}\" label=\"{}\"/>\n",
            esc(&a.section.slug),
            esc(&a.section.name)
        ));
        for tag in &a.tags {
            out.push_str(&format!(
                "<category term=\"{}\" label=\"{}\"/>\n",
                esc(&tag.slug),
                esc(&tag.name)
            ));
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

pub fn json_feed(meta: &FeedMeta, articles: &[Article]) -> Value {
    let items: Vec<Value> = articles
        .iter()
        .map(|a| {
            let mut item = json!({
                "id": format!("urn:uuid:{}", a.id),
                "url": url(&meta.site, a),
                "title": a.headline,
                "content_html": shared::render::body_html_at(a, &meta.site),
                "content_text": a.body_text,
                "summary": description(a),
                "date_published": published(a).to_rfc3339(),
                "date_modified": a.updated_at.to_rfc3339(),
                "language": a.language,
                "tags": std::iter::once(a.section.name.clone())
                    .chain(a.tags.iter().map(|t| t.name.clone()))
                    .collect::<Vec<_>>(),
            });
            let authors: Vec<Value> = a
                .byline
                .iter()
                .flat_map(|b| &b.authors)
                .map(|au| json!({"name": au.name, "url": format!("{}{}", meta.site, shared::urls::author(&au.slug))}))
                .collect();
            if !authors.is_empty() {
                item["authors"] = json!(authors);
            }
            if let Some((_, file)) = lead_picture(a) {
                item["image"] = json!(format!("{}{}", meta.site, file.url));
            }
            item
        })
        .collect();
    json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": meta.title,
        "home_page_url": meta.home,
        "feed_url": meta.self_url,
        "language": meta.language,
        "authors": [{"name": PUBLISHER, "url": meta.site}],
        "items": items,
    })
}

/// An entry of the article sitemap.
#[derive(Debug, Clone)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: DateTime<FixedOffset>,
    /// The same page in other languages, its own among them: (`hreflang`, URL).
    pub alternates: Vec<(String, String)>,
}

pub fn sitemap_index(sitemaps: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for loc in sitemaps {
        out.push_str(&format!("<sitemap><loc>{}</loc></sitemap>\n", esc(loc)));
    }
    out.push_str("</sitemapindex>\n");
    out
}

pub fn url_sitemap(urls: &[SitemapUrl]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for u in urls {
        out.push_str(&format!(
            "<url><loc>{}</loc><lastmod>{}</lastmod>",
            esc(&u.loc),
            u.lastmod.to_rfc3339()
        ));
        for (language, href) in &u.alternates {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                esc(language),
                esc(href)
            ));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// Google News sitemap: the articles of the last 48 hours.
pub fn news_sitemap(site: &str, articles: &[Article]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\" \
         xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\n",
    );
    for a in articles {
        out.push_str(&format!(
            "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name>\
             <news:language>{}</news:language></news:publication>\
             <news:publication_date>{}</news:publication_date><news:title>{}</news:title>\
             </news:news>",
            esc(&url(site, a)),
            PUBLISHER,
            esc(&a.language),
            published(a).to_rfc3339(),
            esc(&a.headline),
        ));
        // Google's image sitemap: each picture once, at its largest width.
        let mut seen = Vec::new();
        for image in pictures(a) {
            let largest = image.widths(ImageType::Jpeg).last().copied();
            if let Some(file) = largest.filter(|_| !seen.contains(&image.id)) {
                seen.push(image.id);
                out.push_str(&format!(
                    "<image:image><image:loc>{}</image:loc></image:image>",
                    esc(&format!("{site}{}", file.url))
                ));
            }
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(site: &str) -> String {
    format!(
        "User-agent: *\nAllow: /\nDisallow: /redaksi\nDisallow: /api/v1/newsroom\n\
         Disallow: /api/v1/auth\nDisallow: /api/v1/users\n\nSitemap: {site}/sitemap.xml\n"
    )
}
