//! Streaming bodies through the client's send path and the default hyper transport, against
//! a hyper server on 127.0.0.1 that echoes what it is sent as it reads it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use servicemodel_runtime_client::{
    send_streaming, AuthScheme, ByteStream, Config, Credentials, OperationRequest, ReplayClient,
    RetryConfig, SendError, ServiceInfo,
};

const SERVICE: ServiceInfo = ServiceInfo {
    service_id: "Streams",
    signing_name: "streams",
    auth: &[AuthScheme::SigV4],
    endpoint_prefix: "streams",
    retryable_codes: &[],
    query_compatible: false,
};

/// Every wait here is bounded by this.
const LIMIT: Duration = Duration::from_secs(60);

/// The heads of the requests the echo server got.
type Seen = Arc<Mutex<Vec<http::request::Parts>>>;

/// Serves on 127.0.0.1, answering each request with its own body, streamed back as read.
async fn echo_server() -> (std::net::SocketAddr, Seen) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: Seen = Arc::default();
    let record = Arc::clone(&seen);
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let record = Arc::clone(&record);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    move |request: http::Request<hyper::body::Incoming>| {
                        let (parts, body) = request.into_parts();
                        record.lock().unwrap().push(parts);
                        async move { Ok::<_, std::convert::Infallible>(http::Response::new(body)) }
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(socket), service)
                    .await;
            });
        }
    });
    (addr, seen)
}

/// `chunks` chunks of 1 MiB, each filled with its index, made as they are read.
fn generated(chunks: u8) -> impl futures_core::Stream<Item = Result<Bytes, std::io::Error>> {
    struct Generated(u8, u8);
    impl futures_core::Stream for Generated {
        type Item = Result<Bytes, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            if self.0 == self.1 {
                return std::task::Poll::Ready(None);
            }
            let chunk = Bytes::from(vec![self.0; 1 << 20]);
            self.0 += 1;
            std::task::Poll::Ready(Some(Ok(chunk)))
        }
    }
    Generated(0, chunks)
}

fn config(endpoint: String) -> Config {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials(Credentials::new("AKID", "secret", None, None, "test"))
        .retry(RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
        })
        .build()
}

fn request(body: ByteStream) -> OperationRequest<ByteStream> {
    OperationRequest {
        method: http::Method::PUT,
        path_and_query: "/objects/a".to_owned(),
        headers: Vec::new(),
        body,
        host_prefix: None,
    }
}

