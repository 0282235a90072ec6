//! The server side that generated server stubs call: a tower [`Service`]
//! that runs the request pipeline every operation shares, the errors a server answers before
//! (or instead of) an operation, JSON input decoding, restJson1 routing, SigV4 and bearer
//! token authentication and a hyper server loop. Service-agnostic; nothing here knows an operation.
//!
//! A generated server is a [`Dispatch`] (it picks the operation, decodes and validates the
//! input, calls the user's trait method and serializes the output or error) wrapped in a
//! [`Router`], which around it assigns the request id, reads the body within a limit,
//! authenticates the caller, catches panics and stamps `x-amzn-RequestId` on every answer:
//!
//! ```text
//! Router::builder(Protocol::AwsJson1_0, dispatch)      // tower Service<http::Request<B>>
//!     .authenticator(SigV4Authenticator::new("sms-voice").with_key("AKID", "secret"))
//!     .internal_error(ServerError::new(500, "InternalServerException", "Internal server error"))
//!     .build()
//!
//! dispatch(request, ctx):                                  // a Dispatch
//!   awsJson1_0:
//!     match json_rpc_operation(&request, "PinpointSMSVoiceV2")? {
//!         "SendTextMessage" => {
//!             let input: SendTextMessageRequest =
//!                 decode_input(&ctx, Protocol::AwsJson1_0, request.body(), validation_error)?;
//!             let output = handler.send_text_message(ctx, input).await.map_err(to_server_error)?;
//!             json_response(Protocol::AwsJson1_0, 200, &output)
//!         }
//!         other => Err(ServerError::unknown_operation(format!("Unknown operation {other}"))),
//!     }
//!   restJson1:
//!     let found = ROUTES.find(request.method(), request.uri())?;   // 404 / 405, labels, query
//!     let mut object = parse_json_object(&ctx, Protocol::RestJson1, request.body())?;
//!     object.insert("ConfigurationSetName".into(), found.labels.get("ConfigurationSetName").into());
//!     let input: Input = input_from_object(&ctx, object, validation_error)?;
//!     ...
//!
//! validation_error: fn(Violations) -> ServerError      // the service's validation error shape
//! to_server_error: each variant's shape through ServerError::from_service_error,
//!                  `Unhandled` through ServerError::from_error
//! ```
//!
//! [`serve()`] and [`serve_with_shutdown`] run any such service over a
//! [`tokio::net::TcpListener`].

#![warn(missing_docs)]

pub mod auth;
pub mod bearer;
pub mod checksum;
pub mod error;
pub mod json;
pub mod rest;
pub mod router;
pub mod serve;
pub mod stream;

use std::future::Future;
use std::pin::Pin;

pub use bytes;
pub use http;

pub use auth::{Authenticator, Caller, NoAuth, PermissiveSigV4, SigV4Authenticator};
pub use bearer::{BearerAuthenticator, ByScheme};
pub use checksum::{add_response_checksum, verify_request_checksum};
pub use error::ServerError;
pub use json::{
    blob_payload_object, blob_payload_response, decode_input, deserialize_object, empty_response,
    input_from_object, json_payload_object, json_payload_response, json_response,
    parse_json_object, prefixed_headers, request_header, set_response_header,
    structure_payload_object, text_payload_object, text_payload_response, validate_input,
    DEFAULT_BODY_LIMIT, DEFAULT_MAX_JSON_DEPTH,
};
pub use rest::{QueryParams, RouteMatch, Routes, UriTemplate};
pub use router::{
    decompress_body, json_rpc_operation, read_body, Dispatch, EventStreamBody, Router,
    RouterBuilder, StreamingBody,
};
pub use serve::{serve, serve_with_shutdown};
pub use stream::{
    collect_request, event_stream_response, split_stream, stream_payload_response,
    streaming_response,
};
#[cfg(feature = "eventstream")]
pub use stream::{event_stream_rpc_response, initial_response};
pub use tower_service::Service;

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The protocol a router speaks: the one description the generator and both runtimes share.
pub use servicemodel_runtime::{AuthScheme, ByteStream, ByteStreamError, PatternMatch, Protocol};

