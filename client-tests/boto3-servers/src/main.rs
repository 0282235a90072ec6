//! Serves every service under test on a port of 127.0.0.1, each operation answering with the
//! input it decoded (the error `EchoInput`, whose message is the input as JSON), and prints
//! one line of JSON: botocore's folder name → port. Serves until its standard input closes.
//! Requests are verified as SigV4 with [`ACCESS_KEY`] and [`SECRET_KEY`].

#![allow(clippy::all, deprecated)]

include!(concat!(env!("OUT_DIR"), "/services.rs"));

mod servers {
    include!(concat!(env!("OUT_DIR"), "/echo.rs"));
}

mod dump;

use servicemodel_runtime::UnhandledError;

/// The access key the servers accept.
pub const ACCESS_KEY: &str = "AKIDTEST";
/// Its secret.
pub const SECRET_KEY: &str = "test-secret";

/// The error every operation answers: code `EchoInput`, status 400 (not retried), the input
/// as JSON for message.
pub fn echo(input: &impl dump::Dump) -> UnhandledError {
    UnhandledError::new("EchoInput", Some(input.dump().to_string()), 400)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let ports = servers::serve_all().await?;
    let line = serde_json::Value::Object(
        ports
            .into_iter()
            .map(|(name, port)| (name.to_owned(), port.into()))
            .collect(),
    );
    let mut stdout = tokio::io::stdout();
    stdout.write_all(format!("{line}\n").as_bytes()).await?;
    stdout.flush().await?;
    // Until the driver closes our standard input (or goes away).
    let mut sink = Vec::new();
    tokio::io::stdin().read_to_end(&mut sink).await?;
    Ok(())
}
