//! Without a `tls-*` feature the default transport speaks plain `http` only, and says which
//! feature an `https` URL needs instead of failing somewhere inside hyper. Run by `.ci/run`
//! as `cargo test -p servicemodel-runtime-client --no-default-features --test no_tls`.

#![cfg(not(any(feature = "tls-aws-lc", feature = "tls-ring")))]

use bytes::Bytes;
use servicemodel_runtime_client::transport::{HttpClient, HyperClient};

#[tokio::test]
async fn https_without_a_tls_feature_names_the_features() {
    let client = HyperClient::new();
    let request = http::Request::builder()
        .uri("https://127.0.0.1:9/")
        .body(Bytes::new())
        .unwrap();
    let error = client.send(request).await.expect_err("no TLS compiled in");
    let text = error.to_string();
    assert!(
        text.contains("`tls-aws-lc` or `tls-ring`"),
        "the error names the features: {text}"
    );
}
