//! One operation, as a generated client describes it: how its input becomes a request and how
//! a response becomes its output or its error. [`invoke`] runs the whole call.

use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use serde::Serialize;
use servicemodel_runtime::checksum::{
    content_md5, find_checksum_header, is_checksum_header, CONTENT_MD5,
};
use servicemodel_runtime::{
    AuthScheme, ChecksumAlgorithm, HttpChecksum, Protocol, Validate, Violation, Violations,
};

use super::{Config, OperationRequest, RawResponse, SdkError, ServiceInfo};
use crate::{ByteStream, TransportError};

/// What of an operation streams: its input's or its output's payload is a streaming blob
/// (`"streaming": true`), a [`ByteStream`] that the client sends or hands over as it goes,
/// never held whole in memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Streaming {
    /// The input's payload streams: [`Operation::take_stream`] gives it, and the request is
    /// sent as it is read (see [`crate::send_streaming`]).
    pub input: bool,
    /// The input's payload is an event stream (each chunk of [`Operation::take_stream`]'s
    /// stream one framed message), sent with `send_event_stream` (the `eventstream` feature):
    /// each message signed on its own.
    pub input_events: bool,
    /// The input's stream must have a known length (`requiresLength`): one without is refused
    /// before anything is sent, as the service would refuse a chunked body.
    pub requires_length: bool,
    /// The output's payload streams: [`Operation::parse_streaming_output`] gets the response's
    /// head and its body unread, which the caller reads at its own pace.
    pub output: bool,
    /// The output is an event stream of the JSON RPC protocols, whose first message (an
    /// `initial-response` event) holds the output's other members: [`invoke`] reads it and
    /// gives its payload as the head's body (the `eventstream` feature).
    pub initial_response: bool,
}

impl Streaming {
    /// Nothing streams.
    pub const NONE: Self = Self {
        input: false,
        input_events: false,
        requires_length: false,
        output: false,
        initial_response: false,
    };

    /// Whether anything streams.
    pub const fn any(self) -> bool {
        self.input || self.output
    }
}

/// An operation's input type, with everything the call needs to know about the operation.
/// Generated code implements it for every operation's input structure.
pub trait Operation: Validate + Send + Sized + 'static {
    /// The operation's output.
    type Output: Send;
    /// The operation's error enum.
    type Error: Send;

    /// The operation's name (`SendTextMessage`).
    const NAME: &'static str;
    /// The service it belongs to.
    const SERVICE: &'static ServiceInfo;
    /// The schemes that authenticate its requests, in the model's order of preference
    /// (see [`crate::ConfigBuilder::auth_scheme_preference`]); empty for an operation the
    /// model marks as unauthenticated (`authtype: none`), which is sent without credentials.
    const AUTH: &'static [AuthScheme] = &[AuthScheme::SigV4];
    /// Whether the model lets the client compress the request body with gzip
    /// (`requestcompression`); [`Config::request_compression`] says when it does.
    const GZIP_REQUEST: bool = false;
    /// What the model asks of the operation's checksums (`httpChecksumRequired`,
    /// `httpChecksum`), if anything; see [`add_request_checksum`] and
    /// [`check_response_checksum`].
    const CHECKSUM: Option<HttpChecksum> = None;
    /// What of the operation streams; nothing by default.
    const STREAMING: Streaming = Streaming::NONE;

    /// Takes the input's streaming payload out of it, leaving an empty stream (operations whose
    /// input streams, see [`Streaming::input`]); [`Operation::serialize`] then writes every
    /// other part of the request.
    fn take_stream(&mut self) -> ByteStream {
        ByteStream::empty()
    }

    /// The output of a successful response whose payload streams (see
    /// [`Streaming::output`]): the members bound to its head from `head` (whose body is
    /// empty), the payload `body`, unread.
    fn parse_streaming_output(
        head: &RawResponse,
        body: ByteStream,
    ) -> Result<Self::Output, String> {
        let _ = body;
        Self::parse_output(head)
    }

    /// The checksum algorithm the input names (its `requestAlgorithmMember`), if any.
    fn checksum_algorithm(&self) -> Option<&str> {
        None
    }

    /// Whether the input asks for the response's checksum to be validated (its
    /// `requestValidationModeMember` is `ENABLED`).
    fn checksum_validation(&self) -> bool {
        false
    }

    /// Fills members the client sets when the caller did not: idempotency tokens, made by
    /// [`Config::idempotency_token`].
    fn fill_defaults(&mut self, config: &Config) {
        let _ = config;
    }

    /// The request: method, path and query, headers, body.
    fn serialize(&self) -> Result<OperationRequest, String>;

    /// The operation's host prefix with its labels filled in from the input, for operations
    /// that have one; a label whose value cannot be part of a host name is invalid input
    /// (see [`host_label`]).
    fn host_prefix(&self) -> Result<Option<String>, Violations> {
        Ok(None)
    }

    /// The output from a successful (2xx) response.
    fn parse_output(response: &RawResponse) -> Result<Self::Output, String>;

    /// The error from an error response, given its sanitised code (if any was sent).
    fn parse_error(code: Option<&str>, response: &RawResponse) -> Self::Error;
}

