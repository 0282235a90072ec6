//! Protocol pieces shared by the JSON protocols: reading error codes and messages, and
//! encoding URI labels and query strings (restJson1).

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// The error code and message of an error response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The sanitised error code (`ValidationException`), if any was sent.
    pub code: Option<String>,
    /// The error message, if any was sent.
    pub message: Option<String>,
}

pub use servicemodel_runtime::error::sanitize_error_code;

/// Reads the error code from the `X-Amzn-ErrorType` header, or the body's `__type` or `code`,
/// or the `x-amzn-query-error` header of a query-compatible service, and the message from the
/// body's `message` or `Message`.
pub fn parse_error(headers: &http::HeaderMap, body: &[u8]) -> ErrorInfo {
    let json: Option<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(body).ok();
    let field =
        |name: &str| -> Option<String> { json.as_ref()?.get(name)?.as_str().map(str::to_string) };
    // The error's type names its variant (its shape's name, which query-compatible services
    // send too); `x-amzn-query-error: Code;Sender` only when nothing else names the error. A
    // typed error reports its model's query code as its `code()` all the same, and a query
    // code the model does not know (SQS's `AWS.SimpleQueueService.NonExistentQueue` in
    // models without it) cannot hide the variant the type names.
    let query_code = || {
        headers
            .get(servicemodel_runtime::protocol::QUERY_ERROR_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::trim)
            .map(str::to_string)
    };
    let code = headers
        .get(servicemodel_runtime::protocol::ERROR_TYPE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| field(servicemodel_runtime::protocol::ERROR_TYPE_MEMBER))
        .or_else(|| field("code"))
        .or_else(query_code)
        .map(|raw| sanitize_error_code(&raw).to_string())
        .filter(|c| !c.is_empty());
    let message = field("message")
        .or_else(|| field("Message"))
        .or_else(|| field("errorMessage"));
    ErrorInfo { code, message }
}

/// RFC 3986 unreserved characters stay; everything else is percent-encoded.
const LABEL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
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

pub use servicemodel_runtime::text::{
    base64, epoch_seconds_text, float_text, header_list_item, parse_value, split_header_list,
    split_http_date_list,
};

/// Headers of a request being built, in order.
#[derive(Debug, Default)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    /// Adds a header with a fixed (lower-case) name.
    pub fn push(&mut self, name: &'static str, value: String) {
        self.0.push((name.to_owned(), value));
    }

    /// Adds a header with a computed name (a prefix-map member).
    pub fn push_owned(&mut self, name: String, value: String) {
        self.0.push((name, value));
    }
}

/// The body of a restJson1 request: the input as JSON (its members bound elsewhere are not
/// serialized).
pub fn json_body_of<T: serde::Serialize>(input: &T) -> Result<Option<Bytes>, String> {
    serde_json::to_vec(input)
        .map(|b| Some(Bytes::from(b)))
        .map_err(|e| format!("serializing the input: {e}"))
}

