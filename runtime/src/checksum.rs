//! Body checksums: what the models' `httpChecksumRequired` and `httpChecksum` ask of an
//! operation ([`HttpChecksum`]) and the algorithms ([`ChecksumAlgorithm`]), named once for
//! the generator, the client runtime and the server runtime. Computing them (the
//! `checksums` feature, which both runtimes turn on) uses `crc` for the CRCs and
//! RustCrypto's `sha1`, `sha2` and `md-5`.
//!
//! A checksum travels base64-encoded in `x-amz-checksum-<algorithm>` (the flexible checksums
//! of `httpChecksum`), or in `Content-MD5` (RFC 1864) for an operation that has only
//! `httpChecksumRequired`, whose default the Smithy specification makes MD5.

use std::fmt;

/// A flexible checksum algorithm (`httpChecksum`'s `requestAlgorithmMember` values and
/// `responseAlgorithms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChecksumAlgorithm {
    /// CRC-64/NVME.
    Crc64Nvme,
    /// CRC-32C (Castagnoli, iSCSI).
    Crc32c,
    /// CRC-32 (ISO-HDLC, zlib's).
    Crc32,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-512.
    Sha512,
}

impl ChecksumAlgorithm {
    /// Every algorithm, in the order a client prefers them for validating a response
    /// (botocore's: the CRCs first, fastest first, then the SHAs).
    pub const PRIORITY: [Self; 6] = [
        Self::Crc64Nvme,
        Self::Crc32c,
        Self::Crc32,
        Self::Sha1,
        Self::Sha256,
        Self::Sha512,
    ];

    /// The algorithm a request uses when the caller names none: CRC-32.
    pub const DEFAULT: Self = Self::Crc32;

    /// The algorithm's name in a model and on the wire (`CRC32`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Crc64Nvme => "CRC64NVME",
            Self::Crc32c => "CRC32C",
            Self::Crc32 => "CRC32",
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
            Self::Sha512 => "SHA512",
        }
    }

    /// The header that carries a checksum of this algorithm (`x-amz-checksum-crc32`).
    pub const fn header(self) -> &'static str {
        match self {
            Self::Crc64Nvme => "x-amz-checksum-crc64nvme",
            Self::Crc32c => "x-amz-checksum-crc32c",
            Self::Crc32 => "x-amz-checksum-crc32",
            Self::Sha1 => "x-amz-checksum-sha1",
            Self::Sha256 => "x-amz-checksum-sha256",
            Self::Sha512 => "x-amz-checksum-sha512",
        }
    }

    /// The algorithm `name` names, in any case (`crc32`, `CRC32`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::PRIORITY
            .into_iter()
            .find(|algorithm| algorithm.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The checksum of `body`, base64-encoded as it goes in a header.
    #[cfg(feature = "checksums")]
    pub fn checksum(self, body: &[u8]) -> String {
        use base64::Engine as _;
        use sha2::Digest as _;
        const CRC32C: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISCSI);
        const CRC64NVME: crc::Crc<u64> = crc::Crc::<u64>::new(&crc::CRC_64_NVME);
        let digest: Vec<u8> = match self {
            Self::Crc64Nvme => CRC64NVME.checksum(body).to_be_bytes().to_vec(),
            Self::Crc32c => CRC32C.checksum(body).to_be_bytes().to_vec(),
            Self::Crc32 => CRC32.checksum(body).to_be_bytes().to_vec(),
            Self::Sha1 => sha1::Sha1::digest(body).to_vec(),
            Self::Sha256 => sha2::Sha256::digest(body).to_vec(),
            Self::Sha512 => sha2::Sha512::digest(body).to_vec(),
        };
        base64::engine::general_purpose::STANDARD.encode(digest)
    }
}

impl fmt::Display for ChecksumAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// CRC-32 (IEEE), as `x-amz-checksum-crc32` and the event stream framing use it; a `const`, so
/// that its table is built once, at compile time.
#[cfg(any(feature = "checksums", feature = "eventstream"))]
pub(crate) const CRC32: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

/// The `Content-MD5` header's name.
pub const CONTENT_MD5: &str = "content-md5";

/// The MD5 digest of `body`, base64-encoded, for `Content-MD5`.
#[cfg(feature = "checksums")]
pub fn content_md5(body: &[u8]) -> String {
    use base64::Engine as _;
    use md5::Digest as _;
    base64::engine::general_purpose::STANDARD.encode(md5::Md5::digest(body))
}

