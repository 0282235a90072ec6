//! [`Router`]: the tower [`Service`] every generated server is. It runs the steps every
//! operation shares around a [`Dispatch`] that runs the operation-specific ones:
//!
//! 1. assign a request id (a random UUID);
//! 2. read the body, refusing one over the limit (`Content-Length` first, then as it streams)
//!    with `RequestEntityTooLargeException` (413), unless the operation streams
//!    ([`Dispatch::streams`]): then the body is handed over unread, a stream held to the hash
//!    its `x-amz-content-sha256` claims;
//! 3. authenticate the caller ([`Authenticator`]), unless the operation the request names is
//!    called anonymously ([`Dispatch::auth_schemes`]);
//! 4. dispatch with a [`RequestContext`]; an error becomes the protocol's error answer, a
//!    panic anywhere in steps 2–4 the configured internal error (500), and the server goes
//!    on serving;
//! 5. stamp `x-amzn-RequestId` on the answer, whatever it is.
//!
//! The router is `Clone` (it shares its state), its error type is [`Infallible`] (every
//! failure is an HTTP answer), and it takes any request body, so hyper, axum and tower layers
//! take it as it is.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::{Buf as _, Bytes};
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use servicemodel_runtime::ByteStream;
use tower_service::Service;

use crate::error::REQUEST_ID_HEADER;
use crate::{
    AuthScheme, Authenticator, BoxFuture, NoAuth, PatternMatch, Protocol, RequestContext,
    ServerError, DEFAULT_BODY_LIMIT, DEFAULT_MAX_JSON_DEPTH,
};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The operation-specific part of a server: picks the operation for a request (whose body is
/// read and whose caller is authenticated), decodes and validates its input, calls the
/// handler and serializes the output. An `Err` becomes the protocol's error answer.
///
/// Closures `Fn(http::Request<Bytes>, RequestContext) -> impl Future<Output =
/// Result<http::Response<Bytes>, ServerError>>` are dispatchers.
pub trait Dispatch: Send + Sync + 'static {
    /// Runs the operation `request` asks for.
    fn dispatch(
        &self,
        request: http::Request<Bytes>,
        context: RequestContext,
    ) -> BoxFuture<'static, Result<http::Response<Bytes>, ServerError>>;

    /// The schemes that authenticate the operation `request` names, in the model's order;
    /// empty for an operation the model marks as unauthenticated, which the router then
    /// runs with no caller, without asking its [`Authenticator`]. A request that names no
    /// operation gets the service's schemes (and, once authenticated, its dispatcher's
    /// answer). The default, for dispatchers that do not say: SigV4.
    fn auth_schemes(&self, request: &http::request::Parts) -> &'static [AuthScheme] {
        let _ = request;
        &[AuthScheme::SigV4]
    }

    /// Whether the operation `request` names streams its input or its output (a `streaming`
    /// blob, an event stream): the router then runs it with [`Dispatch::dispatch_streaming`].
    /// The default: no operation streams.
    fn streams(&self, request: &http::request::Parts) -> bool {
        let _ = request;
        false
    }

    /// Whether, of such an operation, the request's body streams: it is then handed over
    /// unread and not held to the body limit (and a SigV4 signature is checked against the
    /// hash `x-amz-content-sha256` claims). Otherwise (only the answer streams) the body is
    /// read and authenticated as any other first. The default: whatever
    /// [`Dispatch::streams`] says.
    fn request_streams(&self, request: &http::request::Parts) -> bool {
        self.streams(request)
    }

    /// Whether, of such an operation, the request's body is an event stream. With SigV4 its
    /// messages come each in a signed envelope, which the router opens and checks (the
    /// `eventstream` feature); the request's head may then be signed as the AWS SDKs do it,
    /// with `x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-EVENTS` or (the AWS SDK for
    /// Rust) with no such header and the empty payload's hash. The default: none is.
    fn request_events(&self, request: &http::request::Parts) -> bool {
        let _ = request;
        false
    }

    /// Runs a streaming operation (see [`Dispatch::streams`]): the request's body is read as
    /// the operation reads it, and the answer's body may be a stream too. The default, for a
    /// dispatcher that names no such operation, is an internal error.
    fn dispatch_streaming(
        &self,
        request: http::Request<ByteStream>,
        context: RequestContext,
    ) -> BoxFuture<'static, Result<http::Response<ByteStream>, ServerError>> {
        let _ = (request, context);
        Box::pin(std::future::ready(Err(ServerError::new(
            500,
            "InternalFailure",
            "The server says the operation streams but runs no streaming operation",
        ))))
    }
}

