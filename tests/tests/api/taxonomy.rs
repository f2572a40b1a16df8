//! Sections, tags and authors with their published-article counts.

use shared::{Author, AuthorKind, AuthorPage, Section, SectionList, Tag, TagPage};
use tests::{Db, both_databases, spawn_app};

use crate::newsroom;

async fn sections_with_counts(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let sections: SectionList = app.get_json("/api/v1/sections").await;
    let counts: Vec<(&str, &str, u64)> = sections
        .data
        .iter()
        .map(|s| (s.slug.as_str(), s.name.as_str(), s.article_count))
        .collect();
    // The draft in `internasional` is not counted.
    assert_eq!(
        counts,
        [
            ("ekonomi", "Ekonomi", 1),
            ("internasional", "Internasional", 3)
        ]
    );
    let section: Section = app.get_json("/api/v1/sections/internasional").await;
    assert_eq!(section.article_count, 3);
}

async fn tags_with_counts_and_no_draft_tags(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let tags: TagPage = app.get_json("/api/v1/tags").await;
    let names: Vec<(&str, u64)> = tags
        .data
        .iter()
        .map(|t| (t.slug.as_str(), t.article_count))
        .collect();
    assert_eq!(
        names,
        [
            ("jepang", 1),
            ("korea-utara", 1),
            ("rupiah", 1),
            ("rusia", 1)
        ]
    );
    assert_eq!(tags.pagination.total, 4);
    let tag: Tag = app.get_json("/api/v1/tags/korea-utara").await;
    assert_eq!((tag.name.as_str(), tag.article_count), ("Korea Utara", 1));
    // Only a draft carries this tag: it does not exist for the public.
    assert_eq!(app.get("/api/v1/tags/rahasia-embargo").await.status(), 404);

    let second: TagPage = app.get_json("/api/v1/tags?per_page=3&page=2").await;
    assert_eq!(second.data.len(), 1);
    assert_eq!(second.pagination.total_pages, 2);
}

async fn authors_with_counts_and_no_draft_authors(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let authors: AuthorPage = app.get_json("/api/v1/authors").await;
    let names: Vec<(&str, AuthorKind, u64)> = authors
        .data
        .iter()
        .map(|a| (a.slug.as_str(), a.kind, a.article_count))
        .collect();
    assert_eq!(
        names,
        [
            ("ani-lestari", AuthorKind::Person, 1),
            ("budi-santoso", AuthorKind::Person, 1),
            ("citra-dewi", AuthorKind::Person, 1),
            ("global-insight-desk", AuthorKind::Desk, 1),
            ("redaksi-global-insight", AuthorKind::Desk, 1),
        ]
    );
    let desk: Author = app.get_json("/api/v1/authors/redaksi-global-insight").await;
    assert_eq!(
        (desk.name.as_str(), desk.article_count),
        ("Redaksi Global Insight", 1)
    );
    assert_eq!(app.get("/api/v1/authors/dewi-rahasia").await.status(), 404);
}

both_databases!(
    sections_with_counts,
    tags_with_counts_and_no_draft_tags,
    authors_with_counts_and_no_draft_authors,
);
