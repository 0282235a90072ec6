//! SigV4 signing of the messages of an event stream a client sends (an input event stream).
//!
//! The request is signed with the payload hash [`STREAMING_EVENTS_PAYLOAD`]; then each message
//! travels inside an envelope, a message whose payload is the framed message and whose
//! headers are `:chunk-signature` (32 bytes) and `:date` (a timestamp, whole seconds). Its
//! signature is the HMAC-SHA256, under the day's SigV4 signing key, of
//!
//! ```text
//! AWS4-HMAC-SHA256-PAYLOAD
//! <the :date, YYYYMMDDTHHMMSSZ>
//! <YYYYMMDD>/<region>/<service>/aws4_request
//! <the previous signature, hex: the request's for the first message>
//! <hex SHA-256 of the :date header, encoded>
//! <hex SHA-256 of the payload>
//! ```
//!
//! so that each signature chains to the one before and no message can be changed, dropped,
//! reordered or added. The stream ends with an envelope whose payload is empty. This is the
//! scheme the AWS SDKs use (`aws-sigv4`'s `event_stream` module computes the same
//! signatures: a test holds this module to it).
//!
//! A client wraps its framed messages with [`sign_body`]; a server unwraps them with
//! [`verify_body`], which checks each signature when it is given the caller's key, and ends
//! the body in an error at the first message that does not hold.

use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use futures_core::Stream;
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};

use super::{encode, ErrorKind, EventStreamError, Header, HeaderValue, Message, MessageReader};
use crate::{ByteStream, Timestamp};

pub use crate::auth::STREAMING_EVENTS_PAYLOAD;

/// The envelope header that holds a message's signature.
pub const CHUNK_SIGNATURE: &str = ":chunk-signature";

/// The envelope header that holds the time a message was signed.
pub const DATE: &str = ":date";

type HmacSha256 = hmac::Hmac<Sha256>;

/// Signs (or checks) the envelopes of one event stream, each signature chained to the one
/// before, starting from the signature of the request that carries the stream.
#[derive(Clone)]
pub struct MessageSigner {
    secret_access_key: String,
    region: String,
    service: String,
    /// The previous signature, hex.
    prior: String,
    /// The signing key of a day (`YYYYMMDD`), kept while messages are of that day.
    key: Option<(String, [u8; 32])>,
    /// How far a message's `:date` may be from the clock when checked.
    max_skew: Option<Duration>,
}

impl fmt::Debug for MessageSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageSigner")
            .field("region", &self.region)
            .field("service", &self.service)
            .field("prior", &self.prior)
            .finish_non_exhaustive()
    }
}

/// A message taken out of its envelope: the framed message (empty for the stream's closing
/// envelope) and when it was signed.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The framed message inside, or nothing for the closing envelope.
    pub payload: Bytes,
    /// When it was signed (its `:date`).
    pub time: SystemTime,
}

impl MessageSigner {
    /// A signer for the stream of a request signed with `seed_signature` (hex) under the
    /// credential's secret key, region and service (signing name).
    pub fn new(
        secret_access_key: impl Into<String>,
        region: impl Into<String>,
        service: impl Into<String>,
        seed_signature: impl Into<String>,
    ) -> Self {
        Self {
            secret_access_key: secret_access_key.into(),
            region: region.into(),
            service: service.into(),
            prior: seed_signature.into(),
            key: None,
            max_skew: None,
        }
    }

    /// Checks, too, that each message was signed within `max_skew` of the clock (either
    /// way), as a request's date is.
    pub fn with_max_skew(mut self, max_skew: Duration) -> Self {
        self.max_skew = Some(max_skew);
        self
    }

