//! Authentication: the [`Authenticator`] trait the router calls once the body is read, and
//! its implementations: [`SigV4Authenticator`] (verifies AWS Signature Version 4 against
//! configured access keys), [`PermissiveSigV4`] (accepts any well-formed SigV4
//! `Authorization` header and reports its access key id), [`NoAuth`], and in
//! [`crate::bearer`] the bearer token ones. The router does not call it for an operation the
//! model marks as unauthenticated (see [`crate::Dispatch::auth_schemes`]).
//!
//! Failures are the AWS common errors, checked in this order:
//! - no `Authorization` header: `MissingAuthenticationToken` (403);
//! - a header that is not SigV4 (`AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
//!   Signature=…`), no or a malformed `X-Amz-Date`, `host` or `x-amz-date` unsigned:
//!   `IncompleteSignature` (400);
//! - an access key id that is not configured, or a session token (`X-Amz-Security-Token`)
//!   that is absent, unexpected or wrong: `InvalidClientTokenId` (403);
//! - `X-Amz-Date` more than 15 minutes (configurable) from the server's clock:
//!   `RequestExpired` (400);
//! - a credential scope for another service, region (when regions are configured) or date,
//!   a signed header that is absent, or a signature that is not the one recomputed with
//!   `aws-sigv4` from the secret key: `SignatureDoesNotMatch` (403). The comparison takes
//!   constant time.
//!
//! The payload hash is recomputed from the body, so a changed body fails the signature; an
//! `x-amz-content-sha256: UNSIGNED-PAYLOAD` header is honoured as the client's choice. A
//! streaming request (one whose extensions hold [`crate::StreamingBody`]) is checked before
//! its body is read: against the hash `x-amz-content-sha256` claims, which the router then
//! holds the body to, or unsigned as that header says; without the header it is
//! `IncompleteSignature`. A request whose body is an event stream (one whose extensions also
//! hold [`crate::EventStreamBody`]) is checked against `x-amz-content-sha256:
//! STREAMING-AWS4-HMAC-SHA256-EVENTS` or, without that header, the empty payload (as the AWS
//! SDK for Rust signs it); each of its messages is then checked as it comes, with the signer
//! `Authenticator::message_verifier` gives (the `eventstream` feature).
//! Presigned URLs (the signature in the query string) are not supported: such a request
//! counts as unsigned.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use servicemodel_runtime::auth::STREAMING_EVENTS_PAYLOAD;
use servicemodel_runtime::{AuthScheme, Timestamp};
use subtle::ConstantTimeEq as _;

use crate::{BoxFuture, ServerError};

/// Who made a request, as the authenticator established it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Caller {
    /// Who it is: the access key id a SigV4 request was signed with, or the name a bearer
    /// token was registered under ([`crate::BearerAuthenticator::with_token`]).
    pub id: String,
    /// How the request was authenticated.
    pub scheme: AuthScheme,
}

impl Caller {
    /// A caller who signed with SigV4 with the access key `access_key_id`.
    pub fn sigv4(access_key_id: impl Into<String>) -> Self {
        Self {
            id: access_key_id.into(),
            scheme: AuthScheme::SigV4,
        }
    }

    /// A caller who sent the bearer token registered as `name`.
    pub fn bearer(name: impl Into<String>) -> Self {
        Self {
            id: name.into(),
            scheme: AuthScheme::Bearer,
        }
    }
}

/// Decides who made a request, or refuses it. The router calls it with the request's head
/// and whole body (a signature covers the body) before any operation runs.
pub trait Authenticator: Send + Sync + 'static {
    /// The caller (`None` for an anonymous request the authenticator lets through), or the
    /// error to answer.
    fn authenticate<'a>(
        &'a self,
        request: &'a http::request::Parts,
        body: &'a Bytes,
    ) -> BoxFuture<'a, Result<Option<Caller>, ServerError>>;

    /// For a request this authenticator has let through whose body is a signed event stream
    /// (`x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-EVENTS`), the signer to check its
    /// messages with, seeded with the request's signature (see
    /// [`servicemodel_runtime::eventstream::signing`]). The default, `None`, opens the
    /// messages' envelopes without checking them, as for a caller nothing checked.
    #[cfg(feature = "eventstream")]
    fn message_verifier(
        &self,
        request: &http::request::Parts,
    ) -> Option<servicemodel_runtime::eventstream::signing::MessageSigner> {
        let _ = request;
        None
    }
}

