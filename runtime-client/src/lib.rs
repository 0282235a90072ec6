//! The client side that generated clients call: configuration, signing, retries, timeouts,
//! the pluggable transport, error classification and pagination. Service-agnostic; the
//! generated crate's `client` feature pulls it in.
//!
//! A generated operation serializes its input into an [`OperationRequest`], hands it to
//! [`send`] (which signs, sends, retries and times out), and then reads the [`RawResponse`]:
//! the output on 2xx, else the typed error picked by [`protocol::parse_error`]'s code.

#![warn(missing_docs)]

pub mod config;
pub mod error;
pub mod operation;
pub mod paginate;
pub mod protocol;
pub mod transport;

use std::time::{Duration, SystemTime};

use bytes::Bytes;

pub use aws_credential_types::provider::token::ProvideToken;
pub use aws_credential_types::provider::ProvideCredentials;
pub use aws_credential_types::{Credentials, Token};
pub use futures_core::Stream;
pub use http;
pub use servicemodel_runtime::{AuthScheme, ChecksumAlgorithm, HttpChecksum, PatternMatch};

pub use config::{
    ChecksumWhen, Config, ConfigBuilder, IdempotencyTokenProvider, RequestCompression, RetryConfig,
    TimeoutConfig,
};
pub use error::{RawResponse, SdkError};
pub use operation::{invoke, Operation, Streaming};
pub use servicemodel_runtime::{ByteStream, ByteStreamError};
pub use transport::{
    HttpClient, HttpRequest, HttpResponse, HyperClient, ReplayClient, StreamingRequest,
    StreamingResponse, TransportError,
};

/// What a client needs to know of its service, from the model's metadata.
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    /// `serviceId`, for `AWS_ENDPOINT_URL_<SERVICE>`.
    pub service_id: &'static str,
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// The schemes the service accepts, in the model's order of preference.
    pub auth: &'static [AuthScheme],
    /// The host prefix of the regional endpoint.
    pub endpoint_prefix: &'static str,
    /// Error codes the model marks `retryable` (throttling or not), retried like 429 and 5xx.
    pub retryable_codes: &'static [&'static str],
    /// `awsQueryCompatible`: requests say `x-amzn-query-mode: true`.
    pub query_compatible: bool,
}

impl ServiceInfo {
    /// The environment variable botocore reads this service's bearer token from:
    /// `AWS_BEARER_TOKEN_` and the signing name in upper case, `-` and spaces as `_`
    /// (`AWS_BEARER_TOKEN_BEDROCK`).
    pub fn bearer_token_variable(&self) -> String {
        format!(
            "AWS_BEARER_TOKEN_{}",
            self.signing_name
                .to_ascii_uppercase()
                .replace([' ', '-'], "_")
        )
    }
}

/// One serialized request, before the endpoint, signing and retries are applied. Its body
/// is bytes in memory, or a [`ByteStream`] for operations with streaming blobs
/// ([`send_streaming`]).
#[derive(Debug, Clone)]
pub struct OperationRequest<B = Bytes> {
    /// The HTTP method.
    pub method: http::Method,
    /// The path and query (`/` for JSON RPC; the expanded URI template for rest-json).
    pub path_and_query: String,
    /// Protocol headers (`Content-Type`, `X-Amz-Target`, header-bound members).
    pub headers: Vec<(http::HeaderName, http::HeaderValue)>,
    /// The body; empty for none.
    pub body: B,
    /// What goes in front of the endpoint's host (the operation's host prefix, labels filled
    /// in), if anything.
    pub host_prefix: Option<String>,
}

impl<B> OperationRequest<B> {
    /// The same request with its body made by `f` from this one's.
    pub fn map_body<C>(self, f: impl FnOnce(B) -> C) -> OperationRequest<C> {
        OperationRequest {
            method: self.method,
            path_and_query: self.path_and_query,
            headers: self.headers,
            body: f(self.body),
            host_prefix: self.host_prefix,
        }
    }
}