    /// The envelope of `payload` (a framed message; empty for the closing envelope), signed
    /// as of `time` (to the whole second), and chained: the next signature builds on it.
    pub fn sign(&mut self, payload: Bytes, time: SystemTime) -> Message {
        let time = whole_seconds(time);
        let signature = self.signature(&payload, time);
        self.prior = hex(&signature);
        Message::new(payload)
            .add_header(Header::new(
                CHUNK_SIGNATURE,
                HeaderValue::ByteArray(Bytes::copy_from_slice(&signature)),
            ))
            .add_header(Header::new(DATE, HeaderValue::Timestamp(time.into())))
    }

    /// Checks the signature of `envelope`, the next message of the stream, and takes out
    /// what it carries. An envelope without its two headers, whose signature is not the one
    /// its payload, time and place in the stream make, or (with a maximum skew) signed too far
    /// from the clock, is an error.
    pub fn verify(&mut self, envelope: &Message) -> Result<Opened, EventStreamError> {
        let opened = open(envelope)?;
        let sent = signature_header(envelope)?;
        let expected = self.signature(&opened.payload, opened.time);
        // Compared in constant time: a mismatch says nothing of where.
        if !bool::from(subtle_eq(&expected, sent)) {
            return Err(EventStreamError::new(ErrorKind::Signature(
                "a message's signature is not the one its content and place in the stream make"
                    .into(),
            )));
        }
        self.prior = hex(&expected);
        if let Some(max_skew) = self.max_skew {
            let skew = SystemTime::now()
                .duration_since(opened.time)
                .unwrap_or_else(|ahead| ahead.duration());
            if skew > max_skew {
                return Err(EventStreamError::new(ErrorKind::Signature(format!(
                    "a message was signed {} s away from the server's clock, more than the {} s allowed",
                    skew.as_secs(),
                    max_skew.as_secs()
                ))));
            }
        }
        Ok(opened)
    }

    fn signature(&mut self, payload: &[u8], time: SystemTime) -> [u8; 32] {
        let (date, string_to_sign) = self.string_to_sign(payload, time);
        let key = match &self.key {
            Some((day, key)) if *day == date => *key,
            _ => {
                let key = signing_key(&self.secret_access_key, &date, &self.region, &self.service);
                self.key = Some((date, key));
                key
            }
        };
        hmac(&key, string_to_sign.as_bytes())
    }

    /// The day (`YYYYMMDD`) of `time`, and the string to sign of `payload` signed then.
    fn string_to_sign(&self, payload: &[u8], time: SystemTime) -> (String, String) {
        let ((year, month, day), (hour, minute, second)) = Timestamp::from(time).to_utc();
        let date = format!("{year:04}{month:02}{day:02}");
        let mut date_header = Vec::new();
        // A timestamp header always encodes.
        let _ = aws_smithy_eventstream::frame::write_headers_to(
            &[Header::new(DATE, HeaderValue::Timestamp(time.into()))],
            &mut date_header,
        );
        let string_to_sign = format!(
            "AWS4-HMAC-SHA256-PAYLOAD\n{date}T{hour:02}{minute:02}{second:02}Z\n{date}/{}/{}/aws4_request\n{}\n{}\n{}",
            self.region,
            self.service,
            self.prior,
            hex(&Sha256::digest(&date_header)),
            hex(&Sha256::digest(payload)),
        );
        (date, string_to_sign)
    }
}

/// What an envelope carries, unchecked: an envelope without `:date` is an error.
fn open(envelope: &Message) -> Result<Opened, EventStreamError> {
    let date = envelope
        .headers()
        .iter()
        .find(|header| header.name().as_str() == DATE)
        .and_then(|header| header.value().as_timestamp().ok())
        .ok_or_else(|| unsigned("without a :date timestamp header"))?;
    // As sent, to the millisecond the header holds: its encoding is signed.
    let time = u64::try_from(date.secs())
        .ok()
        .and_then(|secs| UNIX_EPOCH.checked_add(Duration::new(secs, date.subsec_nanos())))
        .ok_or_else(|| unsigned("with a :date before 1970"))?;
    Ok(Opened {
        payload: envelope.payload().clone(),
        time,
    })
}

