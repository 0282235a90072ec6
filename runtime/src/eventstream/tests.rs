//! The encoding cases of botocore's own event stream tests (`tests/unit/test_eventstream.py`
//! of botocore 1.44.5), as facts: each well-formed message decodes to what botocore decodes
//! it to and encodes back to the same bytes, and each malformed one is an error.

use std::pin::Pin;
use std::task::{Context, Poll};

use super::*;

const EMPTY_MESSAGE: &[u8] = b"\x00\x00\x00\x10\x00\x00\x00\x00\x05\xc2\x48\xeb\x7d\x98\xc8\xff";
const INT8_HEADER: &[u8] =
    b"\x00\x00\x00\x17\x00\x00\x00\x07\x29\x86\x01\x58\x04\x62\x79\x74\x65\x02\xff\xc2\xf8\x69\xdc";
const INT16_HEADER: &[u8] = b"\x00\x00\x00\x19\x00\x00\x00\x09\x71\x0e\x92\x3e\x05\x73\x68\x6f\x72\x74\x03\xff\xff\xb2\x7c\xb6\xcc";
const INT32_HEADER: &[u8] = b"\x00\x00\x00\x1d\x00\x00\x00\x0d\x83\xe3\xf0\xe7\x07\x69\x6e\x74\x65\x67\x65\x72\x04\xff\xff\xff\xff\x8b\x8e\x12\xeb";
const INT64_HEADER: &[u8] = b"\x00\x00\x00\x1e\x00\x00\x00\x0e\x5d\x4a\xdb\x8d\x04\x6c\x6f\x6e\x67\x05\xff\xff\xff\xff\xff\xff\xff\xff\x4b\xc2\x32\xda";
const PAYLOAD_NO_HEADERS: &[u8] = b"\x00\x00\x00\x1d\x00\x00\x00\x00\xfd\x52\x8c\x5a\x7b\x27\x66\x6f\x6f\x27\x3a\x27\x62\x61\x72\x27\x7d\xc3\x65\x39\x36";
const PAYLOAD_ONE_STR_HEADER: &[u8] = b"\x00\x00\x00\x3d\x00\x00\x00\x20\x07\xfd\x83\x96\x0c\x63\x6f\x6e\x74\x65\x6e\x74\x2d\x74\x79\x70\x65\x07\x00\x10\x61\x70\x70\x6c\x69\x63\x61\x74\x69\x6f\x6e\x2f\x6a\x73\x6f\x6e\x7b\x27\x66\x6f\x6f\x27\x3a\x27\x62\x61\x72\x27\x7d\x8d\x9c\x08\xb1";
const ALL_HEADERS_TYPES: &[u8] = b"\x00\x00\x00\x62\x00\x00\x00\x52\x03\xb5\xcb\x9c\x01\x30\x00\x01\x31\x01\x01\x32\x02\x02\x01\x33\x03\x00\x03\x01\x34\x04\x00\x00\x00\x04\x01\x35\x05\x00\x00\x00\x00\x00\x00\x00\x05\x01\x36\x06\x00\x05\x62\x79\x74\x65\x73\x01\x37\x07\x00\x04\x75\x74\x66\x38\x01\x38\x08\x00\x00\x00\x00\x00\x00\x00\x08\x01\x39\x09\x30\x31\x32\x33\x34\x35\x36\x37\x38\x39\x61\x62\x63\x64\x65\x66\x63\x35\x36\x71";
const ERROR_EVENT_MESSAGE: &[u8] = b"\x00\x00\x00\x52\x00\x00\x00\x42\xbf\x23\x63\x7e\x0d\x3a\x6d\x65\x73\x73\x61\x67\x65\x2d\x74\x79\x70\x65\x07\x00\x05\x65\x72\x72\x6f\x72\x0b\x3a\x65\x72\x72\x6f\x72\x2d\x63\x6f\x64\x65\x07\x00\x04\x63\x6f\x64\x65\x0e\x3a\x65\x72\x72\x6f\x72\x2d\x6d\x65\x73\x73\x61\x67\x65\x07\x00\x07\x6d\x65\x73\x73\x61\x67\x65\x6b\x6c\xea\x3d";
const CORRUPTED_LENGTH: &[u8] = b"\x01\x00\x00\x1d\x00\x00\x00\x00\xfd\x52\x8c\x5a\x7b\x27\x66\x6f\x6f\x27\x3a\x27\x62\x61\x72\x27\x7d\xc3\x65\x39\x36";
const CORRUPTED_PAYLOAD: &[u8] = b"\x00\x00\x00\x1d\x00\x00\x00\x00\xfd\x52\x8c\x5a\x7b\x27\x66\x6f\x6f\x27\x3a\x27\x62\x61\x72\x27\x8d\xc3\x65\x39\x36";
const CORRUPTED_HEADERS: &[u8] = b"\x00\x00\x00\x3d\x00\x00\x00\x20\x07\xfd\x83\x96\x0c\x63\x6f\x6e\x74\x65\x6e\x74\x2b\x74\x79\x70\x65\x07\x00\x10\x61\x70\x70\x6c\x69\x63\x61\x74\x69\x6f\x6e\x2f\x6a\x73\x6f\x6e\x7b\x27\x66\x6f\x6f\x27\x3a\x27\x62\x61\x72\x27\x7d\x8d\x9c\x08\xb1";
const CORRUPTED_HEADER_LENGTH: &[u8] = b"\x00\x00\x00\x3d\xff\x00\x01\x02\x07\xfd\x83\x96\x0c\x63\x6f\x6e\x74\x65\x6e\x74\x2d\x74\x79\x70\x65\x07\x00\x10\x61\x70\x70\x6c\x69\x63\x61\x74\x69\x6f\x6e\x2f\x6a\x73\x6f\x6e\x7b\x27\x66\x6f\x6f\x27\x3a\x27\x62\x61\x72\x27\x7d\x8d\x9c\x08\xb1";
const DUPLICATE_HEADER: &[u8] = b"\x00\x00\x00\x24\x00\x00\x00\x14\x4b\xb9\x82\xd0\x04\x74\x65\x73\x74\x04\x61\x73\x64\x66\x04\x74\x65\x73\x74\x04\x61\x73\x64\x66\xf3\xf4\x75\x63";
const INVALID_HEADERS_LENGTH: &[u8] = b"\x00\x00\x00\x3d\xff\x00\x01\x02\x15\x83\xf5\xc2\x0c\x63\x6f\x6e\x74\x65\x6e\x74\x2d\x74\x79\x70\x65\x07\x00\x10\x61\x70\x70\x6c\x69\x63\x61\x74\x69\x6f\x6e\x2f\x6a\x73\x6f\x6e\x7b\x27\x66\x6f\x6f\x27\x3a\x27\x62\x61\x72\x27\x7d\x2f\x37\x7f\x5d";
/// Its first 12 bytes: the prelude, whose checksum holds, of a 24 MiB + 1 payload.
const INVALID_PAYLOAD_LENGTH_PRELUDE: &[u8] = b"\x01\x80\x00\x21\x00\x00\x00\x00\xdd\x3f\x33\xb1";