/// A fresh idempotency token (a random UUID), for `ClientToken`-style members left unset.
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn endpoint(config: &Config, service: &ServiceInfo) -> Result<String, String> {
    if let Some(url) = config.endpoint_url() {
        return Ok(url.trim_end_matches('/').to_string());
    }
    let region = config
        .region()
        .ok_or("no region is configured (set one, or AWS_REGION)")?;
    Ok(format!(
        "https://{}.{region}.amazonaws.com",
        service.endpoint_prefix
    ))
}

/// What authenticates one attempt: the first of the operation's schemes (those of the
/// config's preference first) for which the config has an identity.
enum Identity {
    /// The operation is called anonymously.
    Anonymous,
    SigV4(Credentials),
    Bearer(Token),
}

async fn resolve_identity(
    config: &Config,
    service: &ServiceInfo,
    auth: &[AuthScheme],
) -> Result<Identity, String> {
    let preferred = config
        .auth_scheme_preference()
        .iter()
        .filter(|scheme| auth.contains(scheme));
    let mut order: Vec<AuthScheme> = Vec::with_capacity(auth.len());
    for scheme in preferred.chain(auth) {
        if !order.contains(scheme) {
            order.push(*scheme);
        }
    }
    for scheme in &order {
        match scheme {
            AuthScheme::SigV4 => {
                if let Some(provider) = config.credentials_provider() {
                    return provider
                        .provide_credentials()
                        .await
                        .map(Identity::SigV4)
                        .map_err(|e| format!("could not load credentials: {e}"));
                }
            }
            AuthScheme::Bearer => {
                if let Some(provider) = config.token_provider() {
                    return provider
                        .provide_token()
                        .await
                        .map(Identity::Bearer)
                        .map_err(|e| format!("could not load the bearer token: {e}"));
                }
            }
        }
    }
    match order.first() {
        None => Ok(Identity::Anonymous),
        Some(AuthScheme::SigV4) => Err(
            "no credentials are configured (set them, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
                .to_owned(),
        ),
        Some(AuthScheme::Bearer) => Err(format!(
            "no bearer token is configured (set one with `ConfigBuilder::bearer_token`, or {})",
            service.bearer_token_variable()
        )),
    }
}

