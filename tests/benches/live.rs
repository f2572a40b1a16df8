//! Live blog streams under load (`bench/live` starts the release server and runs this):
//! `GI_STREAMS` (5,000) readers follow one live blog over Server-Sent Events, each on
//! its own connection; an editor posts `GI_ENTRIES` (20) entries one after another. For
//! each entry: from the moment its POST was answered (the entry committed) to each
//! reader receiving its event — p50/p99/max over every delivery, and per entry the time
//! to its last reader. The server's memory (VmRSS, read from /proc) before the streams
//! opened and with them all open gives the memory per stream.
//!
//! The readers are plain TCP connections that read the stream's bytes and look for
//! each entry's `id:` — a client as light as can be, since it shares the machine's
//! cores with the server.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn rss_kb(pid: &str) -> u64 {
    let status =
        std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the server's status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// Opens a stream; returns the connection once the answer's head and opening came.
async fn open(addr: &str, path: &str) -> TcpStream {
    let mut socket = TcpStream::connect(addr).await.expect("connects");
    socket
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n")
                .as_bytes(),
        )
        .await
        .expect("sends");
    let mut head = Vec::new();
    let mut buf = [0_u8; 1024];
    while !head.windows(9).any(|w| w == b"retry: 30") {
        let n = socket.read(&mut buf).await.expect("reads");
        assert!(n > 0, "closed: {}", String::from_utf8_lossy(&head));
        head.extend_from_slice(&buf[..n]);
    }
    assert!(
        head.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    socket
}

/// Reads the stream, noting when each entry event (by its id) arrived.
async fn read(mut socket: TcpStream, arrivals: Arc<Mutex<Vec<(i64, Instant)>>>, expect: usize) {
    let mut text = String::new();
    let mut buf = vec![0_u8; 16 * 1024];
    let mut seen = 0;
    while seen < expect {
        let n = socket.read(&mut buf).await.expect("reads");
        assert!(n > 0, "the stream ended");
        let at = Instant::now();
        text.push_str(&String::from_utf8_lossy(&buf[..n]));
        // Blocks end with a blank line; the chunked encoding's size lines fall between
        // blocks and are passed over with them.
        while let Some(end) = text.find("\n\n") {
            let block = &text[..end];
            if block.contains("event: entry\n")
                && let Some(id) = block.lines().find_map(|line| line.strip_prefix("id: "))
            {
                arrivals
                    .lock()
                    .await
                    .push((id.trim().parse().unwrap_or(-1), at));
                seen += 1;
            }
            text.drain(..end + 2);
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let addr = env("GI_ADDR", "127.0.0.1:18191");
    let pid = env("GI_PID", "");
    let streams: usize = env("GI_STREAMS", "5000").parse().expect("a number");
    let entries: usize = env("GI_ENTRIES", "20").parse().expect("a number");
    let base = format!("http://{addr}");
    // reqwest is built without a TLS provider of its own; plain HTTP needs none, but
    // building a client asks for one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();

    let token: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": env("GI_EMAIL", "bench@globalinsight.test"), "password": env("GI_PASSWORD", "")}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("a token");
    let token = token["access_token"]
        .as_str()
        .expect("an access token")
        .to_owned();
    let article: shared::Article = client
        .post(format!("{base}/api/v1/newsroom/articles"))
        .bearer_auth(&token)
        .json(
            &json!({"headline": "Langsung: Uji Beban", "section": "internasional", "language": "id",
                      "live": "open", "body": [{"type": "paragraph", "text": "Pembuka."}]}),
        )
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("an article");
    let published: shared::Article = client
        .post(format!(
            "{base}/api/v1/newsroom/articles/{}/publish",
            article.id
        ))
        .bearer_auth(&token)
        .header("If-Match", format!("\"v{}\"", article.version))
        .send()
        .await
        .expect("publish")
        .json()
        .await
        .expect("an article");

    let before_kb = rss_kb(&pid);
    let path = format!("/api/v1/articles/{}/live", published.slug);
    let arrivals = Arc::new(Mutex::new(Vec::with_capacity(streams * entries)));
    let opening = Instant::now();
    let mut readers = Vec::with_capacity(streams);
    // Opened 100 at a time, each batch all open before the next.
    for batch in 0..streams.div_ceil(100) {
        let count = 100.min(streams - batch * 100);
        let opened = futures_util::future::join_all((0..count).map(|_| open(&addr, &path))).await;
        for socket in opened {
            readers.push(tokio::spawn(read(socket, arrivals.clone(), entries)));
        }
    }
    let open_seconds = opening.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(2)).await; // settle before reading the memory
    let open_kb = rss_kb(&pid);

    let mut committed: HashMap<i64, (Instant, f64)> = HashMap::new();
    let mut sent_order = Vec::new();
    for n in 0..entries {
        let sent = Instant::now();
        let response = client
            .post(format!(
                "{base}/api/v1/newsroom/articles/{}/entries",
                published.id
            ))
            .bearer_auth(&token)
            .json(&json!({"body": [{"type": "paragraph", "text": format!("Entri nomor {n}.")}]}))
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 201);
        let answered = Instant::now();
        // The entry's place in the log: the next event of the stream after the last.
        sent_order.push((answered, (answered - sent).as_secs_f64() * 1000.0));
        // Wait for every reader to have it before the next (a desk posts every few seconds).
        loop {
            let got = arrivals.lock().await.len();
            if got >= streams * (n + 1) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    for reader in readers {
        reader.await.expect("a reader");
    }
    let arrivals = arrivals.lock().await;
    let mut ids: Vec<i64> = arrivals.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), entries, "every entry, once per reader");
    for (id, sent) in ids.iter().zip(&sent_order) {
        committed.insert(*id, *sent);
    }
    let mut delays: Vec<f64> = Vec::with_capacity(arrivals.len());
    let mut last: HashMap<i64, f64> = HashMap::new();
    for (id, at) in arrivals.iter() {
        let (answered, _) = committed[id];
        let ms = at.saturating_duration_since(answered).as_secs_f64() * 1000.0;
        delays.push(ms);
        let slot = last.entry(*id).or_default();
        *slot = slot.max(ms);
    }
    delays.sort_by(f64::total_cmp);
    let mut lasts: Vec<f64> = last.values().copied().collect();
    lasts.sort_by(f64::total_cmp);
    let mut posts: Vec<f64> = sent_order.iter().map(|(_, ms)| *ms).collect();
    posts.sort_by(f64::total_cmp);

    println!("| measure | value |");
    println!("|---|---|");
    println!("| streams open on one instance | {streams} (opened in {open_seconds:.1} s) |");
    println!("| entries posted (one after another) | {entries} |");
    println!("| deliveries | {} |", delays.len());
    println!(
        "| commit → reader, p50 / p99 / max | {:.1} / {:.1} / {:.1} ms |",
        percentile(&delays, 0.5),
        percentile(&delays, 0.99),
        delays[delays.len() - 1]
    );
    println!(
        "| commit → last reader of an entry, median / worst | {:.1} / {:.1} ms |",
        percentile(&lasts, 0.5),
        lasts[lasts.len() - 1]
    );
    println!(
        "| the entry's POST (write + commit + answer), median | {:.1} ms |",
        percentile(&posts, 0.5)
    );
    println!(
        "| server memory: before / with the streams open | {:.1} / {:.1} MiB |",
        before_kb as f64 / 1024.0,
        open_kb as f64 / 1024.0
    );
    println!(
        "| memory per open stream | {:.1} KiB |",
        (open_kb.saturating_sub(before_kb)) as f64 / streams as f64
    );
}