/// A body that yields `bytes` in chunks of `size`.
fn chunked(bytes: &[u8], size: usize) -> ByteStream {
    struct Chunks(Vec<Bytes>);
    impl futures_core::Stream for Chunks {
        type Item = Result<Bytes, std::convert::Infallible>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready((!self.0.is_empty()).then(|| Ok(self.0.remove(0))))
        }
    }
    let chunks = bytes.chunks(size).map(Bytes::copy_from_slice).collect();
    ByteStream::from_stream(Chunks(chunks), None)
}

/// Every message of `bytes`, read in chunks of `size`.
fn read_all(bytes: &[u8], size: usize) -> Result<Vec<Message>, EventStreamError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut reader = MessageReader::new(chunked(bytes, size));
        let mut messages = Vec::new();
        while let Some(message) = reader.next().await {
            messages.push(message?);
        }
        Ok(messages)
    })
}

fn one(bytes: &[u8]) -> Message {
    let mut messages = read_all(bytes, bytes.len()).expect("decodes");
    assert_eq!(messages.len(), 1);
    messages.remove(0)
}

fn error(bytes: &[u8]) -> String {
    read_all(bytes, 7).expect_err("refused").to_string()
}

fn headers(message: &Message) -> Vec<(&str, &HeaderValue)> {
    message
        .headers()
        .iter()
        .map(|header| (header.name().as_str(), header.value()))
        .collect()
}

