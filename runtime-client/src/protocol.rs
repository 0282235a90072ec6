//! Protocol pieces shared by the JSON protocols: reading error codes and messages, and
//! encoding URI labels and query strings (restJson1).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// The error code and message of an error response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The sanitised error code (`ValidationException`), if any was sent.
    pub code: Option<String>,
    /// The error message, if any was sent.
    pub message: Option<String>,
}

pub use codegen_runtime::error::sanitize_error_code;

/// Reads the error code from the `X-Amzn-ErrorType` header, or the body's `__type` or `code`,
/// and the message from the body's `message` or `Message`.
pub fn parse_error(headers: &http::HeaderMap, body: &[u8]) -> ErrorInfo {
    let json: Option<serde_json::Map<String, serde_json::Value>> = serde_json::from_slice(body).ok();
    let field = |name: &str| -> Option<String> {
        json.as_ref()?.get(name)?.as_str().map(str::to_string)
    };
    let code = headers
        .get("x-amzn-errortype")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| field("__type"))
        .or_else(|| field("code"))
        .map(|raw| sanitize_error_code(&raw).to_string())
        .filter(|c| !c.is_empty());
    let message = field("message")
        .or_else(|| field("Message"))
        .or_else(|| field("errorMessage"));
    ErrorInfo { code, message }
}

/// RFC 3986 unreserved characters stay; everything else is percent-encoded.
const LABEL: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// A greedy label also keeps `/`.
const GREEDY_LABEL: &AsciiSet = &LABEL.remove(b'/');

/// Encodes a URI label's value; a greedy label (`{Key+}`) keeps its `/`.
pub fn encode_label(value: &str, greedy: bool) -> String {
    utf8_percent_encode(value, if greedy { GREEDY_LABEL } else { LABEL }).to_string()
}

/// Encodes a query-string key or value.
pub fn encode_query(value: &str) -> String {
    utf8_percent_encode(value, LABEL).to_string()
}

/// Builds a query string (`a=1&b=x%20y`) from pairs, in order; `None` when empty.
pub fn query_string(pairs: &[(String, String)]) -> Option<String> {
    if pairs.is_empty() {
        return None;
    }
    Some(
        pairs
            .iter()
            .map(|(k, v)| format!("{}={}", encode_query(k), encode_query(v)))
            .collect::<Vec<_>>()
            .join("&"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_code_from_header_then_body() {
        let mut h = http::HeaderMap::new();
        let body = br#"{"__type": "ns#BodyError", "Message": "hi"}"#;
        assert_eq!(
            parse_error(&h, body),
            ErrorInfo { code: Some("BodyError".into()), message: Some("hi".into()) }
        );
        h.insert("x-amzn-errortype", "HeaderError:http://x".parse().unwrap());
        assert_eq!(parse_error(&h, body).code.as_deref(), Some("HeaderError"));
        let h = http::HeaderMap::new();
        assert_eq!(parse_error(&h, br#"{"code": "CodeError"}"#).code.as_deref(), Some("CodeError"));
        assert_eq!(parse_error(&h, b"not json"), ErrorInfo::default());
    }

    #[test]
    fn encodes_labels() {
        assert_eq!(encode_label("a b/c%", false), "a%20b%2Fc%25");
        assert_eq!(encode_label("a b/c", true), "a%20b/c");
        assert_eq!(query_string(&[("k".into(), "v&w".into())]).as_deref(), Some("k=v%26w"));
    }
}
