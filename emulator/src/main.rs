//! `sms-voice-emulator`: serves both APIs on one port until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use std::time::Duration;

use sms_voice_emulator::store::DEFAULT_MAX_MESSAGES;
use sms_voice_emulator::{Emulator, Options, Retention};

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

    /// Keep the state in this SQLite database, so that it survives restarts and crashes
    /// (anything acknowledged is on disk first); it is created if missing, and a JSON state
    /// file of earlier versions is migrated. Without it the state lives in memory only.
    #[arg(long, value_name = "PATH")]
    state: Option<PathBuf>,

    /// Keep at most this many messages, dropping the oldest first; 0 keeps them all.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_MESSAGES)]
    max_messages: u64,

    /// Drop messages older than this, e.g. `30m`, `12h`, `7days`. Without it messages are
    /// kept whatever their age (up to --max-messages).
    #[arg(long, value_name = "DURATION", value_parser = parse_age)]
    max_age: Option<Duration>,

    /// Verify request signatures with this key pair; repeat for several. Without any, every
    /// well-formed SigV4 request is accepted whatever its signature.
    #[arg(long = "access-key", value_name = "ID:SECRET", value_parser = parse_key)]
    access_keys: Vec<(String, String)>,

    /// POST every new message, and then each of its events, as JSON to this http:// URL, in
    /// order, retried with back-off when the receiver fails (see the README).
    #[arg(long, value_name = "URL", value_parser = sms_voice_emulator::webhook::check_url)]
    webhook: Option<axum::http::Uri>,

    /// Put the account in the SMS sandbox: messages may only go to verified destination
    /// numbers (see CreateVerifiedDestinationNumber), as for a new AWS account.
    #[arg(long)]
    sandbox: bool,
}

fn parse_age(value: &str) -> Result<Duration, String> {
    let age = humantime::parse_duration(value)
        .map_err(|e| format!("{e}; give a duration such as 90s, 30m, 12h or 7days"))?;
    if age.is_zero() {
        return Err("a maximum age of zero would drop every message; give more".to_owned());
    }
    Ok(age)
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
        retention: Retention {
            max_messages: (cli.max_messages > 0).then_some(cli.max_messages),
            max_age: cli.max_age,
        },
        webhook: cli.webhook,
    };
    let emulator = match Emulator::new(&options) {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("sms-voice-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(kept) = emulator.store().migrated_from() {
        eprintln!(
            "sms-voice-emulator: the JSON state file of an earlier version was migrated to a database; the JSON file is kept as {}",
            kept.display()
        );
    }
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
