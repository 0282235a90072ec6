//! The emulator serves both APIs and the page on one port.

mod common;

#[tokio::test]
async fn serves_both_apis_and_the_page() {
    let running = common::start().await;
    // The generated validators answer for the emulator: MaxResults is at least 1.
    let v2 = running.v2.describe_pools().max_results(0).send().await;
    assert_eq!(common::code(v2), "ValidationException");
    let v1 = running
        .v1
        .delete_configuration_set()
        .configuration_set_name("")
        .send()
        .await;
    assert!(v1.is_err());
    let page = reqwest_free_get(&running.url()).await;
    assert!(page.contains("messages"), "{page}");
}

async fn reqwest_free_get(url: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            format!("GET / HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap();
    out
}

/// `/` is the page for GET only: a v2 call there is the API's, with no trace of the page's
/// routing (no `Allow` header) in its answer.
#[tokio::test]
async fn api_answers_at_the_root_are_the_apis_own() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let running = common::start().await;
    let addr = running.addr.to_string();
    let body = "{}";
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let request = format!(
        "POST / HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\
         x-amz-target: PinpointSMSVoiceV2.NoSuchAction\r\n\
         content-type: application/x-amz-json-1.0\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let head = answer
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 4"), "{answer}");
    assert!(head.contains("x-amzn-requestid"), "{answer}");
    assert!(!head.contains("\r\nallow:"), "{answer}");
}