/// Whether a bearer token may be sent to `uri`: over HTTPS, or to a loopback address (a
/// local server in tests), since the token is sent as it is.
fn may_carry_bearer_token(uri: &http::Uri) -> bool {
    if uri.scheme() == Some(&http::uri::Scheme::HTTPS) {
        return true;
    }
    let host = uri.host().unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What a signature covers of a body.
enum Payload<'a> {
    /// The bytes, hashed.
    Bytes(&'a [u8]),
    /// The bytes, hashed, the hash also sent in `x-amz-content-sha256` (streaming operations:
    /// a server checks the signature before it reads the body, against that hash).
    AnnouncedBytes(&'a [u8]),
    /// A stream, not hashed (`x-amz-content-sha256: UNSIGNED-PAYLOAD`), of this length if
    /// known.
    Unsigned(Option<u64>),
    /// An event stream (`x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-EVENTS`), sent
    /// over HTTP/2: with SigV4, each message is signed on its own, chained to the head's
    /// signature.
    Events,
}

/// A request's head, signed, and for an event stream signed with SigV4 the signer of its
/// messages (seeded with the head's signature).
struct Head {
    request: http::Request<()>,
    #[cfg(feature = "eventstream")]
    signer: Option<servicemodel_runtime::eventstream::signing::MessageSigner>,
}

impl Head {
    fn unsigned(request: http::Request<()>) -> Self {
        Self {
            request,
            #[cfg(feature = "eventstream")]
            signer: None,
        }
    }
}

/// The HTTP request for `req`: at the endpoint, with its host and length, authenticated with
/// the first of `auth` the config has an identity for (SigV4 or a bearer token), or not at
/// all when `auth` is empty (operations the model marks as unauthenticated).
async fn build_request(
    config: &Config,
    service: &ServiceInfo,
    req: &OperationRequest,
    auth: &[AuthScheme],
) -> Result<HttpRequest, String> {
    let head = build_head(config, service, req, Payload::Bytes(&req.body), auth).await?;
    Ok(head.request.map(|()| req.body.clone()))
}

/// [`build_request`]'s head, for a body as `payload` says.
async fn build_head<B>(
    config: &Config,
    service: &ServiceInfo,
    req: &OperationRequest<B>,
    payload: Payload<'_>,
    auth: &[AuthScheme],
) -> Result<Head, String> {
    let mut base = endpoint(config, service)?;
    if let Some(prefix) = req
        .host_prefix
        .as_deref()
        .filter(|_| config.inject_host_prefix())
    {
        base = with_host_prefix(&base, prefix)?;
    }
    let uri = format!("{base}{}", req.path_and_query);
    // An event stream goes each way at once: over HTTP/2, as the services want it.
    let version = match payload {
        Payload::Events => http::Version::HTTP_2,
        _ => http::Version::HTTP_11,
    };
    let mut request = http::Request::builder()
        .method(req.method.clone())
        .version(version)
        .uri(&uri)
        .body(())
        .map_err(|e| format!("bad request URI {uri:?}: {e}"))?;
    let authority = request
        .uri()
        .authority()
        .map(|a| a.as_str().to_string())
        .ok_or_else(|| format!("the endpoint {uri:?} has no host"))?;
    let headers = request.headers_mut();
    headers.insert(
        http::header::HOST,
        authority.parse().map_err(|_| "bad host".to_string())?,
    );
    for (k, v) in &req.headers {
        headers.insert(k.clone(), v.clone());
    }
    if service.query_compatible {
        headers.insert(
            servicemodel_runtime::protocol::QUERY_MODE_HEADER,
            http::HeaderValue::from_static("true"),
        );
    }
    let length = match payload {
        Payload::Bytes(bytes) | Payload::AnnouncedBytes(bytes) => Some(bytes.len() as u64),
        Payload::Unsigned(length) => length,
        Payload::Events => None,
    };
    // A stream of unknown length goes chunked, without one.
    let has_body = length.is_some_and(|length| length > 0);
    if let (true, Some(length)) = (
        has_body || req.method == http::Method::POST || req.method == http::Method::PUT,
        length,
    ) {
        headers.insert(
            http::header::CONTENT_LENGTH,
            http::HeaderValue::from(length),
        );
    }
    let credentials = match resolve_identity(config, service, auth).await? {
        Identity::Anonymous => return Ok(Head::unsigned(request)),
        Identity::Bearer(token) => {
            if !may_carry_bearer_token(request.uri()) {
                return Err(format!(
                    "a bearer token is only sent over HTTPS or to a loopback address, not to {base}"
                ));
            }
            let mut value = http::HeaderValue::try_from(format!("Bearer {}", token.token()))
                .map_err(|_| "the bearer token is not a valid header value".to_owned())?;
            value.set_sensitive(true);
            request
                .headers_mut()
                .insert(http::header::AUTHORIZATION, value);
            return Ok(Head::unsigned(request));
        }
        Identity::SigV4(credentials) => credentials,
    };
    let region = config
        .region()
        .ok_or("no region is configured to sign with (set one, or AWS_REGION)")?;
    #[cfg(feature = "eventstream")]
    let secret =
        matches!(payload, Payload::Events).then(|| credentials.secret_access_key().to_owned());
    let identity = credentials.into();
    let mut settings = aws_sigv4::http_request::SigningSettings::default();
    let signable_body = match payload {
        Payload::Bytes(bytes) => aws_sigv4::http_request::SignableBody::Bytes(bytes),
        Payload::AnnouncedBytes(bytes) => {
            settings.payload_checksum_kind =
                aws_sigv4::http_request::PayloadChecksumKind::XAmzSha256;
            aws_sigv4::http_request::SignableBody::Bytes(bytes)
        }
        Payload::Unsigned(_) => {
            // Says so in `x-amz-content-sha256`, which the service reads to know.
            settings.payload_checksum_kind =
                aws_sigv4::http_request::PayloadChecksumKind::XAmzSha256;
            aws_sigv4::http_request::SignableBody::UnsignedPayload
        }
        Payload::Events => {
            settings.payload_checksum_kind =
                aws_sigv4::http_request::PayloadChecksumKind::XAmzSha256;
            aws_sigv4::http_request::SignableBody::Precomputed(
                servicemodel_runtime::auth::STREAMING_EVENTS_PAYLOAD.to_owned(),
            )
        }
    };
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service.signing_name)
        .time(SystemTime::now())
        .settings(settings)
        .build()
        .map_err(|e| format!("signing: {e}"))?
        .into();
    let signable = aws_sigv4::http_request::SignableRequest::new(
        request.method().as_str(),
        request.uri().to_string(),
        request
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.as_str(), v.to_str().ok()?))),
        signable_body,
    )
    .map_err(|e| format!("signing: {e}"))?;
    let (instructions, signature) = aws_sigv4::http_request::sign(signable, &params)
        .map_err(|e| format!("signing: {e}"))?
        .into_parts();
    instructions.apply_to_request_http1x(&mut request);
    #[cfg(not(feature = "eventstream"))]
    drop(signature);
    Ok(Head {
        request,
        #[cfg(feature = "eventstream")]
        signer: secret.map(|secret| {
            servicemodel_runtime::eventstream::signing::MessageSigner::new(
                secret,
                region,
                service.signing_name,
                signature,
            )
        }),
    })
}