/// Runs one call: fills defaults, validates (unless the config turns it off), serializes,
/// sends with signing and retries, and reads the output or the typed error. An operation that
/// streams ([`Operation::STREAMING`]) is sent with [`crate::send_streaming`]: its input's
/// stream is read as it is sent, and its output's comes back unread.
// Written out (not `async fn`) to promise callers a `Send` future.
#[allow(clippy::manual_async_fn)]
pub fn invoke<O: Operation>(
    config: &Config,
    mut input: O,
) -> impl Future<Output = Result<O::Output, SdkError<O::Error>>> + Send + '_ {
    async move {
        input.fill_defaults(config);
        if config.validate_input() {
            input
                .validate_with(config.pattern_match())
                .map_err(SdkError::InvalidInput)?;
        }
        let stream = O::STREAMING.input.then(|| input.take_stream());
        let mut request = input.serialize().map_err(SdkError::Construction)?;
        request.host_prefix = input.host_prefix().map_err(SdkError::InvalidInput)?;
        let validate = O::CHECKSUM
            .map(|checksum| checksum.response_algorithms)
            .filter(|_| input.checksum_validation());
        let body = match stream {
            None => {
                if O::GZIP_REQUEST {
                    compress_request(config.request_compression(), &mut request)
                        .map_err(SdkError::Construction)?;
                }
                // Of the body as sent, compressed or not.
                if let Some(checksum) = &O::CHECKSUM {
                    add_request_checksum(checksum, input.checksum_algorithm(), &mut request)
                        .map_err(SdkError::Construction)?;
                }
                None
            }
            Some(stream) => Some(
                stream_body::<O>(stream, input.checksum_algorithm(), &mut request)
                    .map_err(SdkError::Construction)?,
            ),
        };
        if !O::STREAMING.any() {
            let raw = super::send_request(config, O::SERVICE, request, O::AUTH)
                .await
                .map_err(SdkError::from)?;
            return read_response::<O>(raw, validate);
        }
        let request = request.map_body(|bytes| body.unwrap_or_else(|| ByteStream::new(bytes)));
        let response = if O::STREAMING.input_events {
            send_event_stream(config, O::SERVICE, request, O::AUTH).await
        } else {
            super::send_streaming(config, O::SERVICE, request, O::AUTH).await
        }
        .map_err(SdkError::from)?;
        let (parts, body) = response.into_parts();
        let mut raw = RawResponse {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body: Bytes::new(),
        };
        if O::STREAMING.output && (200..300).contains(&raw.status) {
            let body = if O::STREAMING.initial_response {
                match initial_response(body).await {
                    Ok((initial, rest)) => {
                        raw.body = initial;
                        rest
                    }
                    Err(message) => return Err(SdkError::Unparseable { message, raw }),
                }
            } else {
                body
            };
            return O::parse_streaming_output(&raw, body)
                .map_err(|message| SdkError::Unparseable { message, raw });
        }
        // An error's body was read already (see `send_streaming`).
        raw.body = body
            .collect()
            .await
            .map_err(|e| SdkError::Transport(TransportError::new(e)))?;
        read_response::<O>(raw, validate)
    }
}

#[cfg(feature = "eventstream")]
use super::send_event_stream;

/// Without the `eventstream` feature, an operation that sends an event stream cannot be
/// called.
#[cfg(not(feature = "eventstream"))]
async fn send_event_stream(
    _: &Config,
    _: &ServiceInfo,
    _: OperationRequest<ByteStream>,
    _: &[servicemodel_runtime::AuthScheme],
) -> Result<crate::StreamingResponse, super::SendError> {
    Err(super::SendError::Construction(
        "sending an event stream needs the client runtime's `eventstream` feature".to_owned(),
    ))
}

