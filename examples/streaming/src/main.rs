//! Files of any size through a generated client and server.
//!
//! ```text
//! servicemodel-example-streaming [demo [BYTES]]
//!     Starts a server on 127.0.0.1 that keeps files in a temporary folder, writes a file of
//!     BYTES (64 MiB by default), uploads it from disk with the generated client, downloads it
//!     back to disk a chunk at a time, and compares the two.
//! servicemodel-example-streaming serve ADDRESS (--folder DIR | --sink) [PORT_FILE]
//!     Serves Example Files on ADDRESS (port 0: any free port, written to PORT_FILE) without
//!     authentication, until its standard input closes or Ctrl-C.
//! servicemodel-example-streaming bench URL BYTES
//!     Uploads BYTES made as they are sent to a `--sink` server, downloads as many, and prints
//!     each one's throughput and this process's peak memory (`bench/streaming.sh` runs it).
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use servicemodel_example_streaming::examplefiles::{self, Client};
use servicemodel_example_streaming::{FileServer, Made, Store};
use servicemodel_runtime::ByteStream;
use servicemodel_runtime_client::{Config, Credentials, RetryConfig};
use servicemodel_runtime_server::{serve_with_shutdown, SigV4Authenticator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const MIB: f64 = (1 << 20) as f64;

/// The process's peak resident memory, in MiB, from `/proc/self/status` (Linux).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn client(endpoint: &str) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(endpoint)
            .credentials(Credentials::new(
                "AKIDEXAMPLE",
                "example-secret",
                None,
                None,
                "example",
            ))
            .retry(RetryConfig::disabled())
            .build(),
    )
}

/// Writes `size` bytes to `path`, a chunk at a time.
async fn write_file(path: &Path, size: u64) -> std::io::Result<()> {
    let mut file = tokio::fs::File::create(path).await?;
    let mut made = Made::stream(size);
    while let Some(chunk) = made.next().await {
        file.write_all(&chunk.map_err(std::io::Error::other)?)
            .await?;
    }
    file.flush().await
}

