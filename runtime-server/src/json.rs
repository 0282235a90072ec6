//! JSON bodies in and out: the content-type check, a structural pre-check that bounds nesting
//! before any recursive parser runs, decoding into an input type with errors that name the
//! member, validation, and JSON responses.
//!
//! The input pipeline ([`decode_input`]) runs, in order:
//! 1. the content type ([`check_content_type`]) → `UnsupportedMediaTypeException` (415);
//! 2. the structure ([`check_json_shape`]): a top-level object, nesting at most
//!    [`RequestContext::max_json_depth`] deep → `SerializationException` (400);
//! 3. parsing → `SerializationException` naming line and column;
//! 4. decoding into the input type → `SerializationException` naming the member's path for a
//!    member of the wrong type; a missing (or `null`) required member is a constraint
//!    violation like any other, handed to the service's validation error;
//! 5. the model's constraints ([`Validate`], patterns matched as
//!    [`RequestContext::pattern_match`] says) → the service's validation error.
//!
//! An empty body counts as `{}`, as both protocols ask of servers.

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use servicemodel_runtime::{Validate, Validator, Violations};

use crate::{Protocol, RequestContext, ServerError};

/// The default limit on a request body: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;

/// The default limit on how deeply arrays and objects may nest in a JSON body. serde_json
/// stops at 128 by itself; this limit comes first and says so plainly.
pub const DEFAULT_MAX_JSON_DEPTH: usize = 64;

