//! Sends one text message through the generated v2 client.
//!
//! ```sh
//! cargo run -p sms-voice-client-tests --example send_text_message -- \
//!     http://127.0.0.1:4566 +14255550100 "Hello from Rust"
//! ```
//!
//! The endpoint is the first argument; the region and credentials come from the environment
//! (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`), with `us-east-1` and test
//! credentials when unset, which is what local endpoints expect.

use sms_voice::client_runtime::{Config, Credentials};
use sms_voice::pinpointsmsvoicev2::Client;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [endpoint, destination, message] = args.as_slice() else {
        eprintln!("usage: send_text_message ENDPOINT_URL DESTINATION_PHONE_NUMBER MESSAGE");
        return std::process::ExitCode::from(2);
    };
    let mut config = Config::from_env("Pinpoint SMS Voice V2").endpoint_url(endpoint);
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if env("AWS_REGION")
        .or_else(|| env("AWS_DEFAULT_REGION"))
        .is_none()
    {
        config = config.region("us-east-1");
    }
    if env("AWS_ACCESS_KEY_ID").is_none() {
        config = config.credentials(Credentials::new("test", "test", None, None, "example"));
    }
    let client = Client::new(config.build());
    match client
        .send_text_message()
        .destination_phone_number(destination)
        .message_body(message)
        .send()
        .await
    {
        Ok(output) => {
            println!("sent: message id {}", output.message_id.unwrap_or_default());
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