/// A framed message, the headers it decodes to, and its payload.
type Case = (
    &'static [u8],
    Vec<(&'static str, HeaderValue)>,
    &'static [u8],
);

#[test]
fn botocore_s_well_formed_messages_decode_and_encode_back() {
    use HeaderValue::*;
    let cases: [Case; 9] = [
        (EMPTY_MESSAGE, vec![], b""),
        (INT8_HEADER, vec![("byte", Byte(-1))], b""),
        (INT16_HEADER, vec![("short", Int16(-1))], b""),
        (INT32_HEADER, vec![("integer", Int32(-1))], b""),
        (INT64_HEADER, vec![("long", Int64(-1))], b""),
        (PAYLOAD_NO_HEADERS, vec![], b"{'foo':'bar'}"),
        (
            PAYLOAD_ONE_STR_HEADER,
            vec![("content-type", String("application/json".into()))],
            b"{'foo':'bar'}",
        ),
        (
            ALL_HEADERS_TYPES,
            vec![
                ("0", Bool(true)),
                ("1", Bool(false)),
                ("2", Byte(2)),
                ("3", Int16(3)),
                ("4", Int32(4)),
                ("5", Int64(5)),
                ("6", ByteArray(Bytes::from_static(b"bytes"))),
                ("7", String("utf8".into())),
                ("8", Timestamp(aws_smithy_types::DateTime::from_millis(8))),
                ("9", Uuid(u128::from_be_bytes(*b"0123456789abcdef"))),
            ],
            b"",
        ),
        (
            ERROR_EVENT_MESSAGE,
            vec![
                (":message-type", String("error".into())),
                (":error-code", String("code".into())),
                (":error-message", String("message".into())),
            ],
            b"",
        ),
    ];
    for (bytes, expected_headers, payload) in cases {
        let message = one(bytes);
        let expected: Vec<(&str, &HeaderValue)> =
            expected_headers.iter().map(|(n, v)| (*n, v)).collect();
        assert_eq!(headers(&message), expected);
        assert_eq!(message.payload().as_ref(), payload);
        assert_eq!(encode(&message).unwrap().as_ref(), bytes);
    }
}

#[test]
fn botocore_s_malformed_messages_are_errors() {
    for (bytes, what) in [
        (CORRUPTED_LENGTH, "the prelude's checksum"),
        (CORRUPTED_HEADER_LENGTH, "the prelude's checksum"),
        (CORRUPTED_PAYLOAD, "checksum"),
        (CORRUPTED_HEADERS, "checksum"),
        (DUPLICATE_HEADER, "appears twice"),
        (INVALID_HEADERS_LENGTH, "more than the 131072 allowed"),
    ] {
        let message = error(bytes);
        assert!(message.contains(what), "{message}");
    }
    // The payload's length is refused on the prelude, before any of the 24 MiB is awaited.
    let message = error(INVALID_PAYLOAD_LENGTH_PRELUDE);
    assert!(
        message.contains("payload takes 25165841 bytes"),
        "{message}"
    );
}

#[test]
fn messages_are_read_whatever_the_chunks_they_come_in() {
    let mut body = Vec::new();
    for bytes in [PAYLOAD_ONE_STR_HEADER, EMPTY_MESSAGE, ALL_HEADERS_TYPES] {
        body.extend_from_slice(bytes);
    }
    for size in [1, 2, 5, 12, 13, 61, 1000] {
        let messages = read_all(&body, size).unwrap();
        assert_eq!(messages.len(), 3, "chunks of {size}");
        assert_eq!(messages[0].payload().as_ref(), b"{'foo':'bar'}");
        assert_eq!(messages[2].headers().len(), 10);
    }
}

#[test]
fn a_body_that_ends_inside_a_message_is_an_error() {
    for cut in [1, 11, 12, 40, PAYLOAD_ONE_STR_HEADER.len() - 1] {
        let error = read_all(&PAYLOAD_ONE_STR_HEADER[..cut], 4).expect_err("truncated");
        assert!(error.is_body_error());
        assert!(
            error.to_string().contains("ended inside a message"),
            "{error}"
        );
    }
    // Nothing at all is no message, not an error.
    assert!(read_all(b"", 1).unwrap().is_empty());
}

#[test]
fn lengths_that_do_not_add_up_are_errors_not_panics() {
    // A total shorter than the prelude and checksum, with a good prelude checksum.
    for (total, headers) in [(0u32, 0u32), (15, 0), (16, 1), (20, 8)] {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&total.to_be_bytes());
        bytes.extend_from_slice(&headers.to_be_bytes());
        let crc = crc32(&bytes);
        bytes.extend_from_slice(&crc.to_be_bytes());
        bytes.extend_from_slice(&[0; 8]);
        assert!(read_all(&bytes, 3).is_err(), "{total} {headers}");
    }
    // Any bytes at all: an error or messages, never a panic.
    let mut seed = 0x2545_f491_u32;
    for _ in 0..2000 {
        let mut bytes = PAYLOAD_ONE_STR_HEADER.to_vec();
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let at = seed as usize % bytes.len();
        bytes[at] ^= (seed >> 8) as u8 | 1;
        let _ = read_all(&bytes, 5);
    }
}

