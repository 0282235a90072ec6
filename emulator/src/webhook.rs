//! `--webhook URL`: every message stored, and then each of its events, is POSTed as JSON to
//! the URL, one after the other in the order they were stored, by a task of its own, so
//! that a slow or failing receiver never slows a send.
//!
//! The bodies:
//! - `{"type": "message", "message": {…}}`, the message as `GET /_emulator/messages` shows
//!   it (with its `code`);
//! - `{"type": "event", "message_id": "…", "event": {"type": "TEXT_DELIVERED", "timestamp":
//!   …}}` for each of its events, after the message.
//!
//! A delivery that fails (no connection, no answer within 5 s, or an answer other than 2xx)
//! is tried again after 0.1, 0.2, 0.4, 0.8 and 1.6 s; after the sixth failure it is given up
//! (and said on stderr), and the next one goes. Messages stored before the emulator started
//! are not sent. Deliveries stop when the server stops.

use std::time::Duration;

use axum::http::{Method, Request, Uri};
use http_body_util::Full;
use serde_json::{json, Value};

use crate::store::MessageQuery;
use crate::Emulator;

/// How many times a delivery is tried in all.
const ATTEMPTS: u32 = 6;

/// The wait before the first retry; it doubles for each one after.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// How long one attempt may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);

/// How many messages are read from the store at a time.
const BATCH: usize = 100;

type Client = hyper_util::client::legacy::Client<
    hyper_util::client::legacy::connect::HttpConnector,
    Full<axum::body::Bytes>,
>;

/// Checks a webhook URL: `http://host[:port]/path`.
pub fn check_url(url: &str) -> Result<Uri, String> {
    let uri: Uri = url
        .parse()
        .map_err(|e| format!("{url:?} is not a URL: {e}"))?;
    match uri.scheme_str() {
        Some("http") => {}
        Some(other) => {
            return Err(format!(
                "{url:?}: the webhook takes http:// URLs, not {other}://"
            ))
        }
        None => return Err(format!("{url:?} is not a URL: it has no http://")),
    }
    if uri.host().map_or(true, str::is_empty) {
        return Err(format!("{url:?} has no host"));
    }
    Ok(uri)
}

/// Delivers, until the server stops, every message stored from now on to `url`.
pub(crate) async fn deliver(emulator: Emulator, url: Uri) {
    let client: Client =
        hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build_http();
    let mut stored = emulator.store().newest_message();
    let mut cursor = *stored.borrow_and_update();
    loop {
        // Everything stored after `cursor`, a batch at a time.
        loop {
            let query = MessageQuery {
                cursor: Some(cursor),
                limit: BATCH,
                ..MessageQuery::default()
            };
            let batch = emulator
                .blocking(move |emu| emu.query(|tx| tx.find_messages(&query)))
                .await
                .and_then(|found| found);
            let batch = match batch {
                Ok(batch) => batch,
                Err(e) => {
                    eprintln!("sms-voice-emulator: webhook: reading the messages: {e}");
                    break;
                }
            };
            if batch.is_empty() {
                break;
            }
            for (seq, message) in batch.into_iter().take(BATCH) {
                let mut bodies = vec![json!({
                    "type": "message",
                    "message": crate::web::message_json(&message),
                })];
                bodies.extend(message.events.iter().map(|(kind, at)| {
                    json!({
                        "type": "event",
                        "message_id": message.message_id,
                        "event": { "type": kind, "timestamp": at },
                    })
                }));
                for body in bodies {
                    tokio::select! {
                        () = post(&client, &url, &body) => {}
                        () = emulator.closed() => return,
                    }
                }
                cursor = seq;
            }
        }
        tokio::select! {
            changed = stored.changed() => if changed.is_err() { return },
            () = emulator.closed() => return,
        }
    }
}

/// POSTs `body` to `url`, tried again on failure as the module says.
async fn post(client: &Client, url: &Uri, body: &Value) {
    let text = body.to_string();
    let mut backoff = FIRST_BACKOFF;
    let mut failure = String::new();
    for attempt in 1..=ATTEMPTS {
        let request = Request::builder()
            .method(Method::POST)
            .uri(url.clone())
            .header("content-type", "application/json")
            .header(
                "user-agent",
                concat!("sms-voice-emulator/", env!("CARGO_PKG_VERSION")),
            )
            .body(Full::new(axum::body::Bytes::from(text.clone())));
        let request = match request {
            Ok(request) => request,
            Err(e) => {
                eprintln!("sms-voice-emulator: webhook: {e}");
                return;
            }
        };
        match tokio::time::timeout(ATTEMPT_TIMEOUT, client.request(request)).await {
            Ok(Ok(response)) if response.status().is_success() => return,
            Ok(Ok(response)) => failure = format!("answered {}", response.status()),
            Ok(Err(e)) => failure = e.to_string(),
            Err(_) => failure = format!("no answer within {ATTEMPT_TIMEOUT:?}"),
        }
        if attempt < ATTEMPTS {
            tokio::time::sleep(backoff).await;
            backoff *= 2;
        }
    }
    eprintln!(
        "sms-voice-emulator: webhook {url}: gave up a delivery after {ATTEMPTS} attempts ({failure}): {text}"
    );
}