/// Checks that a non-empty `body` comes with `protocol`'s media type (parameters such as
/// `charset` and letter case are ignored). An empty body needs no `Content-Type`.
pub fn check_content_type(
    protocol: Protocol,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Result<(), ServerError> {
    let got = headers
        .get(http::header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    if protocol.accepts_content_type(got.as_deref(), is_blank(body)) {
        Ok(())
    } else {
        Err(ServerError::unsupported_media_type(
            got.as_deref(),
            protocol.content_type(),
        ))
    }
}

/// Checks that an operation that takes no body got none: no `Content-Type` and an empty body
/// (restJson1 operations whose input has no body members), else `UnsupportedMediaTypeException`.
pub fn check_empty_body(headers: &http::HeaderMap, body: &[u8]) -> Result<(), ServerError> {
    let content_type = headers
        .get(http::header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    if body.is_empty() && content_type.is_none() {
        return Ok(());
    }
    let message = match content_type {
        Some(value) => format!("This operation takes no body, but got one of type {value:?}"),
        None => "This operation takes no body, but got one".to_owned(),
    };
    Err(ServerError::new(
        415,
        "UnsupportedMediaTypeException",
        message,
    ))
}

/// Checks, without recursion and before any parser sees the body, that a non-blank `body`
/// starts a JSON object and nests arrays and objects at most `max_depth` deep (the top-level
/// object is depth 1). Everything else about the syntax is left to the parser.
pub fn check_json_shape(body: &[u8], max_depth: usize) -> Result<(), ServerError> {
    let Some(start) = body.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Ok(());
    };
    if body[start] != b'{' {
        return Err(ServerError::serialization(
            "The request body must be a JSON object",
        ));
    }
    check_json_depth(&body[start..], max_depth)
}

/// Checks, without recursion, that `body` (any JSON value: a document payload need not be an
/// object) nests arrays and objects at most `max_depth` deep.
fn check_json_depth(body: &[u8], max_depth: usize) -> Result<(), ServerError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &byte in body {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max_depth {
                    return Err(ServerError::serialization(format!(
                        "The request body nests arrays and objects more than {max_depth} deep"
                    )));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Steps 1–3 of the pipeline: checks the content type and structure of `body` and parses it
/// into a JSON object (empty for a blank body). restJson1 stubs add label, query and header
/// members to it before [`input_from_object`].
pub fn parse_json_object(
    ctx: &RequestContext,
    protocol: Protocol,
    body: &[u8],
) -> Result<Map<String, Value>, ServerError> {
    check_content_type(protocol, &ctx.headers, body)?;
    if is_blank(body) {
        return Ok(Map::new());
    }
    check_json_shape(body, ctx.max_json_depth())?;
    serde_json::from_slice(body).map_err(|error| {
        ServerError::serialization(format!("The request body is not valid JSON: {error}"))
    })
}

/// Steps 4–5 of the pipeline: decodes `object` into the input type and checks the model's
/// constraints. Missing required members and constraint failures go to `invalid`, which
/// builds the service's validation error; members of the wrong type are a
/// `SerializationException` naming the member's path.
pub fn input_from_object<T>(
    ctx: &RequestContext,
    object: Map<String, Value>,
    invalid: impl FnOnce(Violations) -> ServerError,
) -> Result<T, ServerError>
where
    T: DeserializeOwned + Validate,
{
    let mut invalid = Some(invalid);
    let input: T = deserialize_object(object, |v| match invalid.take() {
        Some(f) => f(v),
        None => ServerError::internal("InternalFailure"),
    })?;
    validate_input(ctx, input, |v| match invalid.take() {
        Some(f) => f(v),
        None => ServerError::internal("InternalFailure"),
    })
}

/// Step 4 alone: decodes `object` into the input type without checking constraints, so that
/// members bound to the URI, query string or headers can be set before [`validate_input`].
pub fn deserialize_object<T: DeserializeOwned>(
    object: Map<String, Value>,
    invalid: impl FnOnce(Violations) -> ServerError,
) -> Result<T, ServerError> {
    serde_path_to_error::deserialize(Value::Object(object)).map_err(|error| {
        match read_error(error) {
            ReadError::Missing(violations) => invalid(violations),
            ReadError::Malformed(error) => error,
        }
    })
}

/// Step 5 alone: the model's constraints, patterns matched as the context says
/// ([`RequestContext::pattern_match`]), failures going to `invalid`.
pub fn validate_input<T: Validate>(
    ctx: &RequestContext,
    input: T,
    invalid: impl FnOnce(Violations) -> ServerError,
) -> Result<T, ServerError> {
    match input.validate_with(ctx.pattern_match()) {
        Ok(()) => Ok(input),
        Err(violations) => Err(invalid(violations)),
    }
}

/// The value of request header `name` (lower case) for a bound member: `None` when absent,
/// the values of its lines joined with `, ` when it is sent more than once (as HTTP allows for
/// a list), and a `SerializationException` when it is not text.
pub fn request_header<'a>(
    headers: &'a http::HeaderMap,
    name: &str,
) -> Result<Option<std::borrow::Cow<'a, str>>, ServerError> {
    let text = |value: &'a http::HeaderValue| {
        value.to_str().map_err(|_| {
            ServerError::serialization(format!("The header {name:?} is not visible ASCII text"))
        })
    };
    let mut values = headers.get_all(name).iter();
    let Some(first) = values.next() else {
        return Ok(None);
    };
    let first = text(first)?;
    let mut joined: Option<String> = None;
    for value in values {
        let all = joined.get_or_insert_with(|| first.to_owned());
        all.push_str(", ");
        all.push_str(text(value)?);
    }
    Ok(Some(match joined {
        Some(all) => std::borrow::Cow::Owned(all),
        None => std::borrow::Cow::Borrowed(first),
    }))
}

/// Every request header whose name starts with `prefix` (lower case), by the rest of its name,
/// for a `headers` member; a header that is not text is a `SerializationException`.
pub fn prefixed_headers(
    headers: &http::HeaderMap,
    prefix: &str,
) -> Result<std::collections::BTreeMap<String, String>, ServerError> {
    let mut map = std::collections::BTreeMap::new();
    for name in headers.keys() {
        if let Some(rest) = name.as_str().strip_prefix(prefix) {
            if let Some(value) = request_header(headers, name.as_str())? {
                map.insert(rest.to_owned(), value.into_owned());
            }
        }
    }
    Ok(map)
}

/// The whole input pipeline for a body that holds every input member (awsJson1_0, and
/// restJson1 operations with no label, query or header members): the checks of
/// [`parse_json_object`], then the body read straight into the input type (one pass, no
/// intermediate JSON tree) and validated as [`input_from_object`] does.
pub fn decode_input<T>(
    ctx: &RequestContext,
    protocol: Protocol,
    body: &[u8],
    invalid: impl FnOnce(Violations) -> ServerError,
) -> Result<T, ServerError>
where
    T: DeserializeOwned + Validate,
{
    check_content_type(protocol, &ctx.headers, body)?;
    let body: &[u8] = if is_blank(body) {
        b"{}"
    } else {
        check_json_shape(body, ctx.max_json_depth())?;
        body
    };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let mut invalid = Some(invalid);
    let mut invalid = |v| match invalid.take() {
        Some(f) => f(v),
        None => ServerError::internal("InternalFailure"),
    };
    let input: T = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(input) => input,
        Err(error) if error.inner().is_syntax() || error.inner().is_eof() => {
            return Err(ServerError::serialization(format!(
                "The request body is not valid JSON: {}",
                error.into_inner()
            )))
        }
        Err(error) => {
            return Err(match read_error(error) {
                ReadError::Missing(violations) => invalid(violations),
                ReadError::Malformed(error) => error,
            })
        }
    };
    deserializer.end().map_err(|error| {
        ServerError::serialization(format!("The request body is not valid JSON: {error}"))
    })?;
    validate_input(ctx, input, invalid)
}

