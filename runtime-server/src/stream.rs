//! What a generated dispatcher calls for an operation that streams (its input's or its
//! output's payload is a streaming blob): the router hands it the request with its body
//! unread ([`crate::Dispatch::dispatch_streaming`]), and it answers with a [`ByteStream`].

use bytes::Bytes;
use servicemodel_runtime::{ByteStream, Protocol};

use crate::{RequestContext, ServerError};

/// Splits a request whose input's payload streams into the request without its body (which
/// the input's other members are read from) and the body, unread.
pub fn split_stream(request: http::Request<ByteStream>) -> (http::Request<Bytes>, ByteStream) {
    let (parts, body) = request.into_parts();
    (http::Request::from_parts(parts, Bytes::new()), body)
}

/// Reads the whole body of a request whose output streams but whose input does not, held to
/// the context's body limit as the router holds other requests
/// (`RequestEntityTooLargeException`, 413), so that its input is read like any other.
pub async fn collect_request(
    request: http::Request<ByteStream>,
    context: &RequestContext,
) -> Result<http::Request<Bytes>, ServerError> {
    let (parts, body) = request.into_parts();
    let body = crate::read_body(&parts.headers, body, context.body_limit()).await?;
    Ok(http::Request::from_parts(parts, body))
}

/// A restJson1 answer whose body is the output's streaming payload, sent as it is read
/// (`application/octet-stream` unless a member bound to `Content-Type` says otherwise; with
/// `Content-Length` when the stream's length is known, chunked otherwise).
pub fn stream_payload_response(status: u16, body: ByteStream) -> http::Response<ByteStream> {
    let mut response = crate::empty_response(Protocol::RestJson1, status).map(|_| body);
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(servicemodel_runtime::protocol::BLOB_CONTENT_TYPE),
    );
    response
}

/// A restJson1 answer whose body is the output's event stream
/// (`application/vnd.amazon.eventstream`), each message sent as it is made.
pub fn event_stream_response(status: u16, body: ByteStream) -> http::Response<ByteStream> {
    let mut response = stream_payload_response(status, body);
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/vnd.amazon.eventstream"),
    );
    response
}

/// The `initial-response` event that starts an event stream of the JSON RPC protocols, framed:
/// `output`'s JSON (its members but the stream) in `protocol`'s content type.
#[cfg(feature = "eventstream")]
pub fn initial_response<T: serde::Serialize>(
    protocol: Protocol,
    output: &T,
) -> Result<Bytes, ServerError> {
    use servicemodel_runtime::eventstream;
    let json = serde_json::to_vec(output).map_err(|_| ServerError::internal("InternalFailure"))?;
    let message = eventstream::initial_response_message(protocol.content_type(), Bytes::from(json));
    eventstream::encode(&message).map_err(|_| ServerError::internal("InternalFailure"))
}

/// A JSON RPC answer whose body is an event stream: the `initial-response` event
/// ([`initial_response`]), then `events` as they are made.
#[cfg(feature = "eventstream")]
pub fn event_stream_rpc_response(
    status: u16,
    initial: Bytes,
    events: ByteStream,
) -> http::Response<ByteStream> {
    event_stream_response(status, ByteStream::prepended(initial, events))
}

/// An answer of a streaming operation whose body is in memory or streams, as the router
/// takes it.
pub fn streaming_response<B: Into<ByteStream>>(
    response: http::Response<B>,
) -> http::Response<ByteStream> {
    response.map(Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_body_is_held_to_the_limit_when_collected() {
        let context =
            RequestContext::new("id".to_owned(), http::HeaderMap::new()).with_body_limit(4);
        let request = http::Request::new(ByteStream::new(&b"12345"[..]));
        let error = collect_request(request, &context).await.unwrap_err();
        assert_eq!(error.status(), 413);
        let request = http::Request::new(ByteStream::new(&b"1234"[..]));
        let collected = collect_request(request, &context).await.unwrap();
        assert_eq!(collected.body().as_ref(), b"1234");
    }

    #[tokio::test]
    async fn a_streamed_answer_has_the_blob_content_type_and_the_body() {
        let response = stream_payload_response(201, ByteStream::new("audio"));
        assert_eq!(response.status(), 201);
        assert_eq!(
            response.headers()["content-type"],
            "application/octet-stream"
        );
        assert_eq!(
            response.into_body().collect().await.unwrap().as_ref(),
            b"audio"
        );
        let (request, body) = split_stream(http::Request::new(ByteStream::new("x")));
        assert!(request.body().is_empty());
        assert_eq!(body.length(), Some(1));
    }
}
