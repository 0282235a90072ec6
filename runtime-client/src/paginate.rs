//! Paginators: a stream of pages that follows the output's next token, and a stream of the
//! items of those pages.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use std::sync::Arc;

use futures_core::Stream;

use crate::operation::{invoke, missing_members, Operation};
use crate::{Config, SdkError};

use super::transport::BoxFuture;

/// The pages of an operation's calls: what the generated `into_paginator()` methods return.
/// `first_token` reads the input's token (the first call's), `set_token` sets it for each
/// later call, and `next_token` reads a page's next token (`None` when the page says no more
/// follow). A build that failed is a stream of that one error.
pub fn pages<O, T>(
    config: Arc<Config>,
    input: Result<O, servicemodel_runtime::BuildError>,
    first_token: fn(&O) -> Option<T>,
    set_token: fn(&mut O, Option<T>),
    next_token: fn(&O::Output) -> Option<T>,
) -> PageStream<O::Output, SdkError<O::Error>, T>
where
    O: Operation + Clone,
    O::Output: 'static,
    O::Error: 'static,
    T: PageToken,
{
    let input = match input {
        Ok(input) => input,
        Err(e) => return PageStream::failed(SdkError::InvalidInput(missing_members(&e))),
    };
    let first = first_token(&input);
    PageStream::new(first, move |token| {
        let config = config.clone();
        let mut input = input.clone();
        set_token(&mut input, token);
        async move {
            let output = invoke(&config, input).await?;
            let next = next_token(&output);
            Ok((output, next))
        }
    })
}

/// What a page token can be: a string (most services) or a map (DynamoDB's
/// `ExclusiveStartKey` and `LastEvaluatedKey`). An empty token means there is no next page.
pub trait PageToken: Clone + PartialEq + Send + 'static {
    /// Whether the token is empty.
    fn is_empty(&self) -> bool;
}

impl PageToken for String {
    fn is_empty(&self) -> bool {
        str::is_empty(self)
    }
}

impl<K, V> PageToken for std::collections::BTreeMap<K, V>
where
    K: Clone + PartialEq + Send + 'static,
    V: Clone + PartialEq + Send + 'static,
{
    fn is_empty(&self) -> bool {
        std::collections::BTreeMap::is_empty(self)
    }
}

/// One page with the token of the next.
type PageResult<P, E, T> = Result<(P, Option<T>), E>;
type Fetch<P, E, T> = Box<dyn FnMut(Option<T>) -> BoxFuture<'static, PageResult<P, E, T>> + Send>;

/// A stream of pages, each of type `P`, with tokens of type `T`. Each page's next token feeds
/// the next request; the stream ends after a page without one (or with an empty one, or the
/// same token as the request, which would loop forever), or after the first error.
pub struct PageStream<P, E, T = String> {
    fetch: Fetch<P, E, T>,
    token: Option<T>,
    in_flight: Option<BoxFuture<'static, PageResult<P, E, T>>>,
    done: bool,
}

impl<P, E, T> std::fmt::Debug for PageStream<P, E, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageStream")
            .field(
                "started",
                &(self.token.is_some() || self.in_flight.is_some()),
            )
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<P, E, T: PageToken> PageStream<P, E, T> {
    /// Pages from `fetch`, which sends one request with the given token (`None` for the
    /// first) and returns the page with its next token.
    pub fn new<F, Fut>(first_token: Option<T>, mut fetch: F) -> Self
    where
        F: FnMut(Option<T>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<(P, Option<T>), E>> + Send + 'static,
    {
        Self {
            fetch: Box::new(move |token| Box::pin(fetch(token))),
            token: first_token,
            in_flight: None,
            done: false,
        }
    }

    /// A stream whose only item is `error` (a call that could not even start).
    pub fn failed(error: E) -> Self
    where
        P: Send + 'static,
        E: Send + 'static,
    {
        let mut error = Some(error);
        Self::new(None, move |_| {
            let e = error.take();
            async move {
                match e {
                    Some(e) => Err(e),
                    None => unreachable!("a failed stream ends after its error"),
                }
            }
        })
    }

    /// The items of every page, in order: `items` takes a page apart.
    pub fn items<I, F>(self, items: F) -> ItemStream<P, E, I, F, T>
    where
        F: FnMut(P) -> Vec<I>,
    {
        ItemStream {
            pages: self,
            items,
            buffer: std::collections::VecDeque::new(),
        }
    }
}

impl<P, E, T> Unpin for PageStream<P, E, T> {}

impl<P, E, T: PageToken> Stream for PageStream<P, E, T> {
    type Item = Result<P, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.done {
            return Poll::Ready(None);
        }
        let fut = match &mut this.in_flight {
            Some(f) => f,
            None => {
                let f = (this.fetch)(this.token.clone());
                this.in_flight.insert(f)
            }
        };
        let result = match fut.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(r) => r,
        };
        this.in_flight = None;
        Poll::Ready(Some(match result {
            Ok((page, next)) => {
                let next = next.filter(|t| !t.is_empty());
                if next.is_none() || next == this.token {
                    this.done = true;
                }
                this.token = next;
                Ok(page)
            }
            Err(e) => {
                this.done = true;
                Err(e)
            }
        }))
    }
}

