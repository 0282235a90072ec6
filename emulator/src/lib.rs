//! A local emulator of Amazon Pinpoint SMS and Voice v1 and AWS End User Messaging SMS v2.
//!
//! It serves both APIs on one port through the routers of the generated crate (v2's JSON RPC
//! on `POST /`, v1's REST API under `/v1/sms-voice/`), keeps their resources in a [`Store`]
//! (in memory, or durable on disk), and shows what was sent on a web page at `/`, with a JSON
//! API for tests under `/_emulator/`.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use sms_voice_emulator::{Emulator, Options};
//! let emulator = Emulator::new(&Options::default())?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! emulator.serve(listener, std::future::pending()).await?;
//! # Ok(()) }
//! ```

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use sms_voice::pinpointsmsvoice as v1;
use sms_voice::pinpointsmsvoicev2 as v2;
use sms_voice::server_runtime::{
    auth::SigV4Authorization, Authenticator, PermissiveSigV4, RequestContext, SigV4Authenticator,
};

pub mod code;
mod countries;
pub mod error;
pub mod faults;
mod idempotency;
mod ops;
pub mod state;
pub mod store;
pub(crate) mod v1_api;
pub(crate) mod v2_api;
mod web;
pub mod webhook;

pub use error::EmuError;
use error::IntoOpError;
pub use state::State;
pub use store::{Retention, Store, StoreError, Tx};

/// The account id in every ARN the emulator makes.
pub const ACCOUNT_ID: &str = "123456789012";

/// The region of ARNs when a request is not signed for one.
pub const DEFAULT_REGION: &str = "us-east-1";

/// How to run the emulator.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Keep the state in this file (it survives restarts and crashes); in memory if `None`.
    pub state: Option<PathBuf>,
    /// Verify signatures with these keys (access key id, secret). Empty: accept any
    /// well-formed SigV4 request without checking its signature.
    pub access_keys: Vec<(String, String)>,
    /// Start the account in the sandbox (`ACCOUNT_TIER` `SANDBOX`): messages go only to
    /// verified destination numbers. Otherwise the account is in production.
    pub sandbox: bool,
    /// Which messages are kept (by default the newest [`store::DEFAULT_MAX_MESSAGES`]).
    pub retention: Retention,
    /// POST each new message and event to this URL (see [`webhook`]); checked by
    /// [`webhook::check_url`].
    pub webhook: Option<axum::http::Uri>,
}

/// The emulator: its state and options. Cheap to clone; clones share the state.
#[derive(Debug, Clone)]
pub struct Emulator {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    access_keys: Vec<(String, String)>,
    sandbox: bool,
    faults: faults::Faults,
    /// Set when the server begins to stop: long requests (waits, event streams) end then.
    closing: tokio::sync::watch::Sender<bool>,
    webhook: Option<axum::http::Uri>,
}

impl Emulator {
    /// An emulator with the state of `options.state` (loaded if the file exists).
    pub fn new(options: &Options) -> Result<Self, StoreError> {
        let store = match &options.state {
            Some(path) => Store::open(path, options.retention)?,
            None => Store::in_memory(options.retention)?,
        };
        Ok(Self {
            inner: Arc::new(Inner {
                store,
                access_keys: options.access_keys.clone(),
                sandbox: options.sandbox,
                faults: faults::Faults::default(),
                closing: tokio::sync::watch::Sender::new(false),
                webhook: options.webhook.clone(),
            }),
        })
    }

    /// Whether the account is in the sandbox (`--sandbox`).
    pub fn sandbox(&self) -> bool {
        self.inner.sandbox
    }

    /// Completes when the server begins to stop (see [`serve`](Self::serve)).
    pub(crate) async fn closed(&self) {
        let mut closing = self.inner.closing.subscribe();
        let _ = closing.wait_for(|closing| *closing).await;
    }

    /// The faults injected through the JSON API, waiting to fire.
    pub fn faults(&self) -> &faults::Faults {
        &self.inner.faults
    }

    /// Serves one call of `operation` on a blocking thread (the store takes locks and waits
    /// for the disk): an injected fault fires first, if one is waiting; then the operation's
    /// function runs on the validated input, as one [`Store::operation`]. Its error is put in
    /// the service's terms ([`EmuError::for_v1`] for v1) and turned into the operation's own
    /// error type.
    async fn answer<I, O, E>(
        &self,
        service: faults::Service,
        operation: &'static str,
        context: RequestContext,
        input: I,
        run: impl FnOnce(&Emulator, &Ctx, I) -> Result<O, EmuError> + Send + 'static,
    ) -> Result<O, E>
    where
        I: Send + 'static,
        O: Send + 'static,
        EmuError: IntoOpError<E>,
    {
        let emu = self.clone();
        let result = tokio::task::spawn_blocking(move || {
            let ctx = Ctx::of(&context);
            emu.inner
                .faults
                .fire(service, operation)
                .and_then(|()| emu.inner.store.operation(|| run(&emu, &ctx, input)))
        })
        .await
        .unwrap_or_else(|e| {
            Err(EmuError::Internal {
                message: format!("the operation stopped: {e}"),
                v1: false,
            })
        });
        result.map_err(|e| match service {
            faults::Service::V1 => e.for_v1().into_op_error(),
            faults::Service::V2 => e.into_op_error(),
        })
    }