#[test]
fn typed_messages_carry_their_headers() {
    let event = event_message("Delta", Some("application/json"), Bytes::from_static(b"{}"));
    assert_eq!(header_str(&event, MESSAGE_TYPE), Some("event"));
    assert_eq!(header_str(&event, EVENT_TYPE), Some("Delta"));
    assert_eq!(
        header_str(&event, CONTENT_TYPE_HEADER),
        Some("application/json")
    );
    let exception = exception_message("ThrottlingException", None, Bytes::new());
    assert_eq!(
        header_str(&exception, EXCEPTION_TYPE),
        Some("ThrottlingException")
    );
    assert_eq!(header_str(&exception, CONTENT_TYPE_HEADER), None);
    let error = error_message("InternalError", "it broke");
    assert_eq!(header_str(&error, ERROR_CODE), Some("InternalError"));
    assert_eq!(header_str(&error, ERROR_MESSAGE), Some("it broke"));
    // Round trip through the framing.
    let again = one(&encode(&event).unwrap());
    assert_eq!(headers(&again), headers(&event));
}

/// A union as generated code describes one: a JSON event, an event whose payload is a blob
/// with a member in a header, the `Unknown` of a newer service's events, and one exception.
#[derive(Debug, PartialEq)]
enum Chat {
    Delta { text: String },
    Audio { seq: i32, bytes: Bytes },
    Unknown(String),
}

#[derive(Debug, PartialEq)]
enum ChatError {
    Throttled { message: String },
}

impl std::fmt::Display for ChatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Throttled { message } => write!(f, "Throttled: {message}"),
        }
    }
}

fn json_text(message: &Message, key: &str) -> Result<String, EventStreamError> {
    let value: serde_json::Value = serde_json::from_slice(message.payload())
        .map_err(|e| EventStreamError::invalid(e.to_string()))?;
    value[key]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| EventStreamError::invalid(format!("no {key}")))
}

impl EventUnion for Chat {
    type Error = ChatError;

    fn from_event(event_type: &str, message: &Message) -> Result<Self, EventStreamError> {
        Ok(match event_type {
            "delta" => Chat::Delta {
                text: json_text(message, "text")?,
            },
            "audio" => Chat::Audio {
                seq: message
                    .headers()
                    .iter()
                    .find(|h| h.name().as_str() == "seq")
                    .and_then(|h| h.value().as_int32().ok())
                    .ok_or_else(|| EventStreamError::invalid("no seq"))?,
                bytes: message.payload().clone(),
            },
            other => Chat::Unknown(other.to_owned()),
        })
    }

    fn from_exception(
        exception_type: &str,
        message: &Message,
    ) -> Result<Option<ChatError>, EventStreamError> {
        Ok(match exception_type {
            "throttled" => Some(ChatError::Throttled {
                message: json_text(message, "message")?,
            }),
            _ => None,
        })
    }

    fn to_message(&self) -> Result<Message, EventStreamError> {
        Ok(match self {
            Chat::Delta { text } => event_message(
                "delta",
                Some("application/json"),
                Bytes::from(serde_json::json!({ "text": text }).to_string()),
            ),
            Chat::Audio { seq, bytes } => {
                event_message("audio", Some("application/octet-stream"), bytes.clone())
                    .add_header(Header::new("seq", HeaderValue::Int32(*seq)))
            }
            Chat::Unknown(name) => {
                return Err(EventStreamError::invalid(format!("cannot send {name}")))
            }
        })
    }