/// Whether two files have the same bytes, read a block at a time.
async fn same_files(a: &Path, b: &Path) -> std::io::Result<bool> {
    let (mut a, mut b) = (
        tokio::fs::File::open(a).await?,
        tokio::fs::File::open(b).await?,
    );
    let (mut x, mut y) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let n = a.read(&mut x).await?;
        if n == 0 {
            return Ok(b.read(&mut y).await? == 0);
        }
        b.read_exact(&mut y[..n]).await?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

async fn demo(size: u64) -> Result<(), String> {
    let folder = std::env::temp_dir().join(format!("example-files-{}", std::process::id()));
    let result = run_demo(&folder, size).await;
    let _ = std::fs::remove_dir_all(&folder);
    result
}

async fn run_demo(folder: &Path, size: u64) -> Result<(), String> {
    let store = folder.join("store");
    std::fs::create_dir_all(&store).map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let endpoint = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    // Requests are signed (the client's payload unsigned, as `v4-unsigned-body` allows), and
    // the server holds them to the key.
    let router = examplefiles::server::router(FileServer::new(Store::Folder(store)))
        .authenticator(SigV4Authenticator::new("files").with_key("AKIDEXAMPLE", "example-secret"))
        .build();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_with_shutdown(listener, router, async {
        let _ = stopped.await;
    }));
    let client = client(&endpoint);

    let original = folder.join("original.bin");
    write_file(&original, size)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "serving files at {endpoint}; {} MiB to send",
        size as f64 / MIB
    );

    let started = Instant::now();
    let body = ByteStream::from_path(&original)
        .await
        .map_err(|e| e.to_string())?;
    let stored = client
        .put_file()
        .key("original.bin")
        .content_type("application/octet-stream")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("PutFile: {e}"))?;
    println!(
        "PutFile: the server stored {} bytes in {:.2} s",
        stored.size.unwrap_or_default(),
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let output = client
        .get_file()
        .key("original.bin")
        .send()
        .await
        .map_err(|e| format!("GetFile: {e}"))?;
    println!(
        "GetFile: {:?}, Content-Length {:?}",
        output.content_type, output.content_length
    );
    let copy = folder.join("copy.bin");
    let mut file = tokio::fs::File::create(&copy)
        .await
        .map_err(|e| e.to_string())?;
    let mut body = output.body;
    let mut chunks = 0;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| format!("GetFile's body: {e}"))?;
        file.write_all(&chunk).await.map_err(|e| e.to_string())?;
        chunks += 1;
    }
    file.flush().await.map_err(|e| e.to_string())?;
    println!(
        "GetFile: written to disk in {chunks} chunks in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    if !same_files(&original, &copy)
        .await
        .map_err(|e| e.to_string())?
    {
        return Err("the copy differs from the original".to_owned());
    }
    println!("the copy is the same as the original");

    match client.get_file().key("nothing.bin").send().await {
        Err(error) => println!("GetFile of a missing file: {error}"),
        Ok(_) => return Err("a missing file was found".to_owned()),
    }
    println!(
        "peak memory of this process: {:.1} MiB",
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    let _ = stop.send(());
    server.await.map_err(|e| e.to_string())
}

async fn serve(address: &str, store: Store, port_file: Option<&str>) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| format!("{address}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    if let Some(port_file) = port_file {
        std::fs::write(port_file, local.port().to_string()).map_err(|e| e.to_string())?;
    }
    eprintln!("serving Example Files at http://{local} (no authentication) until stdin closes");
    // No authentication: the benchmark's baseline, curl, does not sign.
    let router = examplefiles::server::router(FileServer::new(store))
        .authenticator(servicemodel_runtime_server::NoAuth)
        .build();
    let stopped = async {
        let stdin_closed = async {
            let mut sink = Vec::new();
            let _ = tokio::io::stdin().read_to_end(&mut sink).await;
        };
        tokio::select! {
            _ = stdin_closed => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    };
    serve_with_shutdown(listener, router, stopped).await;
    println!(
        "server peak memory: {:.1} MiB",
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    Ok(())
}

async fn bench(endpoint: &str, size: u64) -> Result<(), String> {
    let client = client(endpoint);
    let mib = size as f64 / MIB;

    let started = Instant::now();
    let stored = client
        .put_file()
        .key("sink")
        .body(Made::stream(size))
        .send()
        .await
        .map_err(|e| format!("PutFile: {e}"))?;
    if stored.size != Some(size as i64) {
        return Err(format!(
            "the server read {:?} bytes, not {size}",
            stored.size
        ));
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "client upload: {mib:.0} MiB in {seconds:.2} s, {:.0} MiB/s",
        mib / seconds
    );

    let started = Instant::now();
    let output = client
        .get_file()
        .key(size.to_string())
        .send()
        .await
        .map_err(|e| format!("GetFile: {e}"))?;
    let mut body = output.body;
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

fn bytes(text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("{text:?} is not a number of bytes"))
}

const USAGE: &str = "usage: servicemodel-example-streaming [demo [BYTES]]
       servicemodel-example-streaming serve ADDRESS (--folder DIR | --sink) [PORT_FILE]
       servicemodel-example-streaming bench URL BYTES";

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args[..] {
        [] | ["demo"] => demo(64 << 20).await,
        ["demo", size] => match bytes(size) {
            Ok(size) => demo(size).await,
            Err(message) => Err(message),
        },
        ["serve", address, "--sink", ref port_file @ ..] if port_file.len() <= 1 => {
            serve(address, Store::Sink, port_file.first().copied()).await
        }
        ["serve", address, "--folder", folder, ref port_file @ ..] if port_file.len() <= 1 => {
            serve(
                address,
                Store::Folder(PathBuf::from(folder)),
                port_file.first().copied(),
            )
            .await
        }
        ["bench", endpoint, size] => match bytes(size) {
            Ok(size) => bench(endpoint, size).await,
            Err(message) => Err(message),
        },
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("servicemodel-example-streaming: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