    /// [`answer`](Self::answer) for a v2 operation with an idempotency token: a retry with the
    /// same `ClientToken` answers the first call's result (see [`idempotency::idempotent`]).
    async fn answer_idempotent<I, O, E>(
        &self,
        operation: &'static str,
        context: RequestContext,
        input: I,
        run: fn(&Emulator, &Ctx, I) -> Result<O, EmuError>,
    ) -> Result<O, E>
    where
        I: idempotency::ClientToken + serde::Serialize + Send + 'static,
        O: serde::Serialize + serde::de::DeserializeOwned + Send + 'static,
        EmuError: IntoOpError<E>,
    {
        self.answer(
            faults::Service::V2,
            operation,
            context,
            input,
            move |emu, ctx, input| {
                idempotency::idempotent(emu, operation, input, |input| run(emu, ctx, input))
            },
        )
        .await
    }

    /// Runs `f` on a blocking thread, for the emulator's own API (its store takes locks and
    /// waits for the disk).
    pub(crate) async fn blocking<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Emulator) -> R + Send + 'static,
    ) -> Result<R, EmuError> {
        let emu = self.clone();
        tokio::task::spawn_blocking(move || f(&emu))
            .await
            .map_err(|e| EmuError::Internal {
                message: format!("the request stopped: {e}"),
                v1: false,
            })
    }

    /// The state store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Reads the state; see [`Store::read`].
    pub fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        self.inner.store.read(f)
    }

    /// Reads the state and the tables; see [`Store::query`].
    pub fn query<R>(&self, f: impl FnOnce(&Tx<'_>) -> R) -> R {
        self.inner.store.query(f)
    }

    /// Changes the state and the tables; see [`Store::write`].
    pub fn write<R>(
        &self,
        f: impl FnOnce(&mut Tx<'_>) -> Result<R, EmuError>,
    ) -> Result<R, EmuError> {
        self.inner.store.write(f)
    }

    fn authenticator(&self) -> Box<dyn Authenticator> {
        if self.inner.access_keys.is_empty() {
            return Box::new(PermissiveSigV4);
        }
        let mut auth = SigV4Authenticator::new("sms-voice");
        for (id, secret) in &self.inner.access_keys {
            auth = auth.with_key(id.clone(), secret.clone());
        }
        Box::new(auth)
    }

    /// The whole HTTP application: both APIs, the web page and the `/_emulator/` API.
    pub fn app(&self) -> axum::Router {
        let v2 = v2::server::router(self.clone())
            .authenticator(BoxedAuth(self.authenticator()))
            .build();
        let v1 = v1::server::router(self.clone())
            .authenticator(BoxedAuth(self.authenticator()))
            .build();
        let aws = tower::service_fn(move |request: axum::extract::Request| {
            use tower::ServiceExt;
            let v1 = v1.clone();
            let v2 = v2.clone();
            async move {
                if request.uri().path().starts_with("/v1/") {
                    v1.oneshot(request).await
                } else {
                    v2.oneshot(request).await
                }
            }
        });
        web::routes(self.clone(), aws)
    }

    /// Serves the application on `listener` until `shutdown` completes, then finishes the
    /// requests in flight (waiting requests answer at once, event streams end).
    pub async fn serve(
        &self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let closing = self.inner.closing.clone();
        let webhook = self
            .inner
            .webhook
            .clone()
            .map(|url| tokio::spawn(webhook::deliver(self.clone(), url)));
        let served = axum::serve(listener, self.app())
            .with_graceful_shutdown(async move {
                shutdown.await;
                closing.send_replace(true);
            })
            .await;
        if let Some(delivery) = webhook {
            // It ends on its own once the server is closing.
            self.inner.closing.send_replace(true);
            let _ = delivery.await;
        }
        served
    }
}

struct BoxedAuth(Box<dyn Authenticator>);

impl Authenticator for BoxedAuth {
    fn authenticate<'a>(
        &'a self,
        request: &'a sms_voice::server_runtime::http::request::Parts,
        body: &'a sms_voice::server_runtime::bytes::Bytes,
    ) -> std::pin::Pin<
        Box<
            dyn Future<
                    Output = Result<
                        Option<sms_voice::server_runtime::Caller>,
                        sms_voice::server_runtime::ServerError,
                    >,
                > + Send
                + 'a,
        >,
    > {
        self.0.authenticate(request, body)
    }
}

