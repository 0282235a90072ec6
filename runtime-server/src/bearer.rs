//! Bearer tokens (`Authorization: Bearer <token>`, RFC 6750 section 2.1; the models'
//! `smithy.api#httpBearerAuth`): [`BearerAuthenticator`] checks them against configured
//! tokens, and [`ByScheme`] serves a service that accepts both SigV4 and bearer tokens
//! (Amazon Bedrock) by handing each request to the authenticator of the scheme its
//! `Authorization` header names.
//!
//! Failures are the AWS common errors:
//! - no `Authorization` header, or one that carries no bearer token:
//!   `MissingAuthenticationToken` (403);
//! - a token that is not configured: `InvalidClientTokenId` (403). Tokens are compared in
//!   constant time, each against every configured one.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use servicemodel_runtime::AuthScheme;
use subtle::ConstantTimeEq as _;

use crate::{Authenticator, BoxFuture, Caller, ServerError};

/// Checks `Authorization: Bearer <token>` against the tokens it is given; the caller is the
/// name a token was given under.
#[derive(Clone, Default)]
pub struct BearerAuthenticator {
    /// (token, name).
    tokens: Vec<(String, String)>,
}

impl fmt::Debug for BearerAuthenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BearerAuthenticator")
            .field(
                "names",
                &self.tokens.iter().map(|(_, name)| name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl BearerAuthenticator {
    /// An authenticator that knows no token yet (every request is refused).
    pub fn new() -> Self {
        Self::default()
    }

    /// Accepts `token`, reporting its requests' caller as `name` ([`Caller::id`]).
    pub fn with_token(mut self, name: impl Into<String>, token: impl Into<String>) -> Self {
        self.tokens.push((token.into(), name.into()));
        self
    }

    /// The caller of a request that sends `Authorization: Bearer <token>` with a configured
    /// token (see the module docs for the errors).
    pub fn verify(&self, request: &http::request::Parts) -> Result<Caller, ServerError> {
        let token = bearer_token(&request.headers)?;
        let mut found: Option<&str> = None;
        // Every configured token is compared, so that the time taken says nothing of which
        // one (or how much of one) matched.
        for (known, name) in &self.tokens {
            if bool::from(known.as_bytes().ct_eq(token.as_bytes())) {
                found = Some(name);
            }
        }
        found
            .map(Caller::bearer)
            .ok_or_else(ServerError::invalid_client_token_id)
    }
}

impl Authenticator for BearerAuthenticator {
    fn authenticate<'a>(
        &'a self,
        request: &'a http::request::Parts,
        _body: &'a Bytes,
    ) -> BoxFuture<'a, Result<Option<Caller>, ServerError>> {
        Box::pin(std::future::ready(self.verify(request).map(Some)))
    }
}

/// The scheme an `Authorization` header names: its first word, `Bearer` (in any case, as
/// RFC 7235 has it) or anything else, taken as SigV4's.
pub fn authorization_scheme(headers: &http::HeaderMap) -> Option<AuthScheme> {
    let value = headers.get(http::header::AUTHORIZATION)?.as_bytes();
    let word = value.split(|b| *b == b' ').next().unwrap_or_default();
    Some(if word.eq_ignore_ascii_case(b"bearer") {
        AuthScheme::Bearer
    } else {
        AuthScheme::SigV4
    })
}

/// The token of `Authorization: Bearer <token>`.
fn bearer_token(headers: &http::HeaderMap) -> Result<&str, ServerError> {
    let value = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(ServerError::missing_authentication_token)?;
    let (scheme, token) = value.trim().split_once(' ').unwrap_or((value, ""));
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(ServerError::missing_authentication_token());
    }
    Ok(token)
}

/// Authenticates each request with the authenticator of the scheme its `Authorization`
/// header names ([`authorization_scheme`]), for services that accept several. A request
/// that names a scheme with no authenticator here is refused by the first one given
/// (whose error says what it expected); one without the header as
/// `MissingAuthenticationToken`.
#[derive(Clone, Default)]
pub struct ByScheme {
    authenticators: Vec<(AuthScheme, Arc<dyn Authenticator>)>,
}

