//! Published articles as the public API shows them.

use std::collections::HashMap;

use anyhow::Context as _;
use chrono::NaiveDateTime;
use shared::{
    Article, ArticleStatus, AuthorKind, AuthorRef, Block, Byline, Correction, Dateline, Place,
    SectionRef, TagRef,
};

use shared::media::Figure;

use super::Desk;
use crate::db::articles::{self as queries, ArticleFilter, Keyset, Order, PageStart};
use crate::db::models::{ArticleRow, AuthorRow, SectionRow, TagRow};
use crate::db::{DbConnection, taxonomy};

/// One page of the public list.
#[derive(Debug)]
pub struct ArticlePage {
    pub articles: Vec<Article>,
    pub total: u64,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<Keyset>,
    /// The newest `updated_at` among the listed articles, for `Last-Modified`.
    pub last_modified: Option<NaiveDateTime>,
}

/// The page's articles have the `parts` asked (a list's summaries show few).
pub fn list_published(
    conn: &mut DbConnection,
    desk: Desk,
    filter: &ArticleFilter,
    order: Order,
    start: &PageStart,
    per_page: u32,
    parts: Parts,
) -> anyhow::Result<ArticlePage> {
    // A page past the first, or a filter by language or dates: counted by month, and
    // the page read from the month it starts in (`db::months`).
    let deep = matches!(start, PageStart::Offset(offset) if *offset > 0);
    let months = if deep || by_month(filter) {
        crate::db::months::public_by_month(conn, filter)?
    } else {
        None
    };
    let (total, mut rows) = match (&months, start) {
        (Some(months), PageStart::Offset(offset)) => {
            let total = crate::db::months::total(months);
            let newest_first = order == Order::Newest;
            let limit = i64::from(per_page) + 1;
            let read = crate::db::months::page_within(months, filter, newest_first, *offset, limit);
            let rows = match read {
                Some(read) if read.reversed => {
                    let other = match order {
                        Order::Newest => Order::Oldest,
                        Order::Oldest => Order::Newest,
                    };
                    let start = PageStart::Offset(read.offset);
                    let mut rows =
                        queries::list_published(conn, &read.filter, other, &start, limit)?;
                    rows.reverse();
                    rows
                }
                Some(read) => {
                    let start = PageStart::Offset(read.offset);
                    queries::list_published(conn, &read.filter, order, &start, limit)?
                }
                None => Vec::new(),
            };
            (total, rows)
        }
        _ => (
            match &months {
                Some(months) => crate::db::months::total(months),
                None => count_published(conn, filter)?,
            },
            // One more than asked tells whether a next page exists.
            queries::list_published(conn, filter, order, start, i64::from(per_page) + 1)?,
        ),
    };
    let has_more = rows.len() > per_page as usize;
    rows.truncate(per_page as usize);
    let next = if has_more {
        rows.last().and_then(|row| {
            row.published_at.map(|published_at| Keyset {
                published_at,
                id: row.id.clone(),
            })
        })
    } else {
        None
    };
    let last_modified = rows.iter().map(|r| r.updated_at).max();
    Ok(ArticlePage {
        articles: assemble_parts(conn, desk, rows, parts)?,
        total: u64::try_from(total).unwrap_or_default(),
        next,
        last_modified,
    })
}

/// Related stories read, per entity, tag and subject the article has: its newest links.
const RELATED_PER_KEY: i64 = 50;
/// And the newest public stories of its section.
const RELATED_IN_SECTION: i64 = 200;

