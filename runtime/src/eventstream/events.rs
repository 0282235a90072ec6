//! Typed event streams: an [`EventStream`] of a model's `eventstream` union, which a client
//! reads from a response's body ([`EventStream::from_body`]) at its own pace and a server
//! implementation makes from any stream of events ([`EventStream::from_stream`]) for the
//! runtime to frame as they come ([`EventStream::into_body`]). What an event is on the wire
//! is the union's [`EventUnion`] implementation, which generated code writes.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use super::{
    encode, header_str, ErrorKind, EventStreamError, Message, MessageReader, ERROR_CODE,
    ERROR_MESSAGE, EVENT_TYPE, EXCEPTION_TYPE, MESSAGE_TYPE,
};
use crate::ByteStream;

/// The union of an event stream (a structure the model marks `eventstream`): how its events
/// and its modelled exceptions are messages. Generated for each such union.
pub trait EventUnion: Sized + Send + 'static {
    /// The stream's modelled exceptions (its members that are error shapes).
    type Error: fmt::Debug + fmt::Display + Send + 'static;

    /// The event an `event` message of type `event_type` (a member's name) carries; a type
    /// the union does not know is its `Unknown` variant.
    fn from_event(event_type: &str, message: &Message) -> Result<Self, EventStreamError>;

    /// The exception an `exception` message of type `exception_type` carries, when the union
    /// names that type.
    fn from_exception(
        exception_type: &str,
        message: &Message,
    ) -> Result<Option<Self::Error>, EventStreamError>;

    /// The message of an event.
    fn to_message(&self) -> Result<Message, EventStreamError>;

    /// The message of a modelled exception.
    fn error_to_message(error: &Self::Error) -> Result<Message, EventStreamError>;
}

/// Why the next event of a stream could not be had: an exception the service sent (which
/// ends the stream), or the stream itself.
#[derive(Debug)]
pub enum EventError<E> {
    /// A modelled exception of the stream's union.
    Exception(E),
    /// An exception or error the model does not name (an `exception` message of another
    /// type, or an `error` message): its code and message.
    Unmodeled {
        /// The exception's type or the error's code.
        code: String,
        /// Its message, when it has one.
        message: Option<String>,
    },
    /// A message could not be read (malformed, or not what its type says), or the body broke
    /// off.
    Stream(EventStreamError),
}

impl<E: fmt::Display> fmt::Display for EventError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exception(error) => write!(f, "the stream ended with an exception: {error}"),
            Self::Unmodeled { code, message } => {
                write!(f, "the stream ended with {code}")?;
                match message {
                    Some(message) => write!(f, ": {message}"),
                    None => Ok(()),
                }
            }
            Self::Stream(error) => error.fmt(f),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for EventError<E> {}

type Events<T> = Pin<Box<dyn Stream<Item = Result<T, <T as EventUnion>::Error>> + Send>>;

/// A stream of the events of a union `T`: read from a body, or made by a server
/// implementation (see the module docs). Read it with [`EventStream::recv`] or as a
/// [`Stream`]; after an exception or an error, it ends.
pub struct EventStream<T: EventUnion> {
    source: Source<T>,
    done: bool,
}

enum Source<T: EventUnion> {
    /// Messages of a body, decoded as they are read.
    Received(MessageReader),
    /// Events to send.
    Sent(Events<T>),
}

impl<T: EventUnion> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Received(_) => "received",
            Source::Sent(_) => "sent",
        };
        f.debug_struct("EventStream")
            .field("source", &source)
            .field("done", &self.done)
            .finish()
    }
}

impl<T: EventUnion> Default for EventStream<T> {
    /// No events.
    fn default() -> Self {
        Self::from_events(Vec::new())
    }
}

/// The events of a list, one at a time.
struct Listed<T: EventUnion>(VecDeque<T>);

// The events are moved out of the list, never pinned in it.
impl<T: EventUnion> Unpin for Listed<T> {}

impl<T: EventUnion> Stream for Listed<T> {
    type Item = Result<T, T::Error>;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.get_mut().0.pop_front().map(Ok))
    }
}

impl<T: EventUnion> EventStream<T> {
    /// The events of an event stream body (a response's, or a request's), decoded as they
    /// are read.
    pub fn from_body(body: ByteStream) -> Self {
        Self {
            source: Source::Received(MessageReader::new(body)),
            done: false,
        }
    }