impl fmt::Debug for ByScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByScheme")
            .field(
                "schemes",
                &self
                    .authenticators
                    .iter()
                    .map(|(scheme, _)| scheme)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl ByScheme {
    /// No authenticator yet: every request is refused as `MissingAuthenticationToken`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Authenticates requests of `scheme` with `authenticator` (replacing one given before).
    pub fn with(mut self, scheme: AuthScheme, authenticator: impl Authenticator) -> Self {
        self.authenticators.retain(|(known, _)| *known != scheme);
        self.authenticators.push((scheme, Arc::new(authenticator)));
        self
    }

    /// [`ByScheme::with`] for SigV4.
    pub fn sigv4(self, authenticator: impl Authenticator) -> Self {
        self.with(AuthScheme::SigV4, authenticator)
    }

    /// [`ByScheme::with`] for bearer tokens.
    pub fn bearer(self, authenticator: impl Authenticator) -> Self {
        self.with(AuthScheme::Bearer, authenticator)
    }
}

impl ByScheme {
    /// The authenticator of the scheme the request's `Authorization` header names (the first
    /// one for a scheme without one), when it has one at all.
    fn chosen(&self, request: &http::request::Parts) -> Option<&Arc<dyn Authenticator>> {
        let scheme = authorization_scheme(&request.headers)?;
        self.authenticators
            .iter()
            .find(|(known, _)| *known == scheme)
            .or(self.authenticators.first())
            .map(|(_, authenticator)| authenticator)
    }
}

impl Authenticator for ByScheme {
    #[cfg(feature = "eventstream")]
    fn message_verifier(
        &self,
        request: &http::request::Parts,
    ) -> Option<servicemodel_runtime::eventstream::signing::MessageSigner> {
        self.chosen(request)?.message_verifier(request)
    }

    fn authenticate<'a>(
        &'a self,
        request: &'a http::request::Parts,
        body: &'a Bytes,
    ) -> BoxFuture<'a, Result<Option<Caller>, ServerError>> {
        match self.chosen(request) {
            Some(authenticator) => authenticator.authenticate(request, body),
            None => Box::pin(std::future::ready(Err(
                ServerError::missing_authentication_token(),
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PermissiveSigV4, SigV4Authenticator};

    fn parts(authorization: Option<&str>) -> http::request::Parts {
        let mut request = http::Request::builder().uri("/");
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        request.body(()).unwrap().into_parts().0
    }

    fn code(result: Result<Caller, ServerError>) -> String {
        let error = result.unwrap_err();
        format!("{} {}", error.status(), error.code())
    }

    #[test]
    fn bearer_tokens_are_checked_against_the_configured_ones() {
        let auth = BearerAuthenticator::new()
            .with_token("alice", "tok-a")
            .with_token("bob", "tok-b");
        assert_eq!(
            auth.verify(&parts(Some("Bearer tok-b"))).unwrap(),
            Caller::bearer("bob")
        );
        assert_eq!(
            auth.verify(&parts(Some("bearer  tok-a "))).unwrap(),
            Caller::bearer("alice")
        );
        assert_eq!(
            code(auth.verify(&parts(Some("Bearer tok-c")))),
            "403 InvalidClientTokenId"
        );
        assert_eq!(
            code(auth.verify(&parts(Some("Bearer tok-")))),
            "403 InvalidClientTokenId"
        );
        for missing in [
            None,
            Some("Bearer"),
            Some("Bearer   "),
            Some("Basic dG9rLWE="),
        ] {
            assert_eq!(
                code(auth.verify(&parts(missing))),
                "403 MissingAuthenticationToken",
                "{missing:?}"
            );
        }
        assert_eq!(
            code(BearerAuthenticator::new().verify(&parts(Some("Bearer tok-a")))),
            "403 InvalidClientTokenId"
        );
        assert!(!format!("{auth:?}").contains("tok-a"));
    }

    #[tokio::test]
    async fn by_scheme_hands_each_request_to_its_schemes_authenticator() {
        let auth = ByScheme::new()
            .sigv4(PermissiveSigV4)
            .bearer(BearerAuthenticator::new().with_token("alice", "tok-a"));
        let run = |header: Option<&str>| {
            let auth = auth.clone();
            let request = parts(header);
            async move {
                auth.authenticate(&request, &Bytes::new())
                    .await
                    .map(Option::unwrap)
            }
        };
        assert_eq!(
            run(Some("Bearer tok-a")).await.unwrap(),
            Caller::bearer("alice")
        );
        let sigv4 = "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000";
        assert_eq!(run(Some(sigv4)).await.unwrap(), Caller::sigv4("AKID"));
        assert_eq!(
            code(run(Some("Bearer nope")).await),
            "403 InvalidClientTokenId"
        );
        assert_eq!(code(run(None).await), "403 MissingAuthenticationToken");
        // A scheme without an authenticator goes to the first one, which refuses it.
        let sigv4_only = ByScheme::new().sigv4(SigV4Authenticator::new("bedrock"));
        let request = parts(Some("Bearer tok-a"));
        let refused = sigv4_only
            .authenticate(&request, &Bytes::new())
            .await
            .unwrap_err();
        assert_eq!(refused.code(), "IncompleteSignature");
        assert!(format!("{sigv4_only:?}").contains("SigV4"));
    }
}