    fn error_to_message(error: &ChatError) -> Result<Message, EventStreamError> {
        let ChatError::Throttled { message } = error;
        Ok(exception_message(
            "throttled",
            Some("application/json"),
            Bytes::from(serde_json::json!({ "message": message }).to_string()),
        ))
    }
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(future)
}

/// Every item of `stream`, in order.
async fn all(mut stream: EventStream<Chat>) -> Vec<Result<Chat, EventError<ChatError>>> {
    let mut items = Vec::new();
    while let Some(item) = stream.recv().await {
        items.push(item);
    }
    items
}

fn delta(text: &str) -> Chat {
    Chat::Delta {
        text: text.to_owned(),
    }
}

#[test]
fn events_sent_are_the_events_received() {
    block_on(async {
        let events = vec![
            delta("Hel"),
            Chat::Audio {
                seq: 7,
                bytes: Bytes::from_static(b"\x00\x01"),
            },
            delta("lo"),
        ];
        let body = EventStream::from_events(events).into_body();
        let received = all(EventStream::from_body(body)).await;
        let received: Vec<Chat> = received.into_iter().map(Result::unwrap).collect();
        assert_eq!(
            received,
            [
                delta("Hel"),
                Chat::Audio {
                    seq: 7,
                    bytes: Bytes::from_static(b"\x00\x01")
                },
                delta("lo")
            ]
        );
        // No events: an empty body, and an empty stream.
        let body = EventStream::<Chat>::default().into_body().collect().await;
        assert!(body.unwrap().is_empty());
    });
}

/// A stream of items from a list, errors included.
struct Items(std::collections::VecDeque<Result<Chat, ChatError>>);

impl futures_core::Stream for Items {
    type Item = Result<Chat, ChatError>;
    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.get_mut().0.pop_front())
    }
}

#[test]
fn an_exception_is_sent_and_ends_the_stream() {
    block_on(async {
        let items = Items(
            vec![
                Ok(delta("a")),
                Err(ChatError::Throttled {
                    message: "slow down".to_owned(),
                }),
                Ok(delta("never sent")),
            ]
            .into(),
        );
        let body = EventStream::from_stream(items).into_body();
        let mut received = all(EventStream::from_body(body)).await.into_iter();
        assert_eq!(received.next().unwrap().unwrap(), delta("a"));
        match received.next() {
            Some(Err(EventError::Exception(ChatError::Throttled { message }))) => {
                assert_eq!(message, "slow down")
            }
            other => panic!("expected the exception, got {other:?}"),
        }
        assert!(received.next().is_none());
    });
}