/// A request or response body with its content type, when there is one.
pub type Payload = Option<(Bytes, &'static str)>;

pub use servicemodel_runtime::protocol::{BLOB_CONTENT_TYPE, TEXT_CONTENT_TYPE};

/// A structure, union or document payload: its JSON.
pub fn json_payload<T: serde::Serialize + ?Sized>(value: &T) -> Result<Payload, String> {
    let body = serde_json::to_vec(value).map_err(|e| format!("serializing the payload: {e}"))?;
    Ok(Some((
        Bytes::from(body),
        servicemodel_runtime::Protocol::RestJson1.content_type(),
    )))
}

/// An unset structure payload: an empty JSON object, as the restJson1 protocol sends it.
pub fn empty_object_payload() -> Payload {
    Some((
        Bytes::from_static(b"{}"),
        servicemodel_runtime::Protocol::RestJson1.content_type(),
    ))
}

/// A blob payload: its bytes.
pub fn blob_payload(value: &servicemodel_runtime::Blob) -> Payload {
    Some((Bytes::copy_from_slice(value.as_bytes()), BLOB_CONTENT_TYPE))
}

/// A streaming blob payload, which [`crate::invoke`] puts in the request after
/// [`crate::Operation::serialize`]: no body yet, and the blob's content type
/// (`application/octet-stream`, unless a member bound to `Content-Type` says otherwise).
pub fn stream_payload() -> Payload {
    Some((Bytes::new(), BLOB_CONTENT_TYPE))
}

/// An event stream payload, which [`crate::invoke`] puts in the request after
/// [`crate::Operation::serialize`]: no body yet, and the content type of event streams.
pub fn event_stream_payload() -> Payload {
    Some((Bytes::new(), "application/vnd.amazon.eventstream"))
}

/// A string payload: its text.
pub fn text_payload(value: &str) -> Payload {
    Some((Bytes::copy_from_slice(value.as_bytes()), TEXT_CONTENT_TYPE))
}

/// An output with a structure, union or document payload, read from the response body: the
/// body's JSON is the member under `key` (absent for an empty body).
pub fn json_payload_output<T: serde::de::DeserializeOwned>(
    body: &[u8],
    key: &str,
) -> Result<T, String> {
    let value = if body.is_empty() {
        None
    } else {
        Some(
            serde_json::from_slice(body)
                .map_err(|e| format!("the response body is not valid JSON: {e}"))?,
        )
    };
    payload_output(key, value)
}

/// [`json_payload_output`] for a blob payload: the body's bytes.
pub fn blob_payload_output<T: serde::de::DeserializeOwned>(
    body: &[u8],
    key: &str,
) -> Result<T, String> {
    let value = (!body.is_empty()).then(|| serde_json::Value::String(base64(body)));
    payload_output(key, value)
}

/// [`json_payload_output`] for a string payload: the body's text.
pub fn text_payload_output<T: serde::de::DeserializeOwned>(
    body: &[u8],
    key: &str,
) -> Result<T, String> {
    let value = if body.is_empty() {
        None
    } else {
        let text = String::from_utf8(body.to_vec())
            .map_err(|_| "the response body is not UTF-8 text".to_owned())?;
        Some(serde_json::Value::String(text))
    };
    payload_output(key, value)
}

fn payload_output<T: serde::de::DeserializeOwned>(
    key: &str,
    value: Option<serde_json::Value>,
) -> Result<T, String> {
    let mut object = serde_json::Map::new();
    if let Some(value) = value {
        object.insert(key.to_owned(), value);
    }
    servicemodel_runtime::structure::with_error_correction(|| {
        serde_json::from_value(serde_json::Value::Object(object))
    })
    .map_err(|e| format!("reading the response: {e}"))
}

/// A restJson1 request from its filled-in parts: the path, the template's literal query, the
/// query members, the header members and the body (sent as `application/json`).
pub fn rest_request(
    method: http::Method,
    path: String,
    literal_query: &str,
    query: &[(String, String)],
    headers: Headers,
    body: Option<Bytes>,
) -> Result<crate::OperationRequest, String> {
    let body = body.map(|body| {
        (
            body,
            servicemodel_runtime::Protocol::RestJson1.content_type(),
        )
    });
    rest_request_with(method, path, literal_query, query, headers, body)
}

/// [`rest_request`] with a body of any content type (an operation whose input has a payload
/// member); a member bound to `Content-Type` overrides the payload's.
pub fn rest_request_with(
    method: http::Method,
    path: String,
    literal_query: &str,
    query: &[(String, String)],
    headers: Headers,
    body: Payload,
) -> Result<crate::OperationRequest, String> {
    let mut path_and_query = path;
    let members = query_string(query);
    let parts: Vec<&str> = [
        Some(literal_query).filter(|q| !q.is_empty()),
        members.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !parts.is_empty() {
        path_and_query.push('?');
        path_and_query.push_str(&parts.join("&"));
    }
    let mut out = Vec::new();
    for (name, value) in headers.0 {
        let name = http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| format!("header name {name:?}: {e}"))?;
        let value = http::HeaderValue::from_str(&value)
            .map_err(|e| format!("value of header {name}: {e}"))?;
        out.push((name, value));
    }
    let (body, content_type) = body.unzip();
    if let Some(content_type) = content_type {
        if !out
            .iter()
            .any(|(name, _)| name == http::header::CONTENT_TYPE)
        {
            out.push((
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static(content_type),
            ));
        }
    }
    Ok(crate::OperationRequest {
        method,
        path_and_query,
        headers: out,
        body: body.unwrap_or_default(),
        host_prefix: None,
    })
}

/// A response header's value as text.
pub fn header_text<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}

