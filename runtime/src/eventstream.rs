//! The framing of event streams (`application/vnd.amazon.eventstream`): a body that is a
//! sequence of messages, each with typed headers (`:message-type`, `:event-type`,
//! `:exception-type`, `:content-type`, and members bound to headers) and a payload, each
//! closed by a CRC-32 of its prelude and of the whole message.
//!
//! The codec is the AWS SDK's own, `aws-smithy-eventstream` (its [`Message`], [`Header`] and
//! [`HeaderValue`] are re-exported here); this module reads messages from a [`ByteStream`] as
//! they arrive ([`MessageReader`]) and writes them ([`encode`]), with the limits botocore
//! keeps: a message's headers at most 128 KiB and its payload at most 24 MiB, checked on its
//! 12-byte prelude, whose checksum is checked first, so that a corrupt or hostile length is an
//! error at once rather than a wait for bytes that never come. A header name twice in one
//! message is an error too. No malformed input panics.
//!
//! On top of the framing, an [`EventStream`] is a stream of a union's typed events (the
//! union's [`EventUnion`] says what message each event is): read from a body, with modelled
//! exceptions as [`EventError::Exception`], or made by a server and framed as it goes. An
//! event's members bound to headers of its message are typed headers ([`EventHeader`]).

use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::Stream;

use aws_smithy_eventstream::frame::{read_message_from, write_message_to};
pub use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use bytes::{Bytes, BytesMut};

use crate::{ByteStream, ByteStreamError};

/// The content type of an event stream body.
pub const CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

/// The most a message's headers may take, in bytes: 128 KiB.
pub const MAX_HEADERS_LENGTH: u32 = 128 * 1024;

/// The most a message's payload may take, in bytes: 24 MiB.
pub const MAX_PAYLOAD_LENGTH: u32 = 24 * 1024 * 1024;

/// The prelude: total length, headers length, and the CRC-32 of those eight bytes.
const PRELUDE_LENGTH: usize = 12;

/// A message's total length beyond its headers and payload: the prelude and the message CRC.
const OVERHEAD: u32 = PRELUDE_LENGTH as u32 + 4;

/// The header that says what a message is: `event`, `exception` or `error`.
pub const MESSAGE_TYPE: &str = ":message-type";
/// The header that names an event's member of the stream's union.
pub const EVENT_TYPE: &str = ":event-type";
/// The header that names a modelled exception's member of the stream's union.
pub const EXCEPTION_TYPE: &str = ":exception-type";
/// The header that says what the payload is (`application/json`, `application/octet-stream`).
pub const CONTENT_TYPE_HEADER: &str = ":content-type";
/// An `error` message's code.
pub const ERROR_CODE: &str = ":error-code";
/// An `error` message's text.
pub const ERROR_MESSAGE: &str = ":error-message";

/// Why an event stream could not be read or written.
#[derive(Debug)]
pub struct EventStreamError {
    kind: ErrorKind,
}

#[derive(Debug)]
pub(crate) enum ErrorKind {
    /// The codec refused the frame (a checksum, a header, a length).
    Frame(aws_smithy_eventstream::error::Error),
    /// The prelude's checksum is not that of its first eight bytes.
    PreludeChecksum { expected: u32, actual: u32 },
    /// The prelude says the headers take more than [`MAX_HEADERS_LENGTH`] bytes.
    HeadersTooLong(u32),
    /// The prelude says the payload takes more than [`MAX_PAYLOAD_LENGTH`] bytes.
    PayloadTooLong(u64),
    /// The prelude's lengths do not add up (a total shorter than its parts).
    BadLengths { total: u32, headers: u32 },
    /// A header name appears twice in one message.
    DuplicateHeader(String),
    /// The body ended inside a message.
    Truncated { buffered: usize },
    /// The body could not be read.
    Body(ByteStreamError),
    /// A message is not what its type says, or not of a type expected.
    Unexpected(String),
    /// A message of a signed stream is not signed, or not as its place in the stream says.
    Signature(String),
}

impl EventStreamError {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self { kind }
    }

    /// A message that is not what its type says (a header missing or of another type, a
    /// payload that is not the event's JSON): `what` says how.
    pub fn invalid(what: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unexpected(what.into()))
    }

    /// Whether a message of a signed stream was refused: unsigned, or its signature not the
    /// one its content, time and place in the stream make.
    pub fn is_signature_error(&self) -> bool {
        matches!(self.kind, ErrorKind::Signature(_))
    }

    /// Whether the body itself failed (it broke off, or its source failed), rather than a
    /// message in it being malformed.
    pub fn is_body_error(&self) -> bool {
        matches!(self.kind, ErrorKind::Body(_) | ErrorKind::Truncated { .. })
    }
}