/// `endpoint` with `prefix` in front of its host (`https://data.example.com/base`); unchanged
/// when the host is an IP address, which cannot take one.
fn with_host_prefix(endpoint: &str, prefix: &str) -> Result<String, String> {
    let uri: http::Uri = endpoint
        .parse()
        .map_err(|e| format!("bad endpoint URL {endpoint:?}: {e}"))?;
    let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
        return Err(format!("the endpoint {endpoint:?} has no scheme or host"));
    };
    let host = authority.host();
    if host.starts_with('[') || host.parse::<std::net::IpAddr>().is_ok() {
        return Ok(endpoint.to_owned());
    }
    let path = uri.path().trim_end_matches('/');
    Ok(format!("{scheme}://{prefix}{authority}{path}"))
}

fn is_retryable(service: &ServiceInfo, response: &RawResponse) -> bool {
    if response.status == 429 || response.status >= 500 {
        return true;
    }
    let info = protocol::parse_error(&response.headers, &response.body);
    info.code
        .is_some_and(|c| service.retryable_codes.contains(&c.as_str()))
}

/// Why [`send`] got no response: the [`SdkError`] variants that do not depend on the
/// operation, so that the whole send path is compiled once rather than per operation.
#[derive(Debug)]
pub enum SendError {
    /// See [`SdkError::Construction`].
    Construction(String),
    /// See [`SdkError::Transport`].
    Transport(TransportError),
    /// See [`SdkError::Timeout`].
    Timeout(Duration),
}

impl<E> From<SendError> for SdkError<E> {
    fn from(error: SendError) -> Self {
        match error {
            SendError::Construction(message) => SdkError::Construction(message),
            SendError::Transport(error) => SdkError::Transport(error),
            SendError::Timeout(limit) => SdkError::Timeout(limit),
        }
    }
}

/// Signs and sends `req` (with the service's schemes), retrying throttling, 429, 5xx and transport failures as the
/// config's [`RetryConfig`] says, within its [`TimeoutConfig`]. Returns the last response,
/// whatever its status.
///
/// Its error does not depend on the operation ([`SendError`] converts into any [`SdkError`]),
/// so that the whole send path is compiled once.
pub async fn send(
    config: &Config,
    service: &ServiceInfo,
    req: OperationRequest,
) -> Result<RawResponse, SendError> {
    send_request(config, service, req, service.auth).await
}

