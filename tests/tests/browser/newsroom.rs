//! The newsroom in the browser: sign in, write, publish and read it as a reader;
//! a session that survives a reload and ends on sign-out; the 412 conflict flow.

use fantoccini::Locator;
use serde_json::json;
use shared::Article;
use shared::staff::Role;
use tests::PASSWORD;
use tests::browser::Browser;

use super::app;

/// Types into the field matching `css` (after it shows).
async fn type_into(browser: &Browser, css: &str, text: &str) {
    browser.text_of(css).await;
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("typing into {css}: {e}"));
}

async fn sign_in(browser: &Browser, email: &str) {
    type_into(browser, "form.login input[name=email]", email).await;
    type_into(browser, "form.login input[name=password]", PASSWORD).await;
    browser.click("form.login button[type=submit]").await;
    browser.text_of(".desk-bar .desk-user").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_writes_and_publishes_and_readers_see_it() {
    let app = app().await;
    let email = app.create_staff(Role::Editor, "Sari Editor");
    let browser = Browser::start().await;
    browser.goto(&app.url("/redaksi")).await;
    // Not signed in: the login form, and a wrong password is refused.
    type_into(&browser, "form.login input[name=email]", &email).await;
    type_into(
        &browser,
        "form.login input[name=password]",
        "bukan kata sandinya",
    )
    .await;
    browser.click("form.login button[type=submit]").await;
    browser
        .wait_for_text(".form-error", "Surel atau kata sandi salah.")
        .await;
    browser.goto(&app.url("/redaksi")).await;
    sign_in(&browser, &email).await;
    browser
        .wait_for_text(".desk-user strong", "Sari Editor")
        .await;

    browser.click("a.button[href='/redaksi/tulis']").await;
    let headline = "Seoul dan Tokyo Sepakati Patroli Bersama";
    type_into(&browser, "input[name=headline]", headline).await;
    type_into(&browser, "input[name=dateline]", "Seoul, Korea Selatan").await;
    type_into(&browser, "input[name=tags]", "Korea Selatan, Jepang").await;
    type_into(
        &browser,
        "textarea[name=block-0-text]",
        "Kedua negara mengumumkan patroli laut bersama.",
    )
    .await;
    browser.click("button.add-block").await;
    // The new block becomes a quote with its speaker.
    browser.text_of("select[name=block-1-type]").await;
    browser
        .client
        .find(Locator::Css(
            "select[name=block-1-type] option[value=quote]",
        ))
        .await
        .expect("quote option")
        .click()
        .await
        .expect("choose quote");
    type_into(
        &browser,
        "textarea[name=block-1-text]",
        "Kami berdiri bersama.",
    )
    .await;
    type_into(&browser, "input[name=block-1-speaker]", "Yoon").await;
    browser.click("button.save").await;
    browser.wait_for_text(".editor-state .status", "Draf").await;
    assert_eq!(browser.text_of(".form-ok").await, "Tersimpan");
    browser.screenshot("editor-draft").await;

    // The preview is the reader's page.
    browser.click("button.toggle-preview").await;
    assert_eq!(browser.text_of(".preview h1.headline").await, headline);
    assert_eq!(
        browser.text_of(".preview .pull-quote .speaker").await,
        "Yoon"
    );
    browser.click("button.toggle-preview").await;

    // Scheduling without a time: the field is named, not "the API is down".
    browser.click("button.schedule").await;
    browser
        .wait_for_text(
            ".form-error",
            "Waktu terbit: isi tanggal dan jam terbit sebelum menjadwalkan",
        )
        .await;

    browser.click("button.publish").await;
    browser
        .wait_for_text(".editor-state .status", "Terbit")
        .await;

    // The session survives a reload (the refresh cookie) …
    browser.client.refresh().await.expect("reload");
    browser
        .wait_for_text(".desk-user strong", "Sari Editor")
        .await;
    browser
        .wait_for_text(".editor-state .status", "Terbit")
        .await;

    // … and a reader sees the story on the front page.
    browser.goto(&app.url("/")).await;
    assert_eq!(
        browser.text_of(".card-lead .card-headline a").await,
        headline
    );
    browser.click(".card-lead .card-headline a").await;
    assert_eq!(browser.text_of(".pull-quote .speaker").await, "Yoon");
    assert_eq!(
        browser.text_of(".dateline").await,
        "Seoul, Korea Selatan — "
    );

    // Signing out ends the session, also after a reload.
    browser.goto(&app.url("/redaksi")).await;
    browser.click("button.sign-out").await;
    browser.text_of("form.login").await;
    browser.client.refresh().await.expect("reload");
    browser.text_of("form.login").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_over_someone_elses_change_is_never_silent() {
    let app = app().await;
    let email = app.create_staff(Role::Editor, "Sari Editor");
    let other = app.staff_token(Role::Editor, "Budi Editor").await;
    let created = app
        .post_json(
            "/api/v1/newsroom/articles",
            &json!({"headline": "Judul Awal", "section": "internasional", "language": "id",
                    "body": [{"type": "paragraph", "text": "Isi awal."}]}),
            Some(&other),
        )
        .await;
    assert_eq!(created.status(), 201);
    let article: Article = created.json().await.expect("article");

    let browser = Browser::start().await;
    browser
        .goto(&app.url(&format!("/redaksi/artikel/{}", article.id)))
        .await;
    sign_in(&browser, &email).await;
    browser.wait_for_text(".editor-state", "Versi 1").await;

    // Meanwhile another editor saves version 2.
    let theirs = app
        .client
        .put(app.url(&format!("/api/v1/newsroom/articles/{}", article.id)))
        .bearer_auth(&other)
        .header("If-Match", "\"v1\"")
        .json(
            &json!({"headline": "Judul Mereka", "section": "internasional", "language": "id",
                      "body": [{"type": "paragraph", "text": "Isi mereka."}]}),
        )
        .send()
        .await
        .expect("response");
    assert_eq!(theirs.status(), 200);

    type_into(&browser, "input[name=headline]", " Versi Saya").await;
    browser.click("button.save").await;
    browser
        .wait_for_text(".conflict", "sudah diubah orang lain sejak Anda membukanya")
        .await;
    browser.screenshot("editor-conflict").await;
    // Nothing was overwritten.
    let stored: Article = app
        .get_authed(&format!("/api/v1/newsroom/articles/{}", article.id), &other)
        .await
        .json()
        .await
        .expect("article");
    assert_eq!(stored.headline, "Judul Mereka");
    assert_eq!(stored.version, 2);

    // Keep my copy: it becomes a new draft, theirs stays.
    browser.click("button.keep-copy").await;
    browser
        .wait_for_text(".form-ok", "disimpan sebagai draf baru")
        .await;
    browser.wait_for_text(".editor-state", "Versi 1").await;
    let path = browser.eval("return location.pathname").await;
    let copy_id = path
        .as_str()
        .and_then(|p| p.strip_prefix("/redaksi/artikel/"))
        .expect("the copy's editor")
        .to_owned();
    assert_ne!(copy_id, article.id.to_string());
    let copy: Article = app
        .get_authed(&format!("/api/v1/newsroom/articles/{copy_id}"), &other)
        .await
        .json()
        .await
        .expect("the copy");
    assert_eq!(copy.headline, "Judul Awal Versi Saya");

    // Or load theirs: back on the original, the form shows their version.
    browser
        .goto(&app.url(&format!("/redaksi/artikel/{}", article.id)))
        .await;
    browser.wait_for_text(".editor-state", "Versi 2").await;
    let headline = browser
        .eval("return document.querySelector('input[name=headline]').value")
        .await;
    assert_eq!(headline, "Judul Mereka");
    browser.close().await;
}

/// A photo with something in it (a gradient), as a JPEG file on disk for the file input.
fn photo_file(dir: &std::path::Path) -> std::path::PathBuf {
    let pixels = image::RgbImage::from_fn(1200, 800, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let path = dir.join("busan.jpg");
    image::DynamicImage::ImageRgb8(pixels)
        .save_with_format(&path, image::ImageFormat::Jpeg)
        .expect("a JPEG written");
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_uploads_a_picture_places_it_and_readers_see_it() {
    let app = app().await;
    let email = app.create_staff(Role::Editor, "Sari Editor");
    let files = tempfile::tempdir().expect("a folder");
    let photo = photo_file(files.path());
    let browser = Browser::start().await;
    browser.goto(&app.url("/redaksi/media")).await;
    sign_in(&browser, &email).await;

    // Upload through the file input (as a drop would), with its progress and outcome.
    browser.text_of("input[type=file][name=files]").await;
    browser
        .client
        .find(Locator::Css("input[type=file][name=files]"))
        .await
        .expect("the file input")
        .send_keys(&photo.display().to_string())
        .await
        .expect("a file chosen");
    browser
        .wait_for_text(".upload.done .upload-outcome", "Terunggah")
        .await;
    // Renditions are made by the worker; the test server makes them when told.
    app.render_media();
    browser.client.refresh().await.expect("reload");
    browser.click("button.tile").await;
    browser.text_of(".image-details .focal img").await;
    type_into(
        &browser,
        ".image-details input[name=alt]",
        "Pelabuhan Busan saat senja",
    )
    .await;
    type_into(&browser, ".image-details input[name=credit]", "Foto: Sari").await;
    // The focal point: a click a quarter across and three quarters down the picture.
    browser
        .eval(
            "const img = document.querySelector('.image-details .focal img');
             const r = img.getBoundingClientRect();
             img.dispatchEvent(new MouseEvent('click', {bubbles: true,
                 clientX: r.left + r.width * 0.25, clientY: r.top + r.height * 0.75}));",
        )
        .await;
    browser
        .wait_for_text(".image-details .hint", "0.25, 0.75")
        .await;
    browser.click(".image-details button.save").await;
    browser
        .wait_for_text(".image-details .form-ok", "Tersimpan")
        .await;
    browser.screenshot("media-library").await;
    let token = app.login(&email).await.access_token;
    let library: shared::media::ImagePage = app
        .get_authed("/api/v1/newsroom/media", &token)
        .await
        .json()
        .await
        .expect("the library");
    let described = &library.data[0];
    assert_eq!(described.alt.as_deref(), Some("Pelabuhan Busan saat senja"));
    assert_eq!(
        (described.focal_point.x, described.focal_point.y),
        (0.25, 0.75)
    );

    // Write a story with it as featured image and in the body, with its own caption.
    browser.goto(&app.url("/redaksi/tulis")).await;
    let headline = "Busan Bersiap Menyambut Kapal Pesiar";
    type_into(&browser, "input[name=headline]", headline).await;
    type_into(
        &browser,
        "textarea[name=block-0-text]",
        "Pelabuhan Busan memperluas dermaga penumpangnya.",
    )
    .await;
    browser.click("button.add-image").await;
    browser.click(".picker button.tile").await;
    type_into(
        &browser,
        "input[name=block-1-image-0-caption]",
        "Dermaga baru di Busan",
    )
    .await;
    browser.click("button.choose-featured").await;
    browser.click(".picker button.tile").await;
    browser.text_of(".featured-image img.thumb").await;
    browser.click("button.save").await;
    browser.wait_for_text(".editor-state .status", "Draf").await;
    browser.click("button.publish").await;
    browser
        .wait_for_text(".editor-state .status", "Terbit")
        .await;
    browser.screenshot("editor-pictures").await;

    // The reader: the card and the article carry the picture, sized, with srcset.
    browser.goto(&app.url("/")).await;
    assert_eq!(
        browser.text_of(".card-lead .card-headline a").await,
        headline
    );
    browser.text_of(".card-lead .card-image img").await;
    browser.click(".card-lead .card-headline a").await;
    browser.text_of(".story-image img").await;
    // The featured picture loads (decoded: not a broken image), as WebP.
    let loaded = browser
        .client
        .execute_async(
            "const done = arguments[0];
             const img = document.querySelector('.story-image img');
             img.decode().then(() => done({width: img.naturalWidth, src: img.currentSrc}),
                               (e) => done({error: String(e)}));",
            Vec::new(),
        )
        .await
        .expect("the picture loads");
    assert!(loaded["width"].as_u64().is_some_and(|w| w > 0), "{loaded}");
    assert!(
        loaded["src"].as_str().is_some_and(|s| s.ends_with(".webp")),
        "{loaded}"
    );
    let body_image = browser
        .eval(
            "const img = document.querySelector('.story-body figure.image img');
             return {alt: img.alt, width: img.getAttribute('width'), height: img.getAttribute('height'),
                     loading: img.loading, srcset: img.srcset,
                     caption: img.closest('figure').querySelector('figcaption').textContent};",
        )
        .await;
    assert_eq!(body_image["alt"], "Pelabuhan Busan saat senja");
    assert_eq!(body_image["width"], "1200");
    assert_eq!(body_image["height"], "800");
    assert_eq!(body_image["loading"], "lazy");
    assert!(
        body_image["srcset"]
            .as_str()
            .is_some_and(|s| s.contains("w320.jpg 320w")),
        "{body_image}"
    );
    assert_eq!(body_image["caption"], "Dermaga baru di Busan Foto: Sari");
    browser.screenshot("article-pictures").await;

    // A file dropped on the library page is uploaded as a chosen one is.
    browser.goto(&app.url("/redaksi/media")).await;
    browser.text_of("button.tile").await;
    let dropped = browser
        .client
        .execute_async(
            "const done = arguments[0];
             const canvas = document.createElement('canvas');
             canvas.width = 300; canvas.height = 200;
             const context = canvas.getContext('2d');
             context.fillStyle = '#c33'; context.fillRect(0, 0, 300, 200);
             canvas.toBlob(blob => {
                 const files = new DataTransfer();
                 files.items.add(new File([blob], 'jatuh.png', {type: 'image/png'}));
                 const drop = new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: files});
                 document.querySelector('.uploader').dispatchEvent(drop);
                 done(drop.defaultPrevented);
             }, 'image/png');",
            Vec::new(),
        )
        .await
        .expect("a drop");
    assert_eq!(dropped, true, "the page takes the drop");
    browser
        .wait_for_text(".upload.done .upload-name", "jatuh.png")
        .await;
    browser
        .wait_until("document.querySelectorAll('button.tile').length === 2")
        .await;
    browser.close().await;
}

/// The headlines of the slots on the fronts page, in order.
async fn slot_headlines(browser: &Browser) -> Vec<String> {
    let value = browser
        .eval("return [...document.querySelectorAll('.slots .slot-headline')].map(e => e.textContent)")
        .await;
    serde_json::from_value(value).expect("headlines")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_arranges_the_front_page_and_readers_see_it() {
    let app = app().await;
    let email = app.create_staff(Role::Editor, "Sari Editor");
    let other = app.staff(Role::Editor, "Budi Editor").await;
    let mut stories = Vec::new();
    for headline in [
        "Pilihan Pertama Redaksi",
        "Pilihan Kedua Redaksi",
        "Berita Paling Baru",
    ] {
        let draft = other.create(&tests::draft(headline)).await;
        stories.push(other.publish(&draft).await);
    }
    let [first, second, newest] = [&stories[0], &stories[1], &stories[2]];

    let browser = Browser::start().await;
    browser.goto(&app.url("/redaksi/halaman")).await;
    sign_in(&browser, &email).await;
    browser.text_of(".fronts .empty").await;
    // Found by words of the headline, added in the order clicked.
    type_into(&browser, "input[name=find]", "pilihan kedua").await;
    browser
        .click(&format!(
            "button.add[aria-label='Tambahkan — {}']",
            second.headline
        ))
        .await;
    browser.wait_for_text(".slots", &second.headline).await;
    browser
        .client
        .find(Locator::Css("input[name=find]"))
        .await
        .expect("find")
        .clear()
        .await
        .expect("cleared");
    type_into(&browser, "input[name=find]", "pertama").await;
    browser
        .click(&format!(
            "button.add[aria-label='Tambahkan — {}']",
            first.headline
        ))
        .await;
    browser.wait_for_text(".slots", &first.headline).await;
    assert_eq!(
        slot_headlines(&browser).await,
        [second.headline.clone(), first.headline.clone()]
    );
    // Up, from the keyboard's buttons: the first story leads.
    browser
        .click(&format!(
            "button.up[aria-label='Naik — {}']",
            first.headline
        ))
        .await;
    browser
        .wait_for_text(".slot.lead .slot-headline", &first.headline)
        .await;
    // Dragged back, and down again by its button.
    browser
        .eval(
            "const [a, b] = document.querySelectorAll('.slots .slot');
             const data = new DataTransfer();
             a.dispatchEvent(new DragEvent('dragstart', {dataTransfer: data, bubbles: true}));
             b.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));
             b.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
             return true",
        )
        .await;
    browser
        .wait_for_text(".slot.lead .slot-headline", &second.headline)
        .await;
    browser
        .click(&format!(
            "button.down[aria-label='Turun — {}']",
            second.headline
        ))
        .await;
    browser
        .wait_for_text(".slot.lead .slot-headline", &first.headline)
        .await;
    browser.click("button.save").await;
    browser
        .wait_for_text(".save-line .message", "Tersimpan")
        .await;
    browser.wait_for_text(".arranged-by", "Sari Editor").await;
    browser.screenshot("fronts-arranged").await;

    // A reader gets the editors' lead, not the newest story, and their next pick.
    browser.goto(&app.url("/")).await;
    assert_eq!(
        browser.text_of(".card-lead .card-headline a").await,
        first.headline
    );
    assert_eq!(
        browser.text_of(".picks .card-headline a").await,
        second.headline
    );
    browser.wait_for_text(".latest", &newest.headline).await;

    // Arranged meanwhile by someone else: a save over it is refused, and said.
    browser.goto(&app.url("/redaksi/halaman")).await;
    browser.wait_for_text(".arranged-by", "(v1)").await;
    let theirs = app
        .client
        .put(app.url("/api/v1/newsroom/fronts/home"))
        .bearer_auth(&other.token)
        .header("If-Match", "\"v1\"")
        .json(&json!({"slots": [{"article_id": newest.id}]}))
        .send()
        .await
        .expect("answers");
    assert_eq!(theirs.status(), 200);
    browser
        .click(&format!(
            "button.remove[aria-label='Hapus — {}']",
            second.headline
        ))
        .await;
    browser.click("button.save").await;
    browser
        .wait_for_text(".save-line .message", "sudah diatur orang lain")
        .await;
    browser.click("button.reload").await;
    browser.wait_for_text(".arranged-by", "Budi Editor").await;
    assert_eq!(slot_headlines(&browser).await, [newest.headline.as_str()]);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_author_shares_a_draft_by_a_preview_link_and_revokes_it() {
    let app = app().await;
    let email = app.create_staff(Role::Author, "Ani Penulis");
    let browser = Browser::start().await;
    browser.goto(&app.url("/redaksi/tulis")).await;
    sign_in(&browser, &email).await;
    let headline = "Draf Rahasia untuk Narasumber";
    type_into(&browser, "input[name=headline]", headline).await;
    type_into(
        &browser,
        "textarea[name=block-0-text]",
        "Isi yang belum terbit.",
    )
    .await;
    browser.click("button.save").await;
    browser.wait_for_text(".editor-state .status", "Draf").await;

    browser.click("button.make-preview").await;
    browser.text_of("input[name=preview-url]").await;
    let url = browser
        .eval("return document.querySelector('input[name=preview-url]').value")
        .await;
    let url = url.as_str().expect("the link").to_owned();
    assert!(url.starts_with(&app.url("/pratinjau/")), "{url}");
    browser
        .wait_for_text(".preview-link.active", "Ani Penulis")
        .await;
    let editor = browser.eval("return location.href").await;

    // Opened as a reader would (the page arrives rendered; no account is needed).
    browser.goto(&url).await;
    assert_eq!(browser.text_of("h1.headline").await, headline);
    browser.text_of(".preview-notice").await;
    let robots = browser
        .eval("return document.querySelector('meta[name=robots]').content")
        .await;
    assert_eq!(robots, "noindex, nofollow");

    // Revoked in the editor: the link shows it no longer works.
    browser.goto(editor.as_str().expect("the editor")).await;
    browser.click(".preview-link.active button.revoke").await;
    browser
        .wait_for_text(".preview-link.revoked", "dicabut")
        .await;
    browser.goto(&url).await;
    browser.text_of(".preview-gone").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_is_told_who_has_the_article_open_and_may_take_over() {
    let app = app().await;
    let email = app.create_staff(Role::Editor, "Sari Editor");
    let budi = app.staff(Role::Editor, "Budi Editor").await;
    let article = budi
        .create(&tests::draft("Berita yang Sedang Disunting"))
        .await;
    let lock = |token: String, take_over: bool| {
        let (app, id) = (&app, article.id);
        async move {
            app.client
                .put(app.url(&format!("/api/v1/newsroom/articles/{id}/lock")))
                .bearer_auth(token)
                .json(&json!({"take_over": take_over}))
                .send()
                .await
                .expect("answers")
                .status()
        }
    };
    assert_eq!(lock(budi.token.clone(), false).await, 200);

    let browser = Browser::start().await;
    browser
        .goto(&app.url(&format!("/redaksi/artikel/{}", article.id)))
        .await;
    sign_in(&browser, &email).await;
    browser.wait_for_text(".edit-lock", "Budi Editor").await;
    browser.screenshot("editor-lock").await;
    browser.click("button.take-over").await;
    browser
        .wait_until("!document.querySelector('.edit-lock')")
        .await;
    // Sari holds it now: Budi's next renewal is refused.
    assert_eq!(lock(budi.token.clone(), false).await, 409);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_runs_a_live_blog_from_the_editor() {
    let app = app().await;
    let email = app.create_staff(Role::Editor, "Sari Editor");
    let browser = Browser::start().await;
    browser.goto(&app.url("/redaksi/tulis")).await;
    sign_in(&browser, &email).await;
    type_into(
        &browser,
        "input[name=headline]",
        "Langsung: Gempa di Lombok",
    )
    .await;
    type_into(
        &browser,
        "textarea[name=block-0-text]",
        "Ringkasan terkini.",
    )
    .await;
    browser.click("select[name=live] option[value=open]").await;
    browser.click("button.save").await;
    browser.wait_for_text(".editor-state .status", "Draf").await;

    // Posted from the editor; listed newest first; a key event kept as such.
    type_into(&browser, "input[name=entry-title]", "Gempa susulan").await;
    type_into(
        &browser,
        "textarea[name=entry-text]",
        "Terasa hingga **Mataram**.",
    )
    .await;
    browser.click("input[name=key-event]").await;
    browser.click("button.post-entry").await;
    browser
        .wait_for_text(
            ".live-entries-editor .entry.key-event",
            "Terasa hingga Mataram.",
        )
        .await;
    type_into(&browser, "textarea[name=entry-text]", "Warga mengungsi.").await;
    browser.click("button.post-entry").await;
    browser
        .wait_for_text(
            ".live-entries-editor .entry:first-child",
            "Warga mengungsi.",
        )
        .await;

    // Changed, then removed.
    browser
        .click(".live-entries-editor .entry:first-child button.edit-entry")
        .await;
    type_into(&browser, "textarea[name=entry-text]", " Posko dibuka.").await;
    browser.click("button.post-entry").await;
    browser
        .wait_for_text(
            ".live-entries-editor .entry:first-child",
            "Warga mengungsi. Posko dibuka.",
        )
        .await;
    browser
        .click(".live-entries-editor .entry:first-child button.remove-entry")
        .await;
    browser
        .wait_until("document.querySelectorAll('.live-entries-editor .entry').length === 1")
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_starts_a_translation_and_readers_find_it() {
    let app = app().await;
    let email = app.create_staff(Role::Editor, "Sari Editor");
    let editor = app.staff(Role::Editor, "Budi Editor").await;
    let original = editor
        .publish(
            &editor
                .create(&tests::draft("Banjir Besar Melanda Jakarta"))
                .await,
        )
        .await;
    let browser = Browser::start().await;
    browser
        .goto(&app.url(&format!("/redaksi/artikel/{}", original.id)))
        .await;
    sign_in(&browser, &email).await;
    browser
        .click("select[name=translation-language] option[value=en]")
        .await;
    browser.click("button.start-translation").await;
    // The new draft opens in the editor, the original's text in it to translate.
    browser
        .wait_until(&format!(
            "!location.pathname.endsWith('{}') && document.querySelector('.translations .hint')",
            original.id
        ))
        .await;
    let path = browser.eval("return location.pathname").await;
    let id = path
        .as_str()
        .and_then(|p| p.rsplit('/').next())
        .expect("an id")
        .to_owned();
    assert_eq!(
        browser
            .eval("return document.querySelector('input[name=headline]').value")
            .await,
        json!("Banjir Besar Melanda Jakarta")
    );
    // Translated and published (here through the API), readers go from one to the other.
    let draft: Article = app
        .get_authed(&format!("/api/v1/newsroom/articles/{id}"), &editor.token)
        .await
        .json()
        .await
        .expect("the translation");
    let mut english = tests::draft("Major Floods Hit Jakarta");
    english.language = "en".into();
    editor.publish(&editor.update(&draft, &english).await).await;
    browser
        .goto(&app.url(&format!("/artikel/{}", original.slug)))
        .await;
    browser.wait_for_app().await;
    assert_eq!(
        browser.text_of(".translation a").await,
        "Baca dalam bahasa Inggris"
    );
    browser.click(".translation a").await;
    browser
        .wait_for_text("h1.headline", "Major Floods Hit Jakarta")
        .await;
    assert_eq!(
        browser.text_of(".translation a").await,
        "Read in Indonesian"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_author_fills_in_their_profile_and_readers_see_it() {
    let app = app().await;
    let email = app.create_staff(Role::Author, "Ani Penulis");
    let token = app.login(&email).await.access_token;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    // A story of hers is out, so her author page is public.
    let response = app
        .post_json(
            "/api/v1/newsroom/articles",
            &json!({"headline": "Banjir Bandung Surut", "section": "internasional",
                    "language": "id", "byline": "Ani Penulis",
                    "body": [{"type": "paragraph", "text": "Air mulai surut."}]}),
            Some(&token),
        )
        .await;
    assert_eq!(response.status(), 201);
    let story: Article = response.json().await.expect("a draft");
    app.publish(&editor, &story).await;

    let browser = Browser::start().await;
    browser.goto(&app.url("/redaksi")).await;
    sign_in(&browser, &email).await;
    browser.click("a.desk-profile").await;
    browser
        .wait_for_text(".profile-form h1", "Ani Penulis")
        .await;
    type_into(&browser, "input[name=job_title]", "Koresponden Bandung").await;
    type_into(
        &browser,
        "textarea[name=bio]",
        "Ani meliput Jawa Barat sejak 2019.",
    )
    .await;
    browser.click("button.add-link").await;
    type_into(
        &browser,
        ".profile-link input[type=url]",
        "https://ani.example/",
    )
    .await;
    browser.click(".profile-form button[type=submit]").await;
    browser
        .wait_for_text(".profile-form .message", "Tersimpan")
        .await;
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new()
    );
    browser.screenshot("author-profile-form").await;

    // Her page, as a reader gets it: initials (no photo yet), job title, bio, link.
    let slug = browser
        .eval(
            "return document.querySelector('a.desk-profile').getAttribute('href').split('/').pop()",
        )
        .await;
    let slug = slug.as_str().expect("her slug").to_owned();
    browser.goto(&app.url(&format!("/penulis/{slug}"))).await;
    assert_eq!(browser.text_of(".listing-header .initials").await, "AP");
    assert_eq!(
        browser.text_of(".listing-header .job-title").await,
        "Koresponden Bandung"
    );
    assert_eq!(
        browser.text_of(".listing-header .about").await,
        "Ani meliput Jawa Barat sejak 2019."
    );
    assert_eq!(
        browser
            .eval("return document.querySelector('.profile-links a[rel~=me]').href")
            .await,
        "https://ani.example/"
    );
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new()
    );
    browser.screenshot("author-page").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_keeps_the_desks_profile_from_the_list_of_authors() {
    let app = app().await;
    let email = app.create_staff(Role::Editor, "Sari Editor");
    let browser = Browser::start().await;
    browser.goto(&app.url("/redaksi")).await;
    sign_in(&browser, &email).await;
    browser.click("a.desk-profile").await;
    browser
        .wait_for_text(".profile-form h1", "Sari Editor")
        .await;
    // Every author readers can find, the seed's desk among them.
    browser
        .click(".other-profiles a[href='/redaksi/penulis/redaksi-global-insight']")
        .await;
    browser
        .wait_for_text(".profile-form h1", "Redaksi Global Insight")
        .await;
    type_into(
        &browser,
        "textarea[name=bio]",
        "Meja redaksi internasional Global Insight di Jakarta.",
    )
    .await;
    browser.click(".profile-form button[type=submit]").await;
    browser
        .wait_for_text(".profile-form .message", "Tersimpan")
        .await;
    browser
        .goto(&app.url("/penulis/redaksi-global-insight"))
        .await;
    assert_eq!(
        browser.text_of(".listing-header .about").await,
        "Meja redaksi internasional Global Insight di Jakarta."
    );
    assert_eq!(browser.text_of(".listing-header .initials").await, "RG");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_accepts_and_rejects_the_names_suggested_beside_an_article() {
    let app = app().await;
    let email = app.create_staff(Role::Editor, "Sari Editor");
    let editor = app.staff(Role::Editor, "Budi Editor").await;
    let mut input = tests::draft("Menteri Tinjau Tambak Udang");
    input.body = vec![shared::Block::paragraph(
        "Menteri Kelautan dan Perikanan Arief Wicaksono meninjau tambak di Banyuwangi. \
         Petambak asal Banyuwangi, Sulastri Handoko, mengaku rugi.",
    )];
    let article = editor.publish(&editor.create(&input).await).await;
    let browser = Browser::start().await;
    browser
        .goto(&app.url(&format!("/redaksi/artikel/{}", article.id)))
        .await;
    sign_in(&browser, &email).await;
    let minister = ".suggestion[data-name='Arief Wicaksono']";
    let farmer = ".suggestion[data-name='Sulastri Handoko']";
    assert!(browser.text_of(minister).await.contains("Tokoh · jabatan"));
    browser.text_of(farmer).await;

    // Accepted as a person: no longer suggested, and readers see it in the story.
    browser
        .click(&format!("{minister} button.accept.person"))
        .await;
    browser
        .wait_until(&format!("!document.querySelector(\"{minister}\")"))
        .await;
    // Rejected: gone, the list says nothing is left.
    browser.click(&format!("{farmer} button.reject")).await;
    browser
        .wait_for_text(".suggestions .none", "Tidak ada nama baru.")
        .await;

    browser
        .goto(&app.url(&format!("/artikel/{}", article.slug)))
        .await;
    browser.wait_for_app().await;
    let in_story = browser.text_of("nav.entities").await;
    assert!(in_story.contains("Arief Wicaksono"), "{in_story}");
    assert!(!in_story.contains("Sulastri"), "{in_story}");
    browser.close().await;
}