/// In the extensions of a request whose body the router hands over unread (a streaming
/// operation's), for authenticators: the body they are given is empty, and a signature covers
/// the hash `x-amz-content-sha256` claims (see [`crate::SigV4Authenticator`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamingBody;

/// In the extensions of a request whose body is an event stream (besides [`StreamingBody`]),
/// for authenticators: its messages are checked one by one after the head, whose SigV4
/// signature may cover `STREAMING-AWS4-HMAC-SHA256-EVENTS` or, without
/// `x-amz-content-sha256`, the empty payload (see [`Dispatch::request_events`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventStreamBody;

impl<F, Fut> Dispatch for F
where
    F: Fn(http::Request<Bytes>, RequestContext) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<http::Response<Bytes>, ServerError>> + Send + 'static,
{
    fn dispatch(
        &self,
        request: http::Request<Bytes>,
        context: RequestContext,
    ) -> BoxFuture<'static, Result<http::Response<Bytes>, ServerError>> {
        Box::pin(self(request, context))
    }
}

impl<A: Authenticator + ?Sized> Authenticator for Arc<A> {
    fn authenticate<'a>(
        &'a self,
        request: &'a http::request::Parts,
        body: &'a Bytes,
    ) -> BoxFuture<'a, Result<Option<crate::Caller>, ServerError>> {
        (**self).authenticate(request, body)
    }

    #[cfg(feature = "eventstream")]
    fn message_verifier(
        &self,
        request: &http::request::Parts,
    ) -> Option<servicemodel_runtime::eventstream::signing::MessageSigner> {
        (**self).message_verifier(request)
    }
}

/// The awsJson1_0 operation a request names: checks `POST /` and returns the part of
/// `X-Amz-Target` after `<target_prefix>.`. Another path is `UnknownOperationException`
/// (404), another method `MethodNotAllowedException` (405), and a missing or foreign target
/// `UnknownOperationException` (400). Whether the operation exists is the caller's to say
/// (with [`ServerError::unknown_operation`]).
pub fn json_rpc_operation<'a, B>(
    request: &'a http::Request<B>,
    target_prefix: &str,
) -> Result<&'a str, ServerError> {
    let path = request.uri().path();
    if path != "/" {
        return Err(ServerError::not_found(request.method(), path));
    }
    if request.method() != http::Method::POST {
        return Err(ServerError::method_not_allowed(
            request.method(),
            path,
            &[http::Method::POST],
        ));
    }
    let Some(target) = request.headers().get("x-amz-target") else {
        return Err(ServerError::unknown_operation(
            "The request has no X-Amz-Target header",
        ));
    };
    let target = target
        .to_str()
        .map_err(|_| ServerError::unknown_operation("X-Amz-Target is not visible ASCII"))?;
    target
        .strip_prefix(target_prefix)
        .and_then(|rest| rest.strip_prefix('.'))
        .filter(|operation| !operation.is_empty())
        .ok_or_else(|| ServerError::unknown_operation(format!("Unknown operation {target}")))
}

/// Reads a whole request body of at most `limit` bytes: a `Content-Length` over the limit is
/// refused before reading, a body that streams past it as soon as it does
/// (`RequestEntityTooLargeException`, 413). A body that breaks off is a
/// `SerializationException`.
pub async fn read_body<B>(
    headers: &http::HeaderMap,
    body: B,
    limit: usize,
) -> Result<Bytes, ServerError>
where
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    let declared = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(ServerError::payload_too_large(limit));
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<LengthLimitError>() => Err(ServerError::payload_too_large(limit)),
        Err(error) => Err(ServerError::serialization(format!(
            "The request body could not be read: {error}"
        ))),
    }
}

