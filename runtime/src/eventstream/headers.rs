//! The members of an event that travel as headers of its message (`eventheader`), beside its
//! payload. Unlike HTTP headers, the framing's headers are typed: a boolean, an integer of 8,
//! 16, 32 or 64 bits, bytes, a string, a timestamp (milliseconds since the epoch) or a UUID.
//! A member's type decides its header's ([`EventHeader`]), and a header of another type is
//! an error when it is read, as botocore's parser would make it a value of the wrong type.
//!
//! Generated code writes an event's message and then adds its header members
//! ([`with_headers`] of [`event_header`]s), and reads the event from the payload and then sets
//! each header member ([`read_header`], [`read_required_header`]).

use super::{EventStreamError, Header, HeaderValue, Message};
use crate::{Blob, Timestamp};

/// A value that a member of an event bound to a header of its message (`eventheader`) holds:
/// its header's value, and back.
pub trait EventHeader: Sized {
    /// The header's type, with its article, for errors (`a long`).
    const TYPE: &'static str;

    /// The header's value.
    fn to_header_value(&self) -> HeaderValue;

    /// The value `header` holds; `None` when it is of another type.
    fn from_header_value(header: &HeaderValue) -> Option<Self>;
}

/// A string that travels as a `string` header: `String`, and the enums generated for a
/// model's enum strings (as their value; a value the enum does not know is kept as its
/// `Unknown`).
pub trait StringHeader: AsRef<str> + for<'a> From<&'a str> {}

impl StringHeader for String {}

impl<T: StringHeader> EventHeader for T {
    const TYPE: &'static str = "a string";

    fn to_header_value(&self) -> HeaderValue {
        HeaderValue::String(self.as_ref().to_owned().into())
    }

    fn from_header_value(header: &HeaderValue) -> Option<Self> {
        header
            .as_string()
            .ok()
            .map(|text| Self::from(text.as_str()))
    }
}

/// The headers whose values are Rust's numbers and booleans as they are.
macro_rules! plain_headers {
    ($($ty:ty: $variant:ident, $read:ident, $name:literal;)*) => {$(
        impl EventHeader for $ty {
            const TYPE: &'static str = $name;

            fn to_header_value(&self) -> HeaderValue {
                HeaderValue::$variant(*self)
            }

            fn from_header_value(header: &HeaderValue) -> Option<Self> {
                header.$read().ok()
            }
        }
    )*};
}

plain_headers! {
    bool: Bool, as_bool, "a boolean";
    i8: Byte, as_byte, "a byte";
    i16: Int16, as_int16, "a short";
    i32: Int32, as_int32, "an integer";
    i64: Int64, as_int64, "a long";
}

impl EventHeader for Blob {
    const TYPE: &'static str = "bytes";

    fn to_header_value(&self) -> HeaderValue {
        HeaderValue::ByteArray(bytes::Bytes::copy_from_slice(self.as_bytes()))
    }

    fn from_header_value(header: &HeaderValue) -> Option<Self> {
        header
            .as_byte_array()
            .ok()
            .map(|bytes| Blob::new(bytes.to_vec()))
    }
}

/// To the millisecond, as the framing holds timestamps; a timestamp out of its range is an
/// error when the message is framed.
impl EventHeader for Timestamp {
    const TYPE: &'static str = "a timestamp";

    fn to_header_value(&self) -> HeaderValue {
        HeaderValue::Timestamp(aws_smithy_types::DateTime::from_secs_and_nanos(
            self.secs(),
            self.subsec_nanos(),
        ))
    }

    fn from_header_value(header: &HeaderValue) -> Option<Self> {
        header
            .as_timestamp()
            .ok()
            .map(|time| Timestamp::from_secs_and_nanos(time.secs(), time.subsec_nanos()))
    }
}

/// The header `name` holding `value`, when it is set: a member of an event bound to a header.
pub fn event_header<T: EventHeader>(name: &'static str, value: Option<&T>) -> Option<Header> {
    value.map(|value| Header::new(name, value.to_header_value()))
}

/// `message` with `headers` added, those that are set ([`event_header`]).
pub fn with_headers(
    message: Message,
    headers: impl IntoIterator<Item = Option<Header>>,
) -> Message {
    headers
        .into_iter()
        .flatten()
        .fold(message, Message::add_header)
}

/// The value of `message`'s header `name` as a `T`: `None` when the message has no such
/// header, an error when it is of another type.
pub fn read_header<T: EventHeader>(
    message: &Message,
    name: &str,
) -> Result<Option<T>, EventStreamError> {
    let Some(header) = message
        .headers()
        .iter()
        .find(|header| header.name().as_str() == name)
    else {
        return Ok(None);
    };
    match T::from_header_value(header.value()) {
        Some(value) => Ok(Some(value)),
        None => Err(EventStreamError::invalid(format!(
            "the header {name:?} is {}, not {}",
            type_of(header.value()),
            T::TYPE
        ))),
    }
}

/// [`read_header`] of a required member: a message without the header is an error too.
pub fn read_required_header<T: EventHeader>(
    message: &Message,
    name: &str,
) -> Result<T, EventStreamError> {
    read_header(message, name)?
        .ok_or_else(|| EventStreamError::invalid(format!("an event without its header {name:?}")))
}

/// The type of a header's value, with its article, for errors.
fn type_of(value: &HeaderValue) -> &'static str {
    match value {
        HeaderValue::Bool(_) => "a boolean",
        HeaderValue::Byte(_) => "a byte",
        HeaderValue::Int16(_) => "a short",
        HeaderValue::Int32(_) => "an integer",
        HeaderValue::Int64(_) => "a long",
        HeaderValue::ByteArray(_) => "bytes",
        HeaderValue::String(_) => "a string",
        HeaderValue::Timestamp(_) => "a timestamp",
        HeaderValue::Uuid(_) => "a UUID",
        _ => "of a type this code does not know",
    }
}