/// Whether `x-amz-content-sha256` says the body is a signed event stream.
fn signed_event_stream(headers: &http::HeaderMap) -> bool {
    headers
        .get("x-amz-content-sha256")
        .is_some_and(|v| v.as_bytes() == STREAMING_EVENTS_PAYLOAD.as_bytes())
}

/// Lets every request through with no caller.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAuth;

impl Authenticator for NoAuth {
    fn authenticate<'a>(
        &'a self,
        _request: &'a http::request::Parts,
        _body: &'a Bytes,
    ) -> BoxFuture<'a, Result<Option<Caller>, ServerError>> {
        Box::pin(std::future::ready(Ok(None)))
    }
}

/// Accepts any request with a well-formed SigV4 `Authorization` header, without checking the
/// signature, and reports its access key id as the caller: for emulators and tests that want
/// callers told apart without managing keys. Unsigned and malformed requests fail as with
/// [`SigV4Authenticator`].
#[derive(Debug, Clone, Copy, Default)]
pub struct PermissiveSigV4;

impl Authenticator for PermissiveSigV4 {
    fn authenticate<'a>(
        &'a self,
        request: &'a http::request::Parts,
        _body: &'a Bytes,
    ) -> BoxFuture<'a, Result<Option<Caller>, ServerError>> {
        let result = authorization_header(&request.headers)
            .map(|auth| Some(Caller::sigv4(auth.access_key_id)));
        Box::pin(std::future::ready(result))
    }
}

/// The parts of a SigV4 `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigV4Authorization {
    /// The access key id of the credential.
    pub access_key_id: String,
    /// The credential scope's date (`YYYYMMDD`).
    pub date: String,
    /// The credential scope's region.
    pub region: String,
    /// The credential scope's service (signing name).
    pub service: String,
    /// The credential scope's terminator (`aws4_request`).
    pub terminator: String,
    /// The signed header names, as listed.
    pub signed_headers: Vec<String>,
    /// The signature, hex.
    pub signature: String,
}

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

impl SigV4Authorization {
    /// Reads an `Authorization` header value; anything but a complete
    /// `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request,
    /// SignedHeaders=a;b, Signature=hex` is `IncompleteSignature`.
    pub fn parse(value: &str) -> Result<Self, ServerError> {
        let incomplete =
            |why: &str| ServerError::incomplete_signature(format!("{why} Authorization={value}"));
        let value = value.trim();
        let (algorithm, rest) = value.split_once(' ').unwrap_or((value, ""));
        if algorithm != ALGORITHM {
            return Err(incomplete(&format!(
                "Unsupported AWS 'algorithm': {algorithm:?}; only {ALGORITHM} is accepted."
            )));
        }
        let (mut credential, mut signed_headers, mut signature) = (None, None, None);
        for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, val)) = part.split_once('=') else {
                return Err(incomplete(&format!(
                    "Authorization header part {part:?} is not key=value."
                )));
            };
            match key.trim() {
                "Credential" => credential = Some(val.trim()),
                "SignedHeaders" => signed_headers = Some(val.trim()),
                "Signature" => signature = Some(val.trim()),
                _ => {}
            }
        }
        let mut missing = String::new();
        for (name, part) in [
            ("Credential", credential),
            ("Signature", signature),
            ("SignedHeaders", signed_headers),
        ] {
            if !matches!(part, Some(p) if !p.is_empty()) {
                missing.push_str(&format!(
                    "Authorization header requires '{name}' parameter. "
                ));
            }
        }
        if !missing.is_empty() {
            return Err(incomplete(missing.trim_end()));
        }
        let (credential, signed_headers, signature) = (
            credential.unwrap_or_default(),
            signed_headers.unwrap_or_default(),
            signature.unwrap_or_default(),
        );
        let scope: Vec<&str> = credential.split('/').collect();
        let [access_key_id, date, region, service, terminator] = scope[..] else {
            return Err(incomplete(&format!(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'."
            )));
        };
        if [access_key_id, date, region, service, terminator]
            .iter()
            .any(|p| p.is_empty())
        {
            return Err(incomplete(&format!(
                "Credential '{credential}' has an empty element."
            )));
        }
        if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
            return Err(incomplete(&format!(
                "Credential date '{date}' is not YYYYMMDD."
            )));
        }
        if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(incomplete("Signature must be 64 hexadecimal digits."));
        }
        Ok(Self {
            access_key_id: access_key_id.to_owned(),
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            terminator: terminator.to_owned(),
            signed_headers: signed_headers
                .split(';')
                .map(|h| h.trim().to_ascii_lowercase())
                .collect(),
            signature: signature.to_ascii_lowercase(),
        })
    }
}

