//! Client configuration: region, endpoint, credentials and bearer tokens, retries, timeouts,
//! transport.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use aws_credential_types::provider::token::{ProvideToken, SharedTokenProvider};
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::{Credentials, Token};
use servicemodel_runtime::{AuthScheme, PatternMatch};

use super::transport::{default_http_client, HttpClient};

/// How often and how patiently a client retries.
///
/// Standard mode: throttling errors, 429, 5xx and transport failures are retried, up to
/// `max_attempts` in all, waiting an exponentially growing, jittered delay in between.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryConfig {
    /// Attempts in all, the first included (1 turns retries off). Default 3.
    pub max_attempts: u32,
    /// The base of the backoff: attempt `n` waits up to `initial_backoff * 2^(n-1)`. Default 1 s.
    pub initial_backoff: Duration,
    /// The longest wait between two attempts. Default 20 s.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }
}

impl RetryConfig {
    /// No retries: one attempt.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The delay before retry number `retry` (1 for the first retry), full jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(
            1u32.checked_shl(retry.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        let cap = exp.min(self.max_backoff);
        cap.mul_f64(fastrand::f64())
    }
}

/// Time limits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimeoutConfig {
    /// The limit for one attempt (sending the request and reading the whole response).
    pub attempt: Option<Duration>,
    /// The limit for the whole operation, retries included.
    pub operation: Option<Duration>,
}

/// Everything a client needs to reach a service.
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) credentials: Option<SharedCredentialsProvider>,
    pub(crate) token: Option<SharedTokenProvider>,
    pub(crate) auth_scheme_preference: Vec<AuthScheme>,
    pub(crate) retry: RetryConfig,
    pub(crate) timeout: TimeoutConfig,
    pub(crate) http_client: Option<Arc<dyn HttpClient>>,
    pub(crate) validate_input: bool,
    pub(crate) pattern_match: PatternMatch,
    pub(crate) inject_host_prefix: bool,
    pub(crate) idempotency_token_provider: Option<IdempotencyTokenProvider>,
    pub(crate) request_compression: RequestCompression,
    pub(crate) request_checksum_calculation: ChecksumWhen,
    pub(crate) response_checksum_validation: ChecksumWhen,
}

/// When a client computes request checksums and validates response checksums of operations
/// with `httpChecksum`: the AWS SDKs' `request_checksum_calculation` and
/// `response_checksum_validation`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ChecksumWhen {
    /// Whenever the operation supports it (the default): a request gets a CRC-32 when the
    /// caller names no algorithm, and a response is validated unless the caller turned the
    /// operation's validation mode off.
    #[default]
    WhenSupported,
    /// Only when the model requires it, or the caller asks (names an algorithm, sets the
    /// validation mode to `ENABLED`).
    WhenRequired,
}

impl std::str::FromStr for ChecksumWhen {
    type Err = String;

    /// `when_supported` or `when_required`, in any case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "when_supported" => Ok(Self::WhenSupported),
            "when_required" => Ok(Self::WhenRequired),
            _ => Err(format!(
                "{text:?} is not `when_supported` or `when_required`"
            )),
        }
    }
}

/// When a client compresses request bodies (operations the model marks `requestcompression`):
/// the AWS SDKs' `disable_request_compression` and `request_min_compression_size_bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestCompression {
    /// Never compress.
    pub disabled: bool,
    /// Compress bodies of at least this many bytes (default 10,240; at most 10,485,760).
    pub min_size_bytes: u32,
}

impl RequestCompression {
    /// The largest `min_size_bytes` the AWS SDKs accept: 10 MiB.
    pub const MAX_MIN_SIZE_BYTES: u32 = 10_485_760;
}

impl Default for RequestCompression {
    fn default() -> Self {
        Self {
            disabled: false,
            min_size_bytes: 10_240,
        }
    }
}

