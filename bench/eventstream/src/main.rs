//! Event streams from server to client on 127.0.0.1: a generated Bedrock Runtime server answers
//! `ConverseStream` with text deltas, and the generated client and the official AWS SDK for
//! Rust's (`aws-sdk-bedrockruntime`) read them, in turn, in the same run, from the same server.
//!
//! Two measures, each over several rounds (the order of the two clients alternating), the
//! median reported:
//! - **events per second**: the server sends `burst` events (text deltas of `size` bytes) as
//!   fast as the connection takes them; the client's rate from its call to the last event;
//! - **latency per event**: the server sends `paced` events one every `interval` µs, each
//!   stamped with the time it was made; the client notes how long after its stamp each
//!   arrived (the same clock: one process), and the 50th, 90th and 99th percentiles are
//!   reported.
//!
//! Usage: `servicemodel-bench-eventstream [burst] [size] [paced] [interval-µs] [rounds]`
//! (defaults 200000 64 2000 500 5). Prints a table and the ratios ours/SDK.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

include!(concat!(env!("OUT_DIR"), "/services.rs"));

use bedrockruntime::{
    errors::ConverseStreamError, ContentBlockDelta, ContentBlockDeltaEvent,
    ConverseStreamOutput as Event, ConverseStreamOutputError as Exception, ConverseStreamRequest,
    ConverseStreamResponse,
};
use servicemodel_runtime::eventstream::EventStream;

const ACCESS_KEY: &str = "AKIDBENCH";
const SECRET_KEY: &str = "bench-secret";

/// The time now, in nanoseconds since the epoch: what an event is stamped with.
fn stamp() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// The text of an event made now: its stamp, then padding up to `size` bytes.
fn stamped_text(size: usize) -> String {
    let mut text = stamp().to_string();
    text.push(' ');
    while text.len() < size {
        text.push('x');
    }
    text
}

/// How long ago the stamp at the start of `text` was.
fn age(text: &str) -> Duration {
    let sent: u128 = text
        .split(' ')
        .next()
        .and_then(|stamp| stamp.parse().ok())
        .expect("a stamped event");
    Duration::from_nanos(stamp().saturating_sub(sent) as u64)
}

/// The server's events: `count` text deltas, made as they are asked for, each after
/// `interval` when there is one.
struct Deltas {
    left: usize,
    size: usize,
    interval: Option<Duration>,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl servicemodel_runtime::stream::Stream for Deltas {
    type Item = Result<Event, Exception>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.left == 0 {
            return Poll::Ready(None);
        }
        if let Some(interval) = this.interval {
            let sleep = this
                .sleep
                .get_or_insert_with(|| Box::pin(tokio::time::sleep(interval)));
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            this.sleep = None;
        }
        this.left -= 1;
        let event = ContentBlockDeltaEvent::builder()
            .delta(ContentBlockDelta::Text(stamped_text(this.size)))
            .content_block_index(0)
            .build()
            .expect("every required member is set");
        Poll::Ready(Some(Ok(Event::ContentBlockDelta(event))))
    }
}

use std::future::Future as _;

/// The answers to a bidirectional stream's chunks, one for each as it comes.
struct Echo(EventStream<bedrockruntime::InvokeModelWithBidirectionalStreamInput>);

impl servicemodel_runtime::stream::Stream for Echo {
    type Item = Result<
        bedrockruntime::InvokeModelWithBidirectionalStreamOutput,
        bedrockruntime::InvokeModelWithBidirectionalStreamOutputError,
    >;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        use bedrockruntime::{
            BidirectionalOutputPayloadPart, InvokeModelWithBidirectionalStreamInput as Input,
            InvokeModelWithBidirectionalStreamOutput as Output,
            InvokeModelWithBidirectionalStreamOutputError as Refused, ValidationException,
        };
        let next = std::task::ready!(Pin::new(&mut self.get_mut().0).poll_next(cx));
        Poll::Ready(next.map(|chunk| {
            match chunk {
                Ok(Input::Chunk(part)) => {
                    let mut echo = b"echo: ".to_vec();
                    echo.extend_from_slice(part.bytes.as_ref().map_or(&[][..], |b| b.as_ref()));
                    Ok(Output::Chunk(
                        BidirectionalOutputPayloadPart::builder()
                            .bytes(servicemodel_runtime::Blob::new(echo))
                            .build(),
                    ))
                }
                Ok(other) => Err(Refused::ValidationException(
                    ValidationException::builder()
                        .message(format!("unknown event {other:?}"))
                        .build(),
                )),
                Err(error) => Err(Refused::ValidationException(
                    ValidationException::builder()
                        .message(error.to_string())
                        .build(),
                )),
            }
        }))
    }
}

