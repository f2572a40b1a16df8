// The same tables in both migration trees (`migrations/sqlite`, `migrations/postgres`);
// a test checks that the two trees agree.

diesel::table! {
    sections (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        description -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tags (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    authors (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        kind -> Text,
        bio -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    articles (id) {
        id -> Text,
        slug -> Text,
        source_key -> Nullable<Text>,
        language -> Text,
        headline -> Text,
        headline_derived -> Bool,
        standfirst -> Nullable<Text>,
        dateline_text -> Nullable<Text>,
        dateline_city -> Nullable<Text>,
        dateline_country -> Nullable<Text>,
        byline -> Nullable<Text>,
        section_id -> Text,
        body -> Text,
        body_html -> Text,
        body_text -> Text,
        word_count -> Integer,
        reading_time_minutes -> Integer,
        status -> Text,
        first_published_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    article_authors (article_id, author_id) {
        article_id -> Text,
        author_id -> Text,
        position -> Integer,
    }
}

diesel::table! {
    article_tags (article_id, tag_id) {
        article_id -> Text,
        tag_id -> Text,
        position -> Integer,
    }
}

diesel::joinable!(articles -> sections (section_id));
diesel::joinable!(article_authors -> articles (article_id));
diesel::joinable!(article_authors -> authors (author_id));
diesel::joinable!(article_tags -> articles (article_id));
diesel::joinable!(article_tags -> tags (tag_id));

diesel::allow_tables_to_appear_in_same_query!(
    sections,
    tags,
    authors,
    articles,
    article_authors,
    article_tags,
);
