//! The demo article, as a fresh install serves it: its structure pinned exactly.

use shared::{
    Article, ArticlePage, ArticleStatus, AuthorKind, Block, HeadingBlock, ParagraphBlock,
    QuoteBlock,
};
use tests::{Db, both_databases, spawn_app};

const SLUG: &str = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam";

fn paragraph(text: &str) -> Block {
    Block::paragraph(text)
}

fn heading(text: &str) -> Block {
    Block::Heading(HeadingBlock {
        level: 2,
        text: text.into(),
    })
}

fn expected_body() -> Vec<Block> {
    vec![
        paragraph("Hubungan antara Korea Utara dan Rusia menunjukkan peningkatan signifikan dalam beberapa bulan terakhir, seiring dengan dukungan terbuka yang semakin intens dari Kim Jong Un terhadap Presiden Vladimir Putin dalam menghadapi invasi berkepanjangan Rusia ke Ukraina. Kim bahkan disebut mulai memberikan dukungan militer dan logistik secara terbuka, menandai babak baru dalam hubungan bilateral kedua negara yang semakin anti-Barat."),
        heading("Aliansi yang Semakin Kuat: Kim dan Putin Saling Menguatkan"),
        paragraph("Dalam kunjungan kenegaraan baru-baru ini ke Pyongyang, Presiden Vladimir Putin disambut bak pahlawan oleh Kim Jong Un. Keduanya terlihat berpelukan, tertawa bersama, dan mengadakan pertemuan tertutup yang berlangsung lebih dari tiga jam. Sumber-sumber diplomatik menyebutkan bahwa pembahasan keduanya mencakup kerja sama pertahanan, pertukaran teknologi militer, hingga dukungan terhadap logistik perang."),
        paragraph("Sebagai bentuk nyata dukungan, Korea Utara dilaporkan telah mengirimkan sejumlah besar amunisi artileri, peluru kendali, dan peralatan militer lainnya ke Rusia, yang kemudian digunakan dalam pertempuran di wilayah Donetsk dan Luhansk. Meski pemerintah Rusia menolak mengonfirmasi keterlibatan langsung Korea Utara dalam konflik, data intelijen dari Barat menguatkan dugaan transfer senjata secara rahasia."),
        heading("Kim Jong Un: “Kami Berdiri di Pihak Kebenaran”"),
        paragraph("Dalam pidato publik yang jarang dilakukan, Kim Jong Un menyatakan secara tegas bahwa Korea Utara berdiri di belakang Rusia dalam menghadapi apa yang ia sebut sebagai “agresi imperialisme global yang dipimpin Amerika Serikat dan NATO.” Kim juga menuding bahwa Ukraina hanyalah pion dalam permainan geopolitik Barat yang bertujuan melemahkan Moskow dan memecah kawasan Eurasia."),
        Block::Quote(QuoteBlock {
            text: "Kami tidak akan tinggal diam ketika kekuatan hegemonik dunia mencoba menginjak-injak kedaulatan negara sahabat kami. Rusia berhak mempertahankan dirinya, dan Korea Utara akan menjadi tembok kokoh di sisinya.".into(),
            speaker: Some("Kim".into()),
            attribution: Some("ujar Kim dari Balai Besar Rakyat di Pyongyang.".into()),
        }),
        heading("Imbal Balik Strategis: Rusia Janji Transfer Teknologi Nuklir dan Satelit"),
        paragraph("Sebagai imbalan atas dukungan Korea Utara, Rusia dikabarkan bersedia memberikan akses teknologi tinggi yang selama ini menjadi mimpi Kim Jong Un — termasuk teknologi peluncuran satelit dan pengembangan hulu ledak nuklir miniatur. Selain itu, pelatihan militer bersama antara tentara Rusia dan pasukan elit Korut dilaporkan akan digelar secara berkala mulai akhir tahun ini di wilayah perbatasan Timur Jauh Rusia."),
        paragraph("Kedua negara juga berencana memperkuat kerja sama ekonomi, termasuk pembangunan jalur kereta api lintas perbatasan, pertukaran komoditas pangan dan energi, serta eksplorasi bersama sumber daya alam di Semenanjung Korea bagian utara."),
        heading("Reaksi Dunia Internasional: Kecaman dan Kekhawatiran"),
        paragraph("Langkah Korea Utara ini langsung menuai kecaman keras dari Amerika Serikat, Uni Eropa, dan Jepang. Menteri Luar Negeri AS, Antony Blinken, menyatakan bahwa aliansi ini berpotensi “mengacaukan stabilitas global dan menimbulkan efek domino konflik di kawasan Asia Timur.”"),
        paragraph("Di sisi lain, para analis keamanan internasional menyebut bahwa dukungan Kim Jong Un terhadap Putin tidak hanya meningkatkan eskalasi konflik di Ukraina, tetapi juga mempercepat perlombaan senjata di kawasan Pasifik. Banyak negara kini mempertimbangkan untuk memperluas anggaran militer dan memperkuat pakta pertahanan regional, seperti Quad dan AUKUS."),
        heading("Dampak Global: Dunia Makin Terbelah"),
        paragraph("Aliansi antara Pyongyang dan Moskow menjadi simbol dari dunia multipolar yang semakin membelah diri antara blok Barat dan Timur. Di saat China cenderung bersikap ambivalen, Korea Utara memilih tampil terbuka dan agresif dalam memihak Rusia. Ini membuat peta geopolitik internasional semakin rumit dan penuh ketegangan."),
        heading("Penutup: Persekutuan yang Tak Terbendung?"),
        paragraph("Apakah hubungan mesra antara Kim dan Putin ini akan bertahan lama atau hanya taktik sementara dalam menghadapi tekanan global, masih menjadi tanda tanya. Namun satu hal yang pasti: dunia kini tengah menyaksikan terbentuknya kembali blok kekuatan dunia yang bisa mengubah arah sejarah."),
    ]
}

