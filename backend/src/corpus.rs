//! A corpus for benchmarks: N articles of Indonesian filed copy, as reporters send it
//! (headline, date line, byline, tags, dateline, paragraphs, sub-headings, quotes with
//! their speakers), deterministic from a seed. Names come from the gazetteer, words from
//! Sastrawi's root list (with affixes, Zipf-distributed as words are in text), dates
//! spread over five years before 13 July 2025. Written as `.txt` files in one folder
//! per section, so `import DIR/<section> --section <section>` loads them the way copy
//! is loaded.

use std::path::Path;

use anyhow::Context as _;

/// The desk's sections the corpus spreads over.
pub const SECTIONS: [&str; 5] = [
    "internasional",
    "politik",
    "ekonomi",
    "teknologi",
    "olahraga",
];

const AUTHORS: [&str; 12] = [
    "Ani Lestari",
    "Budi Santoso",
    "Citra Dewi",
    "Dewi Anggraini",
    "Eko Prasetyo",
    "Fajar Nugroho",
    "Gita Permata",
    "Hadi Wijaya",
    "Indah Sari",
    "Joko Susilo",
    "Kartika Putri",
    "Redaksi Global Insight",
];

const TAGS: [&str; 16] = [
    "Korea Utara",
    "Rusia",
    "Ukraina",
    "Rupiah",
    "Pemilu",
    "Diplomasi",
    "Pertahanan",
    "Energi",
    "Perdagangan",
    "Teknologi",
    "Sepak Bola",
    "Iklim",
    "ASEAN",
    "NATO",
    "Pasar",
    "Kesehatan",
];

const SAY: [&str; 5] = ["kata", "ujar", "tutur", "ucap", "jelas"];

/// xorshift64*: the same corpus for the same seed (also the search benchmark's).
#[derive(Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (made odd: xorshift never leaves 0).
    pub fn new(seed: u64) -> Self {
        Self(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Zipf-like: low indexes far more often, as words are in text.
    pub fn zipf<'a>(&mut self, words: &'a [String]) -> &'a str {
        let r = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        let i = ((words.len() as f64).powf(r) - 1.0) as usize;
        &words[i.min(words.len() - 1)]
    }
}

/// What the copy is made of.
#[derive(Debug)]
struct Material {
    words: Vec<String>,
    people: Vec<String>,
    places: Vec<String>,
    organisations: Vec<String>,
}

fn material() -> anyhow::Result<Material> {
    // Real copy's words first (the Zipf draw favours the front), then roots and
    // affixed forms for the long tail.
    let mut words: Vec<String> = Vec::new();
    for text in [
        include_str!("../../content/seed/seed-korut-rusia.txt"),
        "Pemerintah menyatakan bahwa kebijakan ekonomi baru akan diumumkan pekan depan. \
         Para menteri bertemu untuk membahas anggaran negara, perdagangan, dan investasi. \
         Tim nasional memenangkan pertandingan dalam laga yang berlangsung ketat.",
    ] {
        for (_, word) in crate::search::words(text) {
            let word = word.to_lowercase();
            if word.chars().all(char::is_alphabetic) && !words.contains(&word) {
                words.push(word);
            }
        }
    }
    for root in include_str!("../data/sastrawi/kata-dasar.txt")
        .lines()
        .filter(|r| r.len() > 3)
        .step_by(5)
    {
        words.push(root.to_owned());
        words.push(format!("me{root}kan"));
        words.push(format!("pe{root}an"));
    }
    let gazetteer: serde_json::Value =
        serde_json::from_str(include_str!("../../content/gazetteer.json"))?;
    let (mut people, mut places, mut organisations) = (Vec::new(), Vec::new(), Vec::new());
    for entity in gazetteer["entities"]
        .as_array()
        .context("gazetteer entities")?
    {
        let name = entity["name"].as_str().unwrap_or_default().to_owned();
        match entity["kind"].as_str() {
            Some("person") => people.push(name),
            Some("place") => places.push(name),
            _ => organisations.push(name),
        }
    }
    Ok(Material {
        words,
        people,
        places,
        organisations,
    })
}