/// The items of a [`PageStream`].
pub struct ItemStream<P, E, I, F, T = String> {
    pages: PageStream<P, E, T>,
    items: F,
    buffer: std::collections::VecDeque<I>,
}

impl<P, E, I, F, T> std::fmt::Debug for ItemStream<P, E, I, F, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemStream")
            .field("pages", &self.pages)
            .finish_non_exhaustive()
    }
}

impl<P, E, I, F, T> Unpin for ItemStream<P, E, I, F, T> {}

impl<P, E, I, F: FnMut(P) -> Vec<I>, T: PageToken> Stream for ItemStream<P, E, I, F, T> {
    type Item = Result<I, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.buffer.extend((this.items)(page)),
            }
        }
    }
}

/// Collects a stream into a `Vec`, stopping at the first error (a small helper so callers
/// need no stream-combinator crate).
pub async fn try_collect<T, E, S: Stream<Item = Result<T, E>> + Unpin>(
    mut stream: S,
) -> Result<Vec<T>, E> {
    let mut out = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
        out.push(item?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[tokio::test]
    async fn follows_tokens_across_three_pages() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let pages = PageStream::new(None, move |token: Option<String>| {
            log.lock().unwrap().push(token.clone());
            async move {
                Ok::<_, String>(match token.as_deref() {
                    None => (vec![1, 2], Some("t1".to_string())),
                    Some("t1") => (vec![3], Some("t2".to_string())),
                    Some("t2") => (vec![4, 5], None),
                    Some(other) => return Err(format!("unexpected token {other}")),
                })
            }
        });
        let items = try_collect(pages.items(|p| p)).await.unwrap();
        assert_eq!(items, [1, 2, 3, 4, 5]);
        assert_eq!(
            *seen.lock().unwrap(),
            [None, Some("t1".into()), Some("t2".into())]
        );
    }

    #[tokio::test]
    async fn follows_map_tokens_and_stops_at_an_empty_one() {
        use std::collections::BTreeMap;
        type Key = BTreeMap<String, i32>;
        let key = |n: i32| Key::from([("id".to_owned(), n)]);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let pages = PageStream::new(None, move |token: Option<Key>| {
            log.lock().unwrap().push(token.clone());
            let next = match token.as_ref().map(|k| k["id"]) {
                None => Some(key(1)),
                Some(1) => Some(key(2)),
                _ => Some(Key::new()),
            };
            async move { Ok::<_, String>((next.as_ref().map_or(0, Key::len), next)) }
        });
        assert_eq!(try_collect(pages).await.unwrap(), [1, 1, 0]);
        assert_eq!(*seen.lock().unwrap(), [None, Some(key(1)), Some(key(2))]);
    }

    #[tokio::test]
    async fn stops_on_a_repeated_token_and_on_errors() {
        let pages = PageStream::new(None, |_t: Option<String>| async {
            Ok::<_, String>((1, Some("same".to_string())))
        });
        // First page (token None → "same"), second ("same" → "same") ends the stream.
        assert_eq!(try_collect(pages).await.unwrap(), [1, 1]);
        let pages = PageStream::new(None, |_t: Option<String>| async {
            Err::<(i32, Option<String>), _>("boom")
        });
        assert_eq!(try_collect(pages).await, Err("boom"));
    }
}
