//! [`ByteStream`]: a body of any size, read a chunk at a time, for the models' streaming blobs
//! (`"streaming": true`): an S3-style upload, Polly's audio, Glacier's archives. Neither a
//! client nor a server holds such a body in memory; the one who reads it decides how fast.
//!
//! A stream comes from bytes already in memory (which can be sent again, so a request that
//! carries them can be retried), from a file (the `fs` feature), from any [`Stream`] of
//! chunks, or from an HTTP body. Its length is known or not: a known length is held to (a
//! stream that yields more or fewer bytes than it said is an error, not a truncated or
//! overlong HTTP message), and an unknown one is sent chunked.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
pub use futures_core::Stream;

/// The error of a stream's source, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

type BoxStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// A body of any size, read a chunk at a time (see the module docs).
pub struct ByteStream {
    inner: Inner,
}

enum Inner {
    /// Bytes in memory, not yet read (`None` once read); kept whole so that they can be
    /// sent again.
    Bytes(Option<Bytes>),
    Stream {
        stream: BoxStream,
        /// The length the source promised, if it did.
        length: Option<u64>,
        /// How much has been read so far.
        read: u64,
        done: bool,
    },
}

/// Why a [`ByteStream`] could not be read: its source failed, or it did not keep to its
/// length.
#[derive(Debug)]
pub struct ByteStreamError {
    kind: ErrorKind,
}

#[derive(Debug)]
enum ErrorKind {
    Source(BoxError),
    Length { promised: u64, read: u64 },
    TooLarge { limit: u64 },
}

impl ByteStreamError {
    fn length(promised: u64, read: u64) -> Self {
        Self {
            kind: ErrorKind::Length { promised, read },
        }
    }

    /// Whether the body was longer than the limit it was collected under
    /// ([`ByteStream::collect_limited`]).
    pub fn is_too_large(&self) -> bool {
        matches!(self.kind, ErrorKind::TooLarge { .. })
    }
}

impl fmt::Display for ByteStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Source(source) => write!(f, "reading the body: {source}"),
            ErrorKind::Length { promised, read } if read > promised => write!(
                f,
                "the body is longer than the {promised} bytes it was said to have"
            ),
            ErrorKind::Length { promised, read } => write!(
                f,
                "the body ended after {read} of the {promised} bytes it was said to have"
            ),
            ErrorKind::TooLarge { limit } => {
                write!(f, "the body is larger than the limit of {limit} bytes")
            }
        }
    }
}

impl std::error::Error for ByteStreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Source(source) => Some(&**source),
            _ => None,
        }
    }
}

