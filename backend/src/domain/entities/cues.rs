//! The words around a name that say what it is, in Indonesian and English.

/// Titles and honorifics written capitalised before a person's name (`Presiden
/// Prabowo`, `Menteri Keuangan Sri Mulyani`, `coach Hajime Moriyasu` is a role).
pub const TITLES: &[&str] = &[
    // Indonesian offices and ranks
    "Presiden", "Wapres", "Wakil", "Menteri", "Menko", "Wamen", "Perdana", "Gubernur", "Wagub",
    "Bupati", "Wabup", "Wali", "Walikota", "Wawali", "Ketua", "Ketum", "Kepala", "Kapala",
    "Direktur", "Dirut", "Sekretaris", "Sekjen", "Sekda", "Juru", "Jubir", "Duta", "Dubes",
    "Jenderal", "Letjen", "Mayjen", "Brigjen", "Laksamana", "Laksdya", "Marsekal", "Kolonel",
    "Komisaris", "Kapolri", "Wakapolri", "Kapolda", "Kapolres", "Kapolsek", "Panglima",
    "Kasad", "Kasal", "Kasau", "Kabareskrim", "Raja", "Ratu", "Pangeran", "Sultan", "Syekh",
    "Paus", "Kanselir", "Senator", "Anggota", "Pelatih", "Kapten", "Manajer", "Deputi",
    "Asisten", "Koordinator", "Pendiri", "Ekonom", "Peneliti", "Analis", "Pengamat", "Hakim",
    "Jaksa", "Pengacara", "Kuasa", "Camat", "Lurah", "Kades", "Dekan", "Rektor", "Kabid",
    "Kadis", "Kasubdit", "Kapuspen", "Pemimpin", "Mantan", "Calon", "Pj", "Plt", "Pimpinan",
    "Komandan", "Dandim", "Danrem", "Pangdam", "Pangkostrad", "Imam", "Uskup", "Pastor",
    "Romo", "Pendeta", "Kiai", "Kyai", "KH", "Ustaz", "Ustadz", "Habib", "Dr", "Prof", "Ir",
    "Drs", "H", "Hj", "Bapak", "Ibu", "Pak", "Bu", "Mbak", "Mas", "Bung", "Tuan", "Nyonya",
    "Saudara", "Tokoh", "Kabag", "Kasat", "Kasatreskrim", "Kapusdatin", "Komisioner",
    // English
    "President", "Vice", "Prime", "Minister", "Secretary", "Chancellor", "King", "Queen",
    "Prince", "Princess", "Crown", "Governor", "Mayor", "Senator", "Sen", "Rep",
    "Representative", "General", "Gen", "Lt", "Colonel", "Col", "Admiral", "Commissioner",
    "Chief", "Chairman", "Chairwoman", "Chair", "Director", "Coach", "Captain", "Pope",
    "Sheikh", "Judge", "Justice", "Ambassador", "Envoy", "Mr", "Mrs", "Ms", "Sir", "Dame",
    "Lord", "Lady", "Former", "Deputy", "Democrat", "Republican", "Libertarian", "Foreign",
    "Defence", "Defense", "Finance", "Trade", "Interior", "Health", "Grand", "Opposition",
    "Leader", "Founder", "CEO", "COO", "CFO", "CTO", "Dirjen", "Sekretaris-Jenderal",
];

/// Titles after which an office's portfolio names a ministry (`Menteri Perdagangan`).
pub const PORTFOLIO_TITLES: &[&str] = &["Menteri", "Menko", "Wamen", "Minister"];

/// Capitalised words that continue a title before the name (`Wakil Menteri Luar
/// Negeri`, `Direktur Utama`, `Kepala Pelaksana`) beside derived words.
pub const TITLE_WORDS: &[&str] = &[
    "Luar", "Dalam", "Negeri", "Umum", "Utama", "Eksekutif", "Besar", "Jenderal", "Pelaksana",
    "Harian", "Bidang", "Koordinator", "Tinggi", "Agung", "Muda", "Madya", "Senior",
    "Kehormatan", "Daerah", "Pusat", "Nasional", "Wilayah", "Staf", "Gabungan", "Khusus",
    "Presiden", "Menteri", "Bicara", "Kota", "Hukum", "Agama", "Sosial", "Keuangan", "Negara",
    "Riset", "Pangan", "Minister", "Secretary", "State", "General", "Executive", "Officer",
    "Prime", "Foreign", "Affairs", "Defence", "Defense", "Finance", "Trade", "Home", "Health",
    "Interior", "Justice", "Attorney", "Chief", "Deputy", "Vice", "President", "of", "Staff",
    "Imam", "Principal", "Campaign", "Cabinet", "Energi", "Sumber", "Daya", "Mineral",
    "Investasi", "Hilirisasi", "Perhubungan", "Komunikasi", "Digital", "Pertanian",
];

