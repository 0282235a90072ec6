//! [`ServerError`]: an error answer (status, error type, body members, extra headers) and how
//! each protocol puts it on the wire, with constructors for the errors a server gives before
//! any operation runs.
//!
//! Choices where the specifications leave room, so that a client of the real service reads
//! our answers the same way:
//! - awsJson1_0 error bodies carry `__type` (the error's shape name) and the error's members;
//!   the `X-Amzn-ErrorType` header repeats the type. The Smithy spec asks for `__type` or the
//!   header and lets clients accept either; sending both costs nothing. It prefers the full
//!   shape id in `__type`, but service models in the botocore format carry no namespace, and
//!   every client keeps only the part after `#`, so the shape name is what we send.
//! - restJson1 error bodies carry only the error's members; the type is in `X-Amzn-ErrorType`,
//!   which the spec requires of servers.
//! - The errors the runtime itself makes carry their text in `message`; clients read
//!   `message` or `Message`.
//! - A body of the wrong media type is `UnsupportedMediaTypeException` (415), as the Smithy
//!   malformed-request compliance tests require; a body over the limit is
//!   `RequestEntityTooLargeException` (413); an unknown restJson1 route is
//!   `UnknownOperationException` (404) and a known route with another method
//!   `MethodNotAllowedException` (405, with `Allow`); an unknown awsJson1_0 target is
//!   `UnknownOperationException` (400), as AWS's JSON RPC services answer.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde_json::{Map, Value};

use crate::Protocol;
use servicemodel_runtime::protocol::ERROR_TYPE_MEMBER;

/// The header that names an error's type.
pub use servicemodel_runtime::protocol::ERROR_TYPE_HEADER;
/// The header that carries the request id.
pub const REQUEST_ID_HEADER: &str = "x-amzn-requestid";

/// An error answer: HTTP status, error type, the members of the error's body, and extra
/// headers (an `Allow` for 405, header-bound error members). One pointer wide, so results
/// that carry it stay small.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerError(Box<Inner>);

#[derive(Debug, Clone, PartialEq)]
struct Inner {
    status: u16,
    code: Cow<'static, str>,
    fields: Map<String, Value>,
    headers: HeaderMap,
}

impl ServerError {
    /// An error whose body has `message` as its only member.
    pub fn new(
        status: u16,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        let mut fields = Map::new();
        fields.insert("message".into(), Value::String(message.into()));
        Self::from_fields(status, code, fields)
    }

    /// An error whose body members are `fields` (an error shape already serialized).
    pub fn from_fields(
        status: u16,
        code: impl Into<Cow<'static, str>>,
        fields: Map<String, Value>,
    ) -> Self {
        Self(Box::new(Inner {
            status,
            code: code.into(),
            fields,
            headers: HeaderMap::new(),
        }))
    }

    /// An error whose body is the serialized `shape` (a generated error structure). A shape
    /// that does not serialize to a JSON object gives an empty body.
    pub fn from_shape<E: serde::Serialize + ?Sized>(
        status: u16,
        code: impl Into<Cow<'static, str>>,
        shape: &E,
    ) -> Self {
        let fields = match serde_json::to_value(shape) {
            Ok(Value::Object(fields)) => fields,
            _ => Map::new(),
        };
        Self::from_fields(status, code, fields)
    }

    /// The answer for an error a handler returned: its code and status from
    /// [`ServiceError`](servicemodel_runtime::ServiceError), its body from its serialization.
    pub fn from_service_error<E>(error: E) -> Self
    where
        E: servicemodel_runtime::ServiceError + serde::Serialize,
    {
        Self::from_shape(error.http_status(), error.code().to_owned(), &error)
    }