impl ByteStream {
    /// A body of `bytes`, already in memory.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self {
            inner: Inner::Bytes(Some(bytes.into())),
        }
    }

    /// An empty body.
    pub fn empty() -> Self {
        Self::new(Bytes::new())
    }

    /// A body read from `stream`, which yields `length` bytes in all if the length is known
    /// (a stream that yields more or fewer is an error when it is read).
    pub fn from_stream<S, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Self {
            inner: Inner::Stream {
                stream: Box::pin(MapErr(Box::pin(stream))),
                length,
                read: 0,
                done: false,
            },
        }
    }

    /// A body read from an HTTP body (hyper's incoming body, say); its length is the body's
    /// exact size hint, if it has one. Trailers are passed over.
    pub fn from_body<B>(body: B) -> Self
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        let length = body.size_hint().exact();
        Self::from_stream(BodyStream(Box::pin(body)), length)
    }

    /// A body of `first` (already read, say, from the front of `rest`), then what is left of
    /// `rest`; its length is known when `rest`'s is.
    pub fn prepended(first: Bytes, rest: ByteStream) -> Self {
        if first.is_empty() {
            return rest;
        }
        let length = rest.length().map(|rest| rest + first.len() as u64);
        Self::from_stream(
            Prepended {
                first: Some(first),
                rest,
            },
            length,
        )
    }

    /// The number of bytes left to read, when it is known.
    pub fn length(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(bytes) => Some(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Inner::Stream { length, read, .. } => length.map(|length| length.saturating_sub(*read)),
        }
    }

    /// The bytes, when the body is in memory and not yet read: a body that can be hashed
    /// whole and sent again.
    pub fn bytes(&self) -> Option<&Bytes> {
        match &self.inner {
            Inner::Bytes(bytes) => bytes.as_ref(),
            Inner::Stream { .. } => None,
        }
    }

    /// A copy of the body for sending again (a retry), when it is in memory and not yet
    /// read; a stream cannot be read twice.
    pub fn try_clone(&self) -> Option<Self> {
        self.bytes().cloned().map(Self::new)
    }

    /// The next chunk, or `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Bytes, ByteStreamError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the whole body into memory. For bodies known to be small; see
    /// [`ByteStream::collect_limited`] for others.
    pub async fn collect(self) -> Result<Bytes, ByteStreamError> {
        self.collect_limited(u64::MAX).await
    }

    /// Reads the whole body into memory, refusing one of more than `limit` bytes (as soon as
    /// its length says so, or as it is read).
    pub async fn collect_limited(mut self, limit: u64) -> Result<Bytes, ByteStreamError> {
        let too_large = || ByteStreamError {
            kind: ErrorKind::TooLarge { limit },
        };
        if self.length().is_some_and(|length| length > limit) {
            return Err(too_large());
        }
        if let Inner::Bytes(bytes) = &mut self.inner {
            return Ok(bytes.take().unwrap_or_default());
        }
        let mut whole = Vec::with_capacity(
            self.length()
                .map_or(0, |length| length.min(1 << 20) as usize),
        );
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            if (whole.len() + chunk.len()) as u64 > limit {
                return Err(too_large());
            }
            whole.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(whole))
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        Self::empty()
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.inner {
            Inner::Bytes(_) => "bytes",
            Inner::Stream { .. } => "stream",
        };
        f.debug_struct("ByteStream")
            .field("kind", &kind)
            .field("length", &self.length())
            .finish_non_exhaustive()
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(Bytes::from_static(bytes))
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match &mut self.inner {
            Inner::Bytes(bytes) => Poll::Ready(bytes.take().filter(|b| !b.is_empty()).map(Ok)),
            Inner::Stream {
                stream,
                length,
                read,
                done,
            } => {
                if *done {
                    return Poll::Ready(None);
                }
                match stream.as_mut().poll_next(cx) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(Some(Ok(chunk))) => {
                        *read += chunk.len() as u64;
                        match length {
                            Some(promised) if *read > *promised => {
                                *done = true;
                                Poll::Ready(Some(Err(ByteStreamError::length(*promised, *read))))
                            }
                            _ => Poll::Ready(Some(Ok(chunk))),
                        }
                    }
                    Poll::Ready(Some(Err(source))) => {
                        *done = true;
                        Poll::Ready(Some(Err(ByteStreamError {
                            kind: ErrorKind::Source(source),
                        })))
                    }
                    Poll::Ready(None) => {
                        *done = true;
                        match length {
                            Some(promised) if *read != *promised => {
                                Poll::Ready(Some(Err(ByteStreamError::length(*promised, *read))))
                            }
                            _ => Poll::Ready(None),
                        }
                    }
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, None)
    }
}

impl http_body::Body for ByteStream {
    type Data = Bytes;
    type Error = ByteStreamError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        self.poll_next(cx)
            .map(|chunk| chunk.map(|chunk| chunk.map(http_body::Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        match &self.inner {
            Inner::Bytes(bytes) => !matches!(bytes, Some(b) if !b.is_empty()),
            Inner::Stream { done, .. } => *done,
        }
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match self.length() {
            Some(length) => http_body::SizeHint::with_exact(length),
            None => http_body::SizeHint::default(),
        }
    }
}

/// Bytes, then the rest of a body ([`ByteStream::prepended`]).
struct Prepended {
    first: Option<Bytes>,
    rest: ByteStream,
}

impl Stream for Prepended {
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match this.first.take() {
            Some(first) => Poll::Ready(Some(Ok(first))),
            None => Pin::new(&mut this.rest).poll_next(cx),
        }
    }
}

/// A stream whose errors are boxed.
struct MapErr<S>(Pin<Box<S>>);

impl<S, E> Stream for MapErr<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|chunk| chunk.map_err(Into::into)))
    }
}

