//! Requests per second of a trivial SendTextMessage implementation behind the generated router,
//! against a bare hyper handler that answers the same JSON, in the same run, on 127.0.0.1:
//! `cargo bench -p sms-voice-client-tests --bench server_rps`.
//!
//! A bounded load: CONNECTIONS keep-alive connections send requests for SECONDS seconds per
//! round against each server in turn; three rounds; the median ratio is printed.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use sms_voice::pinpointsmsvoicev2 as v2;
use sms_voice::server_runtime::{NoAuth, RequestContext};

const CONNECTIONS: usize = 16;
const SECONDS: u64 = 3;
const BODY: &str = r#"{"DestinationPhoneNumber":"+14255550100","MessageBody":"hello"}"#;
const ANSWER: &str = r#"{"MessageId":"msg-1"}"#;

struct Trivial;

impl v2::server::PinpointSmsVoiceV2Api for Trivial {
    async fn send_text_message(
        &self,
        _: RequestContext,
        _: v2::SendTextMessageRequest,
    ) -> Result<v2::SendTextMessageResult, v2::errors::SendTextMessageError> {
        Ok(v2::SendTextMessageResult::builder()
            .message_id("msg-1")
            .build())
    }
}

async fn bare(
    _: http::Request<hyper::body::Incoming>,
) -> Result<http::Response<Full<Bytes>>, Infallible> {
    Ok(http::Response::builder()
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amzn-requestid", "00000000-0000-0000-0000-000000000000")
        .body(Full::new(Bytes::from_static(ANSWER.as_bytes())))
        .unwrap())
}

async fn start_bare() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(
                        hyper_util::rt::TokioIo::new(stream),
                        hyper::service::service_fn(bare),
                    )
                    .await;
            });
        }
    });
    addr
}

async fn start_generated() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = v2::server::router(Trivial).authenticator(NoAuth).build();
    tokio::spawn(sms_voice::server_runtime::serve(listener, router));
    addr
}

/// Requests per second against `addr` with CONNECTIONS connections for SECONDS seconds.
async fn load(addr: SocketAddr) -> f64 {
    let done = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let (done, count) = (done.clone(), count.clone());
        tasks.push(tokio::spawn(async move {
            let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            let (mut sender, conn) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                    .await
                    .unwrap();
            tokio::spawn(conn);
            while !done.load(Ordering::Relaxed) {
                let request = http::Request::post("/")
                    .header("host", addr.to_string())
                    .header("content-type", "application/x-amz-json-1.0")
                    .header("x-amz-target", "PinpointSMSVoiceV2.SendTextMessage")
                    .body(Full::new(Bytes::from_static(BODY.as_bytes())))
                    .unwrap();
                let response = sender.send_request(request).await.unwrap();
                assert_eq!(response.status(), 200);
                let body = response.into_body().collect().await.unwrap().to_bytes();
                assert!(body.starts_with(b"{\"MessageId\""));
                count.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let start = Instant::now();
    tokio::time::sleep(Duration::from_secs(SECONDS)).await;
    done.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    count.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let bare_addr = start_bare().await;
    let generated_addr = start_generated().await;
    let mut ratios = Vec::new();
    for round in 1..=3 {
        let bare = load(bare_addr).await;
        let generated = load(generated_addr).await;
        println!(
            "round {round}: bare hyper {bare:.0} req/s, generated router {generated:.0} req/s"
        );
        ratios.push(generated / bare);
    }
    ratios.sort_by(f64::total_cmp);
    println!("generated / bare (median of 3 rounds): {:.2}", ratios[1]);
}