fn authorization_header(headers: &http::HeaderMap) -> Result<SigV4Authorization, ServerError> {
    let Some(value) = headers.get(http::header::AUTHORIZATION) else {
        return Err(ServerError::missing_authentication_token());
    };
    let value = value.to_str().map_err(|_| {
        ServerError::incomplete_signature("The Authorization header is not visible ASCII.")
    })?;
    SigV4Authorization::parse(value)
}

#[derive(Clone)]
struct Secret {
    secret_access_key: String,
    session_token: Option<String>,
}

/// Verifies AWS Signature Version 4 `Authorization` headers against configured access keys,
/// recomputing each signature with the `aws-sigv4` crate (see the module docs for the errors).
#[derive(Clone)]
pub struct SigV4Authenticator {
    signing_name: String,
    regions: Vec<String>,
    keys: HashMap<String, Secret>,
    max_skew: Duration,
}

impl fmt::Debug for SigV4Authenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigV4Authenticator")
            .field("signing_name", &self.signing_name)
            .field("regions", &self.regions)
            .field("access_key_ids", &self.keys.keys().collect::<Vec<_>>())
            .field("max_skew", &self.max_skew)
            .finish()
    }
}

impl SigV4Authenticator {
    /// An authenticator for requests signed for `signing_name` (`sms-voice`) in any region,
    /// knowing no keys yet, allowing 15 minutes of clock skew.
    pub fn new(signing_name: impl Into<String>) -> Self {
        Self {
            signing_name: signing_name.into(),
            regions: Vec::new(),
            keys: HashMap::new(),
            max_skew: Duration::from_secs(15 * 60),
        }
    }

    /// Accepts the long-term key `access_key_id` with `secret_access_key`; such requests must
    /// not carry a session token.
    pub fn with_key(
        mut self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
    ) -> Self {
        self.keys.insert(
            access_key_id.into(),
            Secret {
                secret_access_key: secret_access_key.into(),
                session_token: None,
            },
        );
        self
    }

    /// Accepts the temporary key `access_key_id`, whose requests must carry `session_token`
    /// in `X-Amz-Security-Token`.
    pub fn with_temporary_key(
        mut self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: impl Into<String>,
    ) -> Self {
        self.keys.insert(
            access_key_id.into(),
            Secret {
                secret_access_key: secret_access_key.into(),
                session_token: Some(session_token.into()),
            },
        );
        self
    }