/// The body of a request to an operation the model marks `requestcompression`: when its
/// `Content-Encoding` ends in `gzip`, the body decompressed (held to the context's body limit,
/// `RequestEntityTooLargeException` past it; `SerializationException` when it is not gzip)
/// and the context's headers without that `gzip` (so that a member bound to
/// `Content-Encoding` reads what the caller set); otherwise both as they are.
pub fn decompress_body(
    body: &Bytes,
    mut context: crate::RequestContext,
) -> Result<(Bytes, crate::RequestContext), ServerError> {
    let encoding = http::header::CONTENT_ENCODING;
    let Some(given) = context
        .headers
        .get(&encoding)
        .and_then(|value| value.to_str().ok())
    else {
        return Ok((body.clone(), context));
    };
    let mut codings: Vec<&str> = given.split(',').map(str::trim).collect();
    if !codings
        .last()
        .is_some_and(|last| last.eq_ignore_ascii_case("gzip"))
    {
        return Ok((body.clone(), context));
    }
    codings.pop();
    let rest = codings
        .into_iter()
        .filter(|coding| !coding.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let limit = context.body_limit();
    let mut decompressed = Vec::new();
    let read = std::io::Read::read_to_end(
        &mut std::io::Read::take(
            flate2::read::MultiGzDecoder::new(&body[..]),
            limit as u64 + 1,
        ),
        &mut decompressed,
    );
    match read {
        Ok(len) if len > limit => return Err(ServerError::payload_too_large(limit)),
        Ok(_) => {}
        Err(error) => {
            return Err(ServerError::serialization(format!(
                "The request body is not valid gzip: {error}"
            )))
        }
    }
    if rest.is_empty() {
        context.headers.remove(&encoding);
    } else {
        // Parts of a visible-ASCII value, so always valid; kept as it came otherwise.
        if let Ok(value) = http::HeaderValue::from_str(&rest) {
            context.headers.insert(encoding, value);
        }
    }
    Ok((Bytes::from(decompressed), context))
}

struct Shared<D> {
    protocol: Protocol,
    dispatch: D,
    authenticator: Arc<dyn Authenticator>,
    body_limit: usize,
    max_json_depth: usize,
    patterns: PatternMatch,
    internal_error: ServerError,
}

/// Builds a [`Router`]: the protocol and dispatcher, then the authenticator (default
/// [`NoAuth`]), body limit (default [`DEFAULT_BODY_LIMIT`]), JSON nesting limit (default
/// [`DEFAULT_MAX_JSON_DEPTH`]), how patterns are matched (default the whole value) and the
/// answer to a panic (default `InternalFailure`, 500).
pub struct RouterBuilder<D> {
    shared: Shared<D>,
}

impl<D> fmt::Debug for RouterBuilder<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouterBuilder")
            .field("protocol", &self.shared.protocol)
            .field("body_limit", &self.shared.body_limit)
            .finish_non_exhaustive()
    }
}

impl<D: Dispatch> RouterBuilder<D> {
    /// Authenticates callers with `authenticator` (an `Arc` of one shares it).
    pub fn authenticator(mut self, authenticator: impl Authenticator) -> Self {
        self.shared.authenticator = Arc::new(authenticator);
        self
    }

    /// Refuses bodies longer than `bytes`.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.shared.body_limit = bytes;
        self
    }

    /// Refuses JSON bodies nesting arrays and objects more than `depth` deep (see
    /// [`crate::json::check_json_shape`]); dispatchers read it from the [`RequestContext`].
    pub fn max_json_depth(mut self, depth: usize) -> Self {
        self.shared.max_json_depth = depth;
        self
    }

    /// Matches inputs' `pattern` constraints as `patterns` says. The default is
    /// [`PatternMatch::WholeValue`], what AWS services check: `[A-Za-z0-9_-]+` refuses
    /// `bad name!`. [`PatternMatch::Search`] is the Smithy specification's reading, for a
    /// model whose patterns are written to be searched (`^arn:[a-z0-9]{1,10}:profile` for a
    /// whole ARN). Dispatchers read it from the [`RequestContext`].
    pub fn pattern_match(mut self, patterns: PatternMatch) -> Self {
        self.shared.patterns = patterns;
        self
    }

    /// Answers `error` when the dispatcher (or anything before it) panics: the service's
    /// internal error (`InternalServerException` for an awsJson1_0 service,
    /// `InternalServiceErrorException` for a restJson1 one).
    pub fn internal_error(mut self, error: ServerError) -> Self {
        self.shared.internal_error = error;
        self
    }

    /// The router.
    pub fn build(self) -> Router<D> {
        Router {
            shared: Arc::new(self.shared),
        }
    }
}

/// The tower [`Service`] around a [`Dispatch`]; see the [module docs](self).
pub struct Router<D> {
    shared: Arc<Shared<D>>,
}

impl<D> Clone for Router<D> {
    fn clone(&self) -> Self {
        Self {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<D> fmt::Debug for Router<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Router")
            .field("protocol", &self.shared.protocol)
            .field("body_limit", &self.shared.body_limit)
            .field("max_json_depth", &self.shared.max_json_depth)
            .field("patterns", &self.shared.patterns)
            .field("internal_error", &self.shared.internal_error.code())
            .finish_non_exhaustive()
    }
}

impl<D: Dispatch> Router<D> {
    /// A router with the defaults; see [`Router::builder`].
    pub fn new(protocol: Protocol, dispatch: D) -> Self {
        Self::builder(protocol, dispatch).build()
    }