/// [`send`], authenticated by one of `auth` (none for an operation the model marks as
/// unauthenticated).
pub(crate) async fn send_request(
    config: &Config,
    service: &ServiceInfo,
    req: OperationRequest,
    auth: &[AuthScheme],
) -> Result<RawResponse, SendError> {
    within(
        config.timeout().operation,
        send_with_retries(config, service, req, auth),
    )
    .await
}

/// `run`, or [`SendError::Timeout`] if it takes longer than `limit`.
async fn within<T>(
    limit: Option<Duration>,
    run: impl std::future::Future<Output = Result<T, SendError>>,
) -> Result<T, SendError> {
    match limit {
        Some(limit) => tokio::time::timeout(limit, run)
            .await
            .unwrap_or(Err(SendError::Timeout(limit))),
        None => run.await,
    }
}

async fn send_with_retries(
    config: &Config,
    service: &ServiceInfo,
    req: OperationRequest,
    auth: &[AuthScheme],
) -> Result<RawResponse, SendError> {
    let client = config.http_client();
    let retry = config.retry();
    let attempts = retry.max_attempts.max(1);
    let mut attempt = 1;
    loop {
        // Signed per attempt: the signature's date must be fresh (and a token may expire).
        let request = build_request(config, service, &req, auth)
            .await
            .map_err(SendError::Construction)?;
        let sent = async { client.send(request).await.map_err(SendError::Transport) };
        let result = within(config.timeout().attempt, sent).await;
        let last = attempt >= attempts;
        match result {
            Ok(response) => {
                let (parts, body) = response.into_parts();
                let raw = RawResponse {
                    status: parts.status.as_u16(),
                    headers: parts.headers,
                    body,
                };
                let success = (200..300).contains(&raw.status);
                if success || last || !is_retryable(service, &raw) {
                    return Ok(raw);
                }
            }
            Err(e @ (SendError::Transport(_) | SendError::Timeout(_))) if !last => drop(e),
            Err(e) => return Err(e),
        }
        tokio::time::sleep(retry.backoff(attempt)).await;
        attempt += 1;
    }
}

/// The most of an error response's body a streaming call reads (to find the error's code and
/// decide on a retry): 10 MiB.
const ERROR_BODY_LIMIT: u64 = 10 << 20;

/// [`send`] for an operation with streaming blobs: the request's body is read as it is sent
/// (signed as `UNSIGNED-PAYLOAD` unless it is bytes in memory, whose hash goes in
/// `x-amz-content-sha256`), and the response comes back
/// as soon as its head has, a successful one's body to be read at the caller's pace. An error
/// response's body is read (up to 10 MiB) to tell its code. A request is retried only while
/// its body is bytes in memory, which can be sent again; a stream is sent once. The config's
/// time limits cover the wait for the response's head, not the reading of its body.
pub async fn send_streaming(
    config: &Config,
    service: &ServiceInfo,
    req: OperationRequest<ByteStream>,
    auth: &[AuthScheme],
) -> Result<StreamingResponse, SendError> {
    within(
        config.timeout().operation,
        send_streaming_with_retries(config, service, req, auth, false),
    )
    .await
}

/// [`send_streaming`] for a body that is an event stream (each chunk of `req`'s body one
/// framed message, as `EventStream::into_body` gives them): with SigV4, the head is signed
/// with the payload hash `STREAMING-AWS4-HMAC-SHA256-EVENTS` and each message goes in an
/// envelope signed as it is sent, chained to the signature before, the stream closed by an
/// empty signed envelope; with a bearer token or anonymously the messages go as they are. The
/// request is sent once (a stream cannot be sent again).
#[cfg(feature = "eventstream")]
pub async fn send_event_stream(
    config: &Config,
    service: &ServiceInfo,
    req: OperationRequest<ByteStream>,
    auth: &[AuthScheme],
) -> Result<StreamingResponse, SendError> {
    within(
        config.timeout().operation,
        send_streaming_with_retries(config, service, req, auth, true),
    )
    .await
}

