//! Every string the reader sees, in Indonesian (the default) and English, and the
//! way dates are written in each. Nothing else in the app holds UI text.

use chrono::{DateTime, Datelike as _, FixedOffset, Timelike as _};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    /// The `lang` attribute and the stored preference.
    pub fn code(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "id" => Some(Self::Id),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    pub fn other(self) -> Self {
        match self {
            Self::Id => Self::En,
            Self::En => Self::Id,
        }
    }

    pub fn text(self) -> &'static Text {
        match self {
            Self::Id => &ID,
            Self::En => &EN,
        }
    }
}

/// The UI strings of one language.
#[derive(Debug)]
pub struct Text {
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub main_nav: &'static str,
    pub home: &'static str,
    pub search: &'static str,
    pub switch_language: &'static str,
    /// The name of the other language, on the switch.
    pub other_language: &'static str,
    pub latest: &'static str,
    pub more_in_section: &'static str,
    pub loading: &'static str,
    pub api_down: &'static str,
    pub try_again: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub by: &'static str,
    pub published: &'static str,
    pub updated: &'static str,
    pub minutes_read: &'static str,
    pub tags: &'static str,
    pub corrections: &'static str,
    pub related: &'static str,
    pub section: &'static str,
    pub tag: &'static str,
    pub author: &'static str,
    pub articles_count: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub page: &'static str,
    pub of: &'static str,
    pub no_articles: &'static str,
    pub search_title: &'static str,
    pub search_hint: &'static str,
    pub all_sections: &'static str,
    pub any_language: &'static str,
    pub from_date: &'static str,
    pub to_date: &'static str,
    pub newest_first: &'static str,
    pub oldest_first: &'static str,
    pub apply: &'static str,
    pub results: &'static str,
    pub language_names: [(&'static str, &'static str); 2],
    pub months: [&'static str; 12],
    /// How a time of day is introduced: `pukul 07.00`, `at 07:00`.
    pub at: &'static str,
    pub time_separator: char,
    pub footer: &'static str,
}

pub static ID: Text = Text {
    site_name: "Global Insight",
    tagline: "Berita internasional dalam bahasa Indonesia",
    skip_to_content: "Langsung ke isi",
    main_nav: "Navigasi utama",
    home: "Beranda",
    search: "Cari",
    switch_language: "Ganti bahasa tampilan ke bahasa Inggris",
    other_language: "English",
    latest: "Terbaru",
    more_in_section: "Selengkapnya",
    loading: "Memuat…",
    api_down: "Berita tidak dapat dimuat saat ini. Periksa sambungan Anda atau coba lagi sebentar lagi.",
    try_again: "Coba lagi",
    not_found_title: "Halaman tidak ditemukan",
    not_found_body: "Halaman yang Anda cari tidak ada atau sudah dipindahkan.",
    back_home: "Kembali ke beranda",
    by: "Oleh",
    published: "Diterbitkan",
    updated: "Diperbarui",
    minutes_read: "menit baca",
    tags: "Topik",
    corrections: "Ralat",
    related: "Berita terkait",
    section: "Rubrik",
    tag: "Topik",
    author: "Penulis",
    articles_count: "artikel",
    previous: "Sebelumnya",
    next: "Berikutnya",
    page: "Halaman",
    of: "dari",
    no_articles: "Belum ada artikel.",
    search_title: "Cari berita",
    search_hint: "Saring berita menurut rubrik, bahasa dan tanggal.",
    all_sections: "Semua rubrik",
    any_language: "Semua bahasa",
    from_date: "Dari tanggal",
    to_date: "Sampai tanggal",
    newest_first: "Terbaru dulu",
    oldest_first: "Terlama dulu",
    apply: "Terapkan",
    results: "Hasil",
    language_names: [("id", "Bahasa Indonesia"), ("en", "Bahasa Inggris")],
    months: [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    at: "pukul",
    time_separator: '.',
    footer: "Global Insight — jurnalisme internasional untuk pembaca Indonesia.",
};

pub static EN: Text = Text {
    site_name: "Global Insight",
    tagline: "International news in Indonesian",
    skip_to_content: "Skip to content",
    main_nav: "Main navigation",
    home: "Home",
    search: "Search",
    switch_language: "Switch the interface to Indonesian",
    other_language: "Bahasa Indonesia",
    latest: "Latest",
    more_in_section: "More",
    loading: "Loading…",
    api_down: "The news cannot be loaded right now. Check your connection or try again shortly.",
    try_again: "Try again",
    not_found_title: "Page not found",
    not_found_body: "The page you are looking for does not exist or has moved.",
    back_home: "Back to the front page",
    by: "By",
    published: "Published",
    updated: "Updated",
    minutes_read: "min read",
    tags: "Topics",
    corrections: "Corrections",
    related: "Related stories",
    section: "Section",
    tag: "Topic",
    author: "Author",
    articles_count: "articles",
    previous: "Previous",
    next: "Next",
    page: "Page",
    of: "of",
    no_articles: "No articles yet.",
    search_title: "Search the news",
    search_hint: "Filter the news by section, language and date.",
    all_sections: "All sections",
    any_language: "Any language",
    from_date: "From",
    to_date: "To",
    newest_first: "Newest first",
    oldest_first: "Oldest first",
    apply: "Apply",
    results: "Results",
    language_names: [("id", "Indonesian"), ("en", "English")],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    at: "at",
    time_separator: ':',
    footer: "Global Insight — international journalism for Indonesian readers.",
};

/// `13 Juli 2025` / `13 July 2025`.
pub fn date(lang: Lang, at: &DateTime<FixedOffset>) -> String {
    let month = lang.text().months[at.month0() as usize];
    format!("{} {month} {}", at.day(), at.year())
}

/// `13 Juli 2025 pukul 07.00 WIB` / `13 July 2025 at 07:00 WIB`.
pub fn date_time(lang: Lang, at: &DateTime<FixedOffset>) -> String {
    let text = lang.text();
    format!(
        "{} {} {:02}{}{:02} {}",
        date(lang, at),
        text.at,
        at.hour(),
        text.time_separator,
        at.minute(),
        zone_name(at.offset())
    )
}

/// Indonesia's zones by name, others as an offset.
fn zone_name(offset: &FixedOffset) -> String {
    match offset.local_minus_utc() {
        25_200 => "WIB".into(),
        28_800 => "WITA".into(),
        32_400 => "WIT".into(),
        0 => "UTC".into(),
        seconds => {
            let sign = if seconds < 0 { '-' } else { '+' };
            let minutes = seconds.abs() / 60;
            if minutes % 60 == 0 {
                format!("UTC{sign}{}", minutes / 60)
            } else {
                format!("UTC{sign}{}:{:02}", minutes / 60, minutes % 60)
            }
        }
    }
}