/// Every header starting with `prefix` (lower case), by the rest of its name.
pub fn prefixed_headers(
    headers: &http::HeaderMap,
    prefix: &str,
) -> std::collections::BTreeMap<String, String> {
    headers
        .iter()
        .filter_map(|(k, v)| {
            let rest = k.as_str().strip_prefix(prefix)?;
            Some((rest.to_owned(), v.to_str().ok()?.to_owned()))
        })
        .collect()
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
            ErrorInfo {
                code: Some("BodyError".into()),
                message: Some("hi".into())
            }
        );
        h.insert("x-amzn-errortype", "HeaderError:http://x".parse().unwrap());
        assert_eq!(parse_error(&h, body).code.as_deref(), Some("HeaderError"));
        let h = http::HeaderMap::new();
        assert_eq!(
            parse_error(&h, br#"{"code": "CodeError"}"#).code.as_deref(),
            Some("CodeError")
        );
        assert_eq!(parse_error(&h, b"not json"), ErrorInfo::default());
        // A query code names the error only when nothing else does.
        let mut q = http::HeaderMap::new();
        q.insert(
            "x-amzn-query-error",
            "AWS.Queue.Missing;Sender".parse().unwrap(),
        );
        assert_eq!(
            parse_error(&q, br#"{"__type": "QueueDoesNotExist"}"#)
                .code
                .as_deref(),
            Some("QueueDoesNotExist")
        );
        assert_eq!(
            parse_error(&q, b"{}").code.as_deref(),
            Some("AWS.Queue.Missing")
        );
    }

    #[test]
    fn header_lists_round_trip() {
        let items = ["a", "b,c", "d\"e"];
        let text: Vec<String> = items.iter().map(|i| header_list_item(i)).collect();
        let joined = text.join(", ");
        assert_eq!(joined, r#"a, "b,c", "d\"e""#);
        assert_eq!(split_header_list(&joined), items);
        let dates = "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 00:00:00 GMT";
        assert_eq!(
            split_http_date_list(dates),
            [
                "Mon, 16 Dec 2019 23:48:18 GMT",
                "Tue, 17 Dec 2019 00:00:00 GMT"
            ]
        );
    }

    #[test]
    fn numbers_and_timestamps_as_text() {
        assert_eq!(float_text(1.1f32), "1.1");
        assert_eq!(float_text(1.1f64), "1.1");
        assert_eq!(float_text(f32::NAN), "NaN");
        assert_eq!(float_text(f32::NEG_INFINITY), "-Infinity");
        let t = servicemodel_runtime::Timestamp::from_secs(1576540098);
        assert_eq!(epoch_seconds_text(&t), "1576540098");
        let t = servicemodel_runtime::Timestamp::from_secs_and_nanos(1, 500_000_000);
        assert_eq!(epoch_seconds_text(&t), "1.5");
    }

    #[test]
    fn rest_requests_join_literal_and_member_queries() {
        let mut headers = Headers::default();
        headers.push("x-foo", "bar".into());
        let r = rest_request(
            http::Method::GET,
            "/path".into(),
            "foo=bar&hello",
            &[("k".into(), "a b".into())],
            headers,
            None,
        )
        .unwrap();
        assert_eq!(r.path_and_query, "/path?foo=bar&hello&k=a%20b");
        assert_eq!(r.headers.len(), 1);
        assert!(r.body.is_empty());
        assert_eq!(float_text(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(parse_value::<f64>("Infinity", "x").unwrap(), f64::INFINITY);
    }

    #[test]
    fn encodes_labels() {
        assert_eq!(encode_label("a b/c%", false), "a%20b%2Fc%25");
        assert_eq!(encode_label("a b/c", true), "a%20b/c");
        assert_eq!(
            query_string(&[("k".into(), "v&w".into())]).as_deref(),
            Some("k=v%26w")
        );
    }
}
