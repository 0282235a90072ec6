//! Support for generated builders and errors: [`BuildError`] for a `build()` that lacks
//! required members, [`ServiceError`] (what every error of a service tells about itself),
//! [`UnhandledError`] for an error answer the model does not list for an operation, and the
//! decoding of error answers ([`sanitize_error_code`], [`decode_error`]).

use std::fmt;

use serde::de::DeserializeOwned;

/// A builder's `build()` was called before every required member was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    type_name: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// The error for `type_name`, from each required member's name and whether it was set.
    pub fn new(type_name: &'static str, members: &[(&'static str, bool)]) -> Self {
        Self {
            type_name,
            missing: members
                .iter()
                .filter(|(_, set)| !set)
                .map(|(name, _)| *name)
                .collect(),
        }
    }

    /// The type that could not be built.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The required members (model names) that were not set.
    pub fn missing(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot build {}: missing required member{} {}",
            self.type_name,
            if self.missing.len() == 1 { "" } else { "s" },
            self.missing.join(", ")
        )
    }
}

impl std::error::Error for BuildError {}

/// What every error of a service tells about itself: the generated error shapes, the
/// per-operation error enums (through [`OperationError`]) and [`UnhandledError`] implement it.
pub trait ServiceError: std::error::Error + AsStdError + Send + Sync + 'static {
    /// The error's code on the wire (`ThrottlingException`).
    fn code(&self) -> &str;

    /// The error's message, if it has one.
    fn message(&self) -> Option<&str>;

    /// The HTTP status code of the error's answer.
    fn http_status(&self) -> u16;

    /// Whether retrying the call may succeed: a throttling or otherwise retryable error in
    /// the model, status 429, or a 5xx status.
    fn is_retryable(&self) -> bool;
}

/// The error as a `std` error; implemented for every error type, so that a
/// `&dyn ServiceError` can be handed out as an error's [`source`](std::error::Error::source).
pub trait AsStdError {
    /// `self`, as a `std` error.
    fn as_std_error(&self) -> &(dyn std::error::Error + 'static);
}

impl<T: std::error::Error + 'static> AsStdError for T {
    fn as_std_error(&self) -> &(dyn std::error::Error + 'static) {
        self
    }
}

/// The error enum of one operation: one variant per error shape the operation lists, and one
/// for any other error answer ([`UnhandledError`]). Its [`ServiceError`] answers (code,
/// message, HTTP status, retryability) are those of the error inside, and so are its
/// `Display` ([`fmt_operation_error`]) and its `source` ([`operation_error_source`]).
pub trait OperationError: std::error::Error + Send + Sync + 'static {
    /// The error inside, whichever it is.
    fn as_service_error(&self) -> &dyn ServiceError;
}

impl<E: OperationError> ServiceError for E {
    fn code(&self) -> &str {
        self.as_service_error().code()
    }

    fn message(&self) -> Option<&str> {
        self.as_service_error().message()
    }

    fn http_status(&self) -> u16 {
        self.as_service_error().http_status()
    }

    fn is_retryable(&self) -> bool {
        self.as_service_error().is_retryable()
    }
}

/// An operation error's `Display`: the error inside's.
pub fn fmt_operation_error(error: &dyn OperationError, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    fmt::Display::fmt(error.as_service_error(), f)
}

/// An operation error's `source`: the error inside.
pub fn operation_error_source(
    error: &dyn OperationError,
) -> Option<&(dyn std::error::Error + 'static)> {
    Some(error.as_service_error().as_std_error())
}

/// Writes an error as `Code: message`, or `Code` alone; generated `Display` implementations
/// call it.
pub fn fmt_error(error: &dyn ServiceError, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(error.code())?;
    if let Some(message) = error.message() {
        write!(f, ": {message}")?;
    }
    Ok(())
}

/// An error answer whose code the operation does not list in the model: its code, message
/// and HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnhandledError {
    code: String,
    message: Option<String>,
    status: u16,
}