/// An HTTP body's data frames as a stream.
struct BodyStream<B>(Pin<Box<B>>);

impl<B> Stream for BodyStream<B>
where
    B: http_body::Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            return match self.0.as_mut().poll_frame(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(error.into()))),
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) => Poll::Ready(Some(Ok(data))),
                    // Trailers: not data; read on.
                    Err(_) => continue,
                },
            };
        }
    }
}

#[cfg(feature = "fs")]
mod fs {
    use super::*;

    /// How much of a file is read at a time.
    const CHUNK: usize = 64 * 1024;

    impl ByteStream {
        /// The contents of the file at `path`, read a chunk at a time as the body is sent;
        /// its length is the file's size when opened.
        pub async fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
            let file = tokio::fs::File::open(path).await?;
            let length = file.metadata().await?.len();
            Ok(Self::from_file(file, Some(length)))
        }

        /// The rest of `file`, read a chunk at a time, `length` bytes if known.
        pub fn from_file(file: tokio::fs::File, length: Option<u64>) -> Self {
            Self::from_stream(FileStream { file, done: false }, length)
        }
    }

    struct FileStream {
        file: tokio::fs::File,
        done: bool,
    }

    impl Stream for FileStream {
        type Item = Result<Bytes, std::io::Error>;

        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            if self.done {
                return Poll::Ready(None);
            }
            let mut buffer = vec![0u8; CHUNK];
            let mut read = tokio::io::ReadBuf::new(&mut buffer);
            match tokio::io::AsyncRead::poll_read(Pin::new(&mut self.file), cx, &mut read) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Err(error)) => {
                    self.done = true;
                    Poll::Ready(Some(Err(error)))
                }
                Poll::Ready(Ok(())) => {
                    let filled = read.filled().len();
                    if filled == 0 {
                        self.done = true;
                        return Poll::Ready(None);
                    }
                    buffer.truncate(filled);
                    Poll::Ready(Some(Ok(Bytes::from(buffer))))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream of `chunks`, then an error if `fail`.
    fn chunks(chunks: &[&'static [u8]], fail: bool) -> impl Stream<Item = Result<Bytes, BoxError>> {
        let mut items: Vec<Result<Bytes, BoxError>> =
            chunks.iter().map(|c| Ok(Bytes::from_static(c))).collect();
        if fail {
            items.push(Err("the disk went away".into()));
        }
        Iter(items.into_iter())
    }

    struct Iter<I>(I);
    impl<I: Iterator + Unpin> Stream for Iter<I> {
        type Item = I::Item;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
            Poll::Ready(self.0.next())
        }
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
        }
    }

    #[test]
    fn bytes_are_one_chunk_and_can_be_sent_again() {
        let body = ByteStream::from(b"hello".as_slice());
        assert_eq!(body.length(), Some(5));
        let again = body.try_clone().expect("bytes in memory");
        assert_eq!(block_on(body.collect()).unwrap(), "hello");
        assert_eq!(block_on(again.collect()).unwrap(), "hello");
        let mut empty = ByteStream::empty();
        assert!(block_on(empty.next()).is_none());
        assert!(http_body::Body::is_end_stream(&empty));
    }

    #[test]
    fn streams_are_read_in_order_and_held_to_their_length() {
        let body = ByteStream::from_stream(chunks(&[b"ab", b"cd"], false), Some(4));
        assert_eq!(body.length(), Some(4));
        assert!(body.try_clone().is_none());
        assert_eq!(block_on(body.collect()).unwrap(), "abcd");

        let unknown = ByteStream::from_stream(chunks(&[b"ab", b"cd"], false), None);
        assert_eq!(unknown.length(), None);
        assert_eq!(
            http_body::Body::size_hint(&unknown).exact(),
            None,
            "sent chunked"
        );
        assert_eq!(block_on(unknown.collect()).unwrap(), "abcd");

        let short = ByteStream::from_stream(chunks(&[b"ab"], false), Some(4));
        let error = block_on(short.collect()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the body ended after 2 of the 4 bytes it was said to have"
        );
        let long = ByteStream::from_stream(chunks(&[b"ab", b"cde"], false), Some(4));
        let error = block_on(long.collect()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the body is longer than the 4 bytes it was said to have"
        );
        let failing = ByteStream::from_stream(chunks(&[b"ab"], true), None);
        let error = block_on(failing.collect()).unwrap_err();
        assert_eq!(error.to_string(), "reading the body: the disk went away");
    }

    #[test]
    fn bytes_go_before_the_rest_of_a_body() {
        let body = ByteStream::prepended(
            Bytes::from_static(b"ab"),
            ByteStream::from_stream(chunks(&[b"cd", b"e"], false), Some(3)),
        );
        assert_eq!(body.length(), Some(5));
        assert_eq!(block_on(body.collect()).unwrap(), "abcde");
        let unknown = ByteStream::prepended(
            Bytes::from_static(b"ab"),
            ByteStream::from_stream(chunks(&[b"c"], false), None),
        );
        assert_eq!(unknown.length(), None);
        assert_eq!(block_on(unknown.collect()).unwrap(), "abc");
        // Nothing before: the body itself, still in memory.
        let same = ByteStream::prepended(Bytes::new(), ByteStream::new("xyz"));
        assert!(same.bytes().is_some());
    }

    #[test]
    fn collecting_under_a_limit_refuses_larger_bodies() {
        let known = ByteStream::from_stream(chunks(&[b"abcdef"], false), Some(6));
        assert!(block_on(known.collect_limited(5))
            .unwrap_err()
            .is_too_large());
        let unknown = ByteStream::from_stream(chunks(&[b"abc", b"def"], false), None);
        assert!(block_on(unknown.collect_limited(5))
            .unwrap_err()
            .is_too_large());
        let fits = ByteStream::from_stream(chunks(&[b"abc", b"de"], false), None);
        assert_eq!(block_on(fits.collect_limited(5)).unwrap(), "abcde");
    }

    #[test]
    fn http_bodies_become_streams_with_their_exact_length() {
        let body = http_body_util_full(b"xyz");
        let stream = ByteStream::from_body(body);
        assert_eq!(stream.length(), Some(3));
        assert_eq!(block_on(stream.collect()).unwrap(), "xyz");
    }

    #[cfg(feature = "fs")]
    #[tokio::test]
    async fn files_are_read_a_chunk_at_a_time() {
        let path = std::env::temp_dir().join(format!("bytestream-{}", std::process::id()));
        let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &content).unwrap();
        let mut body = ByteStream::from_path(&path).await.unwrap();
        assert_eq!(body.length(), Some(200_000));
        let mut chunks = 0;
        let mut read = Vec::new();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.unwrap();
            assert!(chunk.len() <= 64 * 1024);
            read.extend_from_slice(&chunk);
            chunks += 1;
        }
        assert_eq!(read, content);
        assert!(chunks >= 4, "{chunks} chunks");
        std::fs::remove_file(&path).unwrap();
        assert!(ByteStream::from_path(&path).await.is_err());
    }

    /// A one-frame body of `data` (http-body-util's `Full`, written out).
    fn http_body_util_full(
        data: &'static [u8],
    ) -> impl http_body::Body<Data = Bytes, Error = std::convert::Infallible> {
        struct Full(Option<Bytes>);
        impl http_body::Body for Full {
            type Data = Bytes;
            type Error = std::convert::Infallible;
            fn poll_frame(
                mut self: Pin<&mut Self>,
                _: &mut Context<'_>,
            ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
                Poll::Ready(self.0.take().map(|d| Ok(http_body::Frame::data(d))))
            }
            fn size_hint(&self) -> http_body::SizeHint {
                http_body::SizeHint::with_exact(self.0.as_ref().map_or(0, |d| d.len() as u64))
            }
        }
        Full(Some(Bytes::from_static(data)))
    }
}