/// A JSON answer: `value` serialized, with `protocol`'s content type. A value that will not
/// serialize (a map with non-string keys) is an `InternalFailure` (500).
pub fn json_response<T: serde::Serialize + ?Sized>(
    protocol: Protocol,
    status: u16,
    value: &T,
) -> Result<http::Response<Bytes>, ServerError> {
    let body = serde_json::to_vec(value).map_err(|_| ServerError::internal("InternalFailure"))?;
    let mut response = empty_response(protocol, status);
    *response.body_mut() = Bytes::from(body);
    if !protocol.empty_response_has_content_type() {
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(protocol.content_type()),
        );
    }
    Ok(response)
}

/// A restJson1 answer whose body is the output's structure, union or document payload as
/// JSON; when it is unset, `{}` for a structure (`empty_object`), else no body.
pub fn json_payload_response<T: serde::Serialize + ?Sized>(
    status: u16,
    value: Option<&T>,
    empty_object: bool,
) -> Result<http::Response<Bytes>, ServerError> {
    let json = Protocol::RestJson1.content_type();
    let payload = match value {
        Some(value) => {
            let body =
                serde_json::to_vec(value).map_err(|_| ServerError::internal("InternalFailure"))?;
            Some((Bytes::from(body), json))
        }
        None if empty_object => Some((Bytes::from_static(b"{}"), json)),
        None => None,
    };
    Ok(payload_response(status, payload))
}

/// A restJson1 answer whose body is the output's blob payload (`application/octet-stream`
/// unless a member bound to `Content-Type` says otherwise); no body when it is unset.
pub fn blob_payload_response(
    status: u16,
    value: Option<&servicemodel_runtime::Blob>,
) -> http::Response<Bytes> {
    payload_response(
        status,
        value.map(|blob| {
            (
                Bytes::copy_from_slice(blob.as_bytes()),
                servicemodel_runtime::protocol::BLOB_CONTENT_TYPE,
            )
        }),
    )
}

/// A restJson1 answer whose body is the output's string payload (`text/plain`); no body
/// when it is unset.
pub fn text_payload_response(status: u16, value: Option<&str>) -> http::Response<Bytes> {
    payload_response(
        status,
        value.map(|text| {
            (
                Bytes::copy_from_slice(text.as_bytes()),
                servicemodel_runtime::protocol::TEXT_CONTENT_TYPE,
            )
        }),
    )
}

fn payload_response(status: u16, payload: Option<(Bytes, &'static str)>) -> http::Response<Bytes> {
    let mut response = empty_response(Protocol::RestJson1, status);
    if let Some((body, content_type)) = payload {
        *response.body_mut() = body;
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(content_type),
        );
    }
    response
}

/// Sets a response header from an output member; a member bound to `Content-Type` replaces
/// the payload's. A value that cannot be a header value is the service's internal error.
pub fn set_response_header<B>(
    response: &mut http::Response<B>,
    name: &str,
    value: &str,
) -> Result<(), ServerError> {
    let name = http::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| ServerError::internal("InternalFailure"))?;
    let value =
        http::HeaderValue::from_str(value).map_err(|_| ServerError::internal("InternalFailure"))?;
    response.headers_mut().insert(name, value);
    Ok(())
}

/// The JSON object to read an input with a structure, union or document payload from: the
/// body's JSON under the payload member's key (`key`), or no key for an empty body. A body
/// that is not JSON is a `SerializationException`.
pub fn json_payload_object(
    ctx: &RequestContext,
    body: &[u8],
    key: &str,
) -> Result<Map<String, Value>, ServerError> {
    let mut object = Map::new();
    if !body.is_empty() {
        check_json_depth(body, ctx.max_json_depth())?;
        let value = serde_json::from_slice(body).map_err(|error| {
            ServerError::serialization(format!("The request body is not valid JSON: {error}"))
        })?;
        object.insert(key.to_owned(), value);
    }
    Ok(object)
}

