//! Body checksums on the server side, for operations with `httpChecksumRequired` or
//! `httpChecksum`: [`verify_request_checksum`] checks the checksum a request carries, and
//! [`add_response_checksum`] adds one to a response whose request asked for it.
//!
//! Failures are Amazon S3's answers for the same checks:
//! - a checksum header (`x-amz-checksum-<algorithm>`, `Content-MD5`) whose value is not the
//!   body's: `BadDigest` (400);
//! - no checksum where the model requires one: `InvalidRequest` (400).
//!
//! A checksum of an algorithm this runtime does not compute (`x-amz-checksum-xxhash64`)
//! satisfies the requirement without being checked.

use bytes::Bytes;
use servicemodel_runtime::checksum::{
    content_md5, find_checksum_header, is_checksum_header, CONTENT_MD5,
};
use servicemodel_runtime::{ChecksumAlgorithm, HttpChecksum};

use crate::ServerError;

/// Checks every checksum `headers` carry of `body` (each known flexible algorithm, and
/// `Content-MD5`), and that there is one where `checksum` requires it.
pub fn verify_request_checksum(
    headers: &http::HeaderMap,
    body: &[u8],
    checksum: &HttpChecksum,
) -> Result<(), ServerError> {
    let mismatch = |header: &str| {
        ServerError::new(
            400,
            "BadDigest",
            format!("The {header} you specified did not match what we received."),
        )
    };
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    for algorithm in ChecksumAlgorithm::PRIORITY {
        if let Some(sent) = text(algorithm.header()) {
            if sent.trim() != algorithm.checksum(body) {
                return Err(mismatch(algorithm.header()));
            }
        }
    }
    if let Some(sent) = text(CONTENT_MD5) {
        if sent.trim() != content_md5(body) {
            return Err(mismatch("Content-MD5"));
        }
    }
    let carried = headers.contains_key(CONTENT_MD5)
        || headers.keys().any(|name| is_checksum_header(name.as_str()));
    if checksum.request_required && !carried {
        let wanted = if checksum.content_md5 {
            "Content-MD5"
        } else {
            "x-amz-checksum-* or Content-MD5"
        };
        return Err(ServerError::new(
            400,
            "InvalidRequest",
            format!("Missing required header for this request: {wanted}"),
        ));
    }
    Ok(())
}

/// Adds the checksum of `response`'s body, of the first of `algorithms` (the model's
/// `responseAlgorithms` in [`ChecksumAlgorithm::PRIORITY`] order), unless it has one.
pub fn add_response_checksum(
    mut response: http::Response<Bytes>,
    algorithms: &[ChecksumAlgorithm],
) -> http::Response<Bytes> {
    let present = find_checksum_header(algorithms, |name| {
        response.headers().get(name).and_then(|v| v.to_str().ok())
    })
    .is_some();
    if let (Some(algorithm), false) = (algorithms.first(), present) {
        let value = algorithm.checksum(response.body());
        if let Ok(value) = http::HeaderValue::try_from(value) {
            response
                .headers_mut()
                .insert(http::HeaderName::from_static(algorithm.header()), value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUIRED_MD5: HttpChecksum = HttpChecksum {
        request_required: true,
        content_md5: true,
        response_algorithms: &[],
    };
    const OPTIONAL: HttpChecksum = HttpChecksum {
        request_required: false,
        content_md5: false,
        response_algorithms: &[ChecksumAlgorithm::Crc32c, ChecksumAlgorithm::Sha256],
    };

    fn headers(pairs: &[(&str, &str)]) -> http::HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    http::HeaderName::try_from(*k).unwrap(),
                    http::HeaderValue::try_from(*v).unwrap(),
                )
            })
            .collect()
    }

    fn code(result: Result<(), ServerError>) -> String {
        let error = result.unwrap_err();
        format!("{} {}", error.status(), error.code())
    }

    #[test]
    fn request_checksums_are_verified_and_required_ones_demanded() {
        let body = b"Hello world";
        let ok = [
            ("x-amz-checksum-crc32", "i9aeUg=="),
            ("x-amz-checksum-sha1", "e1AsOh9IyGCa4hLN+2Od7jlnP14="),
        ];
        assert!(verify_request_checksum(&headers(&ok), body, &REQUIRED_MD5).is_ok());
        assert!(verify_request_checksum(&headers(&[]), body, &OPTIONAL).is_ok());
        assert_eq!(
            code(verify_request_checksum(
                &headers(&[("x-amz-checksum-crc32", "AAAAAA==")]),
                body,
                &OPTIONAL
            )),
            "400 BadDigest"
        );
        assert_eq!(
            code(verify_request_checksum(
                &headers(&[("content-md5", "iB0/3YSo7maijL0IGOgA9g==")]),
                body,
                &OPTIONAL
            )),
            "400 BadDigest"
        );
        let json = br#"{"foo":"base64 encoded md5 checksum"}"#;
        assert!(verify_request_checksum(
            &headers(&[("content-md5", "iB0/3YSo7maijL0IGOgA9g==")]),
            json,
            &REQUIRED_MD5
        )
        .is_ok());
        let missing = verify_request_checksum(&headers(&[]), json, &REQUIRED_MD5).unwrap_err();
        assert_eq!(missing.code(), "InvalidRequest");
        assert!(format!("{missing:?}").contains("Content-MD5"));
        // An algorithm not computed here counts as carried.
        assert!(verify_request_checksum(
            &headers(&[("x-amz-checksum-xxhash64", "AAAAAAAAAAA=")]),
            json,
            &REQUIRED_MD5
        )
        .is_ok());
    }

    #[test]
    fn response_checksums_use_the_first_algorithm_unless_one_is_there() {
        let response = http::Response::new(Bytes::from_static(b"Hello world"));
        let response = add_response_checksum(response, OPTIONAL.response_algorithms);
        assert_eq!(response.headers()["x-amz-checksum-crc32c"], "crUfeA==");
        let mut given = http::Response::new(Bytes::from_static(b"Hello world"));
        given
            .headers_mut()
            .insert("x-amz-checksum-sha256", "given".parse().unwrap());
        let given = add_response_checksum(given, OPTIONAL.response_algorithms);
        assert!(!given.headers().contains_key("x-amz-checksum-crc32c"));
        let none = add_response_checksum(http::Response::new(Bytes::new()), &[]);
        assert!(none.headers().is_empty());
    }
}
