//! Serving a tower service over TCP with hyper (HTTP/1.1, and with the `http2` feature HTTP/2
//! with prior knowledge, h2c, told apart by the connection's first bytes): [`serve`] runs
//! until the process ends, [`serve_with_shutdown`] until a future completes, then stops
//! accepting and waits for the requests under way to finish.
//!
//! ```no_run
//! # async fn example(router: servicemodel_runtime_server::Router<impl servicemodel_runtime_server::Dispatch>) -> std::io::Result<()> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let address = listener.local_addr()?;
//! let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
//! let server = tokio::spawn(servicemodel_runtime_server::serve_with_shutdown(listener, router, async {
//!     let _ = stopped.await;
//! }));
//! // ... send requests to `address` ...
//! let _ = stop.send(());
//! server.await.expect("the server task ends cleanly");
//! # Ok(()) }
//! ```

use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;

use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower_service::Service;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Serves `service` on every connection `listener` accepts, for as long as the returned
/// future is polled.
pub async fn serve<S, B>(listener: TcpListener, service: S)
where
    S: Service<http::Request<Incoming>, Response = http::Response<B>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    serve_with_shutdown(listener, service, std::future::pending()).await
}

/// Serves `service` on every connection `listener` accepts until `shutdown` completes; then
/// stops accepting, lets requests under way finish (idle connections close at once), and
/// returns. Failed accepts (a client that hung up, too many open files) are skipped.
pub async fn serve_with_shutdown<S, B, F>(listener: TcpListener, service: S, shutdown: F)
where
    S: Service<http::Request<Incoming>, Response = http::Response<B>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
    F: Future<Output = ()>,
{
    let graceful = GracefulShutdown::new();
    #[cfg(feature = "http2")]
    let builder = {
        let mut builder =
            hyper_util::server::conn::auto::Builder::new(hyper_util::rt::TokioExecutor::new());
        builder.http1().timer(TokioTimer::new());
        builder.http2().timer(TokioTimer::new());
        builder
    };
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _peer)) => stream,
                    Err(_) => {
                        // Resource exhaustion clears up on its own; give it a moment.
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let io = TokioIo::new(stream);
                let service = TowerToHyperService::new(service.clone());
                #[cfg(feature = "http2")]
                let connection = builder.serve_connection(io, service).into_owned();
                #[cfg(not(feature = "http2"))]
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .serve_connection(io, service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    // A connection's I/O errors concern that client alone.
                    let _ = connection.await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    graceful.shutdown().await;
}