/// Public stories related to `article`, best first: each shared entity counts 3, tag
/// 2, subject 1, the same section 1, the sum halved for every `half_life_days` of the
/// story's age (as search weighs relevance by recency). The candidates are the newest
/// `RELATED_PER_KEY` stories linked to each of its entities, tags and subjects and the
/// newest `RELATED_IN_SECTION` of its section (`related_candidates`): the cost is
/// bounded by the article's links, whatever the archive's size. Those found by their
/// entities alone are known by their links (`Seen::Linked`): their score lies within
/// bounds (`Score::of`), and only those whose best could reach the `limit` best are
/// read, so the order is the one every candidate read would give. Each story is read
/// with the `parts` its summary shows; of the article (`id`) nothing is read.
pub fn related(
    conn: &mut DbConnection,
    desk: Desk,
    id: &str,
    half_life_days: u32,
    limit: u32,
    parts: Parts,
) -> anyhow::Result<Vec<Article>> {
    let now = desk.now();
    let half_life = f64::from(half_life_days.max(1));
    let limit = limit as usize;
    let mut candidates =
        queries::related_candidates(conn, id, now, RELATED_PER_KEY, RELATED_IN_SECTION)?;
    let scores: Vec<Score> = candidates
        .found
        .iter()
        .map(|c| Score::of(c, now, half_life))
        .collect();
    // The `limit`-th best of the least scores: a candidate whose best is below it is
    // beaten by `limit` others, whatever it is.
    let mut least: Vec<f64> = scores.iter().map(|score| score.least).collect();
    let bar = if least.len() >= limit && limit > 0 {
        *least
            .select_nth_unstable_by(limit - 1, |a, b| b.total_cmp(a))
            .1
    } else {
        f64::NEG_INFINITY
    };
    let unread: Vec<i64> = candidates
        .found
        .iter()
        .zip(&scores)
        .filter(|(c, score)| matches!(c.seen, queries::Seen::Linked { .. }) && score.most >= bar)
        .map(|(c, _)| c.seq)
        .collect();
    queries::read_candidates(conn, &mut candidates, &unread, now)?;
    let mut ranked: Vec<(f64, Option<NaiveDateTime>, String)> = candidates
        .found
        .into_iter()
        .filter_map(|c| {
            let score = Score::of(&c, now, half_life).least;
            match c.seen {
                queries::Seen::Read {
                    id, published_at, ..
                } => Some((score, published_at, id)),
                queries::Seen::Linked { .. } => None,
            }
        })
        .collect();
    ranked.sort_by(|(a, at_a, id_a), (b, at_b, id_b)| {
        b.total_cmp(a)
            .then_with(|| at_b.cmp(at_a))
            .then_with(|| id_b.cmp(id_a))
    });
    ranked.truncate(limit);
    let ids: Vec<String> = ranked.into_iter().map(|(_, _, id)| id).collect();
    let rows = queries::public_by_ids(conn, &ids, now)?;
    assemble_parts(
        conn,
        desk,
        crate::db::in_order_of(&ids, rows, |row| &row.id),
        parts,
    )
}

/// A related candidate's score, or the bounds it lies within when it was not read.
struct Score {
    least: f64,
    most: f64,
}

impl Score {
    /// Read, its score (`least` and `most` equal). Known by its links, its section may
    /// be the article's or not (one point more or not), it was published within its
    /// second (a second's age either way; not public yet if that second is now's), and
    /// the bounds are widened by a rounding's worth.
    fn of(c: &queries::Candidate, now: NaiveDateTime, half_life: f64) -> Self {
        let shared = 3 * c.entities + 2 * c.tags + c.subjects;
        let weigh = |shared: i64, age_seconds: i64| {
            shared as f64 * 0.5_f64.powf(age_seconds.max(0) as f64 / 86_400.0 / half_life)
        };
        match c.seen {
            queries::Seen::Read {
                published_at,
                same_section,
                ..
            } => {
                let age = published_at.map_or(0, |at| (now - at).num_seconds());
                let score = weigh(shared + i64::from(same_section), age);
                Self {
                    least: score,
                    most: score,
                }
            }
            queries::Seen::Linked { second } => {
                const SLACK: f64 = 1e-9;
                let oldest = crate::db::keyed::second_of(now) - second;
                let least = if oldest > 0 {
                    weigh(shared, oldest) * (1.0 - SLACK)
                } else {
                    0.0
                };
                Self {
                    least,
                    most: weigh(shared + 1, oldest - 1) * (1.0 + SLACK),
                }
            }
        }
    }
}

/// The most breaking news a banner shows.
pub const MAX_BREAKING: i64 = 5;

/// Public stories that are breaking news now, the most urgent first (`filter` keeps
/// some: a feed's section, tag or entity).
pub fn breaking(
    conn: &mut DbConnection,
    desk: Desk,
    filter: &ArticleFilter,
    parts: Parts,
) -> anyhow::Result<Vec<Article>> {
    let rows = queries::breaking(conn, filter, MAX_BREAKING)?;
    assemble_parts(conn, desk, rows, parts)
}