/// The payload of an event stream's `initial-response` event, and the rest of the stream.
#[cfg(feature = "eventstream")]
async fn initial_response(body: ByteStream) -> Result<(Bytes, ByteStream), String> {
    servicemodel_runtime::eventstream::read_initial_response(body)
        .await
        .map_err(|error| error.to_string())
}

/// Without the `eventstream` feature, an operation that needs it cannot be read.
#[cfg(not(feature = "eventstream"))]
async fn initial_response(body: ByteStream) -> Result<(Bytes, ByteStream), String> {
    drop(body);
    Err(
        "an event stream of the JSON RPC protocols needs the client runtime's `eventstream` \
         feature"
            .to_owned(),
    )
}

/// The body of a request whose input streams: `stream`, checked against the operation's
/// length rule. Bytes in memory get the checksum the model asks for like any body; a stream of
/// unknown content gets none (a checksum trailer is not written yet), which is an error only
/// when the model requires one.
fn stream_body<O: Operation>(
    stream: ByteStream,
    algorithm: Option<&str>,
    request: &mut OperationRequest,
) -> Result<ByteStream, String> {
    if O::STREAMING.requires_length && stream.length().is_none() {
        return Err(format!(
            "{} needs its body's length before it is sent (`requiresLength`): give bytes, a \
             file, or a stream with a length",
            O::NAME
        ));
    }
    let Some(checksum) = &O::CHECKSUM else {
        return Ok(stream);
    };
    match stream.bytes() {
        Some(bytes) => {
            request.body = bytes.clone();
            add_request_checksum(checksum, algorithm, request)?;
            request.body = Bytes::new();
            Ok(stream)
        }
        None if checksum.request_required => Err(format!(
            "{} requires a checksum of its body, which is computed for bytes in memory but \
             not yet for a stream",
            O::NAME
        )),
        None => Ok(stream),
    }
}

/// The output or the typed error of a whole response.
fn read_response<O: Operation>(
    raw: RawResponse,
    validate: Option<&[ChecksumAlgorithm]>,
) -> Result<O::Output, SdkError<O::Error>> {
    if (200..300).contains(&raw.status) {
        if let Some(algorithms) = validate {
            if let Err(message) = check_response_checksum(algorithms, &raw) {
                return Err(SdkError::Unparseable { message, raw });
            }
        }
        return match O::parse_output(&raw) {
            Ok(output) => Ok(output),
            Err(message) => Err(SdkError::Unparseable { message, raw }),
        };
    }
    let info = super::protocol::parse_error(&raw.headers, &raw.body);
    let error = O::parse_error(info.code.as_deref(), &raw);
    Err(SdkError::Service { error, raw })
}

/// Adds the checksum `checksum` asks of `request`'s body, unless the request already has one
/// (a member bound to `x-amz-checksum-*`): of the algorithm the input names (`chosen`), else
/// `Content-MD5` or a CRC-32 when the model requires one (clients fill in a CRC-32 as the
/// named algorithm when the config computes checksums whenever supported, see
/// [`crate::ChecksumWhen`]). An algorithm this runtime does not know is an error.
pub fn add_request_checksum(
    checksum: &HttpChecksum,
    chosen: Option<&str>,
    request: &mut OperationRequest,
) -> Result<(), String> {
    let has = |request: &OperationRequest, name: &str| {
        request
            .headers
            .iter()
            .any(|(header, _)| header.as_str() == name)
    };
    if request
        .headers
        .iter()
        .any(|(header, _)| is_checksum_header(header.as_str()))
    {
        return Ok(());
    }
    let (name, value) = match chosen {
        Some(name) => {
            let algorithm = ChecksumAlgorithm::from_name(name).ok_or_else(|| {
                format!(
                    "the checksum algorithm {name:?} is not supported (these are: {})",
                    ChecksumAlgorithm::PRIORITY
                        .map(ChecksumAlgorithm::name)
                        .join(", ")
                )
            })?;
            (algorithm.header(), algorithm.checksum(&request.body))
        }
        None if checksum.request_required && checksum.content_md5 => {
            if has(request, CONTENT_MD5) {
                return Ok(());
            }
            (CONTENT_MD5, content_md5(&request.body))
        }
        None if checksum.request_required => (
            ChecksumAlgorithm::DEFAULT.header(),
            ChecksumAlgorithm::DEFAULT.checksum(&request.body),
        ),
        None => return Ok(()),
    };
    request.headers.push((
        http::HeaderName::from_static(name),
        http::HeaderValue::try_from(value).map_err(|e| format!("{name}: {e}"))?,
    ));
    Ok(())
}