fn sentence(rng: &mut Rng, m: &Material, words: usize) -> String {
    let mut out: Vec<String> = Vec::with_capacity(words + 2);
    for i in 0..words {
        // Now and then a name, as news copy is full of them.
        let word = match rng.below(14) {
            0 => rng.pick(&m.people).clone(),
            1 => rng.pick(&m.places).clone(),
            2 => rng.pick(&m.organisations).clone(),
            _ => rng.zipf(&m.words).to_owned(),
        };
        out.push(if i == 0 { capitalise(&word) } else { word });
    }
    format!("{}.", out.join(" "))
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The next article's filed copy.
fn article(rng: &mut Rng, m: &Material) -> String {
    let mut copy = String::new();
    let headline: Vec<String> = (0..7).map(|_| capitalise(rng.zipf(&m.words))).collect();
    copy.push_str(&format!(
        "Judul: {} {}\n",
        rng.pick(&m.places),
        headline.join(" ")
    ));
    // Five years of days before 13 July 2025, newest last.
    let day = chrono::NaiveDate::from_ymd_opt(2025, 7, 13).expect("a date")
        - chrono::Duration::days(rng.below(5 * 365) as i64);
    use chrono::Datelike as _;
    copy.push_str(&format!(
        "{} {} {}\n",
        day.day(),
        shared::INDONESIAN_MONTHS[day.month0() as usize],
        day.year()
    ));
    let author = rng.pick(&AUTHORS);
    if rng.below(4) == 0 {
        copy.push_str(&format!("Penulis: {author} dan {}\n", rng.pick(&AUTHORS)));
    } else {
        copy.push_str(&format!("Penulis: {author}\n"));
    }
    let tags: Vec<&str> = (0..1 + rng.below(3)).map(|_| *rng.pick(&TAGS)).collect();
    copy.push_str(&format!("Tag: {}\n", tags.join(", ")));
    let city = rng.pick(&m.places).clone();
    copy.push_str(&format!("{city} — {}\n", sentence(rng, m, 30)));
    for paragraph in 0..4 + rng.below(5) {
        match paragraph % 4 {
            1 => {
                let words: Vec<String> = (0..5).map(|_| capitalise(rng.zipf(&m.words))).collect();
                copy.push_str(&format!("{}\n", words.join(" ")));
            }
            3 => {
                let quote = sentence(rng, m, 14);
                copy.push_str(&format!(
                    "“{},” {} {}.\n",
                    quote.trim_end_matches('.'),
                    rng.pick(&SAY),
                    rng.pick(&m.people)
                ));
            }
            _ => {
                let words = 40 + rng.below(40);
                copy.push_str(&format!("{}\n", sentence(rng, m, words)));
            }
        }
    }
    copy
}

/// Writes `articles` files under `dir/<section>/`; returns how many per section.
pub fn write(dir: &Path, articles: usize, seed: u64) -> anyhow::Result<Vec<(&'static str, usize)>> {
    let m = material()?;
    let mut rng = Rng::new(seed);
    let mut counts = vec![0usize; SECTIONS.len()];
    for section in SECTIONS {
        std::fs::create_dir_all(dir.join(section))?;
    }
    for n in 0..articles {
        let s = n % SECTIONS.len();
        counts[s] += 1;
        let text = article(&mut rng, &m);
        std::fs::write(dir.join(SECTIONS[s]).join(format!("{n:07}.txt")), text)?;
    }
    Ok(SECTIONS.iter().copied().zip(counts).collect())
}

/// A camera-like photo, `width`×`height`, as a JPEG of quality 90: gradients and noise
/// from a hash of the position (`seed` varies it), detail an encoder cannot wish away.
pub fn photo(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        let noise = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729) ^ seed)
            .wrapping_mul(2_654_435_761)
            >> 27;
        #[allow(clippy::cast_possible_truncation)] // each channel is taken modulo 256
        image::Rgb([
            ((x * 255 / width + noise) % 256) as u8,
            ((y * 255 / height + noise) % 256) as u8,
            (((x + y) / 16 + noise) % 256) as u8,
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&picture)
        .expect("a JPEG of an RGB picture encodes");
    out.into_inner()
}

/// Gives the articles in the database pictures, for benchmarks of pages that carry
/// them: `photos` generated photos (1600×1067) go into the image library as uploads
/// do (checked, kept, every rendition made), and each article gets one as its
/// featured image, in turn. Returns how many articles got one.
pub fn attach_images(
    conn: &mut crate::db::DbConnection,
    desk: crate::domain::Desk,
    settings: &crate::config::MediaSettings,
    photos: u32,
    seed: u32,
) -> anyhow::Result<usize> {
    use diesel::prelude::*;

    use crate::db::schema::{article_media, articles};
    use crate::domain::media;

    let files = media::MediaStore::new(settings)?;
    let mut ids = Vec::new();
    for n in 0..photos.max(1) {
        let described = shared::media::ImageUpdate {
            alt: Some(format!("Foto korpus nomor {n}")),
            caption: Some(format!("Suasana kota, foto korpus {n}")),
            credit: Some("Foto: korpus Global Insight".into()),
            ..shared::media::ImageUpdate::default()
        };
        let bytes = photo(1600, 1067, seed.wrapping_add(n));
        let (image, _) = media::upload(conn, desk, &files, settings, None, &bytes, &described)
            .map_err(|e| anyhow::anyhow!("a corpus photo: {e}"))?;
        ids.push(image.id.to_string());
    }
    while media::render_next(conn, desk, &files)?.is_some() {}
    let all: Vec<String> = articles::table
        .order_by(articles::id)
        .select(articles::id)
        .load(conn)?;
    crate::db::write_transaction(conn, |conn| {
        for (n, article) in all.iter().enumerate() {
            let image = &ids[n % ids.len()];
            diesel::update(articles::table.find(article))
                .set(articles::featured_image_id.eq(image))
                .execute(conn)?;
            diesel::delete(article_media::table.filter(article_media::article_id.eq(article)))
                .execute(conn)?;
            diesel::insert_into(article_media::table)
                .values((
                    article_media::article_id.eq(article),
                    article_media::media_id.eq(image),
                ))
                .execute(conn)?;
        }
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(all.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_writes_the_same_corpus_and_it_imports() {
        let (a, b) = (
            tempfile::tempdir().expect("dir"),
            tempfile::tempdir().expect("dir"),
        );
        write(a.path(), 12, 7).expect("written");
        write(b.path(), 12, 7).expect("written");
        let file = |d: &Path| std::fs::read_to_string(d.join("politik/0000001.txt")).expect("file");
        assert_eq!(file(a.path()), file(b.path()));
        let copy = file(a.path());
        let parsed = crate::domain::filed_copy::parse_filed_copy(&copy)
            .expect("filed copy the importer takes");
        assert!(!parsed.body.is_empty());
    }
}
