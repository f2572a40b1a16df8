// The same tables in both migration trees (`migrations/sqlite`, `migrations/postgres`);
// a test checks that the two trees agree.

diesel::table! {
    /// Listed articles naming each entity per section: kept by `replace_annotations`
    /// and the articles' triggers.
    entity_sections (entity_seq, section_id) {
        entity_seq -> Integer,
        section_id -> Text,
        listed_articles -> BigInt,
    }
}

diesel::table! {
    /// Listed articles per section, language and month (`YYYY-MM`, UTC): kept by triggers.
    listed_months (section_id, language, month) {
        section_id -> Text,
        language -> Text,
        month -> Text,
        listed_articles -> BigInt,
    }
}

diesel::table! {
    sections (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        description -> Nullable<Text>,
        created_at -> Timestamp,
        /// Listed articles (public, or due by the clock): kept by triggers.
        listed_articles -> BigInt,
    }
}

diesel::table! {
    tags (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        created_at -> Timestamp,
        /// Listed articles (public, or due by the clock): kept by triggers.
        listed_articles -> BigInt,
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
        job_title -> Nullable<Text>,
        photo_id -> Nullable<Text>,
        links -> Text,
        language -> Nullable<Text>,
        /// Listed articles (public, or due by the clock): kept by triggers.
        listed_articles -> BigInt,
    }
}

diesel::table! {
    articles (id) {
        /// The article's number: how `article_entities` refers to it.
        seq -> BigInt,
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
        word_count -> Integer,
        reading_time_minutes -> Integer,
        status -> Text,
        first_published_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        created_by -> Nullable<Text>,
        deleted_at -> Nullable<Timestamp>,
        review_requested_at -> Nullable<Timestamp>,
        featured_image_id -> Nullable<Text>,
        featured_image_alt -> Nullable<Text>,
        featured_image_caption -> Nullable<Text>,
        featured_image_credit -> Nullable<Text>,
        urgency -> Integer,
        breaking_until -> Nullable<Timestamp>,
        /// Not deleted, published or scheduled (generated from those columns).
        listed -> Bool,
    }
}

diesel::table! {
    corrections (id) {
        id -> Text,
        article_id -> Text,
        text -> Text,
        user_id -> Nullable<Text>,
        published_at -> Timestamp,
    }
}

diesel::table! {
    revisions (id) {
        id -> Text,
        article_id -> Text,
        version -> BigInt,
        user_id -> Nullable<Text>,
        action -> Text,
        created_at -> Timestamp,
        state -> Nullable<Binary>,
    }
}

