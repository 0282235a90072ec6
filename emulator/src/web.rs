//! The web page at `/` and the emulator's own JSON API under `/_emulator/`.

use std::convert::Infallible;

use axum::extract::Request;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower::Service;

use crate::Emulator;

/// The application: the page and the API, with every other request going to `aws` (the two
/// generated routers).
pub(crate) fn routes<S>(emulator: Emulator, aws: S) -> axum::Router
where
    S: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Response: IntoResponse + 'static,
    S::Future: Send + 'static,
{
    axum::Router::new()
        .route("/", get(index).fallback_service(aws.clone()))
        .fallback_service(aws)
        .with_state(emulator)
}

async fn index(axum::extract::State(emulator): axum::extract::State<Emulator>) -> Response {
    let count = emulator.read(|state| state.sending.messages.len());
    Html(format!(
        "<!doctype html><title>SMS emulator</title><p>{count} messages</p>"
    ))
    .into_response()
}
