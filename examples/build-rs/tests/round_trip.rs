//! The generated client calls the generated server over a real socket on 127.0.0.1: the code
//! a `build.rs` generated is a working client and server, not only code that compiles.

use servicemodel_example_build_rs::pinpointsmsvoice::{
    self as v1, errors, server::PinpointSmsVoiceApi, Client,
};
use servicemodel_runtime_client::{Config, Credentials, RetryConfig};
use servicemodel_runtime_server::{serve, RequestContext, SigV4Authenticator};

struct Sets;

impl PinpointSmsVoiceApi for Sets {
    async fn list_configuration_sets(
        &self,
        _: RequestContext,
        _: v1::ListConfigurationSetsRequest,
    ) -> Result<v1::ListConfigurationSetsResponse, errors::ListConfigurationSetsError> {
        Ok(v1::ListConfigurationSetsResponse::builder()
            .configuration_sets(vec!["from-build-rs".to_owned()])
            .build())
    }
}

#[tokio::test]
async fn the_generated_client_calls_the_generated_server() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = v1::server::router(Sets)
        .authenticator(SigV4Authenticator::new("sms-voice").with_key("AKID", "SECRET"))
        .build();
    let server = tokio::spawn(serve(listener, router));
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(format!("http://{address}"))
            .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
            .retry(RetryConfig::disabled())
            .build(),
    );
    let sets = client
        .list_configuration_sets()
        .send()
        .await
        .expect("answered");
    assert_eq!(
        sets.configuration_sets,
        Some(vec!["from-build-rs".to_owned()])
    );
    server.abort();
}
