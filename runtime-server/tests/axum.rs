//! A router mounted in an axum app, served over a real socket on 127.0.0.1: the app's own
//! routes and the mounted service answer side by side.

use std::time::Duration;

use bytes::Bytes;
use servicemodel_runtime_client::{HttpClient as _, HyperClient};
use servicemodel_runtime_server::{
    json_response, json_rpc_operation, serve_with_shutdown, Protocol, RequestContext, Router,
    ServerError,
};

const LIMIT: Duration = Duration::from_secs(20);

async fn dispatch(
    request: http::Request<Bytes>,
    ctx: RequestContext,
) -> Result<http::Response<Bytes>, ServerError> {
    match json_rpc_operation(&request, "TestService")? {
        "Ping" => json_response(
            Protocol::AwsJson1_0,
            200,
            &serde_json::json!({"RequestId": ctx.request_id}),
        ),
        other => Err(ServerError::unknown_operation(format!(
            "Unknown operation TestService.{other}"
        ))),
    }
}

async fn send(request: http::Request<Bytes>) -> http::Response<Bytes> {
    tokio::time::timeout(LIMIT, HyperClient::new().send(request))
        .await
        .expect("an answer in time")
        .expect("an HTTP answer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn routers_mount_in_axum_apps() {
    let service = Router::new(Protocol::AwsJson1_0, dispatch);
    let app = axum::Router::new()
        .route("/health", axum::routing::get(|| async { "ok" }))
        .fallback_service(service);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_with_shutdown(listener, app, async {
        let _ = stopped.await;
    }));

    let health = send(
        http::Request::get(format!("{base}/health"))
            .body(Bytes::new())
            .unwrap(),
    )
    .await;
    assert_eq!(health.status(), 200);
    assert_eq!(health.body().as_ref(), b"ok");

    let ping = send(
        http::Request::post(format!("{base}/"))
            .header("x-amz-target", "TestService.Ping")
            .body(Bytes::new())
            .unwrap(),
    )
    .await;
    assert_eq!(ping.status(), 200);
    let body: serde_json::Value = serde_json::from_slice(ping.body()).unwrap();
    assert_eq!(
        body["RequestId"],
        ping.headers()["x-amzn-requestid"].to_str().unwrap()
    );

    let unknown = send(
        http::Request::post(format!("{base}/"))
            .header("x-amz-target", "TestService.Nope")
            .body(Bytes::new())
            .unwrap(),
    )
    .await;
    assert_eq!(unknown.status(), 400);
    assert_eq!(
        unknown.headers()["x-amzn-errortype"],
        "UnknownOperationException"
    );

    let _ = stop.send(());
    tokio::time::timeout(LIMIT, server).await.unwrap().unwrap();
}