/// What a handler knows about the request besides its input: the request id the server
/// assigned, the request headers, and the authenticated caller, if any. `Debug` hides the
/// values of `Authorization` and `X-Amz-Security-Token`.
#[derive(Clone)]
pub struct RequestContext {
    /// The request id, also sent back in `x-amzn-RequestId`.
    pub request_id: String,
    /// The request headers as they came.
    pub headers: http::HeaderMap,
    /// Who made the request, when the router's [`Authenticator`] established it (`None` for
    /// an operation called anonymously).
    pub caller: Option<Caller>,
    max_json_depth: usize,
    patterns: PatternMatch,
    body_limit: usize,
}

impl std::fmt::Debug for RequestContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Headers<'a>(&'a http::HeaderMap);
        impl std::fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(name, value)| {
                        let secret = name == http::header::AUTHORIZATION
                            || name.as_str() == "x-amz-security-token";
                        (
                            name,
                            if secret {
                                &servicemodel_runtime::Redacted as &dyn std::fmt::Debug
                            } else {
                                value
                            },
                        )
                    }))
                    .finish()
            }
        }
        f.debug_struct("RequestContext")
            .field("request_id", &self.request_id)
            .field("headers", &Headers(&self.headers))
            .field("caller", &self.caller)
            .field("max_json_depth", &self.max_json_depth)
            .field("patterns", &self.patterns)
            .field("body_limit", &self.body_limit)
            .finish()
    }
}

impl RequestContext {
    /// A context with no caller, the default JSON nesting limit and patterns matched against
    /// the whole value.
    pub fn new(request_id: impl Into<String>, headers: http::HeaderMap) -> Self {
        Self {
            request_id: request_id.into(),
            headers,
            caller: None,
            max_json_depth: DEFAULT_MAX_JSON_DEPTH,
            patterns: PatternMatch::WholeValue,
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    /// The same context with another limit on a request body (see
    /// [`RouterBuilder::body_limit`]); a compressed body is held to it once decompressed.
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// How long a request body may be, in bytes; the router's setting.
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// The same context with `caller` as the authenticated caller.
    pub fn with_caller(mut self, caller: Caller) -> Self {
        self.caller = Some(caller);
        self
    }

    /// The same context with another limit on JSON nesting (see [`json::check_json_shape`]).
    pub fn with_max_json_depth(mut self, depth: usize) -> Self {
        self.max_json_depth = depth;
        self
    }

    /// How deeply a JSON body may nest arrays and objects; the router's setting.
    pub fn max_json_depth(&self) -> usize {
        self.max_json_depth
    }

    /// The same context with inputs' patterns matched as `patterns` says (see
    /// [`RouterBuilder::pattern_match`]).
    pub fn with_pattern_match(mut self, patterns: PatternMatch) -> Self {
        self.patterns = patterns;
        self
    }

    /// How inputs' `pattern` constraints are matched; the router's setting.
    pub fn pattern_match(&self) -> PatternMatch {
        self.patterns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocols_name_their_content_types() {
        assert_eq!(
            Protocol::AwsJson1_0.content_type(),
            "application/x-amz-json-1.0"
        );
        assert_eq!(Protocol::RestJson1.content_type(), "application/json");
    }

    #[test]
    fn contexts_carry_caller_and_limits() {
        let ctx = RequestContext::new("id", http::HeaderMap::new());
        assert!(ctx.caller.is_none());
        assert_eq!(ctx.max_json_depth(), DEFAULT_MAX_JSON_DEPTH);
        assert_eq!(ctx.pattern_match(), PatternMatch::WholeValue);
        let ctx = ctx
            .with_caller(Caller::sigv4("AKID"))
            .with_max_json_depth(3);
        assert_eq!(ctx.caller.as_ref().unwrap().id, "AKID");
        assert_eq!(ctx.max_json_depth, 3);
    }

    #[test]
    fn context_debug_hides_credentials() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKID/secretish"
                .parse()
                .unwrap(),
        );
        headers.insert("x-amz-security-token", "token-value".parse().unwrap());
        headers.insert("x-amz-target", "Svc.Op".parse().unwrap());
        let debug = format!("{:?}", RequestContext::new("id", headers));
        assert!(
            !debug.contains("secretish") && !debug.contains("token-value"),
            "{debug}"
        );
        assert!(
            debug.contains("Svc.Op") && debug.contains("Redacted"),
            "{debug}"
        );
    }
}
