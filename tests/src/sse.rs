//! A reader of `text/event-stream` answers, as a browser's `EventSource` reads them:
//! blocks separated by a blank line, `field: value` lines, comments starting with `:`.

use std::time::Duration;

/// One block of the stream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    pub id: Option<String>,
    pub event: Option<String>,
    pub data: String,
    /// The block was only a comment (a heartbeat).
    pub comment: bool,
}

impl Event {
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.data)
            .unwrap_or_else(|e| panic!("event data {:?} is not what was expected: {e}", self.data))
    }
}

/// An open stream.
#[derive(Debug)]
pub struct EventStream {
    response: reqwest::Response,
    buffer: String,
}

/// How long a test waits for the next block before it fails (a guard against a hung
/// test, not a measure of speed).
const GUARD: Duration = Duration::from_secs(60);

impl EventStream {
    pub fn new(response: reqwest::Response) -> Self {
        Self {
            response,
            buffer: String::new(),
        }
    }

    /// The next block, or `None` when the server ended the stream.
    pub async fn next_block(&mut self) -> Option<Event> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                return Some(parse(&block));
            }
            let chunk = tokio::time::timeout(GUARD, self.response.chunk())
                .await
                .expect("the stream sent nothing for a minute")
                .expect("the stream reads");
            match chunk {
                Some(bytes) => self
                    .buffer
                    .push_str(std::str::from_utf8(&bytes).expect("UTF-8")),
                None => return None,
            }
        }
    }

    /// The next block that is an event (with an `event:` field), skipping heartbeats
    /// and bare ids.
    pub async fn next_event(&mut self) -> Event {
        loop {
            let block = self.next_block().await.expect("the stream goes on");
            if block.event.is_some() {
                return block;
            }
        }
    }
}

fn parse(block: &str) -> Event {
    let mut event = Event {
        comment: true,
        ..Event::default()
    };
    for line in block.lines().filter(|l| !l.is_empty()) {
        if line.starts_with(':') {
            continue;
        }
        event.comment = false;
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "id" => event.id = Some(value.to_owned()),
            "event" => event.event = Some(value.to_owned()),
            "data" => {
                if !event.data.is_empty() {
                    event.data.push('\n');
                }
                event.data.push_str(value);
            }
            _ => {}
        }
    }
    event
}