/// The server: model `burst:<count>:<size>` or `paced:<count>:<size>:<interval µs>`.
struct Bench;

impl bedrockruntime::server::BedrockRuntimeApi for Bench {
    /// Each chunk sent is answered with `echo: <its bytes>` as it comes; a message refused
    /// (its signature not the one its place in the stream makes) with `validationException`.
    async fn invoke_model_with_bidirectional_stream(
        &self,
        _: servicemodel_runtime_server::RequestContext,
        input: bedrockruntime::InvokeModelWithBidirectionalStreamRequest,
    ) -> Result<
        bedrockruntime::InvokeModelWithBidirectionalStreamResponse,
        bedrockruntime::errors::InvokeModelWithBidirectionalStreamError,
    > {
        Ok(
            bedrockruntime::InvokeModelWithBidirectionalStreamResponse::builder()
                .body(EventStream::from_stream(Echo(input.body)))
                .build(),
        )
    }

    async fn converse_stream(
        &self,
        _: servicemodel_runtime_server::RequestContext,
        input: ConverseStreamRequest,
    ) -> Result<ConverseStreamResponse, ConverseStreamError> {
        let parts: Vec<&str> = input.model_id.split(':').collect();
        let number = |i: usize| {
            parts
                .get(i)
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(0)
        };
        let deltas = Deltas {
            left: number(1) as usize,
            size: number(2) as usize,
            interval: (parts[0] == "paced").then(|| Duration::from_micros(number(3))),
            sleep: None,
        };
        Ok(ConverseStreamResponse::builder()
            .stream(EventStream::from_stream(deltas))
            .build())
    }
}

/// What one client saw of one stream: how many events, in how long, and each one's age.
struct Seen {
    events: usize,
    elapsed: Duration,
    ages: Vec<Duration>,
}

async fn ours(client: &bedrockruntime::Client, model: &str) -> Seen {
    let start = Instant::now();
    let output = client
        .converse_stream()
        .model_id(model)
        .send()
        .await
        .expect("a stream");
    let mut stream = output.stream;
    let mut ages = Vec::new();
    while let Some(event) = stream.recv().await {
        match event.expect("an event") {
            Event::ContentBlockDelta(delta) => match &delta.delta {
                ContentBlockDelta::Text(text) => ages.push(age(text)),
                other => panic!("unexpected delta {other:?}"),
            },
            other => panic!("unexpected event {other:?}"),
        }
    }
    Seen {
        events: ages.len(),
        elapsed: start.elapsed(),
        ages,
    }
}