diesel::table! {
    article_authors (article_id, author_id) {
        article_id -> Text,
        author_id -> Text,
        position -> Integer,
        listed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    article_tags (article_id, tag_id) {
        article_id -> Text,
        tag_id -> Text,
        position -> Integer,
        listed_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(articles -> sections (section_id));
diesel::joinable!(listed_months -> sections (section_id));
diesel::joinable!(article_authors -> articles (article_id));
diesel::joinable!(article_authors -> authors (author_id));
diesel::joinable!(article_tags -> articles (article_id));
diesel::joinable!(article_tags -> tags (tag_id));

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        author_id -> Nullable<Text>,
        active -> Bool,
        token_version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        session_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Text,
        client_ip -> Text,
        email -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        name -> Text,
        key_hash -> Text,
        prefix -> Text,
        requests_per_window -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    changes (seq) {
        seq -> BigInt,
        article_id -> Text,
        kind -> Text,
        slug -> Text,
        version -> BigInt,
        occurred_at -> Timestamp,
        entry_id -> Nullable<Text>,
    }
}

diesel::table! {
    pending_publications (article_id) {
        article_id -> Text,
        slug -> Text,
        version -> BigInt,
        due_at -> Timestamp,
    }
}

diesel::table! {
    entities (id) {
        /// The entity's number: how `article_entities` refers to it. A 32-bit integer,
        /// four bytes of every mention row (migration `entity_numbers_narrower`).
        seq -> Integer,
        id -> Text,
        slug -> Text,
        name -> Text,
        kind -> Text,
        wikidata -> Nullable<Text>,
        aliases -> Text,
        origin -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        /// Listed articles (public, or due by the clock): kept by triggers.
        listed_articles -> BigInt,
    }
}

diesel::table! {
    article_entities (article_seq, entity_seq) {
        article_seq -> BigInt,
        entity_seq -> Integer,
        mentions -> Integer,
        listed_second -> Nullable<BigInt>,
    }
}

diesel::table! {
    entity_overrides (article_id, entity_id) {
        article_id -> Text,
        entity_id -> Text,
        included -> Bool,
    }
}

diesel::table! {
    entity_suggestions (article_id, name_key) {
        article_id -> Text,
        name_key -> Text,
        name -> Text,
        kind -> Text,
        found_by -> Text,
        mentions -> Integer,
    }
}

diesel::table! {
    rejected_names (name_key) {
        name_key -> Text,
        name -> Text,
        rejected_by -> Nullable<Text>,
        rejected_at -> Timestamp,
    }
}

diesel::table! {
    quotes (id) {
        id -> Text,
        article_id -> Text,
        position -> Integer,
        block -> Integer,
        kind -> Text,
        text -> Text,
        speaker -> Nullable<Text>,
        entity_id -> Nullable<Text>,
        /// The article's publication time while it is listed (triggers); else NULL.
        listed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    article_subjects (article_id, code) {
        article_id -> Text,
        code -> Text,
    }
}

diesel::table! {
    webhooks (id) {
        id -> Text,
        url -> Text,
        secret -> Text,
        events -> Text,
        owner_user_id -> Nullable<Text>,
        owner_api_key_id -> Nullable<Text>,
        active -> Bool,
        consecutive_failures -> Integer,
        disabled_at -> Nullable<Timestamp>,
        cursor -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    media (id) {
        id -> Text,
        content_hash -> Text,
        media_type -> Text,
        width -> Integer,
        height -> Integer,
        bytes -> BigInt,
        alt -> Nullable<Text>,
        caption -> Nullable<Text>,
        credit -> Nullable<Text>,
        copyright_holder -> Nullable<Text>,
        usage_terms -> Nullable<Text>,
        focal_x -> Double,
        focal_y -> Double,
        uploaded_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    media_renditions (media_id, name) {
        media_id -> Text,
        name -> Text,
        media_type -> Text,
        width -> Integer,
        height -> Integer,
        bytes -> BigInt,
        content_hash -> Text,
    }
}

diesel::table! {
    media_jobs (media_id) {
        media_id -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        change_seq -> BigInt,
        event -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        last_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    article_media (article_id, media_id) {
        article_id -> Text,
        media_id -> Text,
    }
}

diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(article_media -> articles (article_id));
diesel::joinable!(article_media -> media (media_id));
diesel::joinable!(media_renditions -> media (media_id));
diesel::joinable!(media_jobs -> media (media_id));
diesel::joinable!(quotes -> articles (article_id));
diesel::joinable!(article_subjects -> articles (article_id));
diesel::joinable!(users -> authors (author_id));
diesel::joinable!(revisions -> articles (article_id));
diesel::joinable!(corrections -> articles (article_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));

diesel::table! {
    /// Which analyzer derived the articles' entities, quotes and subjects (one row).
    derivations (id) {
        id -> Integer,
        version -> Integer,
        walking_to -> Nullable<Integer>,
        through -> BigInt,
    }
}

diesel::table! {
    content_version (id) {
        id -> Integer,
        counter -> BigInt,
    }
}

diesel::table! {
    fronts (name) {
        name -> Text,
        version -> BigInt,
        updated_at -> Timestamp,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    front_slots (front, position) {
        front -> Text,
        position -> Integer,
        article_id -> Text,
        pinned_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    preview_links (id) {
        id -> Text,
        article_id -> Text,
        token_hash -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    edit_locks (article_id) {
        article_id -> Text,
        user_id -> Text,
        acquired_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    live_entries (id) {
        id -> Text,
        article_id -> Text,
        title -> Nullable<Text>,
        body -> Text,
        body_html -> Text,
        key_event -> Bool,
        pinned -> Bool,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    live_blogs (article_id) {
        article_id -> Text,
        state -> Text,
        opened_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    translations (article_id) {
        article_id -> Text,
        group_id -> Text,
        source_id -> Nullable<Text>,
    }
}

diesel::table! {
    article_views (article_id, hour) {
        article_id -> Text,
        hour -> Timestamp,
        views -> Integer,
    }
}

diesel::joinable!(article_views -> articles (article_id));
diesel::joinable!(live_entries -> articles (article_id));
diesel::joinable!(translations -> articles (article_id));
diesel::joinable!(live_blogs -> articles (article_id));
diesel::joinable!(edit_locks -> articles (article_id));
diesel::joinable!(preview_links -> articles (article_id));
diesel::joinable!(front_slots -> fronts (front));
diesel::joinable!(front_slots -> articles (article_id));

diesel::joinable!(entity_suggestions -> articles (article_id));

diesel::allow_tables_to_appear_in_same_query!(
    sections,
    listed_months,
    entity_sections,
    entity_suggestions,
    rejected_names,
    tags,
    authors,
    articles,
    article_authors,
    article_tags,
    users,
    sessions,
    refresh_tokens,
    login_failures,
    revisions,
    corrections,
    api_keys,
    changes,
    pending_publications,
    entities,
    article_entities,
    entity_overrides,
    quotes,
    article_subjects,
    article_media,
    webhooks,
    webhook_deliveries,
    content_version,
    media,
    media_renditions,
    media_jobs,
    fronts,
    front_slots,
    preview_links,
    edit_locks,
    live_entries,
    live_blogs,
    translations,
    article_views,
);