    /// Accepts signatures scoped to `region`; once any region is named, only named regions
    /// are accepted.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.regions.push(region.into());
        self
    }

    /// Allows `X-Amz-Date` to be this far from the server's clock, either way.
    pub fn with_max_skew(mut self, max_skew: Duration) -> Self {
        self.max_skew = max_skew;
        self
    }

    /// Verifies the signature of a request (its head and whole body) as of `now`.
    pub fn verify(
        &self,
        request: &http::request::Parts,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Caller, ServerError> {
        let headers = &request.headers;
        let auth = authorization_header(headers)?;
        let Some(amz_date) = headers.get("x-amz-date") else {
            return Err(ServerError::incomplete_signature(
                "Authorization header requires existence of a 'X-Amz-Date' header.",
            ));
        };
        let amz_date = amz_date.to_str().unwrap_or_default();
        let Some(signed_at) = parse_amz_date(amz_date) else {
            return Err(ServerError::incomplete_signature(format!(
                "Date must be in ISO-8601 'basic format'. Got '{amz_date}'."
            )));
        };
        for required in ["host", "x-amz-date"] {
            if !auth.signed_headers.iter().any(|h| h == required) {
                return Err(ServerError::incomplete_signature(format!(
                    "'{required}' must be a 'SignedHeader' in the AWS Authorization."
                )));
            }
        }

        let Some(secret) = self.keys.get(&auth.access_key_id) else {
            return Err(ServerError::invalid_client_token_id());
        };
        let sent_token = headers
            .get("x-amz-security-token")
            .map(|v| v.to_str().unwrap_or_default());
        let token_ok = match (&secret.session_token, sent_token) {
            (None, None) => true,
            (Some(expected), Some(sent)) => bool::from(expected.as_bytes().ct_eq(sent.as_bytes())),
            _ => false,
        };
        if !token_ok {
            return Err(ServerError::invalid_client_token_id());
        }

        let skew = match now.duration_since(signed_at) {
            Ok(behind) => behind,
            Err(ahead) => ahead.duration(),
        };
        if skew > self.max_skew {
            let minutes = self.max_skew.as_secs() / 60;
            let now_text = format_amz_date(now);
            let message = if signed_at < now {
                format!(
                    "Signature expired: {amz_date} is now earlier than {} ({now_text} - {minutes} min.)",
                    format_amz_date(now - self.max_skew)
                )
            } else {
                format!(
                    "Signature not yet current: {amz_date} is still later than {} ({now_text} + {minutes} min.)",
                    format_amz_date(now + self.max_skew)
                )
            };
            return Err(ServerError::request_expired(message));
        }

        if auth.terminator != "aws4_request" {
            return Err(ServerError::signature_does_not_match(format!(
                "Credential should be scoped with a valid terminator: 'aws4_request', not '{}'.",
                auth.terminator
            )));
        }
        if auth.service != self.signing_name {
            return Err(ServerError::signature_does_not_match(format!(
                "Credential should be scoped to correct service: '{}'.",
                self.signing_name
            )));
        }
        if !self.regions.is_empty() && !self.regions.contains(&auth.region) {
            return Err(ServerError::signature_does_not_match(format!(
                "Credential should be scoped to a valid region, not '{}'.",
                auth.region
            )));
        }
        if !amz_date.starts_with(&auth.date) {
            return Err(ServerError::signature_does_not_match(format!(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}', from '{amz_date}'.",
                auth.date,
                &amz_date[..8]
            )));
        }

        let expected = self.recompute(request, body, &auth, secret, sent_token, signed_at)?;
        if bool::from(expected.as_bytes().ct_eq(auth.signature.as_bytes())) {
            Ok(Caller::sigv4(auth.access_key_id))
        } else {
            Err(ServerError::signature_does_not_match(
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
            ))
        }
    }

    fn recompute(
        &self,
        request: &http::request::Parts,
        body: &[u8],
        auth: &SigV4Authorization,
        secret: &Secret,
        sent_token: Option<&str>,
        signed_at: SystemTime,
    ) -> Result<String, ServerError> {
        use aws_sigv4::http_request::{
            sign, PayloadChecksumKind, SessionTokenMode, SignableBody, SignableRequest,
            SigningSettings,
        };

        let mismatch = |why: String| ServerError::signature_does_not_match(why);
        // `aws-sigv4` adds `x-amz-date` and the session token itself; every other signed
        // header is passed as it came, and only those.
        let authority = request.uri.authority().map(|a| a.as_str().to_owned());
        let mut signed: Vec<(&str, &str)> = Vec::new();
        for name in &auth.signed_headers {
            if name == "x-amz-date" || name == "x-amz-security-token" {
                continue;
            }
            let before = signed.len();
            for value in request.headers.get_all(name.as_str()) {
                let value = value.to_str().map_err(|_| {
                    mismatch(format!("Signed header '{name}' is not visible ASCII."))
                })?;
                signed.push((name.as_str(), value));
            }
            if signed.len() == before {
                match (name.as_str(), authority.as_deref()) {
                    ("host", Some(authority)) => signed.push(("host", authority)),
                    _ => {
                        return Err(mismatch(format!(
                            "Signed header '{name}' is not in the request."
                        )))
                    }
                }
            }
        }

        let mut settings = SigningSettings::default();
        settings.excluded_headers = None;
        settings.payload_checksum_kind = PayloadChecksumKind::NoHeader;
        settings.session_token_mode = if auth
            .signed_headers
            .iter()
            .any(|h| h == "x-amz-security-token")
        {
            SessionTokenMode::Include
        } else {
            SessionTokenMode::Exclude
        };
        let unsigned_payload = request
            .headers
            .get("x-amz-content-sha256")
            .is_some_and(|v| v.as_bytes() == b"UNSIGNED-PAYLOAD");
        let claimed = crate::router::claimed_sha256(&request.headers);
        let streaming = request.extensions.get::<crate::StreamingBody>().is_some();
        let events = request.extensions.get::<crate::EventStreamBody>().is_some();
        let body = match (unsigned_payload, streaming, claimed) {
            (true, _, _) => SignableBody::UnsignedPayload,
            // Each message of an event stream is signed on its own, chained to the head's
            // signature, which covers this claim, or (the AWS SDK for Rust) the empty payload.
            (false, true, None) if events && signed_event_stream(&request.headers) => {
                SignableBody::Precomputed(STREAMING_EVENTS_PAYLOAD.to_owned())
            }
            (false, true, None) if events && !request.headers.contains_key("x-amz-content-sha256") => {
                SignableBody::Bytes(&[])
            }
            // The body is not read yet: the signature covers the hash it claims, which the
            // router then holds the body to as it streams.
            (false, true, Some(claimed)) => SignableBody::Precomputed(claimed),
            (false, true, None) => {
                return Err(ServerError::incomplete_signature(
                    "A streaming request must give its payload's hash in x-amz-content-sha256, or UNSIGNED-PAYLOAD.",
                ))
            }
            (false, false, _) => SignableBody::Bytes(body),
        };

        let identity = aws_credential_types::Credentials::new(
            auth.access_key_id.clone(),
            secret.secret_access_key.clone(),
            sent_token.map(str::to_owned),
            None,
            "server",
        )
        .into();
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region(&auth.region)
            .name(&auth.service)
            .time(signed_at)
            .settings(settings)
            .build()
            .map_err(|e| mismatch(format!("The signature could not be recomputed: {e}")))?
            .into();
        let path_and_query = request.uri.path_and_query().map_or("/", |p| p.as_str());
        let signable = SignableRequest::new(
            request.method.as_str(),
            path_and_query,
            signed.into_iter(),
            body,
        )
        .map_err(|e| mismatch(format!("The signature could not be recomputed: {e}")))?;
        let (_, signature) = sign(signable, &params)
            .map_err(|e| mismatch(format!("The signature could not be recomputed: {e}")))?
            .into_parts();
        Ok(signature)
    }
}