impl UnhandledError {
    /// An error with `code` (already sanitised), an optional message and an HTTP status.
    pub fn new(code: impl Into<String>, message: Option<String>, status: u16) -> Self {
        Self {
            code: code.into(),
            message,
            status,
        }
    }

    /// An error with `code` and `status`, taking the message from the `message` or `Message`
    /// field of a JSON `body` when there is one.
    pub fn from_body(code: &str, status: u16, body: &[u8]) -> Self {
        let message = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|value| {
                ["message", "Message"]
                    .iter()
                    .find_map(|key| value.get(key)?.as_str().map(str::to_owned))
            });
        Self::new(code, message, status)
    }
}

impl ServiceError for UnhandledError {
    fn code(&self) -> &str {
        &self.code
    }

    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    fn http_status(&self) -> u16 {
        self.status
    }

    /// Status 429 (too many requests) or 5xx.
    fn is_retryable(&self) -> bool {
        self.status == 429 || (500..600).contains(&self.status)
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {})", self.code, self.status)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnhandledError {}

/// The error code in an error answer's `__type`, `code` or `X-Amzn-ErrorType`, sanitised:
/// the text before the first `:`, then the text after the first `#`
/// (`aws.protocoltests.json10#FooError:http://internal...` → `FooError`).
pub fn sanitize_error_code(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    match before_colon.split_once('#') {
        Some((_, after)) => after,
        None => before_colon,
    }
    .trim()
}

/// Decodes the JSON `body` of an error answer into the error shape `T`; an empty body counts
/// as `{}`, and a required member it leaves out gets its zero value (client error correction,
/// [`crate::structure::with_error_correction`]). When the body does not fit, the answer
/// becomes an [`UnhandledError`].
pub fn decode_error<T: DeserializeOwned>(
    code: &str,
    status: u16,
    body: &[u8],
) -> Result<T, UnhandledError> {
    crate::json::decode_response(body).map_err(|_| UnhandledError::from_body(code, status, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_error_names_every_missing_member() {
        let e = BuildError::new("Foo", &[("A", false), ("B", true), ("C", false)]);
        assert_eq!(e.missing(), ["A", "C"]);
        assert_eq!(
            e.to_string(),
            "cannot build Foo: missing required members A, C"
        );
        let e = BuildError::new("Foo", &[("A", false)]);
        assert_eq!(e.to_string(), "cannot build Foo: missing required member A");
    }

    #[test]
    fn error_codes_are_sanitised() {
        assert_eq!(
            sanitize_error_code("aws.protocoltests.json10#FooError:http://internal.amazon.com/"),
            "FooError"
        );
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(sanitize_error_code("FooError:http://x"), "FooError");
        assert_eq!(sanitize_error_code("ns#FooError"), "FooError");
    }

    #[test]
    fn unhandled_errors_keep_code_message_and_status() {
        let e = UnhandledError::from_body("Weird", 503, br#"{"message":"try later"}"#);
        assert_eq!(e.message(), Some("try later"));
        assert!(e.is_retryable());
        assert_eq!(e.to_string(), "Weird (HTTP 503): try later");
        let e = UnhandledError::from_body("Weird", 400, b"not json");
        assert_eq!(e.message(), None);
        assert!(!e.is_retryable());
        assert!(UnhandledError::new("X", None, 429).is_retryable());
    }

    #[test]
    fn error_bodies_decode_or_fall_back() {
        #[derive(serde::Deserialize, Debug)]
        struct E {
            #[serde(rename = "Message")]
            message: Option<String>,
        }
        let e: E = decode_error("E", 400, b"").unwrap();
        assert!(e.message.is_none());
        let e: E = decode_error("E", 400, br#"{"Message":"m"}"#).unwrap();
        assert_eq!(e.message.as_deref(), Some("m"));
        let u = decode_error::<E>("E", 400, br#"{"Message":5}"#).unwrap_err();
        assert_eq!(u.code(), "E");
    }
}