fn signature_header(envelope: &Message) -> Result<&[u8], EventStreamError> {
    envelope
        .headers()
        .iter()
        .find(|header| header.name().as_str() == CHUNK_SIGNATURE)
        .and_then(|header| header.value().as_byte_array().ok())
        .filter(|signature| signature.len() == 32)
        .map(|signature| signature.as_ref())
        .ok_or_else(|| unsigned("without a 32-byte :chunk-signature header"))
}

fn unsigned(what: &str) -> EventStreamError {
    EventStreamError::new(ErrorKind::Signature(format!(
        "a message of a signed event stream came {what}"
    )))
}

/// Whether two byte strings are equal, in time that depends only on their lengths.
fn subtle_eq(a: &[u8], b: &[u8]) -> subtle::Choice {
    use subtle::ConstantTimeEq;
    a.ct_eq(b)
}

/// The SigV4 signing key of a day, region and service.
fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let key = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let key = hmac(&key, region.as_bytes());
    let key = hmac(&key, service.as_bytes());
    hmac(&key, b"aws4_request")
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // An HMAC takes a key of any length.
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

fn whole_seconds(time: SystemTime) -> SystemTime {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// `body`'s framed messages (each chunk of it one message, as [`super::EventStream`]'s
/// `into_body` gives them) each in a signed envelope, and then the closing envelope.
pub fn sign_body(body: ByteStream, signer: MessageSigner) -> ByteStream {
    ByteStream::from_stream(
        Signing {
            body,
            signer,
            done: false,
        },
        None,
    )
}

struct Signing {
    body: ByteStream,
    signer: MessageSigner,
    done: bool,
}

impl Stream for Signing {
    type Item = Result<Bytes, EventStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let payload = match ready!(Pin::new(&mut this.body).poll_next(cx)) {
            Some(Ok(message)) => message,
            Some(Err(error)) => {
                this.done = true;
                return Poll::Ready(Some(Err(EventStreamError::new(ErrorKind::Body(error)))));
            }
            None => {
                this.done = true;
                Bytes::new()
            }
        };
        Poll::Ready(Some(encode(&this.signer.sign(payload, SystemTime::now()))))
    }
}

/// The messages of a signed event stream `body`, out of their envelopes, as one framed message
/// per chunk. With a `verifier` (the caller's [`MessageSigner`], seeded with the request's
/// signature) each envelope is checked ([`MessageSigner::verify`]); without one the envelopes
/// are only opened (a server that does not authenticate). The body ends at the closing
/// envelope; a message after it, a body that ends without it, or a message that does not
/// hold, ends it in an error, and nothing of that message is passed on.
pub fn verify_body(body: ByteStream, verifier: Option<MessageSigner>) -> ByteStream {
    ByteStream::from_stream(
        Verifying {
            reader: MessageReader::new(body),
            verifier,
            state: State::Open,
        },
        None,
    )
}

struct Verifying {
    reader: MessageReader,
    verifier: Option<MessageSigner>,
    state: State,
}

#[derive(PartialEq)]
enum State {
    Open,
    Closed,
    Failed,
}

impl Stream for Verifying {
    type Item = Result<Bytes, EventStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.state == State::Failed {
            return Poll::Ready(None);
        }
        let item = match ready!(this.reader.poll_message(cx)) {
            None if this.state == State::Closed => return Poll::Ready(None),
            None => Err(EventStreamError::new(ErrorKind::Signature(
                "the signed event stream ended without its closing message".into(),
            ))),
            Some(_) if this.state == State::Closed => Err(EventStreamError::new(
                ErrorKind::Signature("a message came after the stream's closing message".into()),
            )),
            Some(Err(error)) => Err(error),
            Some(Ok(envelope)) => {
                let opened = match &mut this.verifier {
                    Some(verifier) => verifier.verify(&envelope),
                    None => open(&envelope),
                };
                match opened {
                    Ok(opened) if opened.payload.is_empty() => {
                        this.state = State::Closed;
                        // Nothing to pass on; the body ends once the reader has.
                        return Pin::new(this).poll_next(cx);
                    }
                    other => other.map(|opened| opened.payload),
                }
            }
        };
        if item.is_err() {
            this.state = State::Failed;
        }
        Poll::Ready(Some(item))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    fn signer() -> MessageSigner {
        MessageSigner::new(SECRET, "us-east-1", "testservice", "0".repeat(64))
    }