impl fmt::Display for EventStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("event stream: ")?;
        match &self.kind {
            ErrorKind::Frame(error) => write!(f, "malformed message: {error}"),
            ErrorKind::PreludeChecksum { expected, actual } => write!(
                f,
                "the prelude's checksum is {actual:#010x}, but its bytes' is {expected:#010x}"
            ),
            ErrorKind::HeadersTooLong(length) => write!(
                f,
                "a message's headers take {length} bytes, more than the {MAX_HEADERS_LENGTH} allowed"
            ),
            ErrorKind::PayloadTooLong(length) => write!(
                f,
                "a message's payload takes {length} bytes, more than the {MAX_PAYLOAD_LENGTH} allowed"
            ),
            ErrorKind::BadLengths { total, headers } => write!(
                f,
                "a message of {total} bytes cannot hold {headers} bytes of headers and its prelude and checksum"
            ),
            ErrorKind::DuplicateHeader(name) => {
                write!(f, "the header {name:?} appears twice in one message")
            }
            ErrorKind::Truncated { buffered } => write!(
                f,
                "the body ended inside a message ({buffered} bytes of it read)"
            ),
            ErrorKind::Body(error) => write!(f, "reading the body: {error}"),
            ErrorKind::Unexpected(what) => write!(f, "unexpected: {what}"),
            ErrorKind::Signature(what) => write!(f, "refused: {what}"),
        }
    }
}

impl std::error::Error for EventStreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Frame(error) => Some(error),
            ErrorKind::Body(error) => Some(error),
            _ => None,
        }
    }
}

/// The bytes of `message`, framed.
pub fn encode(message: &Message) -> Result<Bytes, EventStreamError> {
    let mut buffer = Vec::with_capacity(OVERHEAD as usize + message.payload().len());
    write_message_to(message, &mut buffer)
        .map_err(|error| EventStreamError::new(ErrorKind::Frame(error)))?;
    Ok(Bytes::from(buffer))
}

/// The CRC-32 (IEEE) of `bytes`, as the framing uses it.
fn crc32(bytes: &[u8]) -> u32 {
    crate::checksum::CRC32.checksum(bytes)
}

/// The total length of the message whose prelude starts `buffer`, once its checksum and
/// lengths are checked.
fn check_prelude(buffer: &[u8]) -> Result<u32, EventStreamError> {
    let word = |at: usize| {
        u32::from_be_bytes([buffer[at], buffer[at + 1], buffer[at + 2], buffer[at + 3]])
    };
    let (total, headers, actual) = (word(0), word(4), word(8));
    let expected = crc32(&buffer[..8]);
    if expected != actual {
        return Err(EventStreamError::new(ErrorKind::PreludeChecksum {
            expected,
            actual,
        }));
    }
    if headers > MAX_HEADERS_LENGTH {
        return Err(EventStreamError::new(ErrorKind::HeadersTooLong(headers)));
    }
    let Some(payload) = total
        .checked_sub(OVERHEAD)
        .and_then(|rest| rest.checked_sub(headers))
    else {
        return Err(EventStreamError::new(ErrorKind::BadLengths {
            total,
            headers,
        }));
    };
    if payload > MAX_PAYLOAD_LENGTH {
        return Err(EventStreamError::new(ErrorKind::PayloadTooLong(u64::from(
            payload,
        ))));
    }
    Ok(total)
}

/// Decodes the message that is the whole of `frame` (both checksums checked), refusing a
/// header named twice.
pub fn decode(frame: Bytes) -> Result<Message, EventStreamError> {
    let message =
        read_message_from(frame).map_err(|error| EventStreamError::new(ErrorKind::Frame(error)))?;
    let headers = message.headers();
    for (index, header) in headers.iter().enumerate() {
        if headers[..index].iter().any(|h| h.name() == header.name()) {
            return Err(EventStreamError::new(ErrorKind::DuplicateHeader(
                header.name().as_str().to_owned(),
            )));
        }
    }
    Ok(message)
}

/// Reads the messages of an event stream body as they arrive: a message is returned as soon
/// as its last byte has been read, whatever the chunks it came in. After an error, or at the
/// body's end, [`MessageReader::next`] returns `None`.
#[derive(Debug)]
pub struct MessageReader {
    body: ByteStream,
    buffer: BytesMut,
    /// The checked total length of the message at the start of `buffer`, once its prelude is
    /// there.
    pending: Option<u32>,
    done: bool,
}

impl MessageReader {
    /// A reader of the messages in `body`.
    pub fn new(body: ByteStream) -> Self {
        Self {
            body,
            buffer: BytesMut::new(),
            pending: None,
            done: false,
        }
    }

    /// The next message, an error (the body's, or a malformed message's), or `None` at the
    /// end of the body.
    pub async fn next(&mut self) -> Option<Result<Message, EventStreamError>> {
        std::future::poll_fn(|cx| self.poll_message(cx)).await
    }

