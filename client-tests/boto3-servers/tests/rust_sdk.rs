//! The official AWS SDK for Rust (`aws-sdk-bedrockruntime`) against the generated Bedrock
//! Runtime server of this crate's binary: `converse_stream` reads the scripted conversation's
//! event stream (start, text deltas, stop, metadata) and, for the model `throttle`, the
//! modelled exception that ends it. (Its `invoke_model_with_bidirectional_stream`, which sends
//! a stream, is tested against a generated server in `bench/eventstream`.)

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use aws_sdk_bedrockruntime::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_bedrockruntime::types::{
    ContentBlock, ContentBlockDelta, ConversationRole, ConverseStreamOutput, Message,
};

/// The binary, serving until its standard input closes (when this is dropped).
struct Servers(Child);

impl Drop for Servers {
    fn drop(&mut self) {
        drop(self.0.stdin.take());
        let _ = self.0.wait();
    }
}

/// Starts the binary and returns it with the port of the conversation.
fn start() -> (Servers, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_servicemodel-boto3-servers"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the servers start");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut line)
        .expect("the ports line");
    let ports: serde_json::Value = serde_json::from_str(&line).expect("JSON");
    let port = ports["converse"].as_u64().expect("the conversation's port") as u16;
    (Servers(child), port)
}

fn client(port: u16) -> aws_sdk_bedrockruntime::Client {
    let config = aws_sdk_bedrockruntime::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .credentials_provider(Credentials::new(
            servicemodel_boto3_servers_keys::ACCESS_KEY,
            servicemodel_boto3_servers_keys::SECRET_KEY,
            None,
            None,
            "test",
        ))
        .build();
    aws_sdk_bedrockruntime::Client::from_conf(config)
}

/// The key pair the servers accept (as in `src/main.rs`).
mod servicemodel_boto3_servers_keys {
    pub const ACCESS_KEY: &str = "AKIDTEST";
    pub const SECRET_KEY: &str = "test-secret";
}

fn hello() -> Message {
    Message::builder()
        .role(ConversationRole::User)
        .content(ContentBlock::Text("Hello there".to_owned()))
        .build()
        .expect("a message")
}

#[tokio::test]
async fn the_official_sdk_reads_the_conversation() {
    let (_servers, port) = start();
    let client = client(port);
    let output = client
        .converse_stream()
        .model_id("scripted")
        .messages(hello())
        .send()
        .await
        .expect("a stream");
    let mut stream = output.stream;
    let (mut kinds, mut text) = (Vec::new(), String::new());
    let mut usage = None;
    while let Some(event) = stream.recv().await.expect("an event") {
        kinds.push(match &event {
            ConverseStreamOutput::MessageStart(start) => {
                assert_eq!(start.role(), &ConversationRole::Assistant);
                "messageStart"
            }
            ConverseStreamOutput::ContentBlockDelta(delta) => {
                if let Some(ContentBlockDelta::Text(piece)) = delta.delta() {
                    text.push_str(piece);
                }
                "contentBlockDelta"
            }
            ConverseStreamOutput::ContentBlockStop(_) => "contentBlockStop",
            ConverseStreamOutput::MessageStop(_) => "messageStop",
            ConverseStreamOutput::Metadata(metadata) => {
                usage = metadata
                    .usage()
                    .map(|u| (u.input_tokens(), u.output_tokens(), u.total_tokens()));
                "metadata"
            }
            other => panic!("an unexpected event: {other:?}"),
        });
    }
    let mut expected = vec!["messageStart"];
    expected.extend(["contentBlockDelta"; 6]);
    expected.extend(["contentBlockStop", "messageStop", "metadata"]);
    assert_eq!(kinds, expected);
    assert_eq!(text, "You said: Hello there");
    assert_eq!(usage, Some((2, 21, 23)));
}

#[tokio::test]
async fn the_official_sdk_reads_the_exception_that_ends_a_stream() {
    let (_servers, port) = start();
    let client = client(port);
    let output = client
        .converse_stream()
        .model_id("throttle")
        .messages(hello())
        .send()
        .await
        .expect("a stream");
    let mut stream = output.stream;
    let mut events = 0;
    let error = loop {
        match stream.recv().await {
            Ok(Some(_)) => events += 1,
            Ok(None) => panic!("the stream ended without the exception"),
            Err(error) => break error,
        }
    };
    assert_eq!(events, 2);
    let exception = error.into_service_error();
    assert!(exception.is_model_stream_error_exception(), "{exception:?}");
    assert_eq!(
        aws_sdk_bedrockruntime::error::ProvideErrorMetadata::message(&exception),
        Some("the model stopped")
    );
}