    /// A builder for a router speaking `protocol` around `dispatch`.
    pub fn builder(protocol: Protocol, dispatch: D) -> RouterBuilder<D> {
        RouterBuilder {
            shared: Shared {
                protocol,
                dispatch,
                authenticator: Arc::new(NoAuth),
                body_limit: DEFAULT_BODY_LIMIT,
                max_json_depth: DEFAULT_MAX_JSON_DEPTH,
                patterns: PatternMatch::WholeValue,
                internal_error: ServerError::internal("InternalFailure"),
            },
        }
    }

    /// The protocol the router answers in.
    pub fn protocol(&self) -> Protocol {
        self.shared.protocol
    }

    /// Answers one request (what [`Service::call`] does, without the `Result`).
    pub fn handle<B>(
        &self,
        request: http::Request<B>,
    ) -> impl Future<Output = http::Response<ByteStream>> + Send + 'static
    where
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        Arc::clone(&self.shared).respond(request)
    }
}

impl<D: Dispatch> Shared<D> {
    async fn respond<B>(self: Arc<Self>, request: http::Request<B>) -> http::Response<ByteStream>
    where
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        let request_id = new_request_id();
        let outcome = catch_unwind(Arc::clone(&self).run(request, request_id.clone())).await;
        let mut response = match outcome {
            Ok(Ok(response)) => response,
            Ok(Err(error)) => error
                .into_response(self.protocol, &request_id)
                .map(ByteStream::new),
            Err(()) => self
                .internal_error
                .clone()
                .into_response(self.protocol, &request_id)
                .map(ByteStream::new),
        };
        response.headers_mut().insert(
            http::HeaderName::from_static(REQUEST_ID_HEADER),
            http::HeaderValue::try_from(request_id).expect("a UUID is a valid header value"),
        );
        response
    }

    async fn run<B>(
        self: Arc<Self>,
        request: http::Request<B>,
        request_id: String,
    ) -> Result<http::Response<ByteStream>, ServerError>
    where
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        let (mut parts, body) = request.into_parts();
        let anonymous = self.dispatch.auth_schemes(&parts).is_empty();
        let context = RequestContext::new(request_id, parts.headers.clone())
            .with_max_json_depth(self.max_json_depth)
            .with_body_limit(self.body_limit)
            .with_pattern_match(self.patterns);
        let streams = self.dispatch.streams(&parts);
        if streams && self.dispatch.request_streams(&parts) {
            parts.extensions.insert(StreamingBody);
            let events = self.dispatch.request_events(&parts);
            if events {
                parts.extensions.insert(EventStreamBody);
            }
            let caller = if anonymous {
                None
            } else {
                self.authenticator
                    .authenticate(&parts, &Bytes::new())
                    .await?
            };
            let body = ByteStream::from_body(body.map_frame(|frame| {
                frame.map_data(|mut data| data.copy_to_bytes(data.remaining()))
            }));
            let body = match claimed_sha256(&parts.headers) {
                Some(claimed) => held_to_sha256(body, claimed),
                None => body,
            };
            // A client that signs with SigV4 signs each message too: each is checked as it
            // comes, by the caller's key when there is a caller.
            #[cfg(feature = "eventstream")]
            let body = if events
                && crate::bearer::authorization_scheme(&parts.headers)
                    == Some(servicemodel_runtime::AuthScheme::SigV4)
            {
                let verifier = caller
                    .as_ref()
                    .and_then(|_| self.authenticator.message_verifier(&parts));
                servicemodel_runtime::eventstream::signing::verify_body(body, verifier)
            } else {
                body
            };
            let mut context = context;
            context.caller = caller;
            return self
                .dispatch
                .dispatch_streaming(http::Request::from_parts(parts, body), context)
                .await;
        }
        let body = read_body(&parts.headers, body, self.body_limit).await?;
        let caller = if anonymous {
            None
        } else {
            self.authenticator.authenticate(&parts, &body).await?
        };
        let mut context = context;
        context.caller = caller;
        // Only the answer streams: the body read, the operation run as streaming ones are.
        if streams {
            return self
                .dispatch
                .dispatch_streaming(
                    http::Request::from_parts(parts, ByteStream::new(body)),
                    context,
                )
                .await;
        }
        self.dispatch
            .dispatch(http::Request::from_parts(parts, body), context)
            .await
            .map(|response| response.map(ByteStream::new))
    }
}

