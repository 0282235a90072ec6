//! `sms-voice-emulator`: serves both APIs on one port until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use sms_voice_emulator::{Emulator, Options};

/// A local emulator of Amazon Pinpoint SMS and Voice v1 and AWS End User Messaging SMS v2.
///
/// Point any AWS SDK or the AWS CLI at the URL it prints (`--endpoint-url`). Sent messages
/// are shown on the web page at that URL.
#[derive(Debug, Parser)]
#[command(name = "sms-voice-emulator", version)]
struct Cli {
    /// The address to listen on. Loopback by default; port 0 picks a free port.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:4599")]
    listen: SocketAddr,

    /// Keep the state in this JSON file, so that it survives restarts and crashes (anything
    /// acknowledged is on disk first). Without it the state lives in memory only.
    #[arg(long, value_name = "PATH")]
    state: Option<PathBuf>,

    /// Verify request signatures with this key pair; repeat for several. Without any, every
    /// well-formed SigV4 request is accepted whatever its signature.
    #[arg(long = "access-key", value_name = "ID:SECRET", value_parser = parse_key)]
    access_keys: Vec<(String, String)>,

    /// Put the account in the SMS sandbox: messages may only go to verified destination
    /// numbers (see CreateVerifiedDestinationNumber), as for a new AWS account.
    #[arg(long)]
    sandbox: bool,
}

fn parse_key(value: &str) -> Result<(String, String), String> {
    match value.split_once(':') {
        Some((id, secret)) if !id.is_empty() && !secret.is_empty() => {
            Ok((id.to_owned(), secret.to_owned()))
        }
        _ => Err("expected ACCESS_KEY_ID:SECRET_ACCESS_KEY, both non-empty".to_owned()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let options = Options {
        state: cli.state,
        access_keys: cli.access_keys,
        sandbox: cli.sandbox,
    };
    let emulator = match Emulator::new(&options) {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("sms-voice-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(cli.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("sms-voice-emulator: cannot listen on {}: {e}", cli.listen);
            return ExitCode::FAILURE;
        }
    };
    let url = match listener.local_addr() {
        Ok(addr) => format!("http://{addr}"),
        Err(e) => {
            eprintln!("sms-voice-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("sms-voice-emulator listening on {url}");
    let shutdown = async {
        stop_signal().await;
        eprintln!("sms-voice-emulator: stopping");
    };
    match emulator.serve(listener, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sms-voice-emulator: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C, or SIGTERM on Unix (what service managers and `docker stop` send).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