    /// [`MessageReader::next`], polled.
    pub fn poll_message(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Message, EventStreamError>>> {
        if self.done {
            return Poll::Ready(None);
        }
        loop {
            match self.buffered() {
                Ok(Some(message)) => return Poll::Ready(Some(Ok(message))),
                Ok(None) => {}
                Err(error) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
            }
            match ready!(Pin::new(&mut self.body).poll_next(cx)) {
                Some(Ok(chunk)) => self.buffer.extend_from_slice(&chunk),
                Some(Err(error)) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(EventStreamError::new(ErrorKind::Body(error)))));
                }
                None => {
                    self.done = true;
                    if self.buffer.is_empty() {
                        return Poll::Ready(None);
                    }
                    return Poll::Ready(Some(Err(EventStreamError::new(ErrorKind::Truncated {
                        buffered: self.buffer.len(),
                    }))));
                }
            }
        }
    }

    /// The rest of the body, from the first byte not yet returned as part of a message.
    pub fn into_body(self) -> ByteStream {
        ByteStream::prepended(self.buffer.freeze(), self.body)
    }

    /// The message the buffer holds whole, if it does.
    fn buffered(&mut self) -> Result<Option<Message>, EventStreamError> {
        if self.pending.is_none() && self.buffer.len() >= PRELUDE_LENGTH {
            self.pending = Some(check_prelude(&self.buffer[..PRELUDE_LENGTH])?);
        }
        match self.pending {
            Some(total) if self.buffer.len() >= total as usize => {
                self.pending = None;
                let frame = self.buffer.split_to(total as usize).freeze();
                decode(frame).map(Some)
            }
            _ => Ok(None),
        }
    }
}

/// The `:event-type` of the first message of an event stream with the JSON RPC protocols,
/// whose payload is the output's other members.
pub const INITIAL_RESPONSE: &str = "initial-response";

/// Reads the first message of `body`, which the JSON RPC protocols make an `initial-response`
/// event: its payload (the output's members other than the stream), and the rest of the body.
pub async fn read_initial_response(
    body: ByteStream,
) -> Result<(Bytes, ByteStream), EventStreamError> {
    let mut reader = MessageReader::new(body);
    let first = match reader.next().await {
        Some(first) => first?,
        None => {
            return Err(EventStreamError::invalid(
                "the stream has no initial-response event",
            ))
        }
    };
    if header_str(&first, MESSAGE_TYPE) != Some("event")
        || header_str(&first, EVENT_TYPE) != Some(INITIAL_RESPONSE)
    {
        return Err(EventStreamError::invalid(
            "the stream's first message is not its initial-response event",
        ));
    }
    Ok((first.payload().clone(), reader.into_body()))
}

/// The `initial-response` event that starts an event stream with the JSON RPC protocols:
/// `payload` is the output's JSON, of `content_type`.
pub fn initial_response_message(content_type: &str, payload: Bytes) -> Message {
    event_message(INITIAL_RESPONSE, Some(content_type), payload)
}

/// The value of the string header `name` of `message`, if it has one.
pub fn header_str<'a>(message: &'a Message, name: &str) -> Option<&'a str> {
    message
        .headers()
        .iter()
        .find(|header| header.name().as_str() == name)
        .and_then(|header| header.value().as_string().ok())
        .map(|value| value.as_str())
}

/// An `event` message of type `event_type` (the stream union's member), its payload of
/// `content_type` if it has one.
pub fn event_message(event_type: &str, content_type: Option<&str>, payload: Bytes) -> Message {
    typed_message("event", EVENT_TYPE, event_type, content_type, payload)
}

/// An `exception` message of type `exception_type` (a modelled error of the stream union),
/// its payload of `content_type`.
pub fn exception_message(
    exception_type: &str,
    content_type: Option<&str>,
    payload: Bytes,
) -> Message {
    typed_message(
        "exception",
        EXCEPTION_TYPE,
        exception_type,
        content_type,
        payload,
    )
}

/// An `error` message: an error the model does not name, with its code and text.
pub fn error_message(code: &str, text: &str) -> Message {
    Message::new(Bytes::new())
        .add_header(Header::new(
            MESSAGE_TYPE,
            HeaderValue::String("error".into()),
        ))
        .add_header(Header::new(
            ERROR_CODE,
            HeaderValue::String(code.to_owned().into()),
        ))
        .add_header(Header::new(
            ERROR_MESSAGE,
            HeaderValue::String(text.to_owned().into()),
        ))
}

fn typed_message(
    message_type: &'static str,
    type_header: &'static str,
    name: &str,
    content_type: Option<&str>,
    payload: Bytes,
) -> Message {
    let mut message = Message::new(payload)
        .add_header(Header::new(
            MESSAGE_TYPE,
            HeaderValue::String(message_type.into()),
        ))
        .add_header(Header::new(
            type_header,
            HeaderValue::String(name.to_owned().into()),
        ));
    if let Some(content_type) = content_type {
        message = message.add_header(Header::new(
            CONTENT_TYPE_HEADER,
            HeaderValue::String(content_type.to_owned().into()),
        ));
    }
    message
}

