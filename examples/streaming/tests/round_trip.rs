//! The example's generated client and server over a socket on 127.0.0.1, with files kept in a
//! folder: what goes up comes back the same, a missing file is the modelled error, a key that
//! would leave the folder is refused before the handler runs, and an upload that breaks off
//! leaves no file behind.

use std::path::PathBuf;
use std::time::Duration;

use bytes::Bytes;
use servicemodel_example_streaming::examplefiles::{self, errors::GetFileError, Client};
use servicemodel_example_streaming::{FileServer, Store};
use servicemodel_runtime::ByteStream;
use servicemodel_runtime_client::{Config, Credentials, RetryConfig, SdkError};
use servicemodel_runtime_server::SigV4Authenticator;

/// Chunks, then an error: an upload that breaks off.
struct Broken(Vec<Result<Bytes, std::io::Error>>);

impl servicemodel_runtime::stream::Stream for Broken {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready((!self.0.is_empty()).then(|| self.0.remove(0)))
    }
}

fn folder(name: &str) -> PathBuf {
    let folder =
        std::env::temp_dir().join(format!("example-files-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

#[tokio::test]
async fn files_go_up_and_come_back() {
    let store = folder("round-trip");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let router = examplefiles::server::router(FileServer::new(Store::Folder(store.clone())))
        .authenticator(SigV4Authenticator::new("files").with_key("AKID", "secret"))
        .build();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(servicemodel_runtime_server::serve_with_shutdown(
        listener,
        router,
        async {
            let _ = stopped.await;
        },
    ));
    let config = || {
        Config::builder()
            .region("us-east-1")
            .endpoint_url(&endpoint)
            .credentials(Credentials::new("AKID", "secret", None, None, "test"))
            .retry(RetryConfig::disabled())
    };
    let client = Client::new(config().build());
    let calls = async {
        let content: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
        let stored = client
            .put_file()
            .key("data.bin")
            .body(content.clone())
            .send()
            .await
            .expect("stored");
        assert_eq!(stored.size, Some(300_000));
        assert_eq!(std::fs::read(store.join("data.bin")).unwrap(), content);

        let output = client
            .get_file()
            .key("data.bin")
            .send()
            .await
            .expect("found");
        assert_eq!(output.content_length, Some(300_000));
        assert_eq!(output.body.collect().await.unwrap(), content);

        let missing = client
            .get_file()
            .key("other.bin")
            .send()
            .await
            .expect_err("missing");
        assert!(
            matches!(
                missing.as_service_error(),
                Some(GetFileError::FileNotFoundException(_))
            ),
            "{missing:?}"
        );

        // The key's pattern is checked by the client, and by the server when the client does
        // not check (`..` would leave the folder).
        let refused = client.get_file().key("..").send().await;
        assert!(
            matches!(refused, Err(SdkError::InvalidInput(_))),
            "{refused:?}"
        );
        let unchecked = Client::new(config().validate_input(false).build());
        let refused = unchecked
            .get_file()
            .key("..")
            .send()
            .await
            .expect_err("refused");
        assert_eq!(refused.raw_response().map(|raw| raw.status), Some(400));

        // A body that breaks off is not stored, under its name or any other.
        let broken = ByteStream::from_stream(
            Broken(vec![
                Ok(Bytes::from_static(b"the beginning")),
                Err(std::io::Error::other("the disk went away")),
            ]),
            None,
        );
        let failed = client
            .put_file()
            .key("broken.bin")
            .body(broken)
            .send()
            .await;
        assert!(failed.is_err(), "{failed:?}");
        let mut left = Vec::new();
        for _ in 0..50 {
            left = std::fs::read_dir(&store)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect::<Vec<_>>();
            left.sort();
            if left == ["data.bin"] {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(left, ["data.bin"]);
    };
    tokio::time::timeout(Duration::from_secs(60), calls)
        .await
        .expect("the calls end");
    let _ = stop.send(());
    server.await.unwrap();
    let _ = std::fs::remove_dir_all(&store);
}
