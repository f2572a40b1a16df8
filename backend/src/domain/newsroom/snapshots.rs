//! A revision's article as it is stored: its JSON, compressed with zstd (the whole
//! article in every revision was a third of the database).

use anyhow::Context as _;
use shared::Article;

/// zstd's level for revisions: its default. Over 10,000 generated articles a revision
/// took 3.1 KB on average, against ~15 KB as JSON (`bench/results/import.md`).
const PACK_LEVEL: i32 = 3;

/// The article as a revision keeps it: its JSON, compressed.
/// Its HTML and text are left out: `unpack` makes them again from the blocks.
pub(super) fn pack(article: &Article) -> anyhow::Result<Vec<u8>> {
    let json = serde_json::to_vec(&Article {
        body_html: String::new(),
        body_text: String::new(),
        ..article.clone()
    })
    .context("serialising a revision")?;
    zstd::bulk::compress(&json, PACK_LEVEL).context("compressing a revision")
}

/// The article a revision keeps: a zstd frame of its JSON, or (written before
/// revisions were compressed) the JSON itself.
pub(super) fn unpack(state: &[u8]) -> anyhow::Result<Article> {
    const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];
    let mut article: Article = if state.starts_with(&ZSTD_MAGIC) {
        let json = zstd::stream::decode_all(state).context("decompressing")?;
        serde_json::from_slice(&json)?
    } else {
        serde_json::from_slice(state)?
    };
    let rendered = shared::render::render_body(&article.body);
    article.body_html = rendered.html;
    article.body_text = rendered.text;
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed article as the newsroom would keep it (its body, byline and dateline).
    fn article() -> Article {
        use crate::db::models::{ArticleRow, SectionRow};
        let copy = crate::domain::filed_copy::parse_filed_copy(include_str!(
            "../../../../content/seed/seed-korut-rusia.txt"
        ))
        .expect("the seed parses");
        let now = chrono::NaiveDate::from_ymd_opt(2025, 7, 13)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .expect("a time");
        let row = ArticleRow {
            slug: "korut-rusia".into(),
            language: "id".into(),
            headline: copy.headline,
            byline: copy.byline,
            dateline_text: copy.dateline.map(|d| d.text),
            body: serde_json::to_string(&copy.body).expect("blocks"),
            status: "draft".into(),
            ..ArticleRow::blank(now, None)
        };
        let section = SectionRow {
            id: row.section_id.clone(),
            slug: "internasional".into(),
            name: "Internasional".into(),
            description: None,
            created_at: now,
        };
        let desk = crate::domain::Desk {
            time_zone: chrono_tz::Asia::Jakarta,
            clock: Default::default(),
        };
        crate::domain::articles::to_article(desk, row, &section, vec![], vec![], vec![], true)
            .expect("an article")
    }

    #[test]
    fn a_packed_revision_unpacks_to_the_same_article_and_is_smaller() {
        let article = article();
        // What pack leaves out, unpack makes again.
        assert!(article.body_html.contains("<h2>") && article.body_text.contains("Pyongyang"));
        let packed = pack(&article).expect("packed");
        let json = serde_json::to_vec(&article).expect("json");
        assert!(
            packed.len() * 2 < json.len(),
            "{} of {}",
            packed.len(),
            json.len()
        );
        assert_eq!(unpack(&packed).expect("unpacked"), article);
    }

    #[test]
    fn a_revision_written_before_packing_is_read_as_json() {
        let article = article();
        let json = serde_json::to_vec(&article).expect("json");
        assert_eq!(unpack(&json).expect("read"), article);
    }
}