    /// A server's: messages must be of the last five minutes.
    fn verifier() -> MessageSigner {
        signer().with_max_skew(Duration::from_secs(300))
    }

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    /// `aws-sigv4`'s own test of event stream signing: the string to sign of a message, a
    /// last signature and a time (to the whole second) is the one it expects.
    #[test]
    fn strings_to_sign_are_aws_sigv4s() {
        let message = Message::new(&b"test payload"[..]).add_header(Header::new(
            "some-header",
            HeaderValue::String("value".into()),
        ));
        let last = hex(&Sha256::digest(b"last message sts"));
        let signer = MessageSigner::new("secret", "us-east-1", "testservice", last);
        let time = whole_seconds(UNIX_EPOCH + Duration::new(123_456_789, 1234));
        let (date, string_to_sign) = signer.string_to_sign(&encode(&message).unwrap(), time);
        assert_eq!(date, "19731129");
        assert_eq!(
            string_to_sign,
            "AWS4-HMAC-SHA256-PAYLOAD\n\
             19731129T213309Z\n\
             19731129/us-east-1/testservice/aws4_request\n\
             be1f8c7d79ef8e1abc5254a2c70e4da3bfaf4f07328f527444e1fc6ea67273e2\n\
             0c0e3b3bf66b59b976181bd7d401927bbd624107303c713fd1e5f3d3c8dd1b1e\n\
             f2eba0f2e95967ee9fbc6db5e678d2fd599229c0d04b11e4fc8e0f2a02a806c6"
        );
    }