/// The id of the article published at `slug`, if it is public now (nothing else of it
/// read).
pub fn published_id_by_slug(
    conn: &mut DbConnection,
    desk: Desk,
    slug: &str,
) -> anyhow::Result<Option<String>> {
    Ok(queries::published_by_slug(conn, slug, desk.now())?.map(|row| row.id))
}

pub fn published_by_slug(
    conn: &mut DbConnection,
    desk: Desk,
    slug: &str,
) -> anyhow::Result<Option<Article>> {
    let row = queries::published_by_slug(conn, slug, desk.now())?;
    Ok(assemble(conn, desk, row.into_iter().collect())?.pop())
}

pub fn published_by_id(
    conn: &mut DbConnection,
    desk: Desk,
    id: shared::ArticleId,
) -> anyhow::Result<Option<Article>> {
    let row = queries::published_by_id(conn, &id.to_string(), desk.now())?;
    Ok(assemble(conn, desk, row.into_iter().collect())?.pop())
}

/// Loads sections, authors and tags for all rows in three queries, not three per row.
pub(crate) fn assemble(
    conn: &mut DbConnection,
    desk: Desk,
    rows: Vec<ArticleRow>,
) -> anyhow::Result<Vec<Article>> {
    assemble_parts(conn, desk, rows, Parts::ALL)
}

/// What `assemble_parts` reads beside each article's row, section, authors, tags and
/// pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    pub corrections: bool,
    pub entities: bool,
    pub subjects: bool,
    /// Its translations and live blog: what the whole article shows, not a summary.
    pub whole: bool,
    /// Its body as HTML, made from the blocks: a summary shows it only when asked (a
    /// search page made it for each of its twenty hits, and showed none).
    pub body_html: bool,
}

impl Parts {
    pub const ALL: Self = Self {
        corrections: true,
        entities: true,
        subjects: true,
        whole: true,
        body_html: true,
    };

    /// None of the rows beside it: the article's own fields (its body's HTML too) with
    /// its section, tags, byline and pictures — what a feed's items and the news
    /// sitemap carry. (An article's entities alone are ~50 rows: a feed of 50 read
    /// 2,500 of them for nothing, half of its time on PostgreSQL at a million.)
    pub const NONE: Self = Self {
        corrections: false,
        entities: false,
        subjects: false,
        whole: false,
        body_html: true,
    };

    /// What a summary with `fields` shows (`ArticleSummary::of`): the rest left empty.
    pub fn of_summary(fields: &shared::query::FieldSet) -> Self {
        use shared::query::ArticleField;
        Self {
            corrections: fields.contains(ArticleField::Corrections),
            entities: fields.contains(ArticleField::Entities),
            subjects: fields.contains(ArticleField::Subjects),
            whole: false,
            body_html: fields.contains(ArticleField::BodyHtml),
        }
    }
}