async fn send_streaming_with_retries(
    config: &Config,
    service: &ServiceInfo,
    req: OperationRequest<ByteStream>,
    auth: &[AuthScheme],
    events: bool,
) -> Result<StreamingResponse, SendError> {
    // Apart, so that no reference to the stream (which need not be `Sync`) is held while
    // the head is signed.
    let mut stream = None;
    let req = req.map_body(|body| stream = Some(body));
    let mut stream = stream.unwrap_or_default();
    let client = config.http_client();
    let retry = config.retry();
    let attempts = retry.max_attempts.max(1);
    let mut attempt = 1;
    loop {
        // A body in memory is sent as a copy, so that it can be sent again; a stream is sent
        // itself, and then there is nothing to send again.
        let (body, replayable) = match stream.try_clone() {
            Some(copy) => (copy, true),
            None => (std::mem::take(&mut stream), false),
        };
        let announced = body.bytes().cloned();
        let payload = match &announced {
            _ if events => Payload::Events,
            Some(bytes) => Payload::AnnouncedBytes(bytes),
            None => Payload::Unsigned(body.length()),
        };
        let head = build_head(config, service, &req, payload, auth)
            .await
            .map_err(SendError::Construction)?;
        #[cfg(feature = "eventstream")]
        let body = match head.signer {
            Some(signer) => servicemodel_runtime::eventstream::signing::sign_body(body, signer),
            None => body,
        };
        let request = head.request;
        let sent = async {
            client
                .send_streaming(request.map(|()| body))
                .await
                .map_err(SendError::Transport)
        };
        let result = within(config.timeout().attempt, sent).await;
        // An event stream is never replayable: it is signed as it is sent.
        let last = attempt >= attempts || !replayable;
        match result {
            Ok(response) if response.status().is_success() => return Ok(response),
            Ok(response) => {
                let (parts, body) = response.into_parts();
                let body = body
                    .collect_limited(ERROR_BODY_LIMIT)
                    .await
                    .map_err(|e| SendError::Transport(TransportError::new(e)))?;
                let raw = RawResponse {
                    status: parts.status.as_u16(),
                    headers: parts.headers.clone(),
                    body: body.clone(),
                };
                if last || !is_retryable(service, &raw) {
                    return Ok(http::Response::from_parts(parts, ByteStream::new(body)));
                }
            }
            Err(e @ (SendError::Transport(_) | SendError::Timeout(_))) if !last => drop(e),
            Err(e) => return Err(e),
        }
        tokio::time::sleep(retry.backoff(attempt)).await;
        attempt += 1;
    }
}

