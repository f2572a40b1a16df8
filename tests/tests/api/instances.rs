//! Two backend instances on one PostgreSQL database, as behind a load balancer: what
//! one writes the other reads, a session made on one works (and ends) on the other,
//! a scheduled publication is published once however many instances find it due, and
//! each webhook delivery is sent once although both instances run the worker.

use serde_json::json;
use shared::Article;
use shared::changes::{ChangePage, ChangeType};
use shared::staff::Role;
use shared::webhooks::{DeliveryPage, DeliveryStatus};
use tests::{Db, TestApp};

use crate::webhooks::{Receiver, headline_of, loopback, publish_new, register, signed_by};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgresql_agree() {
    let a = TestApp::builder(Db::Postgres)
        .manual_clock()
        .configure(loopback)
        .spawn()
        .await;
    // Same database, same token key, same clock; its own process state.
    let b = a.restart().await;

    // Signed in on B, the session works on A.
    let admin = a.staff_token(Role::Admin, "Ani Admin").await;
    let editor_email = a.create_staff(Role::Editor, "Sari Editor");
    let editor = b.login(&editor_email).await.access_token;
    assert_eq!(a.get_authed("/api/v1/auth/me", &editor).await.status(), 200);

    let mut receiver = Receiver::start(vec![], (200, None)).await;
    let hook = register(&b, &admin, &receiver.url, &["article.published"]).await;

    // Written through A, read through B.
    let published = publish_new(&a, &editor, "Ditulis di A").await;
    let via_b: Article = b
        .get_json(&format!("/api/v1/articles/{}", published.slug))
        .await;
    assert_eq!((via_b.id, via_b.version), (published.id, published.version));
    // Each instance has its own search index, kept from the change log: B finds it at
    // once, and no longer once A unpublishes it.
    let found: shared::SearchPage = b.get_json("/api/v1/search?q=ditulis").await;
    assert_eq!(found.pagination.total, 1);
    let unpublished = a
        .client
        .post(a.url(&format!(
            "/api/v1/newsroom/articles/{}/unpublish",
            published.id
        )))
        .bearer_auth(&editor)
        .header("If-Match", format!("\"v{}\"", published.version))
        .send()
        .await
        .expect("response");
    assert_eq!(unpublished.status(), 200);
    let found: shared::SearchPage = b.get_json("/api/v1/search?q=ditulis").await;
    assert_eq!(found.pagination.total, 0);

    // Scheduled through B; when due, both instances look at once: one publication.
    let draft = b
        .create_article(
            &editor,
            &json!({"headline": "Embargo Dua Instans", "section": "internasional",
                    "language": "id", "byline": "Sari", "body": [{"type": "paragraph", "text": "Isi."}]}),
        )
        .await;
    // 30 s ahead: moving the shared clock there must not also expire a claim on a
    // delivery still being sent (claims last 8 × the 10 s send timeout), which would
    // let the other instance send it again — as a jump of an hour did under load.
    let at = chrono::Utc::now() + chrono::Duration::seconds(30);
    let at = at - chrono::Duration::nanoseconds(i64::from(chrono::Timelike::nanosecond(&at)));
    let response = b
        .client
        .post(b.url(&format!("/api/v1/newsroom/articles/{}/schedule", draft.id)))
        .bearer_auth(&editor)
        .header("If-Match", format!("\"v{}\"", draft.version))
        .json(&json!({"published_at": at.to_rfc3339()}))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 200);
    a.set_clock(at);
    let (from_a, from_b) = tokio::join!(
        a.get_json::<ChangePage>("/api/v1/changes"),
        b.get_json::<ChangePage>("/api/v1/changes")
    );
    let publications = |page: &ChangePage| {
        page.data
            .iter()
            .filter(|c| c.article.id == draft.id && c.kind == ChangeType::Published)
            .count()
    };
    assert_eq!((publications(&from_a), publications(&from_b)), (1, 1));
    let cursors = |page: &ChangePage| {
        page.data
            .iter()
            .map(|c| c.cursor.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(cursors(&from_a), cursors(&from_b), "one log, seen alike");

    // Both workers ran: each publication was delivered, each exactly once.
    let mut headlines = vec![headline_of(&receiver.next().await), {
        let second = receiver.next().await;
        assert!(signed_by(&second, &hook.secret));
        headline_of(&second)
    }];
    headlines.sort();
    assert_eq!(headlines, ["Ditulis di A", "Embargo Dua Instans"]);
    let log: DeliveryPage = a
        .get_authed(
            &format!("/api/v1/webhooks/{}/deliveries", hook.webhook.id),
            &admin,
        )
        .await
        .json()
        .await
        .expect("deliveries");
    assert_eq!(log.data.len(), 2, "{log:?}");
    for delivery in &log.data {
        assert_eq!(
            (delivery.status, delivery.attempts),
            (DeliveryStatus::Delivered, 1),
            "sent once: {delivery:?}"
        );
    }

    // Signed out on A: the session is over on B too.
    let response = a
        .client
        .post(a.url("/api/v1/auth/logout"))
        .bearer_auth(&editor)
        .send()
        .await
        .expect("answers");
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(b.get_authed("/api/v1/auth/me", &editor).await.status(), 401);
}

/// The image library in an S3 bucket: an image uploaded through A has its renditions
/// made by B's worker (from the original A kept) and served by both, while B's own
/// folder stays empty — what several instances behind a load balancer need.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_the_image_library_through_s3() {
    use shared::media::Image;

    let a = TestApp::builder(Db::Postgres)
        .storage(tests::Storage::S3)
        .spawn()
        .await;
    let elsewhere = tempfile::tempdir().expect("a folder");
    let b_folder = elsewhere.path().join("media");
    let b = a
        .restart_with(|settings| settings.media.dir.clone_from(&b_folder))
        .await;
    let editor = a.staff_token(Role::Editor, "Sari Editor").await;
    let uploaded = crate::media::upload(
        &a,
        &editor,
        crate::media::form(crate::media::jpeg(900, 600), &[("alt", "Dermaga")]),
    )
    .await;
    assert_eq!(uploaded.status(), 201);
    let image: Image = uploaded.json().await.expect("an image");

    assert_eq!(
        b.render_media(),
        vec![image.id.to_string()],
        "B renders A's upload"
    );
    let made: Image = a
        .get_authed(&format!("/api/v1/newsroom/media/{}", image.id), &editor)
        .await
        .json()
        .await
        .expect("an image");
    assert!(!made.renditions.is_empty());
    for rendition in &made.renditions {
        let (from_a, from_b) = (a.get(&rendition.url).await, b.get(&rendition.url).await);
        assert_eq!(
            (from_a.status().as_u16(), from_b.status().as_u16()),
            (200, 200),
            "{}",
            rendition.url
        );
        let (from_a, from_b) = (
            from_a.bytes().await.expect("bytes"),
            from_b.bytes().await.expect("bytes"),
        );
        assert_eq!(from_a, from_b);
        assert_eq!(from_b.len() as u64, rendition.bytes);
    }
    assert!(
        std::fs::read_dir(&b_folder).map_or(true, |mut entries| entries.next().is_none()),
        "B keeps nothing in its own folder"
    );
}