/// Words that open an organisation's name.
pub const ORG_HEADS: &[&str] = &[
    "Kementerian", "Kemenko", "Badan", "Komisi", "Dewan", "Majelis", "Lembaga", "Partai",
    "Universitas", "Institut", "Sekolah", "Politeknik", "Akademi", "Bank", "PT", "CV", "Perum",
    "Yayasan", "Koalisi", "Serikat", "Asosiasi", "Persatuan", "Perhimpunan", "Ikatan",
    "Organisasi", "Federasi", "Konfederasi", "Gabungan", "Himpunan", "Forum", "Komite",
    "Kantor", "Kedutaan", "Konsulat", "Kejaksaan", "Pengadilan", "Mahkamah", "Kepolisian",
    "Polda", "Polres", "Polsek", "Kodam", "Korem", "Kodim", "Pemerintah", "Pemprov", "Pemkab",
    "Pemkot", "Dinas", "Balai", "Direktorat", "Otoritas", "Otorita", "Satuan", "Pusat",
    "Perusahaan", "Koperasi", "Rumah", "RS", "RSUD", "Timnas", "Tim", "Klub", "Persatuan",
    "Ministry", "Department", "Agency", "Commission", "Council", "Committee", "Bureau",
    "Office", "Board", "Party", "University", "Institute", "Association", "Federation",
    "Union", "Organisation", "Organization", "Foundation", "Authority", "Court", "Embassy",
    "Centre", "Center", "Kementrian", 
];

/// Words that end an organisation's name.
pub const ORG_TAILS: &[&str] = &[
    "Inc", "Corp", "Corporation", "Ltd", "Limited", "Tbk", "Group", "Holdings", "Company",
    "Co", "Council", "Authority", "Exchange", "University", "Institute", "Foundation",
    "Association", "Federation", "Union", "Committee", "Commission", "Agency", "Bank", "Party",
    "FC", "United", "City", "Capital", "Ventures", "Partners", "Systems", "Technologies",
    "Technology", "Airlines", "Airways", "Air", "Motors", "Energy", "Media", "News", "Times",
    "Post", "Digital", "Labs", "Semiconductor", "Sekuritas", "Securities", "Cloud", "Racing",
     "Watch", "International", "Network", "Fund", "Trust", "Forum", "Club", "Team",
    "Coalition", "Movement", "Front", "Army", "Force", "Forces", "Police", "Guard",
    "Services", "Service", "Ministry", "Department", "Office", "Court", "Parliament",
    "Assembly", "Senate", "Congress", 
];

/// Words that open a place's name.
pub const PLACE_HEADS: &[&str] = &[
    "Provinsi", "Kabupaten", "Kota", "Kecamatan", "Desa", "Kelurahan", "Dusun", "Kampung",
    "Pulau", "Kepulauan", "Gunung", "Pegunungan", "Danau", "Sungai", "Kali", "Teluk", "Laut",
    "Samudra", "Samudera", "Selat", "Tanjung", "Semenanjung", "Lembah", "Pantai", "Jalan",
    "Jl", "Pasar", "Istana", "Gedung", "Stadion", "Bandara", "Pelabuhan", "Pangkalan",
    "Bendungan", "Waduk", "Blok", "Kawasan", "Taman", "Hutan", "Masjid", "Gereja", "Pura",
    "Candi", "Benteng", "Alun-alun", "Lapangan", "Terminal", "Stasiun", "Jembatan", "Tol",
    "Mount", "Lake", "River", "Gulf", "Bay", "Cape", "Port", "Fort", "Saint", "St", "New",
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Upper",
    "Lower",
];

/// Words that end a place's name.
pub const PLACE_TAILS: &[&str] = &[
    "Island", "Islands", "Sea", "Ocean", "Strait", "Palace", "Stadium", "Arena", "Circuit",
    "Park", "Airport", "Mosque", "Cathedral", "Church", "Temple", "Street", "Avenue", "Road",
    "Square", "House", "Hall", "Bridge", "Valley", "River", "Lake", "Mountains", "Hills",
    "Coast", "Peninsula", "Province", "Region", "District", "County", "State", "Territory",
    "Raya", "Barat", "Timur", "Utara", "Selatan", "Tengah", "Jaya", "Baru",
];

/// Lowercase connectors inside a name that has an organisation's or place's head
/// (`Kementerian Kelautan dan Perikanan`, `Ministry of Investment`).
pub const CONNECTORS: &[&str] = &["dan", "untuk", "of", "for", "and", "the", "de", "la", "del"];

/// Particles inside a person's name (`Luiz Inácio Lula da Silva`, `Hussein bin Abdullah`).
pub const PARTICLES: &[&str] = &["bin", "binti", "van", "von", "der", "den", "da", "dos", "al", "el", "le"];

/// Words before a name that make it a place.
pub const BEFORE_PLACE: &[&str] = &[
    "di", "ke", "dari", "menuju", "asal", "wilayah", "kawasan", "negara", "kota", "provinsi",
    "kabupaten", "kecamatan", "desa", "pulau", "in", "at", "to", "from", "near", "across",
    "towards", "via", "into",
];