/// The payload hash `x-amz-content-sha256` claims, lower-case hex, when it claims one (not
/// `UNSIGNED-PAYLOAD`).
pub(crate) fn claimed_sha256(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get("x-amz-content-sha256")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_ascii_lowercase)
}

/// `body`, ending in an error if its SHA-256 is not `claimed` (`XAmzContentSHA256Mismatch`
/// for whoever reads it to the end).
fn held_to_sha256(body: ByteStream, claimed: String) -> ByteStream {
    use sha2::Digest as _;
    struct Checked {
        body: ByteStream,
        hasher: sha2::Sha256,
        claimed: String,
        done: bool,
    }
    impl servicemodel_runtime::stream::Stream for Checked {
        type Item = Result<Bytes, BoxError>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Self::Item>> {
            if self.done {
                return Poll::Ready(None);
            }
            match std::pin::Pin::new(&mut self.body).poll_next(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    self.hasher.update(&chunk);
                    Poll::Ready(Some(Ok(chunk)))
                }
                Poll::Ready(Some(Err(error))) => {
                    self.done = true;
                    Poll::Ready(Some(Err(error.into())))
                }
                Poll::Ready(None) => {
                    self.done = true;
                    let hasher = std::mem::take(&mut self.hasher);
                    let actual: String = hasher
                        .finalize()
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect();
                    if actual == self.claimed {
                        Poll::Ready(None)
                    } else {
                        Poll::Ready(Some(Err(format!(
                            "XAmzContentSHA256Mismatch: the body's SHA-256 is {actual}, not the {} its x-amz-content-sha256 claims",
                            self.claimed
                        )
                        .into())))
                    }
                }
            }
        }
    }
    let length = body.length();
    ByteStream::from_stream(
        Checked {
            body,
            hasher: sha2::Sha256::new(),
            claimed,
            done: false,
        },
        length,
    )
}

/// Runs `future`, turning a panic in any of its polls into `Err(())`. The default panic hook
/// has already reported the panic by then.
/// A fresh request id in the UUID version 4 format, from a fast thread-local generator (a
/// request id needs to be unique, not unpredictable; asking the OS for entropy per request
/// costs a system call).
fn new_request_id() -> String {
    let bits = fastrand::u128(..);
    let bits = (bits & !(0xf << 76)) | (0x4 << 76); // version 4
    let bits = (bits & !(0x3 << 62)) | (0x2 << 62); // RFC 4122 variant
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

async fn catch_unwind<F: Future>(future: F) -> Result<F::Output, ()> {
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(move |cx| {
        match std::panic::catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(_) => Poll::Ready(Err(())),
        }
    })
    .await
}

