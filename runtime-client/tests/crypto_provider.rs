//! The default transport chooses its TLS provider itself. This test binary installs, as the
//! process-level default, a provider with no cipher suites (standing for whatever provider
//! an application installs, or for none being chosen when both `ring` and `aws-lc-rs` are
//! compiled in): a transport that took the process default would panic building its TLS
//! configuration. Its own binary, since the default is process-wide.

#![cfg(feature = "tls-aws-lc")]

#[test]
fn the_default_transport_ignores_the_process_default_provider() {
    let unusable = rustls::crypto::CryptoProvider {
        cipher_suites: Vec::new(),
        ..rustls::crypto::aws_lc_rs::default_provider()
    };
    unusable
        .install_default()
        .expect("the first provider installed in this process");
    // Taking the process default would now fail: it has nothing to offer.
    assert!(rustls::ClientConfig::builder_with_provider(
        rustls::crypto::CryptoProvider::get_default()
            .expect("installed")
            .clone()
    )
    .with_safe_default_protocol_versions()
    .is_err());
    // The transport builds, with its own provider.
    let client = servicemodel_runtime_client::transport::HyperClient::new();
    drop(client);
}