    /// The answer for any error that tells its code, status and message but has no body of
    /// its own to serialize (an [`UnhandledError`](servicemodel_runtime::UnhandledError), an error
    /// enum): the body carries only the message, if there is one.
    pub fn from_error(error: &dyn servicemodel_runtime::ServiceError) -> Self {
        let mut fields = Map::new();
        if let Some(message) = error.message() {
            fields.insert("message".into(), Value::String(message.to_owned()));
        }
        Self::from_fields(error.http_status(), error.code().to_owned(), fields)
    }

    /// A `code` error for `violations`, with their summary as the message
    /// (`1 validation error detected: Value at '/Name' failed to satisfy constraint: ...`).
    /// Services whose validation error has a richer shape build it themselves.
    pub fn from_violations(
        status: u16,
        code: impl Into<Cow<'static, str>>,
        violations: &servicemodel_runtime::Violations,
    ) -> Self {
        Self::new(status, code, violations.to_string())
    }

    /// The same error with one more body member.
    pub fn with_field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.0.fields.insert(name.into(), value.into());
        self
    }

    /// The same error with one more response header.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.0.headers.append(name, value);
        self
    }

    /// The same error with one more response header, from a member of the error bound to a
    /// header. A name or value that cannot be a header makes the answer the internal error, as
    /// for an output's header.
    pub fn with_member_header(self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(name), Ok(value)) => self.with_header(name, value),
            _ => Self::internal("InternalFailure"),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// The error type (`ValidationException`).
    pub fn code(&self) -> &str {
        &self.0.code
    }

    /// The message: the body's `message` or `Message` member, when it is a string.
    pub fn message(&self) -> Option<&str> {
        ["message", "Message"]
            .iter()
            .find_map(|key| self.0.fields.get(*key)?.as_str())
    }

    /// The body members.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.0.fields
    }

    /// The extra response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }

    /// The HTTP answer in `protocol`'s shape, carrying `request_id` in `x-amzn-RequestId`.
    pub fn into_response(self, protocol: Protocol, request_id: &str) -> http::Response<Bytes> {
        let Inner {
            status,
            code,
            fields,
            headers: extra_headers,
        } = *self.0;
        let body = if protocol.error_type_in_body() {
            let mut body = Map::with_capacity(fields.len() + 1);
            body.insert(ERROR_TYPE_MEMBER.into(), Value::String(code.to_string()));
            for (key, value) in fields {
                if key != ERROR_TYPE_MEMBER {
                    body.insert(key, value);
                }
            }
            body
        } else {
            fields
        };
        let body = serde_json::to_vec(&Value::Object(body))
            .expect("a map of JSON values always serializes");
        let mut response = http::Response::new(Bytes::from(body));
        *response.status_mut() =
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(protocol.content_type()),
        );
        if let Ok(code) = HeaderValue::from_str(&code) {
            headers.insert(HeaderName::from_static(ERROR_TYPE_HEADER), code);
        }
        if let Ok(id) = HeaderValue::from_str(request_id) {
            headers.insert(HeaderName::from_static(REQUEST_ID_HEADER), id);
        }
        for name in extra_headers.keys() {
            headers.remove(name);
            for value in extra_headers.get_all(name) {
                headers.append(name.clone(), value.clone());
            }
        }
        response
    }

    /// `SerializationException` (400): the body is not JSON, or a member has the wrong type.
    pub fn serialization(message: impl Into<String>) -> Self {
        Self::new(400, "SerializationException", message)
    }

    /// `UnknownOperationException` (400): no operation of the service answers this
    /// `X-Amz-Target`.
    pub fn unknown_operation(message: impl Into<String>) -> Self {
        Self::new(400, "UnknownOperationException", message)
    }

    /// `UnknownOperationException` (404): no restJson1 route matches this path (or, for
    /// awsJson1_0, the path is not `/`).
    pub fn not_found(method: &http::Method, path: &str) -> Self {
        Self::new(
            404,
            "UnknownOperationException",
            format!("No operation matches {method} {path}"),
        )
    }

    /// `MethodNotAllowedException` (405): the path matches a route, but not with this method;
    /// `Allow` lists the methods that do.
    pub fn method_not_allowed(method: &http::Method, path: &str, allowed: &[http::Method]) -> Self {
        let allow = allowed
            .iter()
            .map(http::Method::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let error = Self::new(
            405,
            "MethodNotAllowedException",
            format!("{method} is not allowed on {path}; allowed: {allow}"),
        );
        match HeaderValue::from_str(&allow) {
            Ok(value) => error.with_header(http::header::ALLOW, value),
            Err(_) => error,
        }
    }

    /// `RequestEntityTooLargeException` (413): the body is longer than `limit` bytes.
    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            413,
            "RequestEntityTooLargeException",
            format!("Request body is larger than the limit of {limit} bytes"),
        )
    }

    /// `UnsupportedMediaTypeException` (415): a body came with another `Content-Type` than
    /// `expected` (or none).
    pub fn unsupported_media_type(got: Option<&str>, expected: &str) -> Self {
        let message = match got {
            Some(got) => format!("Unsupported Content-Type {got:?}; expected {expected}"),
            None => format!("Missing Content-Type; expected {expected}"),
        };
        Self::new(415, "UnsupportedMediaTypeException", message)
    }

    /// A 500 error of type `code`, the answer to a handler that panicked or output that would
    /// not serialize.
    pub fn internal(code: impl Into<Cow<'static, str>>) -> Self {
        Self::new(500, code, "The server encountered an internal error")
    }

    /// `IncompleteSignature` (400): the `Authorization` header is not a well-formed SigV4
    /// signature.
    pub fn incomplete_signature(message: impl Into<String>) -> Self {
        Self::new(400, "IncompleteSignature", message)
    }

    /// `MissingAuthenticationToken` (403): the request is not signed.
    pub fn missing_authentication_token() -> Self {
        Self::new(
            403,
            "MissingAuthenticationToken",
            "Request is missing Authentication Token",
        )
    }

    /// `InvalidClientTokenId` (403): the access key id (or its session token) is not known.
    pub fn invalid_client_token_id() -> Self {
        Self::new(
            403,
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        )
    }

    /// `SignatureDoesNotMatch` (403): the signature is not the one the secret key gives.
    pub fn signature_does_not_match(message: impl Into<String>) -> Self {
        Self::new(403, "SignatureDoesNotMatch", message)
    }

    /// `RequestExpired` (400): the signature's date is too far from the server's clock.
    pub fn request_expired(message: impl Into<String>) -> Self {
        Self::new(400, "RequestExpired", message)
    }
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {})", self.0.code, self.0.status)?;
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServerError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(response: &http::Response<Bytes>) -> Value {
        serde_json::from_slice(response.body()).unwrap()
    }

    #[test]
    fn aws_json_errors_carry_type_in_body_and_header() {
        let response =
            ServerError::serialization("bad JSON").into_response(Protocol::AwsJson1_0, "req-1");
        assert_eq!(response.status(), 400);
        assert_eq!(
            response.headers()["content-type"],
            "application/x-amz-json-1.0"
        );
        assert_eq!(
            response.headers()["x-amzn-errortype"],
            "SerializationException"
        );
        assert_eq!(response.headers()["x-amzn-requestid"], "req-1");
        assert_eq!(
            body(&response),
            serde_json::json!({"__type": "SerializationException", "message": "bad JSON"})
        );
        // `__type` comes first.
        assert!(response.body().starts_with(br#"{"__type":"#));
    }

    #[test]
    fn rest_json_errors_carry_type_in_header_only() {
        let response = ServerError::new(404, "NotFoundException", "no such set")
            .with_field("RequestId", "r")
            .into_response(Protocol::RestJson1, "req-2");
        assert_eq!(response.status(), 404);
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.headers()["x-amzn-errortype"], "NotFoundException");
        assert_eq!(
            body(&response),
            serde_json::json!({"message": "no such set", "RequestId": "r"})
        );
    }

    #[test]
    fn shapes_and_service_errors_become_bodies() {
        #[derive(serde::Serialize, Debug)]
        struct Throttled {
            #[serde(rename = "Message")]
            message: String,
        }
        impl fmt::Display for Throttled {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.message)
            }
        }
        impl std::error::Error for Throttled {}
        impl servicemodel_runtime::ServiceError for Throttled {
            fn code(&self) -> &str {
                "ThrottlingException"
            }
            fn message(&self) -> Option<&str> {
                Some(&self.message)
            }
            fn http_status(&self) -> u16 {
                429
            }
            fn is_retryable(&self) -> bool {
                true
            }
        }
        let error = ServerError::from_service_error(Throttled {
            message: "slow down".into(),
        });
        assert_eq!(error.status(), 429);
        assert_eq!(error.code(), "ThrottlingException");
        assert_eq!(error.message(), Some("slow down"));
        assert_eq!(
            error.to_string(),
            "ThrottlingException (HTTP 429): slow down"
        );
        let response = error.into_response(Protocol::AwsJson1_0, "r");
        assert_eq!(
            body(&response),
            serde_json::json!({"__type": "ThrottlingException", "Message": "slow down"})
        );
        let unhandled = servicemodel_runtime::UnhandledError::new("Odd", Some("m".into()), 503);
        let error = ServerError::from_error(&unhandled);
        assert_eq!(
            (error.status(), error.code(), error.message()),
            (503, "Odd", Some("m"))
        );
        let silent = servicemodel_runtime::UnhandledError::new("Odd", None, 400);
        assert!(ServerError::from_error(&silent).fields().is_empty());
        let empty = ServerError::from_shape(400, "E", &5);
        assert!(empty.fields().is_empty());
        assert_eq!(empty.message(), None);
    }

    #[test]
    fn extra_headers_are_sent_and_repeat() {
        let error = ServerError::method_not_allowed(
            &http::Method::PUT,
            "/v1/things",
            &[http::Method::GET, http::Method::POST],
        )
        .with_header(
            HeaderName::from_static("x-extra"),
            HeaderValue::from_static("a"),
        )
        .with_header(
            HeaderName::from_static("x-extra"),
            HeaderValue::from_static("b"),
        );
        let response = error.into_response(Protocol::RestJson1, "r");
        assert_eq!(response.status(), 405);
        assert_eq!(response.headers()["allow"], "GET, POST");
        let extra: Vec<_> = response.headers().get_all("x-extra").iter().collect();
        assert_eq!(extra, ["a", "b"]);
    }

    #[test]
    fn common_errors_have_their_statuses() {
        for (error, status, code) in [
            (
                ServerError::unknown_operation("x"),
                400,
                "UnknownOperationException",
            ),
            (
                ServerError::not_found(&http::Method::GET, "/x"),
                404,
                "UnknownOperationException",
            ),
            (
                ServerError::payload_too_large(10),
                413,
                "RequestEntityTooLargeException",
            ),
            (
                ServerError::unsupported_media_type(None, "application/json"),
                415,
                "UnsupportedMediaTypeException",
            ),
            (
                ServerError::internal("InternalFailure"),
                500,
                "InternalFailure",
            ),
            (
                ServerError::incomplete_signature("x"),
                400,
                "IncompleteSignature",
            ),
            (
                ServerError::missing_authentication_token(),
                403,
                "MissingAuthenticationToken",
            ),
            (
                ServerError::invalid_client_token_id(),
                403,
                "InvalidClientTokenId",
            ),
            (
                ServerError::signature_does_not_match("x"),
                403,
                "SignatureDoesNotMatch",
            ),
            (ServerError::request_expired("x"), 400, "RequestExpired"),
        ] {
            assert_eq!((error.status(), error.code()), (status, code));
            assert!(error.message().is_some());
        }
        let odd = ServerError::new(99, "Odd", "status out of range")
            .into_response(Protocol::RestJson1, "r");
        assert_eq!(odd.status(), 500);
    }
}