/// Checks the body of `response` against the first checksum header of `algorithms` it
/// carries (none carried: nothing to check, as the AWS SDKs do); a mismatch is an error
/// naming both values.
pub fn check_response_checksum(
    algorithms: &[ChecksumAlgorithm],
    response: &RawResponse,
) -> Result<(), String> {
    let header = |name: &str| response.headers.get(name).and_then(|v| v.to_str().ok());
    let Some((algorithm, expected)) = find_checksum_header(algorithms, header) else {
        return Ok(());
    };
    let actual = algorithm.checksum(&response.body);
    if actual == expected {
        Ok(())
    } else {
        Err(format!(
            "the response's {} is {expected}, but its body's {algorithm} checksum is {actual}",
            algorithm.header()
        ))
    }
}

/// Compresses `request`'s body with gzip unless `settings` say not to or the body is smaller
/// than their minimum, and appends `gzip` to its `Content-Encoding` (after an encoding a
/// member set, as the protocols' `requestcompression` cases ask).
pub fn compress_request(
    settings: crate::RequestCompression,
    request: &mut OperationRequest,
) -> Result<(), String> {
    if settings.disabled || request.body.len() < settings.min_size_bytes as usize {
        return Ok(());
    }
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(request.body.len() / 2),
        flate2::Compression::default(),
    );
    std::io::Write::write_all(&mut encoder, &request.body)
        .and_then(|()| encoder.finish())
        .map(|compressed| request.body = Bytes::from(compressed))
        .map_err(|e| format!("compressing the request body: {e}"))?;
    let encoding = http::header::CONTENT_ENCODING;
    let given = request
        .headers
        .iter()
        .position(|(name, _)| name == encoding)
        .map(|index| request.headers.remove(index).1);
    let value = match given.as_ref().and_then(|v| v.to_str().ok()) {
        Some(given) if !given.trim().is_empty() => {
            http::HeaderValue::from_str(&format!("{given}, gzip"))
                .map_err(|e| format!("Content-Encoding: {e}"))?
        }
        _ => http::HeaderValue::from_static("gzip"),
    };
    request.headers.push((encoding, value));
    Ok(())
}

/// The value of the input member `member` for a label of a host prefix: it must be one or
/// more letters, digits, hyphens and periods (what botocore accepts), or the request would go
/// to another host.
pub fn host_label<'a>(member: &str, value: &'a str) -> Result<&'a str, Violations> {
    let valid = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if valid {
        Ok(value)
    } else {
        Err(Violations(vec![Violation {
            path: format!("/{member}"),
            message: format!(
                "Value {value:?} at '/{member}' failed to satisfy constraint: Member must be \
                 letters, digits, hyphens and periods, as it is part of the host name"
            ),
        }]))
    }
}

/// Calls the operation with what a builder built: what the generated `send()` methods
/// return. A build that failed is invalid input, each missing member a violation.
///
/// Generic in the runtime rather than an `async fn` per operation in generated code, so that
/// the call's future is type-checked once and compiled only for the operations a program
/// calls.
// Written out (not `async fn`) to promise callers a `Send + 'static` future.
#[allow(clippy::manual_async_fn)]
pub fn send_built<O: Operation>(
    config: Arc<Config>,
    input: Result<O, servicemodel_runtime::BuildError>,
) -> impl Future<Output = Result<O::Output, SdkError<O::Error>>> + Send + 'static {
    async move {
        let input = input.map_err(|e| SdkError::InvalidInput(missing_members(&e)))?;
        invoke(&config, input).await
    }
}

/// A builder that could not build: each missing required member as a violation, as the
/// service would report it.
pub fn missing_members(error: &servicemodel_runtime::BuildError) -> Violations {
    Violations(
        error
            .missing()
            .iter()
            .map(|name| Violation {
                path: format!("/{name}"),
                message: format!(
                    "Value null at '/{name}' failed to satisfy constraint: Member must not be null"
                ),
            })
            .collect(),
    )
}

