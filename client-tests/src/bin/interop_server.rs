//! A small server of both services for interoperability tests with other SDKs: v2 under
//! `POST /`, v1 under `/v1/`, on one port on 127.0.0.1, SigV4 verified against the key
//! `AKIDTEST` / `test-secret`. Prints `listening on http://127.0.0.1:PORT` when ready.
//!
//! It implements just enough to show the three kinds of answer per service: a success, a
//! modelled error, and a validation failure (the generated validators' work).

use std::collections::BTreeSet;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use sms_voice::pinpointsmsvoice as v1;
use sms_voice::pinpointsmsvoicev2 as v2;
use sms_voice::server_runtime::http::Request;
use sms_voice::server_runtime::{Dispatch, RequestContext, Router, Service, SigV4Authenticator};

struct V2;

impl v2::server::PinpointSmsVoiceV2Api for V2 {
    async fn send_text_message(
        &self,
        _context: RequestContext,
        input: v2::SendTextMessageRequest,
    ) -> Result<v2::SendTextMessageResult, v2::errors::SendTextMessageError> {
        let id = format!(
            "msg-{}",
            input.destination_phone_number.trim_start_matches('+')
        );
        Ok(v2::SendTextMessageResult::builder().message_id(id).build())
    }

    async fn describe_pools(
        &self,
        _context: RequestContext,
        input: v2::DescribePoolsRequest,
    ) -> Result<v2::DescribePoolsResult, v2::errors::DescribePoolsError> {
        let id = input
            .pool_ids
            .unwrap_or_default()
            .into_iter()
            .next()
            .unwrap_or_default();
        Err(v2::ResourceNotFoundException::builder()
            .message(format!("No pool {id}"))
            .resource_type("pool")
            .resource_id(id)
            .build()
            .into())
    }
}

#[derive(Default)]
struct V1 {
    sets: Mutex<BTreeSet<String>>,
}

impl v1::server::PinpointSmsVoiceApi for V1 {
    async fn create_configuration_set(
        &self,
        _context: RequestContext,
        input: v1::CreateConfigurationSetRequest,
    ) -> Result<v1::CreateConfigurationSetResponse, v1::errors::CreateConfigurationSetError> {
        let name = input.configuration_set_name;
        if !self
            .sets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name.clone())
        {
            return Err(v1::AlreadyExistsException::builder()
                .message(format!("Configuration set {name} already exists"))
                .build()
                .into());
        }
        Ok(v1::CreateConfigurationSetResponse::builder().build())
    }
}

/// Both routers on one port: `/v1/...` is v1, everything else v2.
struct Both<A, B> {
    v1: Router<A>,
    v2: Router<B>,
}

impl<A, B> Clone for Both<A, B> {
    fn clone(&self) -> Self {
        Self {
            v1: self.v1.clone(),
            v2: self.v2.clone(),
        }
    }
}

impl<A: Dispatch, B: Dispatch, Body> Service<Request<Body>> for Both<A, B>
where
    Router<A>: Service<Request<Body>, Error = Infallible>,
    Router<B>: Service<
        Request<Body>,
        Error = Infallible,
        Response = <Router<A> as Service<Request<Body>>>::Response,
    >,
    <Router<A> as Service<Request<Body>>>::Future: Send + 'static,
    <Router<B> as Service<Request<Body>>>::Future: Send + 'static,
{
    type Response = <Router<A> as Service<Request<Body>>>::Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        if request.uri().path().starts_with("/v1/") {
            Box::pin(self.v1.call(request))
        } else {
            Box::pin(self.v2.call(request))
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let auth = || SigV4Authenticator::new("sms-voice").with_key("AKIDTEST", "test-secret");
    let both = Both {
        v1: v1::server::router(V1::default())
            .authenticator(auth())
            .build(),
        v2: v2::server::router(V2).authenticator(auth()).build(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("listening on http://{}", listener.local_addr()?);
    use std::io::Write as _;
    std::io::stdout().flush()?;
    sms_voice::server_runtime::serve_with_shutdown(listener, both, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}