#[tokio::test]
async fn bodies_stream_both_ways_over_a_socket() {
    let (addr, seen) = echo_server().await;
    let config = config(format!("http://{addr}"));
    for length in [None, Some(16 << 20)] {
        let body = ByteStream::from_stream(generated(16), length);
        let response = tokio::time::timeout(
            LIMIT,
            send_streaming(&config, &SERVICE, request(body), SERVICE.auth),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(response.status(), 200);
        // Read at our pace: chunk by chunk, each byte checked, nothing kept.
        let mut body = response.into_body();
        let mut read = 0usize;
        while let Some(chunk) = tokio::time::timeout(LIMIT, body.next()).await.unwrap() {
            let chunk = chunk.unwrap();
            for (i, byte) in chunk.iter().enumerate() {
                assert_eq!(*byte as usize, (read + i) >> 20);
            }
            read += chunk.len();
        }
        assert_eq!(read, 16 << 20);

        let head = seen.lock().unwrap().pop().unwrap();
        // Not hashed, and said so in the signed headers; chunked when the length is unknown.
        assert_eq!(head.headers["x-amz-content-sha256"], "UNSIGNED-PAYLOAD");
        let authorization = head.headers["authorization"].to_str().unwrap();
        assert!(
            authorization.contains("x-amz-content-sha256"),
            "{authorization}"
        );
        match length {
            None => {
                assert_eq!(head.headers["transfer-encoding"], "chunked");
                assert!(!head.headers.contains_key("content-length"));
            }
            Some(length) => assert_eq!(head.headers["content-length"], length.to_string()),
        }
    }

    // A source that fails mid-way fails the call as a transport error, not as a response.
    let failing = futures_stream_of(vec![Ok(Bytes::from_static(b"ab")), Err("gone")]);
    let error = tokio::time::timeout(
        LIMIT,
        send_streaming(
            &config,
            &SERVICE,
            request(ByteStream::from_stream(failing, None)),
            SERVICE.auth,
        ),
    )
    .await
    .unwrap();
    match error {
        Err(SendError::Transport(error)) => {
            let chain = format!("{error} {:?}", std::error::Error::source(&error));
            assert!(chain.contains("gone"), "{chain}");
        }
        Ok(response) => {
            // hyper may have sent the head already; then the body it echoes ends in error.
            assert!(response.into_body().collect().await.is_err());
        }
        Err(other) => panic!("{other:?}"),
    }

    // Bytes in memory are signed with their hash, which the request names.
    let response = send_streaming(
        &config,
        &SERVICE,
        request(ByteStream::from(b"small".as_slice())),
        SERVICE.auth,
    )
    .await
    .unwrap();
    assert_eq!(response.into_body().collect().await.unwrap(), "small");
    let head = seen.lock().unwrap().pop().unwrap();
    assert_eq!(head.headers["content-length"], "5");
    // SHA-256 of "small".
    assert_eq!(
        head.headers["x-amz-content-sha256"],
        "81db8ebbbbc69c6c6ad4a6aa92b76e0c08af547da236b9e2c9dbe1d8285a8130"
    );
}

#[tokio::test]
async fn only_bodies_in_memory_are_retried() {
    let unavailable = || {
        ReplayClient::new()
            .respond(503, &[], r#"{"__type":"ServiceUnavailable"}"#)
            .respond(200, &[], "done")
    };
    let replay = unavailable();
    let config = config("http://127.0.0.1:9".to_owned());
    let with = |replay: &ReplayClient| {
        servicemodel_runtime_client::ConfigBuilder::from(config.clone())
            .http_client(replay.clone())
            .build()
    };
    let response = send_streaming(
        &with(&replay),
        &SERVICE,
        request(ByteStream::from(b"again".as_slice())),
        SERVICE.auth,
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(replay.requests().len(), 2);
    assert_eq!(replay.requests()[1].body(), "again");

    let replay = unavailable();
    let response = send_streaming(
        &with(&replay),
        &SERVICE,
        request(ByteStream::from_stream(generated(1), None)),
        SERVICE.auth,
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(replay.requests().len(), 1);
    assert_eq!(replay.requests()[0].body().len(), 1 << 20);
    assert_eq!(
        response.into_body().collect().await.unwrap(),
        r#"{"__type":"ServiceUnavailable"}"#
    );
}

fn futures_stream_of(
    items: Vec<Result<Bytes, &'static str>>,
) -> impl futures_core::Stream<Item = Result<Bytes, &'static str>> {
    struct Items(std::vec::IntoIter<Result<Bytes, &'static str>>);
    impl futures_core::Stream for Items {
        type Item = Result<Bytes, &'static str>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Items(items.into_iter())
}

/// An operation whose input and output stream, as generated code describes one, that requires
/// a checksum (`httpChecksumRequired`): against the echo server, its body comes back as the
/// output's stream.
struct Upload {
    body: ByteStream,
}

/// The output: the body the server answered with, unread.
#[derive(Debug)]
struct Echoed {
    body: ByteStream,
}

impl servicemodel_runtime::Validate for Upload {}

impl servicemodel_runtime_client::Operation for Upload {
    type Output = Echoed;
    type Error = u16;
    const NAME: &'static str = "Upload";
    const SERVICE: &'static ServiceInfo = &SERVICE;
    const CHECKSUM: Option<servicemodel_runtime::HttpChecksum> =
        Some(servicemodel_runtime::HttpChecksum {
            request_required: true,
            content_md5: true,
            response_algorithms: &[],
        });
    const STREAMING: servicemodel_runtime_client::Streaming =
        servicemodel_runtime_client::Streaming {
            input: true,
            output: true,
            ..servicemodel_runtime_client::Streaming::NONE
        };

    fn take_stream(&mut self) -> ByteStream {
        std::mem::take(&mut self.body)
    }

    fn serialize(&self) -> Result<OperationRequest, String> {
        Ok(OperationRequest {
            method: http::Method::PUT,
            path_and_query: "/upload".to_owned(),
            headers: Vec::new(),
            body: Bytes::new(),
            host_prefix: None,
        })
    }

    fn parse_output(response: &servicemodel_runtime_client::RawResponse) -> Result<Echoed, String> {
        Self::parse_streaming_output(response, ByteStream::new(response.body.clone()))
    }

    fn parse_streaming_output(
        _: &servicemodel_runtime_client::RawResponse,
        body: ByteStream,
    ) -> Result<Echoed, String> {
        Ok(Echoed { body })
    }

    fn parse_error(_: Option<&str>, response: &servicemodel_runtime_client::RawResponse) -> u16 {
        response.status
    }
}

#[tokio::test]
async fn operations_stream_through_invoke_with_the_checksums_they_require() {
    let (addr, seen) = echo_server().await;
    let config = config(format!("http://{addr}"));
    let calls = async {
        // Bytes in memory get the checksum like any body, and come back as a stream.
        let output = servicemodel_runtime_client::invoke(
            &config,
            Upload {
                body: ByteStream::new("hello"),
            },
        )
        .await
        .expect("echoed");
        assert_eq!(output.body.collect().await.unwrap(), "hello");
        let md5 = seen.lock().unwrap()[0].headers["content-md5"].clone();
        assert_eq!(md5, "XUFAKrxLKna5cZ2REBfFkg==");

        // A stream of unknown content cannot get one yet: refused before it is sent.
        let refused = servicemodel_runtime_client::invoke(
            &config,
            Upload {
                body: ByteStream::from_stream(generated(2), None),
            },
        )
        .await
        .expect_err("refused");
        match refused {
            servicemodel_runtime_client::SdkError::Construction(message) => {
                assert!(message.contains("checksum"), "{message}")
            }
            other => panic!("expected a construction error, got {other:?}"),
        }
        assert_eq!(seen.lock().unwrap().len(), 1);
    };
    tokio::time::timeout(LIMIT, calls).await.expect("in time");
}
