//! The one error type every client operation returns.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;

use super::transport::TransportError;
use servicemodel_runtime::Violations;

/// A response the service sent: status, headers, body, and its request id.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: http::HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

impl RawResponse {
    /// The request id the service assigned (`x-amzn-RequestId`, or `x-amz-request-id`).
    pub fn request_id(&self) -> Option<&str> {
        ["x-amzn-requestid", "x-amz-request-id"]
            .iter()
            .find_map(|h| self.headers.get(*h)?.to_str().ok())
    }

    /// The body as text, lossily.
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

/// Why an operation failed. `E` is the operation's error enum (the errors the model lists for
/// it, plus one variant for anything unmodelled).
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The input failed client-side validation; nothing was sent.
    InvalidInput(Violations),
    /// The request could not be built or signed: no region, no credentials, a bad endpoint.
    Construction(String),
    /// The request never got a complete response.
    Transport(TransportError),
    /// An attempt or the whole operation ran out of time.
    Timeout(Duration),
    /// The service answered with an error.
    Service {
        /// The typed error.
        error: E,
        /// The response it came in.
        raw: RawResponse,
    },
    /// The service answered something that could not be read as the operation's output or as
    /// an error.
    Unparseable {
        /// What went wrong reading it.
        message: String,
        /// The response.
        raw: RawResponse,
    },
}

impl<E> SdkError<E> {
    /// The typed service error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::Service { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The typed service error, consuming `self`.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            Self::Service { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The raw response, when the service answered.
    pub fn raw_response(&self) -> Option<&RawResponse> {
        match self {
            Self::Service { raw, .. } | Self::Unparseable { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// The request id of the service's answer, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        self.raw_response()?.request_id()
    }

    /// The same error with the service error converted.
    pub fn map_service_error<F>(self, f: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            Self::InvalidInput(v) => SdkError::InvalidInput(v),
            Self::Construction(m) => SdkError::Construction(m),
            Self::Transport(t) => SdkError::Transport(t),
            Self::Timeout(d) => SdkError::Timeout(d),
            Self::Service { error, raw } => SdkError::Service {
                error: f(error),
                raw,
            },
            Self::Unparseable { message, raw } => SdkError::Unparseable { message, raw },
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidInput(v) => write!(f, "invalid input: {v}"),
            Self::Construction(m) => write!(f, "could not build the request: {m}"),
            Self::Transport(t) => t.fmt(f),
            Self::Timeout(d) => write!(f, "timed out after {d:?}"),
            Self::Service { error, raw } => {
                write!(f, "service error (HTTP {}", raw.status)?;
                if let Some(id) = raw.request_id() {
                    write!(f, ", request id {id}")?;
                }
                write!(f, "): {error}")
            }
            Self::Unparseable { message, raw } => write!(
                f,
                "unreadable response (HTTP {}): {message}; body: {}",
                raw.status,
                raw.body_text().chars().take(512).collect::<String>()
            ),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidInput(v) => Some(v),
            Self::Transport(t) => Some(t),
            Self::Service { error, .. } => Some(error),
            _ => None,
        }
    }
}