/// Makes the idempotency tokens a client fills in (see
/// [`ConfigBuilder::idempotency_token_provider`]).
pub type IdempotencyTokenProvider = Arc<dyn Fn() -> String + Send + Sync>;

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|_| "** set **"),
            )
            .field("token", &self.token.as_ref().map(|_| "** set **"))
            .field("auth_scheme_preference", &self.auth_scheme_preference)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("validate_input", &self.validate_input)
            .field("pattern_match", &self.pattern_match)
            .field("inject_host_prefix", &self.inject_host_prefix)
            .field("request_compression", &self.request_compression)
            .field(
                "request_checksum_calculation",
                &self.request_checksum_calculation,
            )
            .field(
                "response_checksum_validation",
                &self.response_checksum_validation,
            )
            .field(
                "idempotency_token_provider",
                &self
                    .idempotency_token_provider
                    .as_ref()
                    .map(|_| "** set **"),
            )
            .finish_non_exhaustive()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            region: None,
            endpoint_url: None,
            credentials: None,
            token: None,
            auth_scheme_preference: Vec::new(),
            retry: RetryConfig::default(),
            timeout: TimeoutConfig::default(),
            http_client: None,
            validate_input: true,
            pattern_match: PatternMatch::Search,
            inject_host_prefix: true,
            idempotency_token_provider: None,
            request_compression: RequestCompression::default(),
            request_checksum_calculation: ChecksumWhen::default(),
            response_checksum_validation: ChecksumWhen::default(),
        }
    }
}

impl Config {
    /// A builder with the defaults: no region, no endpoint, no credentials, standard retries,
    /// no timeouts, client-side validation on with patterns searched, host prefixes put in
    /// front of the endpoint's host.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder(Config::default())
    }

    /// Configuration from the environment, for the service whose `serviceId` is `service_id`:
    /// `AWS_REGION` (or `AWS_DEFAULT_REGION`), `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_SESSION_TOKEN`, `AWS_ENDPOINT_URL_<SERVICE>` (the service id in upper case,
    /// spaces as `_`) before `AWS_ENDPOINT_URL`, `AWS_AUTH_SCHEME_PREFERENCE` (names such as
    /// `httpBearerAuth,sigv4`), `AWS_DISABLE_REQUEST_COMPRESSION` (`true`),
    /// `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`, `AWS_REQUEST_CHECKSUM_CALCULATION` and
    /// `AWS_RESPONSE_CHECKSUM_VALIDATION` (`when_supported` or `when_required`). A value that
    /// does not parse is ignored.
    /// [`Config::from_env_for`] reads a service's bearer token too.
    pub fn from_env(service_id: &str) -> ConfigBuilder {
        Self::from_vars(service_id, |k| {
            std::env::var(k).ok().filter(|v| !v.is_empty())
        })
    }

    /// [`Config::from_env`] for `service`, and, where the service accepts bearer tokens,
    /// `AWS_BEARER_TOKEN_<SIGNING NAME>` (`AWS_BEARER_TOKEN_BEDROCK`; the signing name in upper
    /// case, `-` and spaces as `_`), as botocore reads it: with such a token set and no
    /// `AWS_AUTH_SCHEME_PREFERENCE`, the client prefers the token to credentials.
    pub fn from_env_for(service: &crate::ServiceInfo) -> ConfigBuilder {
        Self::from_vars_for(service, |k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    }

    /// [`Config::from_env_for`] with the variables read by `var`.
    pub fn from_vars_for(
        service: &crate::ServiceInfo,
        var: impl Fn(&str) -> Option<String>,
    ) -> ConfigBuilder {
        let mut b = Self::from_vars(service.service_id, &var);
        if service.auth.contains(&AuthScheme::Bearer) {
            if let Some(token) = var(&service.bearer_token_variable()) {
                b = b.token(Token::new(token, None));
                if b.0.auth_scheme_preference.is_empty() {
                    b = b.auth_scheme_preference([AuthScheme::Bearer]);
                }
            }
        }
        b
    }

    /// [`Config::from_env`] with the variables read by `var`.
    pub fn from_vars(service_id: &str, var: impl Fn(&str) -> Option<String>) -> ConfigBuilder {
        let mut b = Config::builder();
        if let Some(region) = var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION")) {
            b = b.region(region);
        }
        let service_var = format!(
            "AWS_ENDPOINT_URL_{}",
            service_id.to_ascii_uppercase().replace([' ', '-'], "_")
        );
        if let Some(url) = var(&service_var).or_else(|| var("AWS_ENDPOINT_URL")) {
            b = b.endpoint_url(url);
        }
        if let Some(disabled) = var("AWS_DISABLE_REQUEST_COMPRESSION") {
            if let Ok(disabled) = disabled.trim().to_ascii_lowercase().parse::<bool>() {
                b = b.disable_request_compression(disabled);
            }
        }
        if let Some(bytes) = var("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES") {
            if let Ok(bytes) = bytes.trim().parse::<u32>() {
                b = b.request_min_compression_size_bytes(bytes);
            }
        }
        if let Some(when) = var("AWS_REQUEST_CHECKSUM_CALCULATION") {
            if let Ok(when) = when.parse() {
                b = b.request_checksum_calculation(when);
            }
        }
        if let Some(when) = var("AWS_RESPONSE_CHECKSUM_VALIDATION") {
            if let Ok(when) = when.parse() {
                b = b.response_checksum_validation(when);
            }
        }
        if let Some(preference) = var("AWS_AUTH_SCHEME_PREFERENCE") {
            // Names this client does not know (`sigv4a`) are passed over, as botocore does.
            b = b.auth_scheme_preference(
                preference
                    .split(',')
                    .filter_map(|name| name.parse::<AuthScheme>().ok()),
            );
        }
        if let (Some(id), Some(secret)) = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
            b = b.credentials(Credentials::new(
                id,
                secret,
                var("AWS_SESSION_TOKEN"),
                None,
                "environment",
            ));
        }
        b
    }

    /// The region, if set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint URL, if set.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The retry settings.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// The time limits.
    pub fn timeout(&self) -> &TimeoutConfig {
        &self.timeout
    }

    /// Whether inputs are validated before they are sent.
    pub fn validate_input(&self) -> bool {
        self.validate_input
    }

    /// How client-side validation matches `pattern` constraints.
    pub fn pattern_match(&self) -> PatternMatch {
        self.pattern_match
    }

    /// Whether an operation's host prefix goes in front of the endpoint's host (see
    /// [`ConfigBuilder::inject_host_prefix`]).
    pub fn inject_host_prefix(&self) -> bool {
        self.inject_host_prefix
    }

    /// When request bodies are compressed.
    pub fn request_compression(&self) -> RequestCompression {
        self.request_compression
    }

    /// When request checksums are computed.
    pub fn request_checksum_calculation(&self) -> ChecksumWhen {
        self.request_checksum_calculation
    }

    /// When response checksums are validated.
    pub fn response_checksum_validation(&self) -> ChecksumWhen {
        self.response_checksum_validation
    }

    /// The credentials provider, if set.
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.credentials.as_ref()
    }

    /// The bearer token provider, if set.
    pub fn token_provider(&self) -> Option<&SharedTokenProvider> {
        self.token.as_ref()
    }

    /// The schemes to use first when an operation accepts several (see
    /// [`ConfigBuilder::auth_scheme_preference`]).
    pub fn auth_scheme_preference(&self) -> &[AuthScheme] {
        &self.auth_scheme_preference
    }

    /// The transport: the one set, or the default hyper/rustls client.
    pub fn http_client(&self) -> Arc<dyn HttpClient> {
        self.http_client.clone().unwrap_or_else(default_http_client)
    }

    /// A token for an idempotency-token member the caller left unset: from the provider set
    /// with [`ConfigBuilder::idempotency_token_provider`], else a random UUID (v4).
    pub fn idempotency_token(&self) -> String {
        match &self.idempotency_token_provider {
            Some(provider) => provider(),
            None => crate::idempotency_token(),
        }
    }
}