async fn sdk(client: &aws_sdk_bedrockruntime::Client, model: &str) -> Seen {
    use aws_sdk_bedrockruntime::types::{
        ContentBlockDelta as Delta, ConverseStreamOutput as SdkEvent,
    };
    let start = Instant::now();
    let output = client
        .converse_stream()
        .model_id(model)
        .send()
        .await
        .expect("a stream");
    let mut stream = output.stream;
    let mut ages = Vec::new();
    while let Some(event) = stream.recv().await.expect("an event") {
        match event {
            SdkEvent::ContentBlockDelta(delta) => match delta.delta() {
                Some(Delta::Text(text)) => ages.push(age(text)),
                other => panic!("unexpected delta {other:?}"),
            },
            other => panic!("unexpected event {other:?}"),
        }
    }
    Seen {
        events: ages.len(),
        elapsed: start.elapsed(),
        ages,
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The `p`th percentile of `ages`, in microseconds.
fn percentile(ages: &[Duration], p: f64) -> f64 {
    let mut micros: Vec<f64> = ages.iter().map(|a| a.as_secs_f64() * 1e6).collect();
    micros.sort_by(f64::total_cmp);
    let index = ((micros.len() as f64 - 1.0) * p / 100.0).round() as usize;
    micros[index]
}

/// The benchmark's server, checking SigV4 with the key.
fn router() -> servicemodel_runtime_server::Router<impl servicemodel_runtime_server::Dispatch> {
    bedrockruntime::server::router(Bench)
        .authenticator(
            servicemodel_runtime_server::SigV4Authenticator::new("bedrock")
                .with_key(ACCESS_KEY, SECRET_KEY),
        )
        .build()
}

/// The generated client and the official SDK's, both for the server at `url`, with its key.
fn clients(url: &str) -> (bedrockruntime::Client, aws_sdk_bedrockruntime::Client) {
    let ours = bedrockruntime::Client::new(
        servicemodel_runtime_client::Config::builder()
            .region("us-east-1")
            .endpoint_url(url)
            .credentials(servicemodel_runtime_client::Credentials::new(
                ACCESS_KEY, SECRET_KEY, None, None, "bench",
            ))
            .build(),
    );
    let sdk = aws_sdk_bedrockruntime::Client::from_conf(
        aws_sdk_bedrockruntime::Config::builder()
            .behavior_version(aws_sdk_bedrockruntime::config::BehaviorVersion::latest())
            .region(aws_sdk_bedrockruntime::config::Region::new("us-east-1"))
            .endpoint_url(url)
            .credentials_provider(aws_sdk_bedrockruntime::config::Credentials::new(
                ACCESS_KEY, SECRET_KEY, None, None, "bench",
            ))
            .build(),
    );
    (ours, sdk)
}

#[tokio::main]
async fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| {
            a.parse()
                .expect("numbers: burst size paced interval rounds")
        })
        .collect();
    let arg = |i: usize, default: u64| args.get(i).copied().unwrap_or(default);
    let (burst, size, paced, interval, rounds) = (
        arg(0, 200_000),
        arg(1, 64),
        arg(2, 2_000),
        arg(3, 500),
        arg(4, 5),
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(servicemodel_runtime_server::serve(listener, router()));

    let (ours_client, sdk_client) = clients(&url);

    println!(
        "event streams on 127.0.0.1: {burst} events of {size} bytes as fast as they go, and \
         {paced} one every {interval} µs, {rounds} rounds, medians"
    );
    let burst_model = format!("burst:{burst}:{size}");
    let paced_model = format!("paced:{paced}:{size}:{interval}");
    // Warm up both (connections, first allocations).
    ours(&ours_client, "burst:1000:64").await;
    sdk(&sdk_client, "burst:1000:64").await;

    let (mut ours_rates, mut sdk_rates) = (Vec::new(), Vec::new());
    let (mut ours_ages, mut sdk_ages) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let rate = |seen: &Seen| seen.events as f64 / seen.elapsed.as_secs_f64();
        let check = |seen: &Seen, expected: u64| assert_eq!(seen.events as u64, expected);
        if round % 2 == 0 {
            let seen = ours(&ours_client, &burst_model).await;
            check(&seen, burst);
            ours_rates.push(rate(&seen));
            let seen = sdk(&sdk_client, &burst_model).await;
            check(&seen, burst);
            sdk_rates.push(rate(&seen));
        } else {
            let seen = sdk(&sdk_client, &burst_model).await;
            check(&seen, burst);
            sdk_rates.push(rate(&seen));
            let seen = ours(&ours_client, &burst_model).await;
            check(&seen, burst);
            ours_rates.push(rate(&seen));
        }
        let seen = ours(&ours_client, &paced_model).await;
        check(&seen, paced);
        ours_ages.push(seen.ages);
        let seen = sdk(&sdk_client, &paced_model).await;
        check(&seen, paced);
        sdk_ages.push(seen.ages);
        println!(
            "round {}: ours {:.0} events/s, SDK {:.0} events/s",
            round + 1,
            ours_rates[round as usize],
            sdk_rates[round as usize]
        );
    }
    let p =
        |ages: &[Vec<Duration>], q: f64| median(ages.iter().map(|a| percentile(a, q)).collect());
    let (ours_rate, sdk_rate) = (median(ours_rates), median(sdk_rates));
    println!();
    println!("| | ours | official SDK | ours/SDK |");
    println!("|---|---|---|---|");
    println!(
        "| events/s | {ours_rate:.0} | {sdk_rate:.0} | {:.2}x |",
        ours_rate / sdk_rate
    );
    for q in [50.0, 90.0, 99.0] {
        let (a, b) = (p(&ours_ages, q), p(&sdk_ages, q));
        println!("| latency p{q:.0} (µs) | {a:.0} | {b:.0} | {:.2}x |", a / b);
    }
}

/// What the benchmark measures holds: both clients read every event, in order, from the same
/// generated server (run by `cargo xtask boto3-servers`, and so by CI).
#[cfg(test)]
mod tests {
    use super::*;