#[test]
fn unknown_events_unmodelled_exceptions_and_errors_are_told_apart() {
    block_on(async {
        let frames = [
            event_message(
                "newKind",
                Some("application/json"),
                Bytes::from_static(b"{}"),
            ),
            exception_message(
                "ServiceUnavailable",
                Some("application/json"),
                Bytes::from_static(br#"{"Message":"try later"}"#),
            ),
        ];
        let mut body = Vec::new();
        for frame in &frames {
            body.extend_from_slice(&encode(frame).unwrap());
        }
        let mut received = all(EventStream::from_body(ByteStream::new(body)))
            .await
            .into_iter();
        assert_eq!(
            received.next().unwrap().unwrap(),
            Chat::Unknown("newKind".to_owned())
        );
        match received.next() {
            Some(Err(EventError::Unmodeled { code, message })) => {
                assert_eq!(code, "ServiceUnavailable");
                assert_eq!(message.as_deref(), Some("try later"));
            }
            other => panic!("expected an unmodelled exception, got {other:?}"),
        }
        assert!(received.next().is_none());

        let error = encode(&error_message("InternalError", "it broke")).unwrap();
        let received = all(EventStream::from_body(ByteStream::new(error))).await;
        match &received[..] {
            [Err(EventError::Unmodeled { code, message })] => {
                assert_eq!(code, "InternalError");
                assert_eq!(message.as_deref(), Some("it broke"));
            }
            other => panic!("expected an error, got {other:?}"),
        }
    });
}

#[test]
fn a_malformed_or_mistyped_message_ends_the_stream_with_an_error() {
    block_on(async {
        // An event whose payload is not its JSON, then one that would be fine.
        let mut body = encode(&event_message(
            "delta",
            None,
            Bytes::from_static(b"not json"),
        ))
        .unwrap()
        .to_vec();
        body.extend_from_slice(&encode(&delta("fine").to_message().unwrap()).unwrap());
        let received = all(EventStream::from_body(ByteStream::new(body))).await;
        assert_eq!(received.len(), 1);
        assert!(
            matches!(&received[0], Err(EventError::Stream(_))),
            "{received:?}"
        );

        // A corrupt frame, and a message without `:message-type`.
        for body in [CORRUPTED_PAYLOAD.to_vec(), PAYLOAD_NO_HEADERS.to_vec()] {
            let received = all(EventStream::from_body(ByteStream::new(body))).await;
            assert!(
                matches!(&received[..], [Err(EventError::Stream(_))]),
                "{received:?}"
            );
        }
    });
}

/// A string enum as generated code makes one: its value, kept when unknown.
#[derive(Debug, PartialEq)]
struct Mood(String);

impl AsRef<str> for Mood {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Mood {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl StringHeader for Mood {}

#[test]
fn event_header_members_travel_as_typed_headers() {
    use crate::{Blob, Timestamp};
    use HeaderValue as V;
    let at = Timestamp::from_secs_and_nanos(-5, 123_456_789);
    let message = with_headers(
        event_message("Tick", None, Bytes::new()),
        [
            event_header("flag", Some(&true)),
            event_header("byte", Some(&-8_i8)),
            event_header("short", Some(&-16_i16)),
            event_header("int", Some(&-32_i32)),
            event_header("long", Some(&i64::MIN)),
            event_header("blob", Some(&Blob::new(vec![0, 255]))),
            event_header("text", Some(&"é".to_owned())),
            event_header("mood", Some(&Mood("calm".to_owned()))),
            event_header("at", Some(&at)),
            // Unset: no header.
            event_header::<i32>("unset", None),
        ],
    );
    assert_eq!(
        headers(&message)[2..],
        [
            ("flag", &V::Bool(true)),
            ("byte", &V::Byte(-8)),
            ("short", &V::Int16(-16)),
            ("int", &V::Int32(-32)),
            ("long", &V::Int64(i64::MIN)),
            ("blob", &V::ByteArray(Bytes::from_static(&[0, 255]))),
            ("text", &V::String("é".into())),
            ("mood", &V::String("calm".into())),
            (
                "at",
                &V::Timestamp(aws_smithy_types::DateTime::from_secs_and_nanos(
                    -5,
                    123_456_789
                ))
            ),
        ]
    );
    // Through the framing, each header reads back as its member's type; a timestamp to the
    // millisecond.
    let message = one(&encode(&message).unwrap());
    assert_eq!(read_header(&message, "flag").unwrap(), Some(true));
    assert_eq!(read_header(&message, "byte").unwrap(), Some(-8_i8));
    assert_eq!(read_header(&message, "short").unwrap(), Some(-16_i16));
    assert_eq!(read_header(&message, "int").unwrap(), Some(-32_i32));
    assert_eq!(
        read_required_header::<i64>(&message, "long").unwrap(),
        i64::MIN
    );
    assert_eq!(
        read_header(&message, "blob").unwrap(),
        Some(Blob::new(vec![0, 255]))
    );
    assert_eq!(read_header(&message, "text").unwrap(), Some("é".to_owned()));
    assert_eq!(
        read_header(&message, "mood").unwrap(),
        Some(Mood("calm".to_owned()))
    );
    assert_eq!(
        read_header(&message, "at").unwrap(),
        Some(Timestamp::from_secs_and_nanos(-5, 123_000_000))
    );
    assert_eq!(read_header::<i32>(&message, "unset").unwrap(), None);

    // A header of another type, or a required one missing, is an error naming the header.
    let error = read_header::<i64>(&message, "int").unwrap_err().to_string();
    assert!(
        error.contains(r#"the header "int" is an integer, not a long"#),
        "{error}"
    );
    let error = read_header::<Mood>(&message, "blob")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(r#"the header "blob" is bytes, not a string"#),
        "{error}"
    );
    let error = read_required_header::<bool>(&message, "unset")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(r#"an event without its header "unset""#),
        "{error}"
    );
}

#[test]
fn a_timestamp_header_the_framing_cannot_hold_is_an_error_not_a_panic() {
    let far = crate::Timestamp::from_secs(i64::MAX);
    let message = with_headers(
        event_message("Tick", None, Bytes::new()),
        [event_header("at", Some(&far))],
    );
    assert!(encode(&message).is_err());
}