/// Words before a name that make it the speaker (`kata Sunardi`).
pub const BEFORE_SPEAKER: &[&str] = &[
    "kata", "ujar", "ucap", "tutur", "ungkap", "jelas", "tegas", "imbuh", "tambah", "sebut",
    "papar", "terang", "menurut", "said", "says", "told", "added",
];

/// Verbs after a name that make it a person (`Sunardi mengatakan`).
pub const AFTER_SPEAKER: &[&str] = &[
    "mengatakan", "menyatakan", "menegaskan", "menyebut", "menilai", "mengaku", "berkata",
    "menambahkan", "menjelaskan", "mengungkapkan", "menuturkan", "memuji", "mengeluhkan",
    "berharap", "bilang", "said", "says", "told", "added", "wrote", "argued", "warned",
    "explained", "apologised", "apologized", "joked", "noted", "insisted", "urged",
];

/// Lowercase nouns before a name that make it a person (`pelatih`, `juru bicara`).
pub const BEFORE_PERSON: &[&str] = &[
    "bicara", "pelatih", "ekonom", "peneliti", "analis", "pengamat", "warga", "pedagang",
    "petani", "nelayan", "koordinator", "pendiri", "aktivis", "mahasiswa", "dosen",
    "guru", "pengrajin", "tokoh", "penulis", "wartawan", "pemain",
    "gelandang", "penyerang", "bek", "kiper", "striker", "pebulu", "petenis", "pembalap",
    "atlet", "putra", "putri", "istri", "suami", "anak", "ayah", "ibunya", "ayahnya",
    "pengusaha", "seniman", "penyanyi", "aktor", "aktris", "sutradara", "hakim", "jaksa",
    "pengacara", "tersangka", "terdakwa", "korban", "saksi", "pasien", "dokter", "perawat",
    "spokesperson", "spokesman", "spokeswoman", "coach", "analyst", "analysts", "economist",
    "researcher", "activist", "envoy", "star", "striker", "midfielder",
    "defender", "goalkeeper", "player", "driver", "founder", "son",
    "daughter", "wife", "husband", "father", "mother", "brother", "sister", "lawyer",
    "minister", "challenger", "candidate", "leader", "principal", "executive", "officer",
    "director", "chief", "commander", "professor", "student", "imam", "singer", "actor",
];

/// Lowercase nouns before a name that make it an organisation (`perusahaan`, `club`).
pub const BEFORE_ORG: &[&str] = &[
    "perusahaan", "startup", "klub", "partai", "lembaga", "yayasan", "organisasi", "kelompok",
    "asosiasi", "operator", "maskapai", "emiten", "bank", "platform", "aplikasi", "media",
    "harian", "koran", "majalah", "kantor", "company", "firm", "club", "group", "party",
    "maker", "carrier", "airline", "unit", "holding", "rival", "insurer", "lender", "giant",
    "chipmaker", "retailer", "outlet", "newspaper", "broadcaster", "agency", "union",
];

/// Names of days and months, never entities.
pub const CALENDAR: &[&str] = &[
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Januari", "Februari", "Maret",
    "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    "January", "February", "March", "May", "June", "July", "August", "October", "December",
    "Lebaran", "Natal", "Ramadan", "Ramadhan", "Idul", "Fitri", "Adha", "Imlek", "Nyepi",
    "Rp", "US$", "WIB", "WITA", "WIT", "GMT", "UTC",
];

/// Words that make a capitalised run an event or a thing, not an entity (`Piala
/// Dunia`, `Asian Cup`, `Pemilu 2029`).
pub const NOT_ENTITY: &[&str] = &[
    "Piala", "Cup", "Liga", "League", "Olimpiade", "Olympics", "Olympic", "Grand", "Prix",
    "Open", "Masters", "Championship", "Championships", "Games", "KTT", "Summit", "Pemilu",
    "Pilkada", "Pilpres", "Konferensi", "Conference", "Festival", "Expo", "Rapat", "Sidang",
    "Undang-Undang", "Rancangan", "Peraturan", "Perpres", "Keppres", "Konsensus", "Perjanjian",
    "Treaty", "Act", "Bill", "Operasi", "Operation", "Program", "Proyek", "Project", "Tahun",
    "Hari", "Day", "Week", "Pekan", "Award", "Awards", "Prize", "Hadiah", "Kuartal",
];

/// Abbreviations whose full stop ends no sentence.
pub const ABBREVIATIONS: &[&str] = &[
    "Dr", "Prof", "Ir", "Drs", "H", "Hj", "Mr", "Mrs", "Ms", "Jr", "Sr", "St", "Gen", "Lt",
    "Col", "Sen", "Rep", "Jl", "No", "dr", "Tbk", "Co", "Inc", "Corp", "Ltd", "K.H", "KH",
];