/// The articles of `rows`, with the `parts` asked (a search page's summaries need few
/// of them: reading each of the others was a query for the page, ~12 % of a common
/// word's answer at a million).
pub(crate) fn assemble_parts(
    conn: &mut DbConnection,
    desk: Desk,
    rows: Vec<ArticleRow>,
    parts: Parts,
) -> anyhow::Result<Vec<Article>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut section_ids: Vec<String> = rows.iter().map(|r| r.section_id.clone()).collect();
    section_ids.sort();
    section_ids.dedup();
    let sections: HashMap<String, SectionRow> = taxonomy::sections_by_ids(conn, &section_ids)?
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect();
    let mut authors: HashMap<String, Vec<AuthorRow>> = HashMap::new();
    for (article_id, author) in queries::authors_of(conn, &ids)? {
        authors.entry(article_id).or_default().push(author);
    }
    let mut tags: HashMap<String, Vec<TagRow>> = HashMap::new();
    for (article_id, tag) in queries::tags_of(conn, &ids)? {
        tags.entry(article_id).or_default().push(tag);
    }
    let mut corrections: HashMap<String, Vec<Correction>> = HashMap::new();
    // A part not asked is not read.
    let corrections_rows = if parts.corrections {
        queries::corrections_of(conn, &ids)?
    } else {
        Vec::new()
    };
    for row in corrections_rows {
        corrections
            .entry(row.article_id.clone())
            .or_default()
            .push(Correction {
                id: row.id.parse().context("correction id is not a UUID")?,
                text: row.text,
                published_at: desk.local(row.published_at),
            });
    }
    let mut entities: HashMap<String, Vec<shared::EntityRef>> = HashMap::new();
    let entity_rows = if parts.entities {
        crate::db::entities::entities_of(conn, &ids)?
    } else {
        Vec::new()
    };
    for (article_id, entity, mentions) in entity_rows {
        entities
            .entry(article_id)
            .or_default()
            .push(super::entities::entity_ref(&entity, mentions));
    }
    let mut subjects: HashMap<String, Vec<shared::Subject>> = HashMap::new();
    let subject_rows = if parts.subjects {
        crate::db::entities::subjects_of(conn, &ids)?
    } else {
        Vec::new()
    };
    for (article_id, code) in subject_rows {
        subjects
            .entry(article_id)
            .or_default()
            .push(super::entities::subject(&code));
    }
    let blogs = if parts.whole {
        crate::db::live::blogs(conn, &ids)?
    } else {
        Vec::new()
    };
    let live: HashMap<String, shared::live::LiveState> = blogs
        .into_iter()
        .filter_map(|blog| {
            Some((
                blog.article_id,
                shared::live::LiveState::parse(&blog.state)?,
            ))
        })
        .collect();
    // Translations: each article's group, then the group's public members.
    let now = desk.now();
    let rows_in_groups = if parts.whole {
        crate::db::translations::of_articles(conn, &ids)?
    } else {
        Vec::new()
    };
    let mut groups: Vec<String> = rows_in_groups.iter().map(|t| t.group_id.clone()).collect();
    groups.sort();
    groups.dedup();
    let members = if groups.is_empty() {
        Vec::new()
    } else {
        crate::db::translations::public_members(conn, &groups, now)?
    };
    let placed: HashMap<String, crate::db::translations::TranslationRow> = rows_in_groups
        .into_iter()
        .map(|t| (t.article_id.clone(), t))
        .collect();
    // The featured image as each row names it: the image, the article's own texts.
    let featured: HashMap<String, Figure> = rows
        .iter()
        .filter_map(|row| {
            let mut figure = Figure::of(row.featured_image_id.as_ref()?.parse().ok()?);
            figure.alt.clone_from(&row.featured_image_alt);
            figure.caption.clone_from(&row.featured_image_caption);
            figure.credit.clone_from(&row.featured_image_credit);
            Some((row.id.clone(), figure))
        })
        .collect();
    let mut articles = rows
        .into_iter()
        .map(|row| {
            let section = sections
                .get(&row.section_id)
                .with_context(|| format!("article {} has no section", row.id))?;
            let authors = authors.remove(&row.id).unwrap_or_default();
            let tags = tags.remove(&row.id).unwrap_or_default();
            let corrections = corrections.remove(&row.id).unwrap_or_default();
            let entities = entities.remove(&row.id).unwrap_or_default();
            let subjects = subjects.remove(&row.id).unwrap_or_default();
            let mut article = to_article(
                desk,
                row,
                section,
                authors,
                tags,
                corrections,
                parts.body_html,
            )?;
            article.entities = entities;
            article.subjects = subjects;
            let id = article.id.to_string();
            article.live = live.get(&id).copied();
            if let Some(place) = placed.get(&id) {
                article.translation_of = place.source_id.as_deref().and_then(|s| s.parse().ok());
                article.translations = members
                    .iter()
                    .filter(|(group, member, ..)| *group == place.group_id && *member != id)
                    .filter_map(|(_, member, language, slug, headline)| {
                        Some(shared::Translation {
                            id: member.parse().ok()?,
                            language: language.clone(),
                            slug: slug.clone(),
                            headline: headline.clone(),
                        })
                    })
                    .collect();
            }
            Ok(article)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    place_images(conn, desk, &mut articles, &featured, parts.body_html)?;
    Ok(articles)
}

/// Every image the articles show — featured and in their bodies — with its renditions,
/// placed with what each article says of it; the body's HTML made again for bodies
/// with pictures when it is shown (`body_html`), since their renditions are made after
/// the article is written.
fn place_images(
    conn: &mut DbConnection,
    desk: Desk,
    articles: &mut [Article],
    featured: &HashMap<String, Figure>,
    body_html: bool,
) -> anyhow::Result<()> {
    let mut ids: Vec<String> = featured.values().map(|f| f.id.to_string()).collect();
    for article in articles.iter() {
        for block in &article.body {
            ids.extend(block.figures().iter().map(|(_, f)| f.id.to_string()));
        }
    }
    if ids.is_empty() {
        return Ok(());
    }
    ids.sort();
    ids.dedup();
    let images = super::media::views(conn, desk, &ids)?;
    for article in articles.iter_mut() {
        let show = |figure: &mut Figure| {
            figure.shown = images.get(&figure.id.to_string()).map(|image| {
                Box::new(image.placed(
                    figure.alt.as_ref(),
                    figure.caption.as_ref(),
                    figure.credit.as_ref(),
                ))
            });
        };
        if let Some(figure) = featured.get(&article.id.to_string()) {
            let mut figure = figure.clone();
            show(&mut figure);
            article.featured_image = Some(figure);
        }
        let mut pictured = false;
        for block in &mut article.body {
            for figure in block.figures_mut() {
                pictured = true;
                show(figure);
            }
        }
        if pictured && body_html {
            article.body_html = shared::render::render_body(&article.body).html;
        }
    }
    Ok(())
}

pub(crate) fn to_article(
    desk: Desk,
    row: ArticleRow,
    section: &SectionRow,
    authors: Vec<AuthorRow>,
    tags: Vec<TagRow>,
    corrections: Vec<Correction>,
    body_html: bool,
) -> anyhow::Result<Article> {
    let body: Vec<Block> = serde_json::from_str(&row.body)
        .with_context(|| format!("article {} has an unreadable body", row.id))?;
    // Made from the blocks, not stored; the words were counted when they were written.
    // The HTML only when it is shown (`Parts::body_html`).
    let (body_html, body_text) = (
        if body_html {
            shared::render::html_at(&body, "")
        } else {
            String::new()
        },
        shared::render::body_text(&body),
    );
    let mut status = row.status()?;
    // A scheduled article whose time has come is published: no job flips it.
    if status == ArticleStatus::Scheduled && row.published_at.is_some_and(|t| t <= desk.now()) {
        status = ArticleStatus::Published;
    }
    let dateline = row.dateline_text.map(|text| Dateline {
        text,
        place: Place {
            city: row.dateline_city.unwrap_or_default(),
            country: row.dateline_country,
        },
    });
    let byline = row.byline.map(|text| Byline {
        text,
        authors: authors
            .into_iter()
            .map(|a| AuthorRef {
                kind: AuthorKind::parse(&a.kind).unwrap_or(AuthorKind::Person),
                slug: a.slug,
                name: a.name,
                job_title: a.job_title,
            })
            .collect(),
    });
    Ok(Article {
        id: row.id.parse().context("article id is not a UUID")?,
        slug: row.slug,
        language: row.language,
        headline: row.headline,
        headline_derived: row.headline_derived,
        standfirst: row.standfirst,
        dateline,
        byline,
        section: SectionRef {
            slug: section.slug.clone(),
            name: section.name.clone(),
        },
        tags: tags
            .into_iter()
            .map(|t| TagRef {
                slug: t.slug,
                name: t.name,
            })
            .collect(),
        body,
        body_html,
        body_text,
        word_count: u32::try_from(row.word_count).unwrap_or_default(),
        reading_time_minutes: u32::try_from(row.reading_time_minutes).unwrap_or_default(),
        status,
        first_published_at: row.first_published_at.map(|t| desk.local(t)),
        published_at: row.published_at.map(|t| desk.local(t)),
        updated_at: desk.local(row.updated_at),
        version: row.version,
        corrections,
        entities: Vec::new(),
        subjects: Vec::new(),
        review_requested_at: row.review_requested_at.map(|t| desk.local(t)),
        featured_image: None,
        urgency: u8::try_from(row.urgency).unwrap_or(shared::DEFAULT_URGENCY),
        breaking_until: row.breaking_until.map(|t| desk.local(t)),
        live: None,
        translations: Vec::new(),
        translation_of: None,
    })
}

/// Corrections of public articles, newest first.
pub fn public_corrections(
    conn: &mut DbConnection,
    desk: Desk,
    offset: usize,
    limit: usize,
) -> anyhow::Result<super::Slice<shared::newsroom::CorrectionNotice>> {
    let (rows, total) = queries::public_corrections(
        conn,
        desk.now(),
        i64::try_from(limit).unwrap_or(i64::MAX),
        i64::try_from(offset).unwrap_or(i64::MAX),
    )?;
    let items = rows
        .into_iter()
        .map(|(correction, article)| {
            Ok(shared::newsroom::CorrectionNotice {
                correction: Correction {
                    id: correction
                        .id
                        .parse()
                        .context("correction id is not a UUID")?,
                    text: correction.text,
                    published_at: desk.local(correction.published_at),
                },
                article: shared::newsroom::CorrectedArticle {
                    id: article.id.parse().context("article id is not a UUID")?,
                    slug: article.slug,
                    headline: article.headline,
                },
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(super::Slice {
        items,
        total: shared::Total::exact(u64::try_from(total).unwrap_or_default()),
    })
}

/// How many articles are public now.
pub fn count_public(conn: &mut DbConnection, now: chrono::NaiveDateTime) -> anyhow::Result<i64> {
    count_published(conn, &queries::ArticleFilter::all_public(now))
}

/// Public articles per key of one kind (`taxonomy::published_per_section`,
/// `entities::public_counts` and the like).
type PublishedPer = fn(
    &mut DbConnection,
    chrono::NaiveDateTime,
    Option<&str>,
) -> diesel::QueryResult<HashMap<String, i64>>;

/// The kept public count of the key `id` (none when there is no such key), by `per`.
fn kept_count(
    conn: &mut DbConnection,
    now: chrono::NaiveDateTime,
    id: Option<String>,
    per: PublishedPer,
) -> anyhow::Result<i64> {
    Ok(match id {
        Some(id) => per(conn, now, Some(&id))?.remove(&id).unwrap_or_default(),
        None => 0,
    })
}

/// Whether `filter` is counted month by month (`db::months`): by language or dates,
/// with nothing the months do not keep (a tag, an author, an entity).
fn by_month(filter: &ArticleFilter) -> bool {
    (filter.language.is_some() || filter.from.is_some() || filter.until.is_some())
        && filter.tag.is_none()
        && filter.author.is_none()
        && filter.entity.is_none()
}

/// How many public articles `filter` lets through. Filtered by at most one section,
/// tag, author or entity (or an entity within a section) and nothing else, the count is
/// the one the database keeps for it (`listed_articles`, less what is not due yet): an
/// archive's lists count their pages without reading every article (a section of
/// 200,000 at a million).
/// By language or dates (with a section or not), it is summed from the months kept
/// (`db::months`); one tag, author or entity within dates is counted in its links
/// (`db::keyed`). Other filters are counted over the articles.
pub fn count_published(conn: &mut DbConnection, filter: &ArticleFilter) -> anyhow::Result<i64> {
    let ArticleFilter {
        now,
        section,
        tag,
        author,
        entity,
        language: None,
        from: None,
        until: None,
    } = filter
    else {
        if by_month(filter)
            && let Some(months) = crate::db::months::public_by_month(conn, filter)?
        {
            return Ok(crate::db::months::total(&months));
        }
        // One key within dates: its links counted in its index.
        if let Some(key) = crate::db::keyed::Key::of(filter) {
            return Ok(crate::db::keyed::count(conn, key, filter)?);
        }
        return Ok(queries::count_published(conn, filter)?);
    };
    let now = *now;
    Ok(match (section, tag, author, entity) {
        // Every article is in one section.
        (None, None, None, None) => taxonomy::published_per_section(conn, now, None)?
            .values()
            .sum(),
        (Some(slug), None, None, None) => {
            let id = taxonomy::section_by_slug(conn, slug)?.map(|s| s.id);
            kept_count(conn, now, id, taxonomy::published_per_section)?
        }
        (None, Some(slug), None, None) => {
            let id = taxonomy::tag_by_slug(conn, slug)?.map(|t| t.id);
            kept_count(conn, now, id, taxonomy::published_per_tag)?
        }
        (None, None, Some(slug), None) => {
            let id = taxonomy::author_by_slug(conn, slug)?.map(|a| a.id);
            kept_count(conn, now, id, taxonomy::published_per_author)?
        }
        (None, None, None, Some(slug)) => {
            let id = crate::db::entities::by_slug(conn, slug)?.map(|e| e.id);
            kept_count(conn, now, id, crate::db::entities::public_counts)?
        }
        (Some(section), None, None, Some(entity)) => {
            crate::db::entities::public_count_in_section(conn, now, entity, section)?
        }
        _ => queries::count_published(conn, filter)?,
    })
}

/// Slug and last change (UTC) of public articles, newest first: what a sitemap lists.
pub fn public_urls(
    conn: &mut DbConnection,
    now: chrono::NaiveDateTime,
    limit: i64,
    offset: i64,
) -> anyhow::Result<Vec<PublicUrl>> {
    // A deep page starts in the month holding its offset (`db::months`).
    let all = ArticleFilter::all_public(now);
    let months = if offset > 0 {
        crate::db::months::public_by_month(conn, &all)?
    } else {
        None
    };
    let (until, offset) = match months {
        Some(months) => match crate::db::months::skip_months(&months, &all, true, offset) {
            Some((narrowed, rest)) => (narrowed.until, rest),
            None => return Ok(Vec::new()),
        },
        None => (None, offset),
    };
    let rows = queries::published_urls(conn, now, until, limit, offset)?;
    let mut wanted: Vec<String> = rows.iter().filter_map(|(.., g)| g.clone()).collect();
    wanted.sort();
    wanted.dedup();
    // Every public language of each story, its own among them (as search engines want
    // the alternates listed).
    let mut languages: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (group, _, language, slug, _) in
        crate::db::translations::public_members(conn, &wanted, now)?
    {
        languages.entry(group).or_default().push((language, slug));
    }
    Ok(rows
        .into_iter()
        .map(|(_, slug, updated, group)| PublicUrl {
            slug,
            updated,
            alternates: group
                .and_then(|g| languages.get(&g))
                // Alone in its language, a page has no alternates.
                .filter(|all| all.len() >= 2)
                .cloned()
                .unwrap_or_default(),
        })
        .collect())
}

/// A public article's address for the sitemap: its slug, last change, and the
/// story's public languages (`language`, slug) when it has translations.
#[derive(Debug)]
pub struct PublicUrl {
    pub slug: String,
    pub updated: chrono::NaiveDateTime,
    pub alternates: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::articles::{Candidate, Seen};
    use chrono::DateTime;

    /// A story known by its links lies within the bounds of its score, wherever in its
    /// second it was published and whichever section it is in, and its least is none
    /// when that second is now's (it may be published later within it).
    #[test]
    fn a_linked_storys_score_lies_within_its_bounds() {
        let now = DateTime::from_timestamp(1_750_000_000, 250_000_000)
            .expect("a time")
            .naive_utc();
        let half_life = 7.0;
        let candidate = |seen| Candidate {
            seq: 1,
            entities: 4,
            tags: 0,
            subjects: 0,
            seen,
        };
        for age in [0, 1, 2, 59, 3_600, 86_400 * 30, 86_400 * 3_650] {
            for nanos in [0, 1, 249_999_999, 250_000_000, 250_000_001, 999_999_999] {
                let published_at = DateTime::from_timestamp(1_750_000_000 - age, nanos)
                    .expect("a time")
                    .naive_utc();
                let second = crate::db::keyed::second_of(published_at);
                let bounds = Score::of(&candidate(Seen::Linked { second }), now, half_life);
                assert!(bounds.least <= bounds.most);
                if age == 0 {
                    assert_eq!(bounds.least, 0.0);
                }
                if published_at > now {
                    continue;
                }
                for same_section in [false, true] {
                    let read = Seen::Read {
                        id: "a".into(),
                        published_at: Some(published_at),
                        same_section,
                    };
                    let exact = Score::of(&candidate(read), now, half_life);
                    assert_eq!(exact.least, exact.most);
                    assert!(
                        bounds.least <= exact.least && exact.most <= bounds.most,
                        "{age} s {nanos} ns, same section {same_section}: {} not within {}..{}",
                        exact.least,
                        bounds.least,
                        bounds.most
                    );
                }
            }
        }
    }
}