/// Builds a [`Config`].
#[derive(Debug, Clone, Default)]
pub struct ConfigBuilder(Config);

impl From<Config> for ConfigBuilder {
    /// A builder that starts from `config`, to change some of its settings.
    fn from(config: Config) -> Self {
        Self(config)
    }
}

impl ConfigBuilder {
    /// The region to sign for and to derive the endpoint from.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.0.region = Some(region.into());
        self
    }

    /// An endpoint URL to use instead of the region's (`http://127.0.0.1:4566`).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.0.endpoint_url = Some(url.into());
        self
    }

    /// Fixed credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.0.credentials = Some(SharedCredentialsProvider::new(credentials));
        self
    }

    /// Any credentials provider of the `aws-credential-types` kind (the official config
    /// loader's among them).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.0.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// A fixed bearer token, for operations that accept `Authorization: Bearer`
    /// (`smithy.api#httpBearerAuth`). A token is only sent over HTTPS or to a loopback
    /// address.
    pub fn token(mut self, token: Token) -> Self {
        self.0.token = Some(SharedTokenProvider::new(token));
        self
    }

    /// [`ConfigBuilder::token`] with a token that never expires.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.token(Token::new(token.into(), None))
    }

    /// Any bearer token provider of the `aws-credential-types` kind (an SSO token provider
    /// among them), asked before each attempt.
    pub fn token_provider(mut self, provider: impl ProvideToken + 'static) -> Self {
        self.0.token = Some(SharedTokenProvider::new(provider));
        self
    }

    /// The schemes to use first, in this order, when an operation accepts several (Amazon
    /// Bedrock takes SigV4 and bearer tokens): the AWS SDKs' `auth_scheme_preference`. Of the
    /// schemes an operation accepts, the client uses the first, in this order and then the
    /// model's, for which it has an identity (credentials for SigV4, a token for bearer).
    pub fn auth_scheme_preference(mut self, schemes: impl IntoIterator<Item = AuthScheme>) -> Self {
        self.0.auth_scheme_preference = schemes.into_iter().collect();
        self
    }

    /// Retry settings.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.0.retry = retry;
        self
    }

    /// Time limits.
    pub fn timeout(mut self, timeout: TimeoutConfig) -> Self {
        self.0.timeout = timeout;
        self
    }

    /// Turns client-side validation of inputs on (the default) or off.
    pub fn validate_input(mut self, on: bool) -> Self {
        self.0.validate_input = on;
        self
    }

    /// How client-side validation matches `pattern` constraints. The default is
    /// [`PatternMatch::Search`] (the pattern matches somewhere in the value, as the Smithy
    /// specification reads it), so that the client never refuses a value the service
    /// accepts: some models' patterns are written to be searched (`^arn:[a-z0-9]{1,10}:profile`
    /// for a whole ARN), and a whole-value match would refuse every real value of those. AWS
    /// services match the whole value for the models they were written with, so a value that
    /// only a search accepts is refused by the service instead, with its
    /// `ValidationException`. [`PatternMatch::WholeValue`] checks here what those services
    /// check.
    pub fn pattern_match(mut self, how: PatternMatch) -> Self {
        self.0.pattern_match = how;
        self
    }

    /// Whether an operation that has a host prefix in the model (`data.`, or
    /// `{AccountId}.` filled from the input) is sent to that prefix before the endpoint's
    /// host (`data.example.com`), as the service expects; on by default, as in the AWS SDKs.
    /// Turn it off for an endpoint that serves every operation at one host, such as a local
    /// emulator. An endpoint whose host is an IP address never gets a prefix.
    pub fn inject_host_prefix(mut self, on: bool) -> Self {
        self.0.inject_host_prefix = on;
        self
    }

    /// Turns off the compression of request bodies for the operations the model marks
    /// `requestcompression` (on by default, as in the AWS SDKs).
    pub fn disable_request_compression(mut self, disabled: bool) -> Self {
        self.0.request_compression.disabled = disabled;
        self
    }

    /// The smallest body, in bytes, that is compressed (default 10,240); a value over
    /// [`RequestCompression::MAX_MIN_SIZE_BYTES`] is taken as that.
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.0.request_compression.min_size_bytes =
            bytes.min(RequestCompression::MAX_MIN_SIZE_BYTES);
        self
    }

    /// When the client computes a checksum of a request body for an operation with
    /// `httpChecksum` (default [`ChecksumWhen::WhenSupported`]). A checksum the model
    /// requires, or one whose algorithm the caller names, is always computed.
    pub fn request_checksum_calculation(mut self, when: ChecksumWhen) -> Self {
        self.0.request_checksum_calculation = when;
        self
    }

    /// When the client validates the checksum a response carries, for an operation with
    /// `httpChecksum` (default [`ChecksumWhen::WhenSupported`]: the operation's validation
    /// mode member is set to `ENABLED` unless the caller set it). A mismatch is
    /// [`SdkError::Unparseable`](crate::SdkError::Unparseable).
    pub fn response_checksum_validation(mut self, when: ChecksumWhen) -> Self {
        self.0.response_checksum_validation = when;
        self
    }

    /// The transport to send requests with.
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.0.http_client = Some(Arc::new(client));
        self
    }

    /// What makes the idempotency tokens filled into unset idempotency-token members
    /// (default: a random UUID each time). Tests set a fixed one to get reproducible requests.
    pub fn idempotency_token_provider(
        mut self,
        provider: impl Fn() -> String + Send + Sync + 'static,
    ) -> Self {
        self.0.idempotency_token_provider = Some(Arc::new(provider));
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn from_vars_prefers_the_service_endpoint() {
        let vars: HashMap<&str, &str> = [
            ("AWS_DEFAULT_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL", "http://general"),
            ("AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", "http://specific"),
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
        ]
        .into_iter()
        .collect();
        let c = Config::from_vars("Pinpoint SMS Voice V2", |k| {
            vars.get(k).map(|v| v.to_string())
        })
        .build();
        assert_eq!(c.region(), Some("eu-west-1"));
        assert_eq!(c.endpoint_url(), Some("http://specific"));
        assert!(c.credentials_provider().is_some());
        let c =
            Config::from_vars("Pinpoint SMS Voice", |k| vars.get(k).map(|v| v.to_string())).build();
        assert_eq!(c.endpoint_url(), Some("http://general"));
        assert!(!format!("{c:?}").contains("secret"));
    }

    #[test]
    fn bearer_tokens_and_scheme_preferences_come_from_the_environment() {
        use crate::ServiceInfo;
        const BEDROCK: ServiceInfo = ServiceInfo {
            service_id: "Bedrock Runtime",
            signing_name: "bedrock",
            auth: &[AuthScheme::SigV4, AuthScheme::Bearer],
            endpoint_prefix: "bedrock-runtime",
            retryable_codes: &[],
            query_compatible: false,
        };
        let sigv4_only = ServiceInfo {
            auth: &[AuthScheme::SigV4],
            ..BEDROCK
        };
        let read = |vars: &[(&str, &str)], service: &ServiceInfo| {
            let vars: HashMap<String, String> = vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            Config::from_vars_for(service, |k| vars.get(k).cloned()).build()
        };
        let c = read(&[("AWS_BEARER_TOKEN_BEDROCK", "abc")], &BEDROCK);
        assert!(c.token_provider().is_some());
        assert_eq!(c.auth_scheme_preference(), [AuthScheme::Bearer]);
        assert!(!format!("{c:?}").contains("abc"));
        // Only for services that accept tokens; an explicit preference stands.
        let c = read(&[("AWS_BEARER_TOKEN_BEDROCK", "abc")], &sigv4_only);
        assert!(c.token_provider().is_none());
        let c = read(
            &[
                ("AWS_BEARER_TOKEN_BEDROCK", "abc"),
                ("AWS_AUTH_SCHEME_PREFERENCE", "sigv4a, sigv4,httpBearerAuth"),
            ],
            &BEDROCK,
        );
        assert!(c.token_provider().is_some());
        assert_eq!(
            c.auth_scheme_preference(),
            [AuthScheme::SigV4, AuthScheme::Bearer]
        );
        assert!(read(&[], &BEDROCK).token_provider().is_none());
    }

    #[test]
    fn request_compression_settings_come_from_the_builder_or_the_environment() {
        assert_eq!(
            Config::builder().build().request_compression(),
            RequestCompression {
                disabled: false,
                min_size_bytes: 10_240
            }
        );
        let vars: HashMap<&str, &str> = [
            ("AWS_DISABLE_REQUEST_COMPRESSION", "TRUE"),
            ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "99999999"),
        ]
        .into_iter()
        .collect();
        let c = Config::from_vars("X", |k| vars.get(k).map(|v| v.to_string())).build();
        assert_eq!(
            c.request_compression(),
            RequestCompression {
                disabled: true,
                min_size_bytes: RequestCompression::MAX_MIN_SIZE_BYTES
            }
        );
        let c = Config::from_vars("X", |k| {
            (k == "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES").then(|| "x".to_owned())
        })
        .request_min_compression_size_bytes(5)
        .build();
        assert_eq!(c.request_compression().min_size_bytes, 5);
    }

    #[test]
    fn idempotency_tokens_come_from_the_provider_or_are_random() {
        let c = Config::builder().build();
        let (a, b) = (c.idempotency_token(), c.idempotency_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36, "{a}");
        let c = Config::builder()
            .idempotency_token_provider(|| "00000000-0000-4000-8000-000000000000".to_owned())
            .build();
        assert_eq!(
            c.idempotency_token(),
            "00000000-0000-4000-8000-000000000000"
        );
        assert!(
            format!("{c:?}").contains("idempotency_token_provider: Some"),
            "{c:?}"
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let r = RetryConfig {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(250),
        };
        for _ in 0..50 {
            assert!(r.backoff(1) <= Duration::from_millis(100));
            assert!(r.backoff(2) <= Duration::from_millis(200));
            assert!(r.backoff(8) <= Duration::from_millis(250));
            assert!(r.backoff(40) <= Duration::from_millis(250));
        }
    }
}
