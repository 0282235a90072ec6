//! `--webhook`: a receiver bound on 127.0.0.1 gets every message and every event once, in
//! order, also when it fails the first attempt.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::{json, Value};
use sms_voice_emulator::Options;

/// What the receiver saw: every attempt, and the bodies it accepted.
#[derive(Default)]
struct Received {
    attempts: usize,
    accepted: Vec<Value>,
}

/// A receiver that fails its first `failures` attempts with a 500; answers its URL.
async fn receiver(failures: usize) -> (String, Arc<Mutex<Received>>) {
    let received = Arc::new(Mutex::new(Received::default()));
    let state = received.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: axum::body::Bytes| {
            let state = state.clone();
            async move {
                let mut received = state.lock().expect("lock");
                received.attempts += 1;
                if received.attempts <= failures {
                    return StatusCode::INTERNAL_SERVER_ERROR;
                }
                received
                    .accepted
                    .push(serde_json::from_slice(&body).expect("a JSON body"));
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, received)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_message_and_event_arrives_once_in_order_despite_a_failed_attempt() {
    let (url, received) = receiver(1).await;
    let running = common::start_with(Options {
        webhook: Some(sms_voice_emulator::webhook::check_url(&url).expect("a URL")),
        ..Options::default()
    })
    .await;
    let from = common::sms_long_code(&running)
        .await
        .phone_number_id
        .expect("id");
    let mut sent = Vec::new();
    for (to, body) in [
        ("+12065550171", "first"),
        ("+12065550172", "Your verification code is 339201"),
        ("+12065550173", "third"),
    ] {
        let id = running
            .v2
            .send_text_message()
            .origination_identity(&from)
            .destination_phone_number(to)
            .message_body(body)
            .send()
            .await
            .expect("send")
            .message_id
            .expect("id");
        sent.push(id);
    }
    // What the emulator stored: each message and its events, in order.
    let (_, body) = common::http(&running, "GET", "/_emulator/messages", None).await;
    let stored: Value = serde_json::from_str(&body).expect("JSON");
    let mut expected = Vec::new();
    for message in stored["messages"].as_array().expect("a list") {
        expected.push(json!({ "type": "message", "message": message }));
        for event in message["events"].as_array().expect("events") {
            expected.push(json!({
                "type": "event",
                "message_id": message["message_id"],
                "event": event,
            }));
        }
    }
    assert_eq!(expected.len(), 3 + 3 * 3, "3 messages with 3 events each");

    let deadline = Instant::now() + Duration::from_secs(20);
    while received.lock().expect("lock").accepted.len() < expected.len() {
        assert!(Instant::now() < deadline, "not everything arrived");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A little longer: nothing arrives twice.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let received = received.lock().expect("lock");
    assert_eq!(received.accepted, expected);
    assert_eq!(
        received.attempts,
        expected.len() + 1,
        "one failed attempt, retried"
    );
    assert_eq!(
        received.accepted[4]["message"]["code"], "339201",
        "the message carries its code"
    );
}

#[test]
fn webhook_urls_are_checked() {
    use sms_voice_emulator::webhook::check_url;
    assert!(check_url("http://127.0.0.1:9000/hook").is_ok());
    for (url, says) in [
        ("https://example.com/hook", "http://"),
        ("ftp://example.com", "http://"),
        ("example.com/hook", "not a URL"),
        ("/hook", "no http://"),
        ("http://", "not a URL"),
    ] {
        let error = check_url(url).expect_err(url);
        assert!(error.contains(says), "{url}: {error}");
    }
}