    /// Serves the benchmark's server (checking SigV4 with the key) on a port of 127.0.0.1,
    /// whose URL it returns.
    async fn serve() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(servicemodel_runtime_server::serve(listener, router()));
        url
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_generated_client_and_the_official_sdk_read_the_same_server() {
        let url = serve().await;
        let (ours_client, sdk_client) = clients(&url);
        for model in ["burst:5000:64", "burst:50:100000", "paced:20:64:1000"] {
            let expected: usize = model.split(':').nth(1).unwrap().parse().unwrap();
            let read = tokio::time::timeout(Duration::from_secs(60), async {
                (
                    ours(&ours_client, model).await,
                    sdk(&sdk_client, model).await,
                )
            })
            .await
            .expect("read in time");
            assert_eq!(read.0.events, expected, "{model}: ours");
            assert_eq!(read.1.events, expected, "{model}: the SDK");
        }
    }

    /// A transport that changes a byte of the `nth` message (from 0) of a request's event
    /// stream, its checksums made good again: only the signature can tell.
    #[derive(Debug)]
    struct Tamper {
        inner: servicemodel_runtime_client::HyperClient,
        nth: usize,
    }

    impl servicemodel_runtime_client::HttpClient for Tamper {
        fn send(
            &self,
            request: servicemodel_runtime_client::HttpRequest,
        ) -> servicemodel_runtime_client::transport::BoxFuture<
            '_,
            Result<
                servicemodel_runtime_client::HttpResponse,
                servicemodel_runtime_client::TransportError,
            >,
        > {
            self.inner.send(request)
        }

        fn send_streaming(
            &self,
            request: servicemodel_runtime_client::StreamingRequest,
        ) -> servicemodel_runtime_client::transport::BoxFuture<
            '_,
            Result<
                servicemodel_runtime_client::StreamingResponse,
                servicemodel_runtime_client::TransportError,
            >,
        > {
            use servicemodel_runtime::eventstream::{decode, encode, Message};
            struct Changed {
                body: servicemodel_runtime::ByteStream,
                index: usize,
                nth: usize,
            }
            impl servicemodel_runtime::stream::Stream for Changed {
                type Item = Result<bytes::Bytes, servicemodel_runtime::ByteStreamError>;
                fn poll_next(
                    self: Pin<&mut Self>,
                    cx: &mut Context<'_>,
                ) -> Poll<Option<Self::Item>> {
                    let this = self.get_mut();
                    let chunk = std::task::ready!(Pin::new(&mut this.body).poll_next(cx));
                    let index = this.index;
                    this.index += 1;
                    Poll::Ready(chunk.map(|chunk| {
                        let chunk = chunk?;
                        if index != this.nth {
                            return Ok(chunk);
                        }
                        // Each chunk is one signed envelope.
                        let envelope = decode(chunk).expect("an envelope");
                        let mut payload = envelope.payload().to_vec();
                        let last = payload.len() - 5;
                        payload[last] ^= 1;
                        let mut changed = Message::new(payload);
                        for header in envelope.headers() {
                            changed = changed.add_header(header.clone());
                        }
                        Ok(encode(&changed).expect("encodes"))
                    }))
                }
            }
            let (parts, body) = request.into_parts();
            let body = servicemodel_runtime::ByteStream::from_stream(
                Changed {
                    body,
                    index: 0,
                    nth: self.nth,
                },
                None,
            );
            self.inner
                .send_streaming(servicemodel_runtime_client::http::Request::from_parts(
                    parts, body,
                ))
        }
    }

    fn chunk(text: &str) -> bedrockruntime::InvokeModelWithBidirectionalStreamInput {
        bedrockruntime::InvokeModelWithBidirectionalStreamInput::Chunk(
            bedrockruntime::BidirectionalInputPayloadPart::builder()
                .bytes(servicemodel_runtime::Blob::new(text.as_bytes().to_vec()))
                .build(),
        )
    }

    /// The generated client sends `InvokeModelWithBidirectionalStream` chunks to the generated
    /// server, each signed, over HTTP/2; each is answered before the next is sent. Through a
    /// transport that changes the second message, the first is answered and the second
    /// refused.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_generated_client_signs_a_bidirectional_stream_the_server_checks() {
        use bedrockruntime::{
            InvokeModelWithBidirectionalStreamOutput as Output,
            InvokeModelWithBidirectionalStreamOutputError as Refused,
        };
        use servicemodel_runtime::eventstream::EventError;