impl Authenticator for SigV4Authenticator {
    fn authenticate<'a>(
        &'a self,
        request: &'a http::request::Parts,
        body: &'a Bytes,
    ) -> BoxFuture<'a, Result<Option<Caller>, ServerError>> {
        let result = self.verify(request, body, SystemTime::now()).map(Some);
        Box::pin(std::future::ready(result))
    }

    /// The signer of the request's key, region and service, seeded with its signature, and
    /// held to the same clock skew as requests.
    #[cfg(feature = "eventstream")]
    fn message_verifier(
        &self,
        request: &http::request::Parts,
    ) -> Option<servicemodel_runtime::eventstream::signing::MessageSigner> {
        let auth = authorization_header(&request.headers).ok()?;
        let secret = self.keys.get(&auth.access_key_id)?;
        Some(
            servicemodel_runtime::eventstream::signing::MessageSigner::new(
                secret.secret_access_key.clone(),
                auth.region,
                auth.service,
                auth.signature,
            )
            .with_max_skew(self.max_skew),
        )
    }
}

/// Reads `YYYYMMDDTHHMMSSZ`.
fn parse_amz_date(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u64> {
        let digits = &text[range];
        digits
            .bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| digits.parse().ok())
            .flatten()
    };
    let date = (
        number(0..4)? as i64,
        number(4..6)? as u32,
        number(6..8)? as u32,
    );
    let time = (
        number(9..11)? as u32,
        number(11..13)? as u32,
        number(13..15)? as u32,
    );
    let secs = Timestamp::from_utc(date, time, 0)?.secs();
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?))
}