/// The JSON content type of restJson1 events.
const JSON: &str = "application/json";

/// What an event's `eventpayload` member is, and so how the payload holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventPayload {
    /// A structure, union or document: its JSON.
    Json,
    /// A blob: its bytes.
    Blob,
    /// A string: its text.
    Text,
}

/// The event (or exception) `T` whose members are the JSON object of `message`'s payload (an
/// empty payload is `{}`): an event without an `eventpayload` member, or an exception.
pub fn read_json_event<T: serde::de::DeserializeOwned>(
    message: &Message,
) -> Result<T, EventStreamError> {
    let payload: &[u8] = message.payload();
    let payload = if payload.is_empty() {
        &b"{}"[..]
    } else {
        payload
    };
    serde_json::from_slice(payload).map_err(|error| {
        EventStreamError::invalid(format!("the payload is not the event's JSON: {error}"))
    })
}

/// The event `T` whose member `key` (its `eventpayload`, of kind `kind`) is `message`'s payload;
/// an empty payload leaves it unset.
pub fn read_payload_event<T: serde::de::DeserializeOwned>(
    message: &Message,
    key: &str,
    kind: EventPayload,
) -> Result<T, EventStreamError> {
    let payload = message.payload();
    let mut object = serde_json::Map::new();
    if !payload.is_empty() {
        let value = match kind {
            EventPayload::Json => serde_json::from_slice(payload).map_err(|error| {
                EventStreamError::invalid(format!("the payload is not JSON: {error}"))
            })?,
            EventPayload::Blob => serde_json::Value::String(crate::text::base64(payload)),
            EventPayload::Text => serde_json::Value::String(
                String::from_utf8(payload.to_vec())
                    .map_err(|_| EventStreamError::invalid("the payload is not UTF-8 text"))?,
            ),
        };
        object.insert(key.to_owned(), value);
    }
    serde_json::from_value(serde_json::Value::Object(object))
        .map_err(|error| EventStreamError::invalid(format!("the event: {error}")))
}

/// An `event` message of type `event_type` whose payload is `value`'s JSON.
pub fn json_event_message<T: serde::Serialize + ?Sized>(
    event_type: &str,
    value: &T,
) -> Result<Message, EventStreamError> {
    let payload = serde_json::to_vec(value)
        .map_err(|error| EventStreamError::invalid(format!("the event's JSON: {error}")))?;
    Ok(event_message(event_type, Some(JSON), Bytes::from(payload)))
}

/// An `event` message of type `event_type` whose payload is its `eventpayload` member's JSON
/// (`{}` when unset).
pub fn json_payload_event_message<T: serde::Serialize + ?Sized>(
    event_type: &str,
    value: Option<&T>,
) -> Result<Message, EventStreamError> {
    match value {
        Some(value) => json_event_message(event_type, value),
        None => Ok(event_message(
            event_type,
            Some(JSON),
            Bytes::from_static(b"{}"),
        )),
    }
}

/// An `event` message of type `event_type` whose payload is a blob (none when unset).
pub fn blob_event_message(event_type: &str, value: Option<&crate::Blob>) -> Message {
    let payload = value.map_or_else(Bytes::new, |blob| Bytes::copy_from_slice(blob.as_bytes()));
    event_message(
        event_type,
        Some(crate::protocol::BLOB_CONTENT_TYPE),
        payload,
    )
}

/// An `event` message of type `event_type` whose payload is text (none when unset).
pub fn text_event_message(event_type: &str, value: Option<&str>) -> Message {
    let payload = value.map_or_else(Bytes::new, |text| Bytes::copy_from_slice(text.as_bytes()));
    event_message(
        event_type,
        Some(crate::protocol::TEXT_CONTENT_TYPE),
        payload,
    )
}

/// An `exception` message of type `exception_type` whose payload is `error`'s JSON.
pub fn json_exception_message<T: serde::Serialize + ?Sized>(
    exception_type: &str,
    error: &T,
) -> Result<Message, EventStreamError> {
    let payload = serde_json::to_vec(error)
        .map_err(|error| EventStreamError::invalid(format!("the exception's JSON: {error}")))?;
    Ok(exception_message(
        exception_type,
        Some(JSON),
        Bytes::from(payload),
    ))
}

mod events;
pub use events::{EventError, EventStream, EventUnion};

mod headers;
pub use headers::{
    event_header, read_header, read_required_header, with_headers, EventHeader, StringHeader,
};

pub mod signing;

#[cfg(test)]
mod tests;