fn assert_seed(article: &Article) {
    assert_eq!(article.slug, SLUG);
    assert_eq!(article.language, "id");
    assert_eq!(
        article.headline,
        "Hubungan antara Korea Utara dan Rusia menunjukkan peningkatan signifikan dalam beberapa bulan terakhir"
    );
    assert!(
        article.headline_derived,
        "no Judul: line, so the headline is derived"
    );
    assert_eq!(article.standfirst, None);

    let dateline = article.dateline.as_ref().expect("a dateline");
    assert_eq!(dateline.text, "Pyongyang, Korea Utara");
    assert_eq!(dateline.place.city, "Pyongyang");
    assert_eq!(dateline.place.country.as_deref(), Some("Korea Utara"));

    let byline = article.byline.as_ref().expect("a byline");
    assert_eq!(byline.text, "Redaksi Global Insight");
    assert_eq!(byline.authors.len(), 1);
    assert_eq!(byline.authors[0].slug, "redaksi-global-insight");
    assert_eq!(byline.authors[0].name, "Redaksi Global Insight");
    assert_eq!(byline.authors[0].kind, AuthorKind::Desk);

    assert_eq!(article.section.slug, "internasional");
    assert_eq!(article.section.name, "Internasional");
    assert!(article.tags.is_empty());

    // The date line `13 Juli 2025`, at the desk (Asia/Jakarta).
    let published = article.published_at.expect("published_at").to_rfc3339();
    assert_eq!(published, "2025-07-13T00:00:00+07:00");
    assert_eq!(article.first_published_at, article.published_at);
    assert_eq!(article.updated_at.offset().local_minus_utc(), 7 * 3600);
    assert_eq!(article.status, ArticleStatus::Published);
    assert_eq!(article.version, 1);

    assert_eq!(article.body, expected_body());
    let headings: Vec<&str> = article
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading(HeadingBlock { text, .. }) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(headings.len(), 6);
    assert_eq!(
        article
            .body
            .iter()
            .filter(|b| matches!(b, Block::Paragraph(ParagraphBlock { .. })))
            .count(),
        10
    );

    // Derived from the blocks.
    assert!(
        article
            .body_html
            .starts_with("<p>Hubungan antara Korea Utara")
    );
    assert!(
        article
            .body_html
            .contains("<h2>Penutup: Persekutuan yang Tak Terbendung?</h2>")
    );
    assert!(article.body_html.contains(
        "<figure class=\"quote\" data-speaker=\"Kim\"><blockquote><p>Kami tidak akan tinggal diam"
    ));
    assert!(!article.body_text.contains('<'));
    assert!(article.body_text.starts_with("Hubungan antara"));
    assert!(article.body_text.ends_with("mengubah arah sejarah."));
    assert_eq!(article.word_count, 553);
    assert_eq!(article.reading_time_minutes, 3);
}

async fn fresh_install_lists_the_seed_article(db: Db) {
    let app = spawn_app(db).await;
    let every_field =
        shared::query::FieldSet::new(shared::query::ArticleField::ALL.iter().copied());
    let page: ArticlePage = app
        .get_json(&format!(
            "/api/v1/articles?fields={}",
            every_field.canonical()
        ))
        .await;
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.pagination.total, 1);
    let article: Article = app.get_json(&format!("/api/v1/articles/{SLUG}")).await;
    assert_seed(&article);
    // With every field asked for, the list item is the whole article.
    assert_eq!(
        page.data[0],
        shared::ArticleSummary::of(article, &every_field)
    );
}

async fn seed_article_by_slug_and_by_id(db: Db) {
    let app = spawn_app(db).await;
    let article: Article = app.get_json(&format!("/api/v1/articles/{SLUG}")).await;
    assert_seed(&article);
    let by_id: Article = app
        .get_json(&format!("/api/v1/articles/by-id/{}", article.id))
        .await;
    assert_eq!(by_id, article);
    assert_eq!(article.id.0.get_version_num(), 7, "ids are UUID v7");
}

both_databases!(
    fresh_install_lists_the_seed_article,
    seed_article_by_slug_and_by_id
);