/// The backoff before retry `n`, exposed for tests and custom loops.
pub fn backoff(config: &Config, retry: u32) -> Duration {
    config.retry().backoff(retry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_credential_types::Credentials;

    const SERVICE: ServiceInfo = ServiceInfo {
        service_id: "Test Service",
        signing_name: "sms-voice",
        auth: &[AuthScheme::SigV4],
        endpoint_prefix: "sms-voice",
        retryable_codes: &["ThrottlingException"],
        query_compatible: false,
    };

    fn config(replay: &ReplayClient) -> Config {
        Config::builder()
            .region("us-east-1")
            .endpoint_url("http://127.0.0.1:1")
            .credentials(Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
                None,
                "test",
            ))
            .retry(RetryConfig {
                max_attempts: 3,
                initial_backoff: Duration::from_millis(1),
                max_backoff: Duration::from_millis(2),
            })
            .http_client(replay.clone())
            .build()
    }

    fn request() -> OperationRequest {
        OperationRequest {
            method: http::Method::POST,
            path_and_query: "/".into(),
            headers: vec![(
                http::HeaderName::from_static("x-amz-target"),
                http::HeaderValue::from_static("PinpointSMSVoiceV2.SendTextMessage"),
            )],
            body: Bytes::from_static(b"{}"),
            host_prefix: None,
        }
    }

    #[test]
    fn host_prefixes_go_before_the_host_but_never_an_ip_address() {
        assert_eq!(
            with_host_prefix("https://example.com/custom", "foo.bar.").unwrap(),
            "https://foo.bar.example.com/custom"
        );
        assert_eq!(
            with_host_prefix("http://localhost:4566", "data-").unwrap(),
            "http://data-localhost:4566"
        );
        assert_eq!(
            with_host_prefix("http://127.0.0.1:4566", "data.").unwrap(),
            "http://127.0.0.1:4566"
        );
        assert_eq!(
            with_host_prefix("http://[::1]:4566", "data.").unwrap(),
            "http://[::1]:4566"
        );
    }

    #[tokio::test]
    async fn retries_transport_failures_and_throttling_then_succeeds() {
        let replay = ReplayClient::new()
            .fail("connection reset")
            .respond(400, &[], r#"{"__type":"ThrottlingException"}"#)
            .respond(200, &[("x-amzn-RequestId", "req-1")], "{}");
        let raw = send(&config(&replay), &SERVICE, request()).await.unwrap();
        assert_eq!(raw.status, 200);
        assert_eq!(raw.request_id(), Some("req-1"));
        assert_eq!(replay.requests().len(), 3);
    }

    #[tokio::test]
    async fn gives_up_after_max_attempts_with_the_last_response() {
        let replay = ReplayClient::new()
            .respond(500, &[], "{}")
            .respond(503, &[], "{}")
            .respond(502, &[], "{}")
            .respond(200, &[], "{}");
        let raw = send(&config(&replay), &SERVICE, request()).await.unwrap();
        assert_eq!(raw.status, 502);
        assert_eq!(replay.requests().len(), 3);
    }

    #[tokio::test]
    async fn does_not_retry_client_errors() {
        let replay = ReplayClient::new().respond(400, &[], r#"{"__type":"ValidationException"}"#);
        let raw = send(&config(&replay), &SERVICE, request()).await.unwrap();
        assert_eq!(raw.status, 400);
        assert_eq!(replay.requests().len(), 1);
    }

    #[tokio::test]
    async fn transport_failures_surface_after_the_last_attempt() {
        let replay = ReplayClient::new().fail("a").fail("b").fail("c");
        let err = send(&config(&replay), &SERVICE, request())
            .await
            .unwrap_err();
        assert!(matches!(err, SendError::Transport(_)), "{err:?}");
    }

    #[tokio::test]
    async fn signs_with_sigv4() {
        let replay = ReplayClient::new().respond(200, &[], "{}");
        send(&config(&replay), &SERVICE, request()).await.unwrap();
        let sent = &replay.requests()[0];
        let auth = sent.headers()["authorization"].to_str().unwrap();
        assert!(
            auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
            "{auth}"
        );
        assert!(auth.contains("/us-east-1/sms-voice/aws4_request"), "{auth}");
        assert!(
            auth.contains("SignedHeaders=content-length;host;x-amz-date;x-amz-target"),
            "{auth}"
        );
        assert!(sent.headers().contains_key("x-amz-date"));
        assert_eq!(sent.uri().to_string(), "http://127.0.0.1:1/");
    }

    #[tokio::test]
    async fn missing_credentials_is_a_construction_error() {
        let replay = ReplayClient::new();
        let c = Config::builder()
            .region("us-east-1")
            .http_client(replay)
            .build();
        let err = send(&c, &SERVICE, request()).await.unwrap_err();
        match err {
            SendError::Construction(m) => assert!(m.contains("no credentials"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    /// The first request `auth` makes with `config`, or the construction error.
    async fn sent_with(config: Config, auth: &[AuthScheme]) -> Result<HttpRequest, String> {
        let replay = ReplayClient::new().respond(200, &[], "{}");
        let config = ConfigBuilder::from(config)
            .http_client(replay.clone())
            .build();
        match send_request(&config, &SERVICE, request(), auth).await {
            Ok(_) => Ok(replay.requests().remove(0)),
            Err(SendError::Construction(message)) => Err(message),
            Err(other) => panic!("{other:?}"),
        }
    }

    fn authorization(request: &HttpRequest) -> Option<&str> {
        request
            .headers()
            .get("authorization")
            .map(|v| v.to_str().unwrap())
    }

    #[tokio::test]
    async fn bearer_tokens_are_sent_for_operations_that_accept_them() {
        use AuthScheme::{Bearer, SigV4};
        let replay = ReplayClient::new();
        let both = config(&replay);
        let both = ConfigBuilder::from(both).bearer_token("tok-123").build();
        // The operation's order decides, then the config's preference.
        let sent = sent_with(both.clone(), &[Bearer, SigV4]).await.unwrap();
        assert_eq!(authorization(&sent), Some("Bearer tok-123"));
        assert!(sent.headers()["authorization"].is_sensitive());
        assert!(!sent.headers().contains_key("x-amz-date"));
        let sent = sent_with(both.clone(), &[SigV4, Bearer]).await.unwrap();
        assert!(authorization(&sent)
            .unwrap()
            .starts_with("AWS4-HMAC-SHA256 "));
        let preferring = ConfigBuilder::from(both.clone())
            .auth_scheme_preference([Bearer])
            .build();
        let sent = sent_with(preferring, &[SigV4, Bearer]).await.unwrap();
        assert_eq!(authorization(&sent), Some("Bearer tok-123"));
        // A scheme without an identity is passed over; none at all is an error naming it.
        let token_only = Config::builder()
            .endpoint_url("http://localhost:9")
            .bearer_token("t")
            .build();
        let sent = sent_with(token_only, &[SigV4, Bearer]).await.unwrap();
        assert_eq!(authorization(&sent), Some("Bearer t"));
        let nothing = Config::builder()
            .endpoint_url("https://example.com")
            .build();
        let message = sent_with(nothing.clone(), &[Bearer]).await.unwrap_err();
        assert!(message.contains("AWS_BEARER_TOKEN_SMS_VOICE"), "{message}");
        // An anonymous operation sends no Authorization, whatever is configured.
        let sent = sent_with(both, &[]).await.unwrap();
        assert_eq!(authorization(&sent), None);
        assert!(sent_with(nothing, &[]).await.is_ok());
    }

    #[tokio::test]
    async fn bearer_tokens_go_only_over_https_or_to_loopback() {
        let with_endpoint = |url: &str| {
            Config::builder()
                .endpoint_url(url)
                .bearer_token("secret-token")
                .build()
        };
        for url in [
            "https://example.com",
            "http://127.0.0.1:4566",
            "http://[::1]:4566",
            "http://LOCALHOST:4566",
        ] {
            assert!(
                sent_with(with_endpoint(url), &[AuthScheme::Bearer])
                    .await
                    .is_ok(),
                "{url}"
            );
        }
        let message = sent_with(with_endpoint("http://emulator:4566"), &[AuthScheme::Bearer])
            .await
            .unwrap_err();
        assert!(message.contains("only sent over HTTPS"), "{message}");
        assert!(!message.contains("secret-token"), "{message}");
    }

    #[tokio::test]
    async fn attempt_timeouts_are_retried_then_reported() {
        #[derive(Debug)]
        struct Slow;
        impl HttpClient for Slow {
            fn send(
                &self,
                _: HttpRequest,
            ) -> transport::BoxFuture<'_, Result<HttpResponse, TransportError>> {
                Box::pin(async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    Err(TransportError::new("never"))
                })
            }
        }
        let replay = ReplayClient::new();
        let mut c = config(&replay);
        c.http_client = Some(std::sync::Arc::new(Slow));
        c.timeout.attempt = Some(Duration::from_millis(10));
        let err = send(&c, &SERVICE, request()).await.unwrap_err();
        assert!(
            matches!(err, SendError::Timeout(d) if d == Duration::from_millis(10)),
            "{err:?}"
        );
    }
}