impl<D, B> Service<http::Request<B>> for Router<D>
where
    D: Dispatch,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    type Response = http::Response<ByteStream>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let response = self.handle(request);
        Box::pin(async move { Ok(response.await) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{decode_input, json_response, PermissiveSigV4};
    use http_body_util::Full;
    use tower::{Layer, ServiceBuilder, ServiceExt as _};

    #[derive(serde::Deserialize, serde::Serialize, Debug)]
    struct Echo {
        #[serde(rename = "Text")]
        text: String,
    }

    impl servicemodel_runtime::Validate for Echo {
        fn validate_into(&self, validator: &mut servicemodel_runtime::Validator) {
            static TEXT: servicemodel_runtime::Pattern =
                servicemodel_runtime::Pattern::new("[a-z ]+");
            validator.member("Text", |v| v.pattern(&self.text, &TEXT));
        }
    }

    fn invalid(v: servicemodel_runtime::Violations) -> ServerError {
        ServerError::from_violations(400, "ValidationException", &v)
    }

    async fn dispatch(
        request: http::Request<Bytes>,
        ctx: RequestContext,
    ) -> Result<http::Response<Bytes>, ServerError> {
        match json_rpc_operation(&request, "Svc")? {
            "Echo" => {
                let input: Echo =
                    decode_input(&ctx, Protocol::AwsJson1_0, request.body(), invalid)?;
                json_response(Protocol::AwsJson1_0, 200, &input)
            }
            "Who" => {
                let who = ctx.caller.map(|c| c.id).unwrap_or_default();
                json_response(
                    Protocol::AwsJson1_0,
                    200,
                    &serde_json::json!({"Caller": who, "RequestId": ctx.request_id}),
                )
            }
            "Panic" => panic!("handler bug"),
            "Fail" => Err(ServerError::new(429, "ThrottlingException", "slow down")),
            other => Err(ServerError::unknown_operation(format!(
                "Unknown operation Svc.{other}"
            ))),
        }
    }

    fn router() -> Router<impl Dispatch> {
        Router::builder(Protocol::AwsJson1_0, dispatch)
            .body_limit(1024)
            .internal_error(ServerError::new(
                500,
                "InternalServerException",
                "Internal server error",
            ))
            .build()
    }

    fn request(target: &str, body: &str) -> http::Request<Full<Bytes>> {
        http::Request::post("/")
            .header("x-amz-target", target)
            .header("content-type", "application/x-amz-json-1.0")
            .body(Full::new(Bytes::from(body.to_owned())))
            .unwrap()
    }

    async fn call<S>(
        service: S,
        request: http::Request<Full<Bytes>>,
    ) -> (http::response::Parts, serde_json::Value)
    where
        S: Service<
            http::Request<Full<Bytes>>,
            Response = http::Response<ByteStream>,
            Error = Infallible,
        >,
    {
        let response = service.oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.unwrap();
        let value = if bytes.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap()
        };
        (parts, value)
    }

    #[test]
    fn request_ids_look_like_version_4_uuids() {
        let a = new_request_id();
        let b = new_request_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        assert_eq!(a.matches('-').count(), 4);
    }

    #[tokio::test]
    async fn dispatches_and_stamps_request_ids() {
        let (parts, body) = call(router(), request("Svc.Echo", r#"{"Text":"hi"}"#)).await;
        assert_eq!(parts.status, 200);
        assert_eq!(body, serde_json::json!({"Text": "hi"}));
        let id = parts.headers["x-amzn-requestid"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(id.len(), 36);
        let (parts, body) = call(router(), request("Svc.Who", "")).await;
        // The handler saw the same id the response carries; ids differ per request.
        assert_eq!(
            body["RequestId"],
            parts.headers["x-amzn-requestid"].to_str().unwrap()
        );
        assert_ne!(body["RequestId"], id.as_str());
        assert_eq!(body["Caller"], "");
    }

    #[tokio::test]
    async fn errors_are_protocol_answers() {
        let (parts, body) = call(router(), request("Svc.Nope", "{}")).await;
        assert_eq!(parts.status, 400);
        assert_eq!(
            parts.headers["x-amzn-errortype"],
            "UnknownOperationException"
        );
        assert_eq!(body["__type"], "UnknownOperationException");
        assert!(parts.headers.contains_key("x-amzn-requestid"));

        let (parts, body) = call(router(), request("Other.Echo", "{}")).await;
        assert_eq!(
            (parts.status.as_u16(), body["__type"].as_str()),
            (400, Some("UnknownOperationException"))
        );

        let (parts, body) = call(router(), request("Svc.Echo", r#"{"Text":5}"#)).await;
        assert_eq!(parts.status, 400);
        assert_eq!(body["__type"], "SerializationException");
        assert!(
            body["message"].as_str().unwrap().contains("/Text"),
            "{body}"
        );

        let (parts, body) = call(router(), request("Svc.Echo", r#"{"Text":"#)).await;
        assert_eq!(
            (parts.status.as_u16(), body["__type"].as_str()),
            (400, Some("SerializationException"))
        );

        let (parts, body) = call(router(), request("Svc.Echo", "{}")).await;
        assert_eq!(
            (parts.status.as_u16(), body["__type"].as_str()),
            (400, Some("ValidationException"))
        );

        let (parts, body) = call(router(), request("Svc.Fail", "{}")).await;
        assert_eq!(
            (parts.status.as_u16(), body["__type"].as_str()),
            (429, Some("ThrottlingException"))
        );

        let mut wrong_type = request("Svc.Echo", "{}");
        wrong_type
            .headers_mut()
            .insert("content-type", "text/plain".parse().unwrap());
        let (parts, body) = call(router(), wrong_type).await;
        assert_eq!(
            (parts.status.as_u16(), body["__type"].as_str()),
            (415, Some("UnsupportedMediaTypeException"))
        );

        let mut get = request("Svc.Echo", "{}");
        *get.method_mut() = http::Method::GET;
        let (parts, _) = call(router(), get).await;
        assert_eq!(parts.status, 405);
        assert_eq!(parts.headers["allow"], "POST");

        let mut elsewhere = request("Svc.Echo", "{}");
        *elsewhere.uri_mut() = "/other".parse().unwrap();
        let (parts, _) = call(router(), elsewhere).await;
        assert_eq!(parts.status, 404);

        let mut no_target = request("Svc.Echo", "{}");
        no_target.headers_mut().remove("x-amz-target");
        let (parts, _) = call(router(), no_target).await;
        assert_eq!(parts.status, 400);
    }

    #[tokio::test]
    async fn panics_answer_the_internal_error_and_the_router_keeps_going() {
        let router = router();
        let (parts, body) = call(router.clone(), request("Svc.Panic", "{}")).await;
        assert_eq!(parts.status, 500);
        assert_eq!(parts.headers["x-amzn-errortype"], "InternalServerException");
        assert_eq!(body["message"], "Internal server error");
        assert!(parts.headers.contains_key("x-amzn-requestid"));
        let (parts, _) = call(router, request("Svc.Echo", r#"{"Text":"still here"}"#)).await;
        assert_eq!(parts.status, 200);
    }

    #[tokio::test]
    async fn patterns_are_matched_as_the_builder_says() {
        let (parts, body) = call(router(), request("Svc.Echo", r#"{"Text":"hi!"}"#)).await;
        assert_eq!(parts.status, 400);
        assert_eq!(body["__type"], "ValidationException");
        let search = Router::builder(Protocol::AwsJson1_0, dispatch)
            .pattern_match(PatternMatch::Search)
            .build();
        let (parts, body) = call(search, request("Svc.Echo", r#"{"Text":"hi!"}"#)).await;
        assert_eq!(parts.status, 200);
        assert_eq!(body["Text"], "hi!");
    }

    #[tokio::test]
    async fn bodies_over_the_limit_are_413() {
        let big = format!(r#"{{"Text":"{}"}}"#, "x".repeat(2000));
        let (parts, body) = call(router(), request("Svc.Echo", &big)).await;
        assert_eq!(parts.status, 413);
        assert_eq!(body["__type"], "RequestEntityTooLargeException");

        // Without a Content-Length: the limit applies as the body streams.
        let streamed = http::Request::post("/")
            .header("x-amz-target", "Svc.Echo")
            .body(Chunks(
                (0..20).map(|_| Bytes::from(vec![b' '; 100])).collect(),
            ))
            .unwrap();
        let response = router().oneshot(streamed).await.unwrap();
        assert_eq!(response.status(), 413);

        let exact = format!(r#"{{"Text":"{}"}}"#, "x".repeat(1024 - 11));
        assert_eq!(exact.len(), 1024);
        let (parts, _) = call(router(), request("Svc.Echo", &exact)).await;
        assert_eq!(parts.status, 200);
    }

    /// A body that streams its chunks with no length known ahead.
    struct Chunks(std::collections::VecDeque<Bytes>);

    impl http_body::Body for Chunks {
        type Data = Bytes;
        type Error = Infallible;
        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _cx: &mut Context<'_>,
        ) -> Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
            Poll::Ready(
                self.0
                    .pop_front()
                    .map(|chunk| Ok(http_body::Frame::data(chunk))),
            )
        }
    }

    #[tokio::test]
    async fn authentication_runs_before_dispatch() {
        let router = Router::builder(Protocol::AwsJson1_0, dispatch)
            .authenticator(Arc::new(PermissiveSigV4))
            .build();
        let (parts, body) = call(router.clone(), request("Svc.Who", "{}")).await;
        assert_eq!(parts.status, 403);
        assert_eq!(body["__type"], "MissingAuthenticationToken");
        let mut signed = request("Svc.Who", "{}");
        signed.headers_mut().insert(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDCALLER/20240101/us-east-1/sms-voice/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000"
                .parse()
                .unwrap(),
        );
        let (parts, body) = call(router, signed).await;
        assert_eq!(parts.status, 200);
        assert_eq!(body["Caller"], "AKIDCALLER");
    }

    #[tokio::test]
    async fn operations_without_auth_schemes_are_not_authenticated() {
        /// `Svc.Who` is anonymous, the rest take bearer tokens.
        struct Anonymous;
        impl Dispatch for Anonymous {
            fn dispatch(
                &self,
                request: http::Request<Bytes>,
                context: RequestContext,
            ) -> BoxFuture<'static, Result<http::Response<Bytes>, ServerError>> {
                Box::pin(dispatch(request, context))
            }
            fn auth_schemes(&self, request: &http::request::Parts) -> &'static [AuthScheme] {
                match request.headers.get("x-amz-target").map(|v| v.as_bytes()) {
                    Some(b"Svc.Who") => &[],
                    _ => &[AuthScheme::Bearer],
                }
            }
        }
        let router = Router::builder(Protocol::AwsJson1_0, Anonymous)
            .authenticator(crate::BearerAuthenticator::new().with_token("alice", "t"))
            .build();
        let (parts, body) = call(router.clone(), request("Svc.Who", "{}")).await;
        assert_eq!(parts.status, 200);
        assert_eq!(body["Caller"], "");
        let (parts, body) = call(router.clone(), request("Svc.Echo", r#"{"Text":"hi"}"#)).await;
        assert_eq!(parts.status, 403);
        assert_eq!(body["__type"], "MissingAuthenticationToken");
        let mut with_token = request("Svc.Echo", r#"{"Text":"hi"}"#);
        with_token
            .headers_mut()
            .insert("authorization", "Bearer t".parse().unwrap());
        let (parts, body) = call(router, with_token).await;
        assert_eq!(parts.status, 200);
        assert_eq!(body["Text"], "hi");
    }

    #[derive(Clone)]
    struct Tag<S>(S);

    impl<S, R> Service<R> for Tag<S>
    where
        S: Service<R, Response = http::Response<ByteStream>>,
        S::Future: Send + 'static,
    {
        type Response = S::Response;
        type Error = S::Error;
        type Future = BoxFuture<'static, Result<S::Response, S::Error>>;
        fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
            self.0.poll_ready(cx)
        }
        fn call(&mut self, request: R) -> Self::Future {
            let future = self.0.call(request);
            Box::pin(async move {
                let mut response = future.await?;
                response
                    .headers_mut()
                    .insert("x-layer", "tagged".parse().unwrap());
                Ok(response)
            })
        }
    }

    struct TagLayer;

    impl<S> Layer<S> for TagLayer {
        type Service = Tag<S>;
        fn layer(&self, inner: S) -> Tag<S> {
            Tag(inner)
        }
    }

    #[tokio::test]
    async fn tower_layers_wrap_the_router() {
        let service = ServiceBuilder::new()
            .layer(TagLayer)
            .map_request(|mut request: http::Request<Full<Bytes>>| {
                request
                    .headers_mut()
                    .insert("x-amz-target", "Svc.Echo".parse().unwrap());
                request
            })
            .service(router());
        let (parts, body) = call(service, request("Svc.Nothing", r#"{"Text":"layered"}"#)).await;
        assert_eq!(parts.status, 200);
        assert_eq!(parts.headers["x-layer"], "tagged");
        assert_eq!(body["Text"], "layered");
        assert!(format!("{:?}", router()).contains("AwsJson1_0"));
        assert_eq!(router().protocol(), Protocol::AwsJson1_0);
    }

    #[test]
    fn gzip_bodies_are_decompressed_within_the_limit() {
        use std::io::Write as _;
        let gzip = |data: &[u8]| {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(data).unwrap();
            Bytes::from(encoder.finish().unwrap())
        };
        let context = |encoding: Option<&'static str>| {
            let mut headers = http::HeaderMap::new();
            if let Some(encoding) = encoding {
                headers.insert(
                    http::header::CONTENT_ENCODING,
                    http::HeaderValue::from_static(encoding),
                );
            }
            RequestContext::new("id", headers).with_body_limit(100)
        };
        let body = gzip(b"{\"Text\": \"hi\"}");
        let (plain, after) = decompress_body(&body, context(Some("custom, gzip"))).unwrap();
        assert_eq!(&plain[..], b"{\"Text\": \"hi\"}");
        assert_eq!(after.headers[http::header::CONTENT_ENCODING], "custom");
        let (_, after) = decompress_body(&body, context(Some("GZIP"))).unwrap();
        assert!(after.headers.get(http::header::CONTENT_ENCODING).is_none());
        // Not gzip last: as it came.
        let (same, _) = decompress_body(&body, context(Some("gzip, custom"))).unwrap();
        assert_eq!(same, body);
        let (same, _) = decompress_body(&body, context(None)).unwrap();
        assert_eq!(same, body);
        // A bomb stops at the limit; garbage is a serialization error.
        let bomb = gzip(&[0; 10_000]);
        let error = decompress_body(&bomb, context(Some("gzip"))).unwrap_err();
        assert_eq!(error.code(), "RequestEntityTooLargeException");
        let error =
            decompress_body(&Bytes::from_static(b"not gzip"), context(Some("gzip"))).unwrap_err();
        assert_eq!(error.code(), "SerializationException");
    }
}
