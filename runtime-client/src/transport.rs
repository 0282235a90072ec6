//! The pluggable HTTP transport: a trait, the default hyper/rustls client, and a replaying
//! client that records requests and answers canned responses without a socket.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};

use bytes::Bytes;
use servicemodel_runtime::ByteStream;

/// A request as the transport sends it.
pub type HttpRequest = http::Request<Bytes>;
/// A response as the transport returns it: the whole body read.
pub type HttpResponse = http::Response<Bytes>;
/// A request whose body is read as it is sent.
pub type StreamingRequest = http::Request<ByteStream>;
/// A response whose body is read at the caller's pace.
pub type StreamingResponse = http::Response<ByteStream>;
/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends one HTTP request and reads the whole response.
///
/// Implement it to plug in another HTTP stack, a proxy, or a test double.
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request`; a response with any status is `Ok`.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;

    /// Sends `request`, reading its body as it goes out, and returns once the response's head
    /// has come, its body to be read at the caller's pace (operations with streaming blobs).
    /// The default collects the request's body, calls [`HttpClient::send`] and hands back
    /// the whole response: right for test doubles, not for large bodies, which
    /// [`HyperClient`] streams.
    fn send_streaming(
        &self,
        request: StreamingRequest,
    ) -> BoxFuture<'_, Result<StreamingResponse, TransportError>> {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let body = body.collect().await.map_err(TransportError::new)?;
            let response = self.send(http::Request::from_parts(parts, body)).await?;
            Ok(response.map(ByteStream::new))
        })
    }
}

/// The request never got a complete response: connection, TLS or I/O failure.
#[derive(Debug)]
pub struct TransportError {
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// Wraps the underlying error.
    pub fn new(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self {
            source: source.into(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transport error: {}", self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

#[cfg(any(feature = "tls-aws-lc", feature = "tls-ring"))]
type Connector = hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>;
#[cfg(not(any(feature = "tls-aws-lc", feature = "tls-ring")))]
type Connector = hyper_util::client::legacy::connect::HttpConnector;

type HyperInner = hyper_util::client::legacy::Client<Connector, ByteStream>;

/// The default transport: hyper over HTTP/1.1, with rustls for `https` (web PKI roots).
///
/// # HTTP/2
/// With the `http2` feature (which `eventstream` turns on), a request whose version is
/// `HTTP/2` goes over a pool of HTTP/2 connections of its own: ALPN `h2` over TLS, prior
/// knowledge (h2c) over plain TCP. The client sends input event streams that way, as the
/// services want for a stream each way at once; every other request stays on HTTP/1.1.
///
/// # TLS
/// Which crypto provider rustls uses is a Cargo feature of this crate:
///
/// | feature | provider | why |
/// |---|---|---|
/// | `tls-aws-lc` (default) | `aws-lc-rs` | rustls's recommended provider: post-quantum hybrid key exchange (X25519MLKEM768) offered first, FIPS-capable; the official AWS SDK for Rust uses it too, so an application with both builds it once. It compiles C code (a C compiler, no cmake) |
/// | `tls-ring` | `ring` | for targets where `aws-lc-rs` does not build; rustls deprecated it as a default because it has no post-quantum key exchange |
/// | neither | none | plain `http` only (an emulator, a local service); an `https` URL fails with a [`TransportError`] saying which feature to turn on |
///
/// With both features on, `aws-lc-rs` is used. The provider is chosen here rather than
/// taken from the process: an application that also links another rustls user may have
/// both providers compiled into rustls, and then has no process-level default unless it
/// installs one; an application may also have installed a provider of its own. Neither
/// changes this client.
#[derive(Clone)]
pub struct HyperClient {
    inner: HyperInner,
    #[cfg(feature = "http2")]
    http2: HyperInner,
}

impl fmt::Debug for HyperClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperClient").finish_non_exhaustive()
    }
}

impl Default for HyperClient {
    fn default() -> Self {
        Self::new()
    }
}

impl HyperClient {
    /// A client with its own connection pool.
    pub fn new() -> Self {
        let inner =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build(connector(false));
        Self {
            inner,
            #[cfg(feature = "http2")]
            http2:
                hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                    .http2_only(true)
                    .build(connector(true)),
        }
    }
}

/// The crypto provider of the `tls-*` feature that is on (see [`HyperClient`]).
#[cfg(feature = "tls-aws-lc")]
fn crypto_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::aws_lc_rs::default_provider()
}

/// The crypto provider of the `tls-*` feature that is on (see [`HyperClient`]).
#[cfg(all(feature = "tls-ring", not(feature = "tls-aws-lc")))]
fn crypto_provider() -> rustls::crypto::CryptoProvider {
    // Deprecated by rustls as a *default* for its lack of post-quantum key exchange; the
    // `tls-ring` feature is the user's deliberate choice of it (see [`HyperClient`]).
    #[allow(deprecated)]
    rustls::crypto::ring::default_provider()
}

/// The connector of the HTTP/1.1 pool, or (`http2`) of the HTTP/2 one, which asks for `h2`
/// in ALPN.
#[cfg(any(feature = "tls-aws-lc", feature = "tls-ring"))]
fn connector(http2: bool) -> Connector {
    let builder = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(std::sync::Arc::new(crypto_provider()))
        // Both providers support every protocol version rustls enables by default, so this
        // cannot fail.
        .expect("rustls's providers support the default protocol versions")
        .https_or_http();
    #[cfg(feature = "http2")]
    if http2 {
        return builder.enable_http2().build();
    }
    let _ = http2;
    builder.enable_http1().build()
}

#[cfg(not(any(feature = "tls-aws-lc", feature = "tls-ring")))]
fn connector(_http2: bool) -> Connector {
    hyper_util::client::legacy::connect::HttpConnector::new()
}

/// Refuses an `https` request when no TLS feature is on, instead of hyper's vaguer error.
#[cfg(not(any(feature = "tls-aws-lc", feature = "tls-ring")))]
fn check_scheme(uri: &http::Uri) -> Result<(), TransportError> {
    if uri.scheme_str() == Some("https") {
        return Err(TransportError::new(format!(
            "{uri} needs TLS: turn on the `tls-aws-lc` or `tls-ring` feature of the client runtime"
        )));
    }
    Ok(())
}

#[cfg(any(feature = "tls-aws-lc", feature = "tls-ring"))]
fn check_scheme(_: &http::Uri) -> Result<(), TransportError> {
    Ok(())
}

impl HttpClient for HyperClient {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let response = self.send_streaming(request.map(ByteStream::new)).await?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await.map_err(TransportError::new)?;
            Ok(http::Response::from_parts(parts, body))
        })
    }

    fn send_streaming(
        &self,
        request: StreamingRequest,
    ) -> BoxFuture<'_, Result<StreamingResponse, TransportError>> {
        Box::pin(async move {
            check_scheme(request.uri())?;
            #[cfg(feature = "http2")]
            let pool = if request.version() == http::Version::HTTP_2 {
                &self.http2
            } else {
                &self.inner
            };
            #[cfg(not(feature = "http2"))]
            let pool = &self.inner;
            let response = pool.request(request).await.map_err(TransportError::new)?;
            Ok(response.map(ByteStream::from_body))
        })
    }
}

/// The process-wide default transport, created on first use and shared by every client.
pub fn default_http_client() -> Arc<dyn HttpClient> {
    static CLIENT: OnceLock<Arc<dyn HttpClient>> = OnceLock::new();
    CLIENT.get_or_init(|| Arc::new(HyperClient::new())).clone()
}

/// A transport for tests: records every request and answers from a queue of canned
/// responses (or transport errors), in order. Runs out → a transport error.
#[derive(Debug, Clone, Default)]
pub struct ReplayClient {
    state: Arc<Mutex<ReplayState>>,
}

#[derive(Debug, Default)]
struct ReplayState {
    responses: VecDeque<Result<HttpResponse, String>>,
    requests: Vec<HttpRequest>,
}

impl ReplayClient {
    /// A client with no canned responses yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues a response with `status` and a JSON (or any) `body`.
    pub fn respond(self, status: u16, headers: &[(&str, &str)], body: impl Into<Bytes>) -> Self {
        let mut b = http::Response::builder().status(status);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let response = b
            .body(body.into())
            .expect("a canned response is well-formed");
        self.lock().responses.push_back(Ok(response));
        self
    }

    /// Queues a transport failure.
    pub fn fail(self, message: &str) -> Self {
        self.lock().responses.push_back(Err(message.to_string()));
        self
    }

    /// The requests sent so far.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.lock().requests.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ReplayState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl HttpClient for ReplayClient {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let mut state = self.lock();
        state.requests.push(request);
        let next = state.responses.pop_front();
        drop(state);
        Box::pin(async move {
            match next {
                Some(Ok(response)) => Ok(response),
                Some(Err(message)) => Err(TransportError::new(message)),
                None => Err(TransportError::new(
                    "the replay client has no more responses",
                )),
            }
        })
    }
}