/// [`json_payload_object`] for a structure payload: a body that is the empty object `{}` leaves
/// the member unset, as a client sends `{}` for an unset structure payload (the restJson1
/// suite's `RestJsonHttpWithEmptyStructurePayload`).
pub fn structure_payload_object(
    ctx: &RequestContext,
    body: &[u8],
    key: &str,
) -> Result<Map<String, Value>, ServerError> {
    let mut object = json_payload_object(ctx, body, key)?;
    if object
        .get(key)
        .is_some_and(|value| value.as_object().is_some_and(Map::is_empty))
    {
        object.remove(key);
    }
    Ok(object)
}

/// [`json_payload_object`] for a blob payload: the body's bytes, as the JSON form of a blob.
pub fn blob_payload_object(body: &[u8], key: &str) -> Map<String, Value> {
    let mut object = Map::new();
    if !body.is_empty() {
        let text = servicemodel_runtime::text::base64(body);
        object.insert(key.to_owned(), Value::String(text));
    }
    object
}

/// [`json_payload_object`] for a string payload: the body's text, which must be UTF-8.
pub fn text_payload_object(body: &[u8], key: &str) -> Result<Map<String, Value>, ServerError> {
    let mut object = Map::new();
    if !body.is_empty() {
        let text = String::from_utf8(body.to_vec())
            .map_err(|_| ServerError::serialization("The request body is not UTF-8 text"))?;
        object.insert(key.to_owned(), Value::String(text));
    }
    Ok(object)
}

/// An answer with no body: awsJson1_0 still names its content type (the spec requires it);
/// restJson1 sends none.
pub fn empty_response(protocol: Protocol, status: u16) -> http::Response<Bytes> {
    let mut response = http::Response::new(Bytes::new());
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
    if protocol.empty_response_has_content_type() {
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(protocol.content_type()),
        );
    }
    response
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

enum ReadError {
    Missing(Violations),
    Malformed(ServerError),
}

