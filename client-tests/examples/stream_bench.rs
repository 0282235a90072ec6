//! The streaming benchmark's two halves (run by `bench/streaming.sh`): a server built on the
//! server runtime's `Router` with a streaming operation, and a client that uploads and
//! downloads through the client runtime's streaming send path. Each prints its peak resident
//! memory (`VmHWM`) when it is done, so that a body of any size can be seen not to be held.
//!
//! ```text
//! stream_bench server 127.0.0.1:0 PORT_FILE   # serves until POST /stop
//! stream_bench client http://127.0.0.1:PORT BYTES
//! ```
//!
//! Routes: `PUT /upload` reads the body a chunk at a time and answers with how many bytes it
//! read; `GET /download/BYTES` answers BYTES bytes made as they are read; `POST /stop` stops the
//! server. No authentication (curl, the baseline, does not sign), and the client signs anyway,
//! as an SDK would (`UNSIGNED-PAYLOAD`).

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::Bytes;
use sms_voice::client_runtime::{
    send_streaming, AuthScheme, ByteStream, Config, Credentials, OperationRequest, RetryConfig,
    ServiceInfo,
};
use sms_voice::server_runtime::{
    self as rt, serve_with_shutdown, BoxFuture, NoAuth, Protocol, RequestContext, Router,
    ServerError,
};

const SERVICE: ServiceInfo = ServiceInfo {
    service_id: "Stream Bench",
    signing_name: "bench",
    auth: &[AuthScheme::SigV4],
    endpoint_prefix: "bench",
    retryable_codes: &[],
    query_compatible: false,
};

/// How large the chunks made on either side are.
const CHUNK: usize = 64 * 1024;

/// `total` bytes of a repeating pattern, made a chunk at a time as they are read.
struct Made {
    left: u64,
    chunk: Bytes,
}

impl Made {
    fn new(total: u64) -> Self {
        let pattern: Vec<u8> = (0..CHUNK).map(|i| (i % 251) as u8).collect();
        Self {
            left: total,
            chunk: Bytes::from(pattern),
        }
    }
}

impl sms_voice::runtime::stream::Stream for Made {
    type Item = Result<Bytes, std::convert::Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        let size = self.left.min(CHUNK as u64);
        self.left -= size;
        Poll::Ready(Some(Ok(self.chunk.slice(..size as usize))))
    }
}

/// The process's peak resident memory, in MiB, from `/proc/self/status` (Linux).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

struct Bench {
    stop: tokio::sync::mpsc::Sender<()>,
}

impl rt::Dispatch for Bench {
    fn dispatch(
        &self,
        request: http::Request<Bytes>,
        _: RequestContext,
    ) -> BoxFuture<'static, Result<http::Response<Bytes>, ServerError>> {
        let stop = self.stop.clone();
        Box::pin(async move {
            if request.uri().path() == "/stop" {
                let _ = stop.send(()).await;
                return Ok(http::Response::new(Bytes::from_static(b"stopping")));
            }
            Err(ServerError::not_found(
                request.method(),
                request.uri().path(),
            ))
        })
    }

    fn streams(&self, request: &http::request::Parts) -> bool {
        request.uri.path() != "/stop"
    }

    fn dispatch_streaming(
        &self,
        request: http::Request<ByteStream>,
        _: RequestContext,
    ) -> BoxFuture<'static, Result<http::Response<ByteStream>, ServerError>> {
        Box::pin(async move {
            let path = request.uri().path().to_owned();
            if let Some(size) = path.strip_prefix("/download/") {
                let size: u64 = size
                    .parse()
                    .map_err(|_| ServerError::not_found(request.method(), &path))?;
                return Ok(http::Response::new(ByteStream::from_stream(
                    Made::new(size),
                    Some(size),
                )));
            }
            if path != "/upload" {
                return Err(ServerError::not_found(request.method(), &path));
            }
            let mut body = request.into_body();
            let mut read = 0u64;
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(|e| ServerError::new(400, "BadBody", e.to_string()))?;
                read += chunk.len() as u64;
            }
            Ok(http::Response::new(ByteStream::from(read.to_string())))
        })
    }
}

async fn server(address: &str, port_file: &str) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| format!("binding {address}: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    std::fs::write(port_file, port.to_string()).map_err(|e| format!("{port_file}: {e}"))?;
    let (stop, mut stopped) = tokio::sync::mpsc::channel(1);
    let router = Router::builder(Protocol::RestJson1, Bench { stop })
        .authenticator(NoAuth)
        .build();
    serve_with_shutdown(listener, router, async move {
        stopped.recv().await;
    })
    .await;
    println!(
        "server peak memory: {:.1} MiB",
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    Ok(())
}

async fn client(endpoint: &str, size: u64) -> Result<(), String> {
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials(Credentials::new("AKID", "secret", None, None, "bench"))
        .retry(RetryConfig::disabled())
        .build();
    let request = |method: http::Method, path: String, body: ByteStream| OperationRequest {
        method,
        path_and_query: path,
        headers: Vec::new(),
        body,
        host_prefix: None,
    };
    let mib = size as f64 / (1 << 20) as f64;

    let started = Instant::now();
    let body = ByteStream::from_stream(Made::new(size), Some(size));
    let response = send_streaming(
        &config,
        &SERVICE,
        request(http::Method::PUT, "/upload".to_owned(), body),
        SERVICE.auth,
    )
    .await
    .map_err(|e| format!("upload: {e:?}"))?;
    let answer = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?;
    if answer != size.to_string() {
        return Err(format!("the server read {answer:?} bytes, not {size}"));
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "client upload: {mib:.0} MiB in {seconds:.2} s, {:.0} MiB/s",
        mib / seconds
    );

    let started = Instant::now();
    let response = send_streaming(
        &config,
        &SERVICE,
        request(
            http::Method::GET,
            format!("/download/{size}"),
            ByteStream::empty(),
        ),
        SERVICE.auth,
    )
    .await
    .map_err(|e| format!("download: {e:?}"))?;
    let mut body = response.into_body();
    let mut read = 0u64;
    while let Some(chunk) = body.next().await {
        read += chunk.map_err(|e| e.to_string())?.len() as u64;
    }
    if read != size {
        return Err(format!("downloaded {read} bytes, not {size}"));
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "client download: {mib:.0} MiB in {seconds:.2} s, {:.0} MiB/s",
        mib / seconds
    );
    println!(
        "client peak memory: {:.1} MiB",
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["server", address, port_file] => server(address, port_file).await,
        ["client", endpoint, size] => match size.parse() {
            Ok(size) => client(endpoint, size).await,
            Err(_) => Err(format!("{size:?} is not a number of bytes")),
        },
        _ => Err(
            "usage: stream_bench server ADDRESS PORT_FILE | stream_bench client URL BYTES"
                .to_owned(),
        ),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("stream_bench: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
