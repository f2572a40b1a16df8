//! Pictures as readers get them (`bench/pictures` runs it and records the result):
//!
//! 1. Serving a rendition: the 1024-wide WebP of a photo from the server (two actix
//!    workers, release build, the file sent by the kernel) against nginx serving the
//!    same bytes at the same path, with wrk over loopback in the same run; requests/s
//!    and latency, and the ratio to nginx. Goal: ≥ 0.8 × nginx.
//! 2. What the article page downloads in headless Chromium at a phone's width (375 CSS
//!    pixels) and a desktop's (1280): the article with a featured image, an image block
//!    and a gallery of two, scrolled to the end so that every lazy picture loads; the
//!    bytes of pictures transferred and the file each `<img>` chose.

use std::process::Command;

use serde_json::Value;
use shared::media::{Figure, Image, ImageLayout, ImageType};
use shared::newsroom::ArticleInput;
use shared::staff::Role;
use shared::{Block, GalleryBlock, ImageBlock};
use tests::browser::Browser;
use tests::{Db, TestApp, photo, site_dir};

const SECONDS: u32 = 10;
const CONNECTIONS: u32 = 64;

/// Uploads a photo with alt text and caption; its image once rendered.
async fn upload(app: &TestApp, token: &str, seed: u32, alt: &str) -> Image {
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(photo(3000, 2000, seed)).file_name("foto.jpg"),
        )
        .text("alt", alt.to_owned())
        .text("caption", format!("{alt}, difoto dari udara"))
        .text("credit", "Foto: Global Insight");
    let image: Image = app
        .client
        .post(app.url("/api/v1/newsroom/media"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("an image");
    app.render_media();
    app.get_authed(&format!("/api/v1/newsroom/media/{}", image.id), token)
        .await
        .json()
        .await
        .expect("an image")
}

/// wrk's summary: requests/s, p50 and p99 in ms.
fn wrk(url: &str) -> (f64, f64, f64) {
    let output = Command::new("wrk")
        .args([
            "-t2",
            &format!("-c{CONNECTIONS}"),
            &format!("-d{SECONDS}s"),
            "--latency",
            url,
        ])
        .output()
        .expect("wrk runs (bench/pictures installs it)");
    let text = String::from_utf8_lossy(&output.stdout);
    let ms = |v: &str| -> f64 {
        if let Some(us) = v.strip_suffix("us") {
            us.parse::<f64>().unwrap_or_default() / 1000.0
        } else if let Some(ms) = v.strip_suffix("ms") {
            ms.parse().unwrap_or_default()
        } else if let Some(s) = v.strip_suffix('s') {
            s.parse::<f64>().unwrap_or_default() * 1000.0
        } else {
            0.0
        }
    };
    let field = |prefix: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(prefix))
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        !text.contains("Non-2xx"),
        "{url} answered with errors:\n{text}"
    );
    (
        text.lines()
            .find(|l| l.starts_with("Requests/sec"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or_default(),
        ms(&field("50%")),
        ms(&field("99%")),
    )
}

/// What the page downloaded of pictures once every one has loaded.
const PICTURES: &str = "const done = arguments[0];
    window.scrollTo(0, document.body.scrollHeight);
    const images = [...document.querySelectorAll('article img')];
    Promise.all(images.map(img => img.decode().catch(() => null))).then(() => {
        const files = performance.getEntriesByType('resource')
            .filter(r => r.name.includes('/media/'));
        done({
            bytes: files.reduce((sum, r) => sum + r.transferSize, 0),
            files: files.length,
            chosen: images.map(img => img.currentSrc.split('/').pop()),
        });
    });";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    assert!(
        site_dir().join("index.html").exists(),
        "run scripts/build-frontend"
    );
    let app = TestApp::builder(Db::Sqlite)
        .configure(|settings| {
            settings.server.workers = 2;
            settings.http.anonymous_requests = 1_000_000_000;
        })
        .spawn()
        .await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let harbour = upload(&app, &editor.token, 1, "Pelabuhan Busan").await;
    let pier = upload(&app, &editor.token, 2, "Dermaga penumpang").await;
    let ship = upload(&app, &editor.token, 3, "Kapal pesiar bersandar").await;
    let text = "Pelabuhan Busan memperluas dermaga penumpangnya untuk kapal pesiar yang makin besar, dan kota bersiap menyambut ribuan wisatawan setiap pekan.";
    let mut body: Vec<Block> = (0..4).map(|_| Block::paragraph(text)).collect();
    body.push(Block::Image(ImageBlock {
        image: Figure::of(pier.id),
        layout: ImageLayout::Inline,
    }));
    body.extend((0..4).map(|_| Block::paragraph(text)));
    body.push(Block::Gallery(GalleryBlock {
        images: vec![Figure::of(ship.id), Figure::of(harbour.id)],
        caption: Some("Suasana pelabuhan".into()),
    }));
    let draft = editor
        .create(&ArticleInput {
            body,
            featured_image: Some(Figure::of(harbour.id)),
            ..tests::draft("Busan Bersiap Menyambut Kapal Pesiar")
        })
        .await;
    let article = editor.publish(&draft).await;

    // 1. One rendition, from the server and from nginx, at the same path.
    let file = harbour
        .placed(None, None, None)
        .widths(ImageType::Webp)
        .into_iter()
        .find(|r| r.width == 1024)
        .cloned()
        .expect("a 1024-wide WebP");
    let bytes = app.get(&file.url).await.bytes().await.expect("the file");
    let root = tempfile::tempdir().expect("nginx's folder");
    let served = root.path().join(file.url.trim_start_matches('/'));
    std::fs::create_dir_all(served.parent().expect("a folder")).expect("folders");
    std::fs::write(&served, &bytes).expect("the file for nginx");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a port");
    let config = root.path().join("nginx.conf");
    std::fs::write(
        &config,
        format!(
            "worker_processes 2; pid {root}/nginx.pid; error_log {root}/error.log; daemon on;
             events {{ worker_connections 1024; }}
             http {{ access_log off; sendfile on; types {{ image/webp webp; }}
               server {{ listen 127.0.0.1:{port}; root {root};
                 location /media/ {{ add_header Cache-Control \"public, max-age=31536000, immutable\"; }} }} }}",
            root = root.path().display()
        ),
    )
    .expect("nginx.conf");
    let started = Command::new("nginx")
        .args(["-c", &config.display().to_string()])
        .status()
        .expect("nginx runs (bench/pictures installs it)");
    assert!(started.success(), "nginx started");
    let nginx_url = format!("http://127.0.0.1:{port}{}", file.url);
    let ours = app.url(&file.url);
    let check = reqwest::get(&nginx_url).await.expect("nginx answers");
    assert_eq!(check.bytes().await.expect("bytes"), bytes, "the same file");
    // Interleaved, twice each: the machine is shared.
    let mut rows = Vec::new();
    for _ in 0..2 {
        rows.push(("nginx", tokio::task::block_in_place(|| wrk(&nginx_url))));
        rows.push(("server", tokio::task::block_in_place(|| wrk(&ours))));
    }
    let _ = Command::new("nginx")
        .args(["-c", &config.display().to_string(), "-s", "stop"])
        .status();
    let mean = |who: &str| {
        let runs: Vec<f64> = rows
            .iter()
            .filter(|(w, _)| *w == who)
            .map(|(_, r)| r.0)
            .collect();
        runs.iter().sum::<f64>() / runs.len() as f64
    };
    println!(
        "Serving `{}` ({} bytes), wrk -t2 -c{CONNECTIONS} -d{SECONDS}s over loopback, interleaved; \
         the server with 2 workers (release), nginx with 2, wrk on the same 2 cores.",
        file.name,
        bytes.len()
    );
    println!();
    println!("| run | requests/s | p50 ms | p99 ms |");
    println!("|---|---:|---:|---:|");
    for (who, (rps, p50, p99)) in &rows {
        println!("| {who} | {rps:.0} | {p50:.2} | {p99:.2} |");
    }
    println!();
    println!(
        "Server / nginx (means): **{:.2} ×** (goal ≥ 0.8 ×)",
        mean("server") / mean("nginx")
    );
    println!();

    // 2. What a reader's browser downloads, at a phone's width and a desktop's.
    println!("| window | picture bytes transferred | files | chosen (featured, body, gallery) |");
    println!("|---|---:|---:|---|");
    for (width, height) in [(375, 812), (1280, 900)] {
        let browser = Browser::start().await;
        browser
            .client
            .set_window_size(width, height)
            .await
            .expect("window size");
        browser
            .goto(&app.url(&format!("/artikel/{}", article.slug)))
            .await;
        browser.text_of(".story-body figure.gallery img").await;
        let seen: Value = browser
            .client
            .execute_async(PICTURES, Vec::new())
            .await
            .expect("the pictures load");
        browser.close().await;
        println!(
            "| {width} px | {} | {} | {} |",
            seen["bytes"],
            seen["files"],
            seen["chosen"]
                .as_array()
                .map(|c| c
                    .iter()
                    .map(|v| v.as_str().unwrap_or(""))
                    .collect::<Vec<_>>()
                    .join(", "))
                .unwrap_or_default()
        );
    }
}