/// What a model asks of an operation's checksums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpChecksum {
    /// Every request must carry a checksum (`httpChecksumRequired`, or `httpChecksum`'s
    /// `requestChecksumRequired`).
    pub request_required: bool,
    /// The checksum a request needs is `Content-MD5` unless the caller names an algorithm:
    /// `httpChecksumRequired` without `httpChecksum`.
    pub content_md5: bool,
    /// The algorithms a response may carry a checksum of (`responseAlgorithms`) that are
    /// supported here, in [`ChecksumAlgorithm::PRIORITY`] order; a client checks the first
    /// one the response has when the input asks for validation
    /// (`requestValidationModeMember` set to [`VALIDATION_ENABLED`]).
    pub response_algorithms: &'static [ChecksumAlgorithm],
}

/// The value of a `requestValidationModeMember` that asks for the response's checksum.
pub const VALIDATION_ENABLED: &str = "ENABLED";

/// Whether `name` (lower case) is a checksum header: `x-amz-checksum-<algorithm>`, of any
/// algorithm, but not `x-amz-checksum-mode` (S3's validation mode, a request member).
pub fn is_checksum_header(name: &str) -> bool {
    name.strip_prefix("x-amz-checksum-")
        .is_some_and(|algorithm| {
            !algorithm.is_empty()
                && algorithm != "mode"
                && algorithm.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// The first checksum header of `algorithms` (in their order) that `header` finds, with its
/// value; a value with a `-` (S3's checksum of part checksums, `…-3`) is not a checksum of
/// the body and is passed over.
pub fn find_checksum_header<'h>(
    algorithms: &[ChecksumAlgorithm],
    header: impl Fn(&str) -> Option<&'h str>,
) -> Option<(ChecksumAlgorithm, &'h str)> {
    algorithms.iter().find_map(|algorithm| {
        header(algorithm.header())
            .map(str::trim)
            .filter(|value| !value.contains('-'))
            .map(|value| (*algorithm, value))
    })
}

#[cfg(all(test, feature = "checksums"))]
mod tests {
    use super::*;

    /// botocore's functional tests (`test_httpchecksum.py`) checksum "Hello world" so.
    #[test]
    fn checksums_of_hello_world_are_botocores() {
        let body = b"Hello world";
        let expected = [
            (ChecksumAlgorithm::Crc32, "i9aeUg=="),
            (ChecksumAlgorithm::Crc32c, "crUfeA=="),
            (ChecksumAlgorithm::Crc64Nvme, "OOJZ0D8xKts="),
            (ChecksumAlgorithm::Sha1, "e1AsOh9IyGCa4hLN+2Od7jlnP14="),
            (
                ChecksumAlgorithm::Sha256,
                "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=",
            ),
            (
                ChecksumAlgorithm::Sha512,
                "t/eDuu2Cl/DbkXRiGE/08I5pwtXl95qUJgD5cl9Yzh8pwYE5v4CwbA//K900c4RS7PQMSIwip+PYDN9vnBwNRw==",
            ),
        ];
        for (algorithm, checksum) in expected {
            assert_eq!(algorithm.checksum(body), checksum, "{algorithm}");
        }
        // The restJson1 suite's `RestJsonHttpChecksumRequired`.
        assert_eq!(
            content_md5(br#"{"foo":"base64 encoded md5 checksum"}"#),
            "iB0/3YSo7maijL0IGOgA9g=="
        );
    }

    #[test]
    fn names_and_headers() {
        for algorithm in ChecksumAlgorithm::PRIORITY {
            assert_eq!(
                ChecksumAlgorithm::from_name(algorithm.name()),
                Some(algorithm)
            );
            assert_eq!(
                algorithm.header(),
                format!("x-amz-checksum-{}", algorithm.name().to_ascii_lowercase())
            );
        }
        assert_eq!(
            ChecksumAlgorithm::from_name("crc32c"),
            Some(ChecksumAlgorithm::Crc32c)
        );
        assert_eq!(ChecksumAlgorithm::from_name("XXHASH64"), None);
        assert!(is_checksum_header("x-amz-checksum-xxhash64"));
        assert!(!is_checksum_header("x-amz-checksum-mode"));
        assert!(!is_checksum_header("x-amz-checksum-"));
        let headers = [
            ("x-amz-checksum-crc32", "abc-3"),
            ("x-amz-checksum-sha1", " e1A= "),
        ];
        let find = |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        assert_eq!(
            find_checksum_header(&ChecksumAlgorithm::PRIORITY, find),
            Some((ChecksumAlgorithm::Sha1, "e1A="))
        );
    }
}