    /// The events of `stream`, to send as they come: an `Err` item is sent as the exception
    /// it is, and ends the stream.
    pub fn from_stream<S>(stream: S) -> Self
    where
        S: Stream<Item = Result<T, T::Error>> + Send + 'static,
    {
        Self {
            source: Source::Sent(Box::pin(stream)),
            done: false,
        }
    }

    /// The events of a list, to send.
    pub fn from_events(events: impl IntoIterator<Item = T>) -> Self {
        Self::from_stream(Listed(events.into_iter().collect()))
    }

    /// The next event; an exception or an error (which end the stream); `None` at its end.
    pub async fn recv(&mut self) -> Option<Result<T, EventError<T::Error>>> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    fn poll_event(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<T, EventError<T::Error>>>> {
        if self.done {
            return Poll::Ready(None);
        }
        let item = match &mut self.source {
            Source::Sent(events) => ready!(events.as_mut().poll_next(cx))
                .map(|item| item.map_err(EventError::Exception)),
            Source::Received(reader) => ready!(reader.poll_message(cx)).map(|message| {
                message
                    .map_err(EventError::Stream)
                    .and_then(|message| read_event::<T>(&message))
            }),
        };
        if !matches!(item, Some(Ok(_))) {
            self.done = true;
        }
        Poll::Ready(item)
    }

    /// The stream as an event stream body (`application/vnd.amazon.eventstream`): each
    /// event framed as it comes, an exception framed and then the end. A body read by
    /// [`EventStream::from_body`] is passed on message by message.
    pub fn into_body(self) -> ByteStream {
        ByteStream::from_stream(Framed { stream: self }, None)
    }
}

impl<T: EventUnion> Stream for EventStream<T> {
    type Item = Result<T, EventError<T::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

/// The event, or exception, or error, a received message is.
fn read_event<T: EventUnion>(message: &Message) -> Result<T, EventError<T::Error>> {
    let header = |name: &str| header_str(message, name);
    match header(MESSAGE_TYPE) {
        Some("event") => {
            let event_type = header(EVENT_TYPE).ok_or_else(|| missing(EVENT_TYPE))?;
            T::from_event(event_type, message).map_err(EventError::Stream)
        }
        Some("exception") => {
            let exception_type = header(EXCEPTION_TYPE).ok_or_else(|| missing(EXCEPTION_TYPE))?;
            match T::from_exception(exception_type, message).map_err(EventError::Stream)? {
                Some(error) => Err(EventError::Exception(error)),
                None => Err(EventError::Unmodeled {
                    code: exception_type.to_owned(),
                    message: payload_message(message.payload()),
                }),
            }
        }
        Some("error") => Err(EventError::Unmodeled {
            code: header(ERROR_CODE).unwrap_or("UnknownError").to_owned(),
            message: header(ERROR_MESSAGE).map(str::to_owned),
        }),
        Some(other) => Err(EventError::Stream(EventStreamError::new(
            ErrorKind::Unexpected(format!("a message of type {other:?}")),
        ))),
        None => Err(missing(MESSAGE_TYPE)),
    }
}

fn missing<E>(header: &str) -> EventError<E> {
    EventError::Stream(EventStreamError::new(ErrorKind::Unexpected(format!(
        "a message without {header}"
    ))))
}

/// The `message` (or `Message`) of a JSON payload, as an unmodelled exception carries it.
fn payload_message(payload: &Bytes) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(payload).ok()?;
    ["message", "Message"]
        .iter()
        .find_map(|key| value.get(key)?.as_str().map(str::to_owned))
}

/// An event stream framed, a message at a time.
struct Framed<T: EventUnion> {
    stream: EventStream<T>,
}

impl<T: EventUnion> Stream for Framed<T> {
    type Item = Result<Bytes, EventStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let stream = &mut self.get_mut().stream;
        if stream.done {
            return Poll::Ready(None);
        }
        let framed = match &mut stream.source {
            Source::Received(reader) => {
                ready!(reader.poll_message(cx)).map(|message| encode(&message?))
            }
            Source::Sent(events) => ready!(events.as_mut().poll_next(cx)).map(|item| match item {
                Ok(event) => encode(&event.to_message()?),
                Err(error) => {
                    stream.done = true;
                    encode(&T::error_to_message(&error)?)
                }
            }),
        };
        if !matches!(framed, Some(Ok(_))) {
            stream.done = true;
        }
        Poll::Ready(framed)
    }
}
