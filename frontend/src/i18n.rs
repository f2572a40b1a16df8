//! Every string the reader sees, in Indonesian (the default) and English, and the
//! way dates are written in each. Nothing else in the app holds UI text.

use chrono::{DateTime, Datelike as _, FixedOffset, Timelike as _};
use shared::FoundBy;
use shared::newsroom::RevisionAction;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    /// The `lang` attribute and the `gi-lang` cookie's value.
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

    /// The newsroom's strings: apart from the reader's, so that its bundle leaves them out.
    pub fn desk(self) -> &'static Desk {
        match self {
            Self::Id => &DESK_ID,
            Self::En => &DESK_EN,
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
    /// The editors' picks after the lead, on a front.
    pub top_stories: &'static str,
    /// The banner's label.
    pub breaking: &'static str,
    /// Above a draft shown by its preview link.
    pub preview_notice: &'static str,
    /// A preview link revoked or expired.
    pub preview_gone: &'static str,
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
    pub most_read: &'static str,
    /// An author's own web site, among their profile links.
    pub website: &'static str,
    /// A live blog's heading while it takes entries, and once it ended.
    pub live_open: &'static str,
    pub live_closed: &'static str,
    pub section: &'static str,
    pub tag: &'static str,
    pub author: &'static str,
    pub person: &'static str,
    pub place: &'static str,
    pub organisation: &'static str,
    pub in_this_story: &'static str,
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
    pub most_relevant: &'static str,
    pub search_words: &'static str,
    pub oldest_first: &'static str,
    pub apply: &'static str,
    pub results: &'static str,
    /// The search results' facets: narrowed by section, language and year.
    pub narrow: &'static str,
    pub language: &'static str,
    pub year: &'static str,
    pub language_names: [(&'static str, &'static str); 2],
    pub months: [&'static str; 12],
    /// How a time of day is introduced: `pukul 07.00`, `at 07:00`.
    pub at: &'static str,
    pub time_separator: char,
    pub footer: &'static str,
}

/// The newsroom's strings.
#[derive(Debug)]
pub struct Desk {
    pub newsroom: &'static str,
    /// What a newsroom page says to a browser without script.
    pub needs_script: &'static str,
    pub sign_in: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub wrong_login: &'static str,
    pub too_many_logins: &'static str,
    pub sign_out: &'static str,
    pub signed_in_as: &'static str,
    pub new_article: &'static str,
    pub all: &'static str,
    pub status_names: [&'static str; 4],
    pub review_requested: &'static str,
    pub headline: &'static str,
    pub standfirst: &'static str,
    pub dateline: &'static str,
    pub city: &'static str,
    pub country: &'static str,
    pub byline: &'static str,
    pub tags_hint: &'static str,
    pub language: &'static str,
    pub urgency: &'static str,
    /// Urgency 1, 5 and 9.
    pub urgency_names: [&'static str; 3],
    /// The field that makes a story breaking news until a time.
    pub breaking_until: &'static str,
    pub live: &'static str,
    /// Not a live blog, a live blog open, closed.
    pub live_names: [&'static str; 3],
    pub body: &'static str,
    pub block_types: [&'static str; 3],
    pub speaker: &'static str,
    pub attribution: &'static str,
    pub add_block: &'static str,
    pub remove: &'static str,
    pub move_up: &'static str,
    pub move_down: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub edit: &'static str,
    pub preview: &'static str,
    pub publish: &'static str,
    pub schedule: &'static str,
    pub schedule_at: &'static str,
    /// What the editor says when the publication time is empty or not a time.
    pub schedule_at_invalid: &'static str,
    pub unpublish: &'static str,
    pub submit: &'static str,
    pub history: &'static str,
    pub restore: &'static str,
    pub version: &'static str,
    pub add_correction: &'static str,
    pub correction_text: &'static str,
    pub conflict: &'static str,
    pub reload_latest: &'static str,
    pub keep_copy: &'static str,
    pub copy_saved: &'static str,
    pub session_ended: &'static str,
    pub back_to_list: &'static str,
    pub media: MediaText,
    pub fronts: FrontsText,
    pub previews: PreviewsText,
    pub entries: EntriesText,
    pub translations: TranslationsText,
    pub suggestions: SuggestionsText,
    pub profile: ProfileText,
    /// Before the name of whoever else has the article open.
    pub lock_held: &'static str,
    pub lock_hint: &'static str,
    pub take_over: &'static str,
    /// What a revision's change did, in words.
    pub action: fn(RevisionAction) -> &'static str,
}

/// The editor's preview links.
#[derive(Debug)]
pub struct PreviewsText {
    pub title: &'static str,
    pub hint: &'static str,
    pub make: &'static str,
    pub made: &'static str,
    pub until: &'static str,
    pub revoke: &'static str,
    /// `active`, `expired`, `revoked`.
    pub states: [&'static str; 3],
}

/// The editor's live blog entries.
#[derive(Debug)]
pub struct EntriesText {
    pub title: &'static str,
    pub hint: &'static str,
    pub entry_title: &'static str,
    pub text: &'static str,
    pub key_event: &'static str,
    pub pinned: &'static str,
    pub post: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub edit: &'static str,
    pub remove: &'static str,
    pub closed: &'static str,
}

/// The editor's translations.
#[derive(Debug)]
pub struct TranslationsText {
    pub title: &'static str,
    pub is_translation: &'static str,
    pub language: &'static str,
    pub start: &'static str,
}

/// The names recognition suggests beside an article.
#[derive(Debug)]
pub struct SuggestionsText {
    pub title: &'static str,
    pub hint: &'static str,
    pub none: &'static str,
    /// Before the kind a name is accepted as (`Terima sebagai` Tokoh).
    pub accept_as: &'static str,
    pub merge: &'static str,
    /// The merge field's label: an entity's slug.
    pub merge_into: &'static str,
    pub reject: &'static str,
    pub mentions: &'static str,
    /// Why it was suggested, per `FoundBy` in its order.
    pub found_by: [&'static str; FoundBy::ALL.len()],
}

/// The author profile page's strings.
#[derive(Debug)]
pub struct ProfileText {
    pub title: &'static str,
    /// The desk bar's link to one's own profile.
    pub mine: &'static str,
    /// Editors' list of the other profiles.
    pub others: &'static str,
    pub photo: &'static str,
    pub no_photo: &'static str,
    pub remove_photo: &'static str,
    pub job_title: &'static str,
    pub bio: &'static str,
    pub language: &'static str,
    pub links: &'static str,
    pub link_kind: &'static str,
    pub link_url: &'static str,
    pub add_link: &'static str,
}

/// The fronts page's strings.
#[derive(Debug)]
pub struct FrontsText {
    pub title: &'static str,
    pub front: &'static str,
    pub home: &'static str,
    pub hint: &'static str,
    pub empty: &'static str,
    pub lead: &'static str,
    pub until: &'static str,
    pub add: &'static str,
    pub find: &'static str,
    pub full: &'static str,
    pub editors_only: &'static str,
    pub arranged_by: &'static str,
    /// `shown`, `not_public`, `expired`.
    pub states: [&'static str; 3],
    pub until_invalid: &'static str,
    pub conflict: &'static str,
}

/// The image library's strings, and the editor's for pictures.
#[derive(Debug)]
pub struct MediaText {
    pub library: &'static str,
    pub upload: &'static str,
    pub drop_here: &'static str,
    pub uploaded: &'static str,
    pub already_there: &'static str,
    pub search: &'static str,
    pub none: &'static str,
    pub processing: &'static str,
    pub alt: &'static str,
    pub alt_missing: &'static str,
    pub caption: &'static str,
    pub credit: &'static str,
    pub copyright_holder: &'static str,
    pub usage_terms: &'static str,
    pub focal_point: &'static str,
    pub focal_hint: &'static str,
    pub crops: &'static str,
    pub crops_pending: &'static str,
    pub delete: &'static str,
    pub featured: &'static str,
    pub choose: &'static str,
    pub choose_many: &'static str,
    pub insert: &'static str,
    pub cancel: &'static str,
    pub add_image: &'static str,
    pub add_gallery: &'static str,
    pub add_to_gallery: &'static str,
    pub layout: &'static str,
    /// Inline, wide, full.
    pub layouts: [&'static str; 3],
    pub own_hint: &'static str,
    pub take_off: &'static str,
    pub gallery_caption: &'static str,
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
    top_stories: "Pilihan Redaksi",
    breaking: "Berita Terkini",
    preview_notice: "Pratinjau: artikel ini belum terbit. Jangan sebarkan tautan ini.",
    preview_gone: "Tautan pratinjau ini sudah tidak berlaku: dicabut atau kedaluwarsa.",
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
    most_read: "Terpopuler",
    website: "Situs web",
    live_open: "Siaran langsung",
    live_closed: "Siaran langsung telah berakhir",
    section: "Rubrik",
    tag: "Topik",
    author: "Penulis",
    person: "Tokoh",
    place: "Tempat",
    organisation: "Organisasi",
    in_this_story: "Dalam berita ini",
    articles_count: "artikel",
    previous: "Sebelumnya",
    next: "Berikutnya",
    page: "Halaman",
    of: "dari",
    no_articles: "Belum ada artikel.",
    search_title: "Cari berita",
    search_hint: "Cari kata (bentuk lain ikut ditemukan: “kuat” menemukan “menguatkan”), “frasa dalam tanda kutip”, OR, -kata; saring menurut rubrik, bahasa dan tanggal.",
    all_sections: "Semua rubrik",
    any_language: "Semua bahasa",
    from_date: "Dari tanggal",
    to_date: "Sampai tanggal",
    newest_first: "Terbaru dulu",
    most_relevant: "Paling relevan",
    search_words: "Kata kunci",
    oldest_first: "Terlama dulu",
    apply: "Terapkan",
    results: "Hasil",
    narrow: "Persempit hasil",
    language: "Bahasa",
    year: "Tahun",
    language_names: [("id", "Bahasa Indonesia"), ("en", "Bahasa Inggris")],
    months: shared::INDONESIAN_MONTHS,
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
    top_stories: "Editors' picks",
    breaking: "Breaking",
    preview_notice: "Preview: this article is not published. Do not share this link.",
    preview_gone: "This preview link no longer works: it was revoked or has expired.",
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
    most_read: "Most read",
    website: "Website",
    live_open: "Live",
    live_closed: "This live coverage has ended",
    section: "Section",
    tag: "Topic",
    author: "Author",
    person: "Person",
    place: "Place",
    organisation: "Organisation",
    in_this_story: "In this story",
    articles_count: "articles",
    previous: "Previous",
    next: "Next",
    page: "Page",
    of: "of",
    no_articles: "No articles yet.",
    search_title: "Search the news",
    search_hint: "Search for words (other forms are found too: “kuat” finds “menguatkan”), “quoted phrases”, OR, -word; filter by section, language and date.",
    all_sections: "All sections",
    any_language: "Any language",
    from_date: "From",
    to_date: "To",
    newest_first: "Newest first",
    most_relevant: "Most relevant",
    search_words: "Words",
    oldest_first: "Oldest first",
    apply: "Apply",
    results: "Results",
    narrow: "Narrow the results",
    language: "Language",
    year: "Year",
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
/// The link to the same story in `to`, said in the article's own language `from`
/// ("Baca dalam bahasa Inggris" on an Indonesian story, "Read in Indonesian" on an
/// English one).
pub fn read_in(from: &str, to: &str) -> String {
    let name = |code: &str, names: &[(&str, &str)]| {
        names
            .iter()
            .find(|(c, _)| *c == code)
            .map_or_else(|| code.to_owned(), |(_, name)| (*name).to_owned())
    };
    match from {
        "id" => format!(
            "Baca dalam {}",
            name(to, &[("en", "bahasa Inggris"), ("id", "bahasa Indonesia")])
        ),
        _ => format!(
            "Read in {}",
            name(to, &[("en", "English"), ("id", "Indonesian")])
        ),
    }
}

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

pub static DESK_ID: Desk = Desk {
    newsroom: "Ruang Redaksi",
    needs_script: "Ruang redaksi memerlukan JavaScript. Halaman pembaca dapat dibaca tanpa JavaScript.",
    sign_in: "Masuk",
    email: "Surel",
    password: "Kata sandi",
    wrong_login: "Surel atau kata sandi salah.",
    too_many_logins: "Terlalu banyak percobaan. Coba lagi nanti.",
    sign_out: "Keluar",
    signed_in_as: "Masuk sebagai",
    new_article: "Tulis artikel baru",
    all: "Semua",
    status_names: ["Draf", "Terjadwal", "Terbit", "Ditarik"],
    review_requested: "menunggu penyuntingan",
    headline: "Judul",
    standfirst: "Ringkasan",
    dateline: "Tempat berita (dateline)",
    city: "Kota",
    country: "Negara",
    byline: "Penulis (byline)",
    tags_hint: "Topik, dipisah koma",
    language: "Bahasa",
    urgency: "Urgensi",
    urgency_names: ["kilat", "biasa", "terendah"],
    breaking_until: "Berita terkini (banner) sampai",
    live: "Jenis",
    live_names: ["Artikel", "Live blog (berjalan)", "Live blog (selesai)"],
    body: "Isi",
    block_types: ["Paragraf", "Subjudul", "Kutipan"],
    speaker: "Pembicara",
    attribution: "Atribusi",
    add_block: "Tambah blok",
    remove: "Hapus",
    move_up: "Naik",
    move_down: "Turun",
    save: "Simpan",
    saved: "Tersimpan",
    edit: "Sunting",
    preview: "Pratinjau",
    publish: "Terbitkan",
    schedule: "Jadwalkan",
    schedule_at: "Waktu terbit",
    schedule_at_invalid: "Waktu terbit: isi tanggal dan jam terbit sebelum menjadwalkan",
    unpublish: "Tarik",
    submit: "Ajukan ke editor",
    history: "Riwayat",
    restore: "Pulihkan versi ini",
    version: "Versi",
    add_correction: "Tambah ralat",
    correction_text: "Teks ralat",
    conflict: "Artikel ini sudah diubah orang lain sejak Anda membukanya. Perubahan Anda belum disimpan.",
    reload_latest: "Muat versi terbaru (buang perubahan saya)",
    keep_copy: "Simpan perubahan saya sebagai draf baru",
    copy_saved: "Perubahan Anda disimpan sebagai draf baru.",
    session_ended: "Sesi Anda berakhir. Silakan masuk lagi.",
    back_to_list: "Kembali ke daftar",
    media: MediaText {
        library: "Pustaka gambar",
        upload: "Unggah gambar",
        drop_here: "Seret gambar ke sini, atau pilih berkas (JPEG, PNG, WebP, GIF)",
        uploaded: "Terunggah",
        already_there: "Sudah ada di pustaka",
        search: "Cari gambar (teks alternatif, keterangan, kredit)",
        none: "Belum ada gambar.",
        processing: "Sedang diproses…",
        alt: "Teks alternatif",
        alt_missing: "Belum ada teks alternatif",
        caption: "Keterangan",
        credit: "Kredit",
        copyright_holder: "Pemegang hak cipta",
        usage_terms: "Ketentuan penggunaan",
        focal_point: "Titik fokus",
        focal_hint: "Klik gambar untuk memilih pusat potongan.",
        crops: "Potongan",
        crops_pending: "Potongan baru sedang dibuat; muat ulang sebentar lagi.",
        delete: "Hapus gambar",
        featured: "Gambar utama",
        choose: "Pilih gambar",
        choose_many: "Pilih gambar untuk galeri",
        insert: "Sisipkan",
        cancel: "Batal",
        add_image: "Gambar",
        add_gallery: "Galeri",
        add_to_gallery: "Tambah gambar",
        layout: "Lebar tampilan",
        layouts: ["Sebaris teks", "Lebar", "Selebar halaman"],
        own_hint: "Kosongkan untuk memakai teks dari pustaka",
        take_off: "Lepas dari artikel",
        gallery_caption: "Keterangan galeri",
    },
    lock_held: "Artikel ini sedang dibuka di editor oleh",
    lock_hint: "Jika Anda berdua menyimpan, simpanan yang kedua ditolak dan tidak ada yang hilang.",
    take_over: "Ambil alih",
    previews: PreviewsText {
        title: "Tautan pratinjau",
        hint: "Siapa pun yang memegang tautan ini dapat membaca artikel seperti pembaca akan melihatnya, tanpa akun, selama 48 jam atau sampai Anda mencabutnya.",
        make: "Buat tautan pratinjau",
        made: "Salin tautan ini sekarang (hanya ditampilkan sekali)",
        until: "berlaku sampai",
        revoke: "Cabut",
        states: ["aktif", "kedaluwarsa", "dicabut"],
    },
    profile: ProfileText {
        title: "Profil penulis",
        mine: "Profil saya",
        others: "Profil penulis lain",
        photo: "Foto",
        no_photo: "Belum ada foto: pembaca melihat inisial.",
        remove_photo: "Hapus foto",
        job_title: "Jabatan (mis. Koresponden Seoul)",
        bio: "Biografi",
        language: "Bahasa menulis (kode BCP 47, mis. id)",
        links: "Tautan profil",
        link_kind: "Jenis tautan",
        link_url: "Alamat tautan",
        add_link: "Tautan",
    },
    suggestions: SuggestionsText {
        title: "Nama yang disarankan",
        hint: "Nama dalam artikel ini yang belum dikenal. Tidak tampil ke pembaca sampai redaktur menerimanya atau menggabungkannya ke entitas yang ada; nama yang ditolak tidak akan disarankan lagi.",
        none: "Tidak ada nama baru.",
        accept_as: "Terima sebagai",
        merge: "Gabungkan",
        merge_into: "ke entitas (slug)",
        reject: "Tolak",
        mentions: "kali disebut",
        found_by: [
            "dikenal",
            "singkatan",
            "jabatan",
            "pembicara",
            "dateline",
            "kecamatan di daerah yang disebut",
            "kata dalam nama",
            "kata depan",
            "kata benda",
            "disebut lagi",
            "huruf kapital",
        ],
    },
    translations: TranslationsText {
        title: "Terjemahan",
        is_translation: "Artikel ini terjemahan: teksnya disalin dari aslinya untuk diterjemahkan.",
        language: "Bahasa terjemahan",
        start: "Mulai terjemahan",
    },
    entries: EntriesText {
        title: "Entri siaran langsung",
        hint: "Entri baru sampai ke pembaca yang membuka halaman seketika, tanpa memuat ulang. Teks ditulis dalam Markdown.",
        entry_title: "Judul entri (boleh kosong)",
        text: "Teks entri",
        key_event: "Peristiwa penting",
        pinned: "Sematkan di atas",
        post: "Kirim entri",
        save: "Simpan entri",
        cancel: "Batal",
        edit: "Ubah",
        remove: "Hapus",
        closed: "Siaran langsung ini sudah ditutup: entri lama masih bisa diubah.",
    },
    fronts: FrontsText {
        title: "Halaman depan dan rubrik",
        front: "Halaman",
        home: "Halaman depan",
        hint: "Urutan pilihan redaksi, yang teratas menjadi berita utama. Seret untuk mengurutkan, atau pakai tombol Naik dan Turun. Setelah itu, berita terbaru menyusul.",
        empty: "Belum ada pilihan: berita terbaru menjadi berita utama.",
        lead: "Utama",
        until: "Tampil sampai",
        add: "Tambahkan",
        find: "Cari artikel untuk ditambahkan",
        full: "Halaman ini sudah memuat 20 pilihan.",
        editors_only: "Hanya editor dan admin yang dapat mengatur halaman.",
        arranged_by: "Terakhir diatur oleh",
        states: ["tampil", "belum/tidak terbit", "waktunya habis"],
        until_invalid: "Tampil sampai: isi tanggal dan jam, atau kosongkan",
        conflict: "Halaman ini sudah diatur orang lain sejak Anda membukanya. Susunan Anda belum disimpan.",
    },
    action: |action| match action {
        RevisionAction::Create => "dibuat",
        RevisionAction::Import => "diimpor",
        RevisionAction::Update => "disunting",
        RevisionAction::Publish => "diterbitkan",
        RevisionAction::Schedule => "dijadwalkan",
        RevisionAction::Unpublish => "ditarik",
        RevisionAction::Submit => "diajukan",
        RevisionAction::Correct => "diralat",
        RevisionAction::Entities => "entitas dikoreksi",
        RevisionAction::Delete => "dibuang",
        RevisionAction::Restore => "dipulihkan dari sampah",
        RevisionAction::RestoreRevision => "versi lama dipulihkan",
    },
};

pub static DESK_EN: Desk = Desk {
    newsroom: "Newsroom",
    needs_script: "The newsroom needs JavaScript. The reader's pages can be read without it.",
    sign_in: "Sign in",
    email: "Email",
    password: "Password",
    wrong_login: "Wrong email or password.",
    too_many_logins: "Too many attempts. Try again later.",
    sign_out: "Sign out",
    signed_in_as: "Signed in as",
    new_article: "Write a new article",
    all: "All",
    status_names: ["Draft", "Scheduled", "Published", "Unpublished"],
    review_requested: "awaiting an editor",
    headline: "Headline",
    standfirst: "Standfirst",
    dateline: "Dateline",
    city: "City",
    country: "Country",
    byline: "Byline",
    tags_hint: "Topics, comma-separated",
    language: "Language",
    urgency: "Urgency",
    urgency_names: ["flash", "ordinary", "lowest"],
    breaking_until: "Breaking news (banner) until",
    live: "Kind",
    live_names: ["Article", "Live blog (open)", "Live blog (closed)"],
    body: "Body",
    block_types: ["Paragraph", "Sub-heading", "Quote"],
    speaker: "Speaker",
    attribution: "Attribution",
    add_block: "Add block",
    remove: "Remove",
    move_up: "Up",
    move_down: "Down",
    save: "Save",
    saved: "Saved",
    edit: "Edit",
    preview: "Preview",
    publish: "Publish",
    schedule: "Schedule",
    schedule_at: "Publication time",
    schedule_at_invalid: "Publication time: fill in the date and time of publication before scheduling",
    unpublish: "Unpublish",
    submit: "Submit to an editor",
    history: "History",
    restore: "Restore this version",
    version: "Version",
    add_correction: "Add a correction",
    correction_text: "Correction text",
    conflict: "Someone else changed this article since you opened it. Your changes are not saved.",
    reload_latest: "Load the latest version (discard my changes)",
    keep_copy: "Keep my changes as a new draft",
    copy_saved: "Your changes were saved as a new draft.",
    session_ended: "Your session ended. Please sign in again.",
    back_to_list: "Back to the list",
    media: MediaText {
        library: "Image library",
        upload: "Upload images",
        drop_here: "Drop images here, or choose files (JPEG, PNG, WebP, GIF)",
        uploaded: "Uploaded",
        already_there: "Already in the library",
        search: "Search images (alt text, caption, credit)",
        none: "No images yet.",
        processing: "Processing…",
        alt: "Alt text",
        alt_missing: "No alt text yet",
        caption: "Caption",
        credit: "Credit",
        copyright_holder: "Copyright holder",
        usage_terms: "Usage terms",
        focal_point: "Focal point",
        focal_hint: "Click the picture to choose the centre of its crops.",
        crops: "Crops",
        crops_pending: "New crops are being made; reload in a moment.",
        delete: "Delete image",
        featured: "Featured image",
        choose: "Choose image",
        choose_many: "Choose images for the gallery",
        insert: "Insert",
        cancel: "Cancel",
        add_image: "Image",
        add_gallery: "Gallery",
        add_to_gallery: "Add image",
        layout: "Width",
        layouts: ["Inline", "Wide", "Full width"],
        own_hint: "Leave empty to use the library's text",
        take_off: "Take off the article",
        gallery_caption: "Gallery caption",
    },
    lock_held: "This article is open in the editor of",
    lock_hint: "If you both save, the second save is refused and nothing is lost.",
    take_over: "Take over",
    previews: PreviewsText {
        title: "Preview links",
        hint: "Anyone who has this link can read the article as readers will see it, without an account, for 48 hours or until you revoke it.",
        make: "Make a preview link",
        made: "Copy this link now (it is shown once)",
        until: "valid until",
        revoke: "Revoke",
        states: ["active", "expired", "revoked"],
    },
    profile: ProfileText {
        title: "Author profile",
        mine: "My profile",
        others: "Other authors' profiles",
        photo: "Photo",
        no_photo: "No photo yet: readers see initials.",
        remove_photo: "Remove photo",
        job_title: "Job title (e.g. Seoul correspondent)",
        bio: "Bio",
        language: "Writes in (BCP 47 code, e.g. en)",
        links: "Profile links",
        link_kind: "Kind of link",
        link_url: "Link address",
        add_link: "Link",
    },
    suggestions: SuggestionsText {
        title: "Suggested names",
        hint: "Names in this article that are not known yet. Readers do not see them until an editor accepts one or merges it into an entity; a rejected name is never suggested again.",
        none: "No new names.",
        accept_as: "Accept as",
        merge: "Merge",
        merge_into: "into the entity (slug)",
        reject: "Reject",
        mentions: "mentions",
        found_by: [
            "known",
            "acronym",
            "title",
            "speaker",
            "dateline",
            "district of a named regency",
            "name word",
            "preposition",
            "noun",
            "repeated",
            "capitals",
        ],
    },
    translations: TranslationsText {
        title: "Translations",
        is_translation: "This article is a translation: its text was copied from the original to translate.",
        language: "Translate into",
        start: "Start a translation",
    },
    entries: EntriesText {
        title: "Live blog entries",
        hint: "A new entry reaches readers who have the page open at once, without reloading. Write the text in Markdown.",
        entry_title: "Entry title (optional)",
        text: "Entry text",
        key_event: "Key event",
        pinned: "Pin to the top",
        post: "Post entry",
        save: "Save entry",
        cancel: "Cancel",
        edit: "Edit",
        remove: "Remove",
        closed: "This live blog is closed: earlier entries can still be changed.",
    },
    fronts: FrontsText {
        title: "Fronts",
        front: "Page",
        home: "Home page",
        hint: "The editors' picks in order; the top one leads. Drag to reorder, or use Up and Down. The newest stories follow.",
        empty: "Nothing picked: the newest story leads.",
        lead: "Lead",
        until: "Shown until",
        add: "Add",
        find: "Find an article to add",
        full: "This page holds 20 picks already.",
        editors_only: "Only editors and admins may arrange pages.",
        arranged_by: "Last arranged by",
        states: ["shown", "not public", "time passed"],
        until_invalid: "Shown until: enter a date and time, or leave it empty",
        conflict: "Someone arranged this page since you opened it. Your arrangement was not saved.",
    },
    action: |action| match action {
        RevisionAction::Create => "created",
        RevisionAction::Import => "imported",
        RevisionAction::Update => "edited",
        RevisionAction::Publish => "published",
        RevisionAction::Schedule => "scheduled",
        RevisionAction::Unpublish => "unpublished",
        RevisionAction::Submit => "submitted",
        RevisionAction::Correct => "corrected",
        RevisionAction::Entities => "entities corrected",
        RevisionAction::Delete => "binned",
        RevisionAction::Restore => "restored from the bin",
        RevisionAction::RestoreRevision => "old version restored",
    },
};