        let url = serve().await;
        let (client, _) = clients(&url);
        let run = async {
            let (chunks, sent) = tokio::sync::mpsc::channel(1);
            let output = client
                .invoke_model_with_bidirectional_stream()
                .model_id("echo")
                .body(EventStream::from_stream(Channel(sent)))
                .send()
                .await
                .expect("a conversation");
            let mut answers = output.body;
            for text in ["one", "two", "three"] {
                chunks.send(Ok(chunk(text))).await.expect("sent");
                match answers.recv().await {
                    Some(Ok(Output::Chunk(part))) => assert_eq!(
                        part.bytes.as_ref().map(|b| b.as_ref()),
                        Some(format!("echo: {text}").as_bytes())
                    ),
                    other => panic!("expected the echo of {text:?}, got {other:?}"),
                }
            }
            drop(chunks);
            assert!(answers.recv().await.is_none());

            let tampering = bedrockruntime::Client::new(
                servicemodel_runtime_client::Config::builder()
                    .region("us-east-1")
                    .endpoint_url(&url)
                    .credentials(servicemodel_runtime_client::Credentials::new(
                        ACCESS_KEY, SECRET_KEY, None, None, "bench",
                    ))
                    .http_client(Tamper {
                        inner: servicemodel_runtime_client::HyperClient::new(),
                        nth: 1,
                    })
                    .build(),
            );
            let output = tampering
                .invoke_model_with_bidirectional_stream()
                .model_id("echo")
                .body(EventStream::from_events([
                    chunk("fine"),
                    chunk("changed"),
                    chunk("never read"),
                ]))
                .send()
                .await
                .expect("a conversation");
            let mut answers = output.body;
            assert!(matches!(answers.recv().await, Some(Ok(Output::Chunk(_)))));
            match answers.recv().await {
                Some(Err(EventError::Exception(Refused::ValidationException(error)))) => {
                    let message = error.message.unwrap_or_default();
                    assert!(message.contains("signature"), "{message}");
                }
                other => panic!("expected the refusal, got {other:?}"),
            }
            assert!(answers.recv().await.is_none());
        };
        tokio::time::timeout(Duration::from_secs(60), run)
            .await
            .expect("in time");
    }

    /// The items sent through a channel, as they come.
    struct Channel<T>(tokio::sync::mpsc::Receiver<T>);

    impl<T> servicemodel_runtime::stream::Stream for Channel<T> {
        type Item = T;
        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
            self.get_mut().0.poll_recv(cx)
        }
    }

    /// The official AWS SDK for Rust sends `InvokeModelWithBidirectionalStream` chunks, each
    /// signed by its own event stream signer (its head with the empty payload's hash and no
    /// `x-amz-content-sha256`) and checked by the generated server, which answers each as it
    /// comes.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_official_sdk_signs_each_chunk_of_a_bidirectional_stream() {
        use aws_sdk_bedrockruntime::primitives::Blob;
        use aws_sdk_bedrockruntime::types::{
            BidirectionalInputPayloadPart, InvokeModelWithBidirectionalStreamInput as Input,
            InvokeModelWithBidirectionalStreamOutput as Output,
        };

        let url = serve().await;
        let (_, client) = clients(&url);
        let (chunks, sent) = tokio::sync::mpsc::channel(1);
        let output = client
            .invoke_model_with_bidirectional_stream()
            .model_id("echo")
            .body(Channel(sent).into())
            .send()
            .await
            .expect("a conversation");
        let mut answers = output.body;
        // Each chunk answered before the next goes: both streams open at once.
        for text in ["one", "two", "three"] {
            let part = BidirectionalInputPayloadPart::builder()
                .bytes(Blob::new(text.as_bytes()))
                .build();
            chunks.send(Ok(Input::Chunk(part))).await.expect("sent");
            let answer = tokio::time::timeout(std::time::Duration::from_secs(20), answers.recv())
                .await
                .expect("answered in time");
            match answer {
                Ok(Some(Output::Chunk(part))) => assert_eq!(
                    part.bytes().map(|b| b.as_ref()),
                    Some(format!("echo: {text}").as_bytes())
                ),
                other => panic!("expected the echo of {text:?}, got {other:?}"),
            }
        }
        // The end of the input (the SDK's closing signed message) ends the answers.
        drop(chunks);
        let end = tokio::time::timeout(std::time::Duration::from_secs(20), answers.recv())
            .await
            .expect("ended in time");
        assert!(matches!(end, Ok(None)), "{end:?}");
    }
}