fn read_error(error: serde_path_to_error::Error<serde_json::Error>) -> ReadError {
    let mut segments = Vec::new();
    let mut last_is_member = false;
    for segment in error.path().iter() {
        match segment {
            serde_path_to_error::Segment::Map { key } => {
                segments.push(key.clone());
                last_is_member = true;
            }
            serde_path_to_error::Segment::Seq { index } => {
                segments.push(index.to_string());
                last_is_member = false;
            }
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    let text = error.into_inner().to_string();
    let missing_member = text
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| (pointer(&segments), name.to_owned()));
    let null_member = (last_is_member && text.starts_with("invalid type: null")).then(|| {
        let name = segments.pop().unwrap_or_default();
        (pointer(&segments), name)
    });
    if let Some((at, name)) = missing_member.or(null_member) {
        let mut validator = Validator::at(at);
        validator.missing(&name);
        return ReadError::Missing(validator.finish().expect_err("one violation was recorded"));
    }
    let path = pointer(&segments);
    ReadError::Malformed(ServerError::serialization(if path.is_empty() {
        format!("The request body could not be read: {text}")
    } else {
        format!("Value at '{path}' could not be read: {text}")
    }))
}

/// A JSON pointer (RFC 6901) from path segments.
fn pointer(segments: &[String]) -> String {
    let mut path = String::new();
    for segment in segments {
        path.push('/');
        for c in segment.chars() {
            match c {
                '~' => path.push_str("~0"),
                '/' => path.push_str("~1"),
                c => path.push(c),
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PatternMatch;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Input {
        #[serde(rename = "Name")]
        name: String,
        #[serde(rename = "Count", default)]
        count: Option<i32>,
        #[serde(rename = "Items", default)]
        items: Option<Vec<Item>>,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Item {
        #[serde(rename = "Key")]
        key: String,
    }

    impl Validate for Input {
        fn validate_into(&self, validator: &mut Validator) {
            static NAME: servicemodel_runtime::Pattern =
                servicemodel_runtime::Pattern::new("[^ !]+");
            if self.name.is_empty() {
                validator.member("Name", |v| v.length(0, Some(1), None));
            } else {
                validator.member("Name", |v| v.pattern(&self.name, &NAME));
            }
        }
    }

    fn ctx(content_type: Option<&'static str>) -> RequestContext {
        let mut headers = http::HeaderMap::new();
        if let Some(ct) = content_type {
            headers.insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static(ct),
            );
        }
        RequestContext::new("r", headers)
    }

    fn invalid(v: Violations) -> ServerError {
        ServerError::from_violations(400, "ValidationException", &v)
    }

    fn decode(body: &str) -> Result<Input, ServerError> {
        decode_input(
            &ctx(Some("application/x-amz-json-1.0")),
            Protocol::AwsJson1_0,
            body.as_bytes(),
            invalid,
        )
    }

    #[test]
    fn decodes_valid_input() {
        let input =
            decode(r#"{"Name":"a","Count":2,"Items":[{"Key":"k"}],"Unknown":true}"#).unwrap();
        assert_eq!(input.name, "a");
        assert_eq!(input.count, Some(2));
        assert_eq!(input.items.unwrap()[0].key, "k");
    }

    #[test]
    fn patterns_match_the_whole_value_unless_the_context_says_search() {
        let body = br#"{"Name":"bad name!"}"#;
        let json = ctx(Some("application/x-amz-json-1.0"));
        let error = decode_input::<Input>(&json, Protocol::AwsJson1_0, body, invalid).unwrap_err();
        assert_eq!(error.code(), "ValidationException");
        assert_eq!(
            error.message(),
            Some("1 validation error detected: Value at '/Name' failed to satisfy constraint: Member must satisfy regular expression pattern: [^ !]+")
        );
        let search = json.clone().with_pattern_match(PatternMatch::Search);
        let input = decode_input::<Input>(&search, Protocol::AwsJson1_0, body, invalid).unwrap();
        assert_eq!(input.name, "bad name!");

        // The restJson1 path reads the context the same way.
        let rest = ctx(Some("application/json"));
        let object = parse_json_object(&rest, Protocol::RestJson1, body).unwrap();
        assert!(input_from_object::<Input>(&rest, object.clone(), invalid).is_err());
        let rest = rest.with_pattern_match(PatternMatch::Search);
        assert!(input_from_object::<Input>(&rest, object, invalid).is_ok());
    }

    #[test]
    fn wrong_member_types_name_the_member() {
        let error = decode(r#"{"Name":"a","Items":[{"Key":5}]}"#).unwrap_err();
        assert_eq!(error.code(), "SerializationException");
        assert_eq!(error.status(), 400);
        let message = error.message().unwrap();
        assert!(
            message.starts_with(
                "Value at '/Items/0/Key' could not be read: invalid type: integer `5`"
            ),
            "{message}"
        );
        let error = decode(r#"{"Name":"a","Count":"two"}"#).unwrap_err();
        assert!(error.message().unwrap().contains("'/Count'"), "{error}");
    }

    #[test]
    fn missing_and_null_required_members_are_violations() {
        let error = decode(r#"{"Count":1}"#).unwrap_err();
        assert_eq!(error.code(), "ValidationException");
        assert_eq!(
            error.message(),
            Some("1 validation error detected: Value null at '/Name' failed to satisfy constraint: Member must not be null")
        );
        let error = decode(r#"{"Name":null}"#).unwrap_err();
        assert_eq!(error.code(), "ValidationException");
        assert!(error.message().unwrap().contains("'/Name'"), "{error}");
        let error = decode(r#"{"Name":"a","Items":[{}]}"#).unwrap_err();
        assert!(
            error.message().unwrap().contains("'/Items/0/Key'"),
            "{error}"
        );
        // A null list item is malformed, not a missing member.
        let error = decode(r#"{"Name":"a","Items":[null]}"#).unwrap_err();
        assert_eq!(error.code(), "SerializationException", "{error}");
    }

    #[test]
    fn constraints_are_checked_after_decoding() {
        let error = decode(r#"{"Name":""}"#).unwrap_err();
        assert_eq!(error.code(), "ValidationException");
        assert!(error.message().unwrap().contains("'/Name'"), "{error}");
    }

    #[test]
    fn blank_bodies_are_empty_objects() {
        let object = parse_json_object(&ctx(None), Protocol::AwsJson1_0, b"  \n").unwrap();
        assert!(object.is_empty());
        let error = decode("").unwrap_err();
        assert_eq!(error.code(), "ValidationException");
    }

    #[test]
    fn malformed_json_is_a_serialization_error() {
        for body in [r#"{"Name":"a""#, r#"{"Name":"a"} x"#, "{'a':1}"] {
            let error = decode(body).unwrap_err();
            assert_eq!(error.code(), "SerializationException", "{body}");
            assert!(
                error.message().unwrap().contains("not valid JSON"),
                "{error}"
            );
        }
        for body in ["[]", "\"s\"", "5", "null"] {
            let error = decode(body).unwrap_err();
            assert_eq!(
                error.message(),
                Some("The request body must be a JSON object"),
                "{body}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_rejected_before_parsing() {
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let error = decode(&deep).unwrap_err();
        assert_eq!(error.code(), "SerializationException");
        assert!(
            error.message().unwrap().contains("more than 64 deep"),
            "{error}"
        );
        let ok = format!(
            "{{\"Name\":\"a\",\"x\":{}1{}}}",
            "[".repeat(63),
            "]".repeat(63)
        );
        assert!(decode(&ok).is_ok());
        let too_deep = format!(
            "{{\"Name\":\"a\",\"x\":{}1{}}}",
            "[".repeat(64),
            "]".repeat(64)
        );
        assert!(decode(&too_deep).is_err());
        // Brackets inside strings, escaped quotes included, do not count.
        let strings = format!(r#"{{"Name":"\"{}"}}"#, "[".repeat(1000));
        assert_eq!(
            decode(&strings).unwrap().name,
            format!("\"{}", "[".repeat(1000))
        );
        let shallow = ctx(Some("application/json")).with_max_json_depth(2);
        assert!(parse_json_object(&shallow, Protocol::RestJson1, br#"{"a":{"b":1}}"#).is_ok());
        assert!(parse_json_object(&shallow, Protocol::RestJson1, br#"{"a":{"b":[]}}"#).is_err());
    }

    #[test]
    fn content_types_must_match_the_protocol() {
        let body = br#"{"Name":"a"}"#;
        for (ct, ok) in [
            (Some("application/x-amz-json-1.0"), true),
            (Some("Application/X-Amz-JSON-1.0; charset=utf-8"), true),
            (Some("application/json"), false),
            (Some("application/x-amz-json-1.1"), false),
            (None, false),
        ] {
            let result = decode_input::<Input>(&ctx(ct), Protocol::AwsJson1_0, body, invalid);
            match result {
                Ok(_) => assert!(ok, "{ct:?}"),
                Err(e) => {
                    assert!(!ok, "{ct:?}");
                    assert_eq!(
                        (e.status(), e.code()),
                        (415, "UnsupportedMediaTypeException")
                    );
                }
            }
        }
        assert!(check_content_type(Protocol::RestJson1, &ctx(None).headers, b"").is_ok());
        assert!(check_content_type(
            Protocol::RestJson1,
            &ctx(Some("application/json")).headers,
            b"{}"
        )
        .is_ok());
    }

    #[test]
    fn operations_without_bodies_reject_one() {
        assert!(check_empty_body(&ctx(None).headers, b"").is_ok());
        let e = check_empty_body(&ctx(Some("application/json")).headers, b"{}").unwrap_err();
        assert_eq!(e.status(), 415);
        let e = check_empty_body(&ctx(None).headers, b"x").unwrap_err();
        assert_eq!(e.status(), 415);
    }

    #[test]
    fn responses_carry_the_protocol_content_type() {
        #[derive(serde::Serialize)]
        struct Out {
            #[serde(rename = "MessageId")]
            id: &'static str,
        }
        let response = json_response(Protocol::AwsJson1_0, 200, &Out { id: "m" }).unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"],
            "application/x-amz-json-1.0"
        );
        assert_eq!(response.body().as_ref(), br#"{"MessageId":"m"}"#);
        let response = json_response(Protocol::RestJson1, 201, &Out { id: "m" }).unwrap();
        assert_eq!(response.headers()["content-type"], "application/json");
        let empty = empty_response(Protocol::AwsJson1_0, 200);
        assert!(empty.body().is_empty());
        assert_eq!(
            empty.headers()["content-type"],
            "application/x-amz-json-1.0"
        );
        assert!(empty_response(Protocol::RestJson1, 204)
            .headers()
            .get("content-type")
            .is_none());
        let mut bad = std::collections::HashMap::new();
        bad.insert((1, 2), 3);
        assert_eq!(
            json_response(Protocol::RestJson1, 200, &bad)
                .unwrap_err()
                .status(),
            500
        );
    }
}