/// A reader following a live blog through one instance receives the entries written
/// through the other (the hub there reads them from the shared change log), and a
/// reconnection to either resumes from the same event ids.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_entries_written_through_one_instance_reach_readers_of_the_other() {
    use shared::live::LiveEntry;

    let a = tests::spawn_app(Db::Postgres).await;
    let b = a.restart().await;
    let editor = a.staff(Role::Editor, "Sari Editor").await;
    let blog = crate::live::live_blog(&editor, "Langsung: Dua Instans").await;
    let mut on_b = crate::live::follow(&b, &blog.slug, &[]).await;
    let mut on_a = crate::live::follow(&a, &blog.slug, &[]).await;

    let entry = crate::live::posted(&a, &editor.token, &blog, "Ditulis di A").await;
    let via_b = on_b.next_event().await;
    let via_a = on_a.next_event().await;
    assert_eq!(via_b.json::<LiveEntry>(), entry);
    assert_eq!((via_b.id.clone(), via_b.event), (via_a.id, via_a.event));

    let second = crate::live::posted(&b, &editor.token, &blog, "Ditulis di B").await;
    assert_eq!(on_a.next_event().await.json::<LiveEntry>(), second);
    // Resumed on A from the event B sent: the entry written through B.
    let last = via_b.id.expect("an id");
    let mut resumed =
        crate::live::follow(&a, &blog.slug, &[("Last-Event-ID", last.as_str())]).await;
    assert_eq!(resumed.next_event().await.json::<LiveEntry>(), second);
}