/// The request of a JSON RPC operation (awsJson1_0/1_1): `POST /` with `X-Amz-Target` and
/// the input as a JSON object, in `protocol`'s content type.
pub fn json_rpc_request<T: Serialize>(
    protocol: Protocol,
    target: &'static str,
    input: &T,
) -> Result<OperationRequest, String> {
    let body = serde_json::to_vec(input).map_err(serialize_error)?;
    Ok(json_rpc_request_with_body(protocol, target, body))
}

fn serialize_error(error: serde_json::Error) -> String {
    format!("serializing the input: {error}")
}

/// [`json_rpc_request`] once the input is serialized: the part that does not depend on the
/// input's type, compiled once.
fn json_rpc_request_with_body(
    protocol: Protocol,
    target: &'static str,
    body: Vec<u8>,
) -> OperationRequest {
    OperationRequest {
        method: http::Method::POST,
        path_and_query: "/".to_owned(),
        headers: vec![
            (
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static(protocol.content_type()),
            ),
            (
                http::HeaderName::from_static(servicemodel_runtime::protocol::TARGET_HEADER),
                http::HeaderValue::from_static(target),
            ),
        ],
        body: Bytes::from(body),
        host_prefix: None,
    }
}

/// Reads a JSON body; an empty body reads as `{}`.
///
/// A `null` where an object holds a value means no value: for a structure member that is an
/// absent member, and in a map (whose values are never null in these protocols) the entry is
/// dropped, as the protocols ask of clients. The generated structures read both that way
/// (their map members through the runtime's `DenseMap`), so the body is read once. A required
/// member the body leaves out gets its zero value (client error correction: the runtime's
/// `json::decode_response`).
pub fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    servicemodel_runtime::json::decode_response(body).map_err(body_error)
}

fn body_error(error: serde_json::Error) -> String {
    format!("reading the JSON body: {error}")
}

/// An empty JSON object: the body of a JSON RPC operation without input.
#[derive(Debug, Clone, Copy)]
pub struct EmptyObject;

impl Serialize for EmptyObject {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        s.serialize_map(Some(0))?.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn json_bodies_read_empty_bodies_as_objects() {
        type Sets = BTreeMap<String, BTreeMap<String, Vec<String>>>;
        let read: Sets = json_body(br#"{"m": {"x": [], "y": ["a"]}}"#).unwrap();
        assert_eq!(read["m"].keys().collect::<Vec<_>>(), ["x", "y"]);
        let read: Sets = json_body(b"  ").unwrap();
        assert!(read.is_empty());
        let error = json_body::<Sets>(br#"{"m": {"x": 1}}"#).unwrap_err();
        assert!(
            error.starts_with("reading the JSON body: invalid type: integer"),
            "{error}"
        );
    }

    #[test]
    fn bodies_are_gzipped_from_the_minimum_size_after_a_given_encoding() {
        use std::io::Read;
        let request = |body: &[u8], encoding: Option<&'static str>| OperationRequest {
            method: http::Method::POST,
            path_and_query: "/".to_owned(),
            headers: encoding
                .map(|e| {
                    (
                        http::header::CONTENT_ENCODING,
                        http::HeaderValue::from_static(e),
                    )
                })
                .into_iter()
                .collect(),
            body: Bytes::copy_from_slice(body),
            host_prefix: None,
        };
        let settings = crate::RequestCompression::default();
        let body = vec![b'a'; 10_240];
        let mut small = request(&body[..10_239], None);
        compress_request(settings, &mut small).unwrap();
        assert_eq!(small.body.len(), 10_239);
        assert!(small.headers.is_empty());

        let mut large = request(&body, Some("custom"));
        compress_request(settings, &mut large).unwrap();
        assert_eq!(large.headers.len(), 1);
        assert_eq!(large.headers[0].1, "custom, gzip");
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&large.body[..])
            .read_to_end(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, body);

        let off = crate::RequestCompression {
            disabled: true,
            ..settings
        };
        let mut kept = request(&body, None);
        compress_request(off, &mut kept).unwrap();
        assert_eq!(kept.body.len(), body.len());
        let eager = crate::RequestCompression {
            min_size_bytes: 0,
            ..settings
        };
        let mut empty = request(b"", None);
        compress_request(eager, &mut empty).unwrap();
        assert_eq!(empty.headers[0].1, "gzip");
    }
}