/// What an operation knows of its request: who, where, and its id.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The request id answered in `x-amzn-RequestId`.
    pub request_id: String,
    /// The region the request was signed for ([`DEFAULT_REGION`] if unsigned).
    pub region: String,
    /// The account: always [`ACCOUNT_ID`].
    pub account_id: String,
}

impl Ctx {
    /// The context of a request the generated router passed on.
    pub fn of(context: &RequestContext) -> Self {
        let region = context
            .headers
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| SigV4Authorization::parse(value).ok())
            .map(|auth| auth.region)
            .unwrap_or_else(|| DEFAULT_REGION.to_owned());
        Self {
            request_id: context.request_id.clone(),
            region,
            account_id: ACCOUNT_ID.to_owned(),
        }
    }

    /// A context for the emulator's own API (no AWS request behind it).
    pub fn internal() -> Self {
        Self {
            request_id: new_id(""),
            region: DEFAULT_REGION.to_owned(),
            account_id: ACCOUNT_ID.to_owned(),
        }
    }

    /// The ARN of a resource: `arn:aws:sms-voice:{region}:{account}:{resource}`, where
    /// `resource` is e.g. `pool/pool-1234`.
    pub fn arn(&self, resource: &str) -> String {
        format!(
            "arn:aws:sms-voice:{}:{}:{resource}",
            self.region, self.account_id
        )
    }
}

/// A fresh identifier: `prefix` followed by 32 lowercase hex digits (e.g. `pool-` gives
/// `pool-0123…`).
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}{:032x}", fastrand::u128(..))
}

/// The current time.
pub fn now() -> sms_voice::runtime::Timestamp {
    sms_voice::runtime::Timestamp::now()
}

/// One page of `items` (already filtered, in their stable order) after `next_token`, at most
/// `max_results` (or `default_max`) long, and the token of the next page if there is one.
/// Tokens are opaque to callers; a token this function did not make is a `ValidationException`.
pub fn paginate<T>(
    items: Vec<T>,
    next_token: Option<&str>,
    max_results: Option<i32>,
    default_max: usize,
) -> Result<(Vec<T>, Option<String>), EmuError> {
    let start = match next_token {
        None => 0,
        Some(token) => token
            .strip_prefix("page-")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n <= items.len())
            .ok_or_else(|| {
                EmuError::validation(
                    "INVALID_NEXT_TOKEN",
                    "NextToken",
                    "The next token is not valid.",
                )
            })?,
    };
    let max = max_results
        .and_then(|m| usize::try_from(m).ok())
        .filter(|m| *m > 0)
        .unwrap_or(default_max);
    let end = start.saturating_add(max).min(items.len());
    let next = (end < items.len()).then(|| format!("page-{end}"));
    let page = items.into_iter().skip(start).take(end - start).collect();
    Ok((page, next))
}

/// Whether a Describe filter's `values` accept `actual` (any of them, exactly).
pub fn filter_accepts(values: &[String], actual: &str) -> bool {
    values.iter().any(|value| value == actual)
}

/// The values of a `true`/`false` Describe filter (in any case), or the `ValidationException`
/// naming the filter and the value that is neither.
pub fn bool_filter(filter: &str, values: &[String]) -> Result<Vec<bool>, EmuError> {
    values
        .iter()
        .map(|value| match value.to_ascii_lowercase().as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(EmuError::validation(
                "INVALID_FILTER_VALUES",
                "Filters",
                format!("The filter {filter} takes true or false, not {value:?}."),
            )),
        })
        .collect()
}

/// Whether a `true`/`false` filter's `values` accept `actual`; see [`bool_filter`].
pub fn filter_accepts_bool(
    filter: &str,
    values: &[String],
    actual: bool,
) -> Result<bool, EmuError> {
    Ok(bool_filter(filter, values)?.contains(&actual))
}

/// What the names a Describe call lists resolve to (an id, say), each once, in the order first
/// named; the first name that does not resolve answers its error.
pub fn resolve_once<N, K: PartialEq>(
    names: &[N],
    mut resolve: impl FnMut(&N) -> Result<K, EmuError>,
) -> Result<Vec<K>, EmuError> {
    let mut out: Vec<K> = Vec::new();
    for name in names {
        let key = resolve(name)?;
        if !out.contains(&key) {
            out.push(key);
        }
    }
    Ok(out)
}

/// Copies of the `items` that every one of `filters` accepts, in their order.
pub fn keep_matching<'a, T: Clone + 'a, F>(
    items: impl IntoIterator<Item = &'a T>,
    filters: &[F],
    mut accepts: impl FnMut(&T, &F) -> Result<bool, EmuError>,
) -> Result<Vec<T>, EmuError> {
    let mut out = Vec::new();
    'items: for item in items {
        for filter in filters {
            if !accepts(item, filter)? {
                continue 'items;
            }
        }
        out.push(item.clone());
    }
    Ok(out)
}