    /// The signing key of AWS's SigV4 documentation ("Examples of how to derive a signing
    /// key"): that secret, 20120215, us-east-1, iam.
    #[test]
    fn signing_keys_are_aws_documented_ones() {
        let key = signing_key(SECRET, "20120215", "us-east-1", "iam");
        assert_eq!(
            hex(&key),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
    }

    #[test]
    fn envelopes_carry_the_signature_and_the_second() {
        let envelope = signer().sign(Bytes::from_static(b"x"), UNIX_EPOCH + Duration::new(5, 9));
        assert_eq!(envelope.headers()[0].name().as_str(), CHUNK_SIGNATURE);
        assert_eq!(signature_header(&envelope).unwrap().len(), 32);
        assert_eq!(open(&envelope).unwrap().time, at(5));
    }

    #[test]
    fn verifies_the_chain_and_refuses_any_change() {
        let mut client = signer();
        let first = client.sign(Bytes::from_static(b"one"), at(1_700_000_000));
        let second = client.sign(Bytes::from_static(b"two"), at(1_700_000_001));
        let end = client.sign(Bytes::new(), at(1_700_000_002));

        let mut server = signer();
        assert_eq!(server.verify(&first).unwrap().payload, "one");
        assert_eq!(server.verify(&second).unwrap().payload, "two");
        assert!(server.verify(&end).unwrap().payload.is_empty());

        // Out of order: the second checked first.
        assert!(signer().verify(&second).is_err());
        // Another payload under the same headers.
        let mut tampered = Message::new(Bytes::from_static(b"ONE"));
        for header in first.headers() {
            tampered = tampered.add_header(header.clone());
        }
        let error = signer().verify(&tampered).unwrap_err();
        assert!(error.is_signature_error(), "{error}");
        // Another seed (the request's signature).
        let mut other = MessageSigner::new(SECRET, "us-east-1", "testservice", "1".repeat(64));
        assert!(other.verify(&first).is_err());
        // No headers at all.
        let bare = Message::new(Bytes::from_static(b"one"));
        assert!(signer().verify(&bare).unwrap_err().is_signature_error());
    }

    fn body_of(messages: &[Message]) -> ByteStream {
        let chunks: Vec<Result<Bytes, std::io::Error>> = messages
            .iter()
            .map(|message| Ok(encode(message).unwrap()))
            .collect();
        ByteStream::from_stream(Chunks(chunks.into()), None)
    }

    struct Chunks(std::collections::VecDeque<Result<Bytes, std::io::Error>>);

    impl Stream for Chunks {
        type Item = Result<Bytes, std::io::Error>;
        fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.get_mut().0.pop_front())
        }
    }

    /// The chunks of `body`, and its error: whether a signature error, and what it says.
    async fn read_all(body: ByteStream) -> (Vec<Bytes>, Option<(bool, String)>) {
        let mut body = std::pin::pin!(body);
        let mut chunks = Vec::new();
        while let Some(chunk) = std::future::poll_fn(|cx| body.as_mut().poll_next(cx)).await {
            match chunk {
                Ok(chunk) => chunks.push(chunk),
                Err(error) => {
                    let signature = std::error::Error::source(&error)
                        .and_then(|source| source.downcast_ref::<EventStreamError>())
                        .is_some_and(EventStreamError::is_signature_error);
                    return (chunks, Some((signature, error.to_string())));
                }
            }
        }
        (chunks, None)
    }

    #[tokio::test]
    async fn bodies_round_trip_and_stop_at_the_first_bad_message() {
        let events = [
            super::super::event_message("a", None, Bytes::from_static(b"1")),
            super::super::event_message("b", None, Bytes::from_static(b"2")),
        ];
        let framed: Vec<Result<Bytes, std::io::Error>> =
            events.iter().map(|m| Ok(encode(m).unwrap())).collect();
        let signed = sign_body(
            ByteStream::from_stream(Chunks(framed.into()), None),
            signer(),
        );
        let signed = signed.collect().await.unwrap();

        let (chunks, error) = read_all(verify_body(
            ByteStream::new(signed.clone()),
            Some(verifier()),
        ))
        .await;
        assert!(error.is_none(), "{error:?}");
        assert_eq!(
            chunks,
            [encode(&events[0]).unwrap(), encode(&events[1]).unwrap()]
        );

        // A byte of the second message's payload changed (its CRCs made good again, as an
        // attacker would): the first passes, the second is refused.
        let mut messages = Vec::new();
        let mut reader = MessageReader::new(ByteStream::new(signed.clone()));
        while let Some(message) = reader.next().await {
            messages.push(message.unwrap());
        }
        let mut payload = messages[1].payload().to_vec();
        let last = payload.len() - 5;
        payload[last] ^= 1;
        let mut tampered = Message::new(payload);
        for header in messages[1].headers() {
            tampered = tampered.add_header(header.clone());
        }
        messages[1] = tampered;
        let (chunks, error) = read_all(verify_body(body_of(&messages), Some(verifier()))).await;
        assert_eq!(chunks.len(), 1);
        assert!(error.unwrap().0);

        // Cut off before the closing envelope.
        let (chunks, error) =
            read_all(verify_body(body_of(&messages[..1]), Some(verifier()))).await;
        assert_eq!(chunks.len(), 1);
        assert!(error.unwrap().1.contains("closing"));

        // Without a verifier the envelopes are opened, unchecked.
        let (chunks, error) = read_all(verify_body(body_of(&messages), None)).await;
        assert!(error.is_none());
        assert_eq!(chunks.len(), 2);

        // Signed long ago: refused as too far from the clock.
        let mut old = signer();
        let stale = [
            old.sign(encode(&events[0]).unwrap(), at(1_000_000_000)),
            old.sign(Bytes::new(), at(1_000_000_001)),
        ];
        let (_, error) = read_all(verify_body(body_of(&stale), Some(verifier()))).await;
        assert!(error.unwrap().1.contains("clock"));
    }
}