/// Writes `YYYYMMDDTHHMMSSZ`.
fn format_amz_date(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let ((year, month, day), (hour, minute, second)) = Timestamp::from_secs(secs).to_utc();
    format!("{year:04}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    const AKID: &str = "AKIDEXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    fn authenticator() -> SigV4Authenticator {
        SigV4Authenticator::new("sms-voice")
            .with_key(AKID, SECRET)
            .with_temporary_key("ASIATEMP", "tempsecret", "the-token")
    }

    /// A request signed by `aws-sigv4` as a client would sign it.
    fn signed(
        akid: &str,
        secret: &str,
        token: Option<&str>,
        service: &str,
        time: SystemTime,
        uri: &str,
        body: &'static str,
    ) -> http::Request<Bytes> {
        let mut request = http::Request::builder()
            .method("POST")
            .uri(uri)
            .header("host", "127.0.0.1:8080")
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amz-target", "PinpointSMSVoiceV2.SendTextMessage")
            .header("content-length", body.len())
            .header("user-agent", "test-agent")
            .body(Bytes::from_static(body.as_bytes()))
            .unwrap();
        let identity = aws_credential_types::Credentials::new(
            akid,
            secret,
            token.map(str::to_owned),
            None,
            "test",
        )
        .into();
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name(service)
            .time(time)
            .settings(aws_sigv4::http_request::SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let signable = aws_sigv4::http_request::SignableRequest::new(
            "POST",
            format!("http://127.0.0.1:8080{uri}"),
            request
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str(), v.to_str().unwrap())),
            aws_sigv4::http_request::SignableBody::Bytes(request.body()),
        )
        .unwrap();
        let (instructions, _) = aws_sigv4::http_request::sign(signable, &params)
            .unwrap()
            .into_parts();
        instructions.apply_to_request_http1x(&mut request);
        request
    }

    fn good(time: SystemTime) -> http::Request<Bytes> {
        signed(
            AKID,
            SECRET,
            None,
            "sms-voice",
            time,
            "/?a=b%20c&a=d",
            r#"{"DestinationPhoneNumber":"+12065550100"}"#,
        )
    }

    fn verify_at(request: &http::Request<Bytes>, now: SystemTime) -> Result<Caller, ServerError> {
        let (parts, body) = request.clone().into_parts();
        authenticator().verify(&parts, &body, now)
    }

    fn verify(request: &http::Request<Bytes>) -> Result<Caller, ServerError> {
        verify_at(request, SystemTime::now())
    }

    fn code(result: Result<Caller, ServerError>) -> String {
        result.unwrap_err().code().to_owned()
    }

    #[test]
    fn verifies_requests_signed_by_aws_sigv4() {
        let request = good(SystemTime::now());
        assert_eq!(verify(&request).unwrap(), Caller::sigv4(AKID));
        let temp = signed(
            "ASIATEMP",
            "tempsecret",
            Some("the-token"),
            "sms-voice",
            SystemTime::now(),
            "/",
            "{}",
        );
        assert!(request_has(&temp, "x-amz-security-token"));
        assert_eq!(verify(&temp).unwrap().id, "ASIATEMP");
    }

    fn request_has(request: &http::Request<Bytes>, header: &str) -> bool {
        request.headers().contains_key(header)
    }

    #[test]
    fn tampering_breaks_the_signature() {
        let request = good(SystemTime::now());
        let mut body = request.clone();
        *body.body_mut() = Bytes::from_static(br#"{"DestinationPhoneNumber":"+12065550199"}"#);
        let error = verify(&body).unwrap_err();
        assert_eq!(
            (error.status(), error.code()),
            (403, "SignatureDoesNotMatch")
        );

        let mut header = request.clone();
        header.headers_mut().insert(
            "x-amz-target",
            "PinpointSMSVoiceV2.DeletePool".parse().unwrap(),
        );
        assert_eq!(code(verify(&header)), "SignatureDoesNotMatch");

        let mut query = request.clone();
        *query.uri_mut() = "/?a=b%20c&a=e".parse().unwrap();
        assert_eq!(code(verify(&query)), "SignatureDoesNotMatch");

        let mut removed = request.clone();
        removed.headers_mut().remove("x-amz-target");
        assert_eq!(code(verify(&removed)), "SignatureDoesNotMatch");

        // Unsigned headers may change (user-agent is not signed by default).
        let mut agent = request.clone();
        agent
            .headers_mut()
            .insert("user-agent", "other".parse().unwrap());
        agent
            .headers_mut()
            .insert("x-unsigned", "1".parse().unwrap());
        assert!(verify(&agent).is_ok());

        let wrong_secret = signed(
            AKID,
            "not-the-secret",
            None,
            "sms-voice",
            SystemTime::now(),
            "/",
            "{}",
        );
        assert_eq!(code(verify(&wrong_secret)), "SignatureDoesNotMatch");
    }

    #[test]
    fn unknown_keys_and_tokens_are_invalid_client_token_ids() {
        let unknown = signed(
            "AKIDUNKNOWN",
            SECRET,
            None,
            "sms-voice",
            SystemTime::now(),
            "/",
            "{}",
        );
        let error = verify(&unknown).unwrap_err();
        assert_eq!(
            (error.status(), error.code()),
            (403, "InvalidClientTokenId")
        );
        let wrong_token = signed(
            "ASIATEMP",
            "tempsecret",
            Some("other-token"),
            "sms-voice",
            SystemTime::now(),
            "/",
            "{}",
        );
        assert_eq!(code(verify(&wrong_token)), "InvalidClientTokenId");
        let no_token = signed(
            "ASIATEMP",
            "tempsecret",
            None,
            "sms-voice",
            SystemTime::now(),
            "/",
            "{}",
        );
        assert_eq!(code(verify(&no_token)), "InvalidClientTokenId");
        let unexpected_token = signed(
            AKID,
            SECRET,
            Some("t"),
            "sms-voice",
            SystemTime::now(),
            "/",
            "{}",
        );
        assert_eq!(code(verify(&unexpected_token)), "InvalidClientTokenId");
    }

    #[test]
    fn old_and_future_dates_are_expired() {
        let now = SystemTime::now();
        let old = good(now - Duration::from_secs(16 * 60));
        let error = verify_at(&old, now).unwrap_err();
        assert_eq!((error.status(), error.code()), (400, "RequestExpired"));
        assert!(
            error.message().unwrap().starts_with("Signature expired:"),
            "{error}"
        );
        let future = good(now + Duration::from_secs(16 * 60));
        let error = verify_at(&future, now).unwrap_err();
        assert!(
            error
                .message()
                .unwrap()
                .starts_with("Signature not yet current:"),
            "{error}"
        );
        assert!(verify_at(&good(now - Duration::from_secs(14 * 60)), now).is_ok());
        let lenient = authenticator().with_max_skew(Duration::from_secs(3600));
        let (parts, body) = old.into_parts();
        assert!(lenient.verify(&parts, &body, now).is_ok());
    }

    #[test]
    fn missing_and_malformed_headers() {
        let mut request = good(SystemTime::now());
        request.headers_mut().remove("authorization");
        let error = verify(&request).unwrap_err();
        assert_eq!(
            (error.status(), error.code()),
            (403, "MissingAuthenticationToken")
        );

        for garbage in [
            "garbage",
            "Bearer abc",
            "AWS4-HMAC-SHA256",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/sms-voice/aws4_request",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/us-east-1/sms-voice/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/sms-voice/aws4_request, SignedHeaders=host;x-amz-date, Signature=xyz",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2024-1-1/us-east-1/sms-voice/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        ] {
            request.headers_mut().insert("authorization", garbage.parse().unwrap());
            let error = verify(&request).unwrap_err();
            assert_eq!((error.status(), error.code()), (400, "IncompleteSignature"), "{garbage}");
        }

        let mut no_date = good(SystemTime::now());
        no_date.headers_mut().remove("x-amz-date");
        assert_eq!(code(verify(&no_date)), "IncompleteSignature");
        let mut bad_date = good(SystemTime::now());
        bad_date
            .headers_mut()
            .insert("x-amz-date", "yesterday".parse().unwrap());
        assert_eq!(code(verify(&bad_date)), "IncompleteSignature");
    }

    #[test]
    fn scope_must_name_this_service_region_and_date() {
        let other_service = signed(AKID, SECRET, None, "sns", SystemTime::now(), "/", "{}");
        let error = verify(&other_service).unwrap_err();
        assert_eq!(error.code(), "SignatureDoesNotMatch");
        assert!(error.message().unwrap().contains("'sms-voice'"), "{error}");

        let request = good(SystemTime::now());
        let (parts, body) = request.clone().into_parts();
        let eu_only = authenticator().with_region("eu-west-1");
        assert_eq!(
            eu_only
                .verify(&parts, &body, SystemTime::now())
                .unwrap_err()
                .code(),
            "SignatureDoesNotMatch"
        );
        let us = authenticator().with_region("us-east-1");
        assert!(us.verify(&parts, &body, SystemTime::now()).is_ok());

        // A date header from another day than the credential scope.
        let mut moved = request;
        let date = moved.headers()["x-amz-date"].to_str().unwrap().to_owned();
        let day_before =
            format_amz_date(parse_amz_date(&date).unwrap() - Duration::from_secs(86_400));
        moved
            .headers_mut()
            .insert("x-amz-date", day_before.parse().unwrap());
        let lenient = authenticator().with_max_skew(Duration::from_secs(3 * 86_400));
        let (parts, body) = moved.into_parts();
        let error = lenient
            .verify(&parts, &body, SystemTime::now())
            .unwrap_err();
        assert!(
            error
                .message()
                .unwrap()
                .starts_with("Date in Credential scope"),
            "{error}"
        );
    }

    #[test]
    fn unsigned_payloads_are_honoured() {
        let mut request = http::Request::builder()
            .method("POST")
            .uri("/")
            .header("host", "h")
            .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
            .body(Bytes::from_static(b"{}"))
            .unwrap();
        let identity =
            aws_credential_types::Credentials::new(AKID, SECRET, None, None, "test").into();
        let mut settings = aws_sigv4::http_request::SigningSettings::default();
        settings.payload_checksum_kind = aws_sigv4::http_request::PayloadChecksumKind::XAmzSha256;
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name("sms-voice")
            .time(SystemTime::now())
            .settings(settings)
            .build()
            .unwrap()
            .into();
        let signable = aws_sigv4::http_request::SignableRequest::new(
            "POST",
            "http://h/",
            request
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str(), v.to_str().unwrap())),
            aws_sigv4::http_request::SignableBody::UnsignedPayload,
        )
        .unwrap();
        let (instructions, _) = aws_sigv4::http_request::sign(signable, &params)
            .unwrap()
            .into_parts();
        instructions.apply_to_request_http1x(&mut request);
        assert!(verify(&request).is_ok());
        *request.body_mut() = Bytes::from_static(b"{\"changed\":1}");
        assert!(verify(&request).is_ok(), "an unsigned payload may change");
    }

    #[tokio::test]
    async fn permissive_and_no_auth() {
        let request = signed(
            "ANYKEY",
            "any",
            None,
            "whatever",
            SystemTime::now(),
            "/",
            "{}",
        );
        let (parts, body) = request.into_parts();
        let caller = PermissiveSigV4.authenticate(&parts, &body).await.unwrap();
        assert_eq!(caller.unwrap(), Caller::sigv4("ANYKEY"));
        assert_eq!(NoAuth.authenticate(&parts, &body).await.unwrap(), None);
        let (parts, body) = http::Request::new(Bytes::new()).into_parts();
        let error = PermissiveSigV4
            .authenticate(&parts, &body)
            .await
            .unwrap_err();
        assert_eq!(error.code(), "MissingAuthenticationToken");
        assert_eq!(NoAuth.authenticate(&parts, &body).await.unwrap(), None);
        let signed_ok = authenticator()
            .authenticate(&parts, &body)
            .await
            .unwrap_err();
        assert_eq!(signed_ok.code(), "MissingAuthenticationToken");
    }

    #[test]
    fn dates_round_trip() {
        let t = parse_amz_date("20150830T123600Z").unwrap();
        assert_eq!(
            t.duration_since(UNIX_EPOCH).unwrap().as_secs(),
            1_440_938_160
        );
        assert_eq!(format_amz_date(t), "20150830T123600Z");
        assert_eq!(
            format_amz_date(parse_amz_date("20240229T235959Z").unwrap()),
            "20240229T235959Z"
        );
        for bad in [
            "20150830T123600",
            "2015083OT123600Z",
            "20150230T000000Z",
            "20151301T000000Z",
            "20150830T243600Z",
            "",
        ] {
            assert!(parse_amz_date(bad).is_none(), "{bad}");
        }
        let debug = format!("{:?}", authenticator());
        assert!(debug.contains(AKID) && !debug.contains(SECRET), "{debug}");
    }
}
