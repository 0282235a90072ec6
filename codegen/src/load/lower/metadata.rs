//! The `metadata` and `version` of a model: the protocol, the API version, the names.
//!
//! Faults: a `version` other than `2.0`; a missing or empty `apiVersion`, `endpointPrefix`,
//! `serviceId`, `serviceFullName` or `signatureVersion`; an `apiVersion` that is not a
//! `YYYY-MM-DD` date; a protocol other than `json` and `rest-json` (or a `protocols` list
//! naming neither: the first of the two it names is chosen), or a `jsonVersion` other
//! than `1.0` and `1.1`; a JSON RPC model without `targetPrefix`; a `serviceId` that gives no
//! module name; a `signatureVersion` other than `v4` and `bearer` (when there is no `auth`).
//! An `auth` list naming no scheme of [`AuthScheme`] is reported as unsupported.

use super::*;

impl<'a> Lower<'a> {
    pub(super) fn check_version(&mut self) {
        if let Some(version) = &self.raw.version {
            if version != "2.0" {
                self.fault(
                    JsonPath::root().key("version"),
                    format!(
                        "unsupported format version {}, expected \"2.0\"",
                        quote(version)
                    ),
                );
            }
        }
    }

    /// The protocol the service is generated for: the first `json` or `rest-json` of the
    /// `protocols` list (the protocols the service speaks, in order of preference; a client
    /// picks the first it supports, and 41 models list `smithy-rpc-v2-cbor` before `json`),
    /// or `protocol` when the model has no such list. `None` (reported) when the list names
    /// neither.
    fn chosen_protocol<'m>(&mut self, metadata: &'m raw::Metadata) -> Option<&'m str> {
        let chosen = metadata.chosen_protocol();
        let Some(protocols) = metadata.protocols.as_ref().filter(|list| !list.is_empty()) else {
            return chosen;
        };
        if chosen.is_none() {
            self.fault(
                JsonPath::root().key("metadata").key("protocols"),
                format!(
                    "none of {} is supported, expected `json` or `rest-json`",
                    protocols
                        .iter()
                        .map(|protocol| quote(protocol))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        chosen
    }

    pub(super) fn metadata(&mut self) -> Option<Metadata> {
        let metadata = self.raw.metadata.as_ref()?;
        let path = JsonPath::root().key("metadata");
        let before = self.faults.len();
        let required = [
            ("apiVersion", &metadata.api_version),
            ("endpointPrefix", &metadata.endpoint_prefix),
            ("protocol", &metadata.protocol),
            ("serviceId", &metadata.service_id),
            ("serviceFullName", &metadata.service_full_name),
            ("signatureVersion", &metadata.signature_version),
        ];
        for (key, value) in required {
            match value {
                None => self.fault(path.clone(), format!("missing key `{key}`")),
                Some(value) if value.trim().is_empty() => {
                    self.fault(path.key(key), "must not be empty");
                }
                Some(_) => {}
            }
        }
        if let Some(version) = &metadata.api_version {
            if !is_date(version) {
                self.fault(
                    path.key("apiVersion"),
                    format!("{} is not a date YYYY-MM-DD", quote(version)),
                );
            }
        }
        if let Some(json_version) = &metadata.json_version {
            if json_version != "1.0" && json_version != "1.1" {
                self.fault(
                    path.key("jsonVersion"),
                    format!(
                        "unsupported JSON version {}, expected `1.0` or `1.1`",
                        quote(json_version)
                    ),
                );
            }
        }
        if let Some(prefix) = &metadata.target_prefix {
            if prefix.is_empty() || prefix.contains(char::is_whitespace) {
                self.fault(
                    path.key("targetPrefix"),
                    format!("{} is not a valid target prefix", quote(prefix)),
                );
            }
        }
        let protocol = match self.chosen_protocol(metadata) {
            Some("json") => {
                if metadata.target_prefix.is_none() {
                    self.fault(
                        path.clone(),
                        "missing key `targetPrefix`, required with protocol `json`",
                    );
                }
                match metadata.json_version.as_deref() {
                    Some("1.0") => Some(Protocol::AwsJson1_0),
                    Some("1.1") => Some(Protocol::AwsJson1_1),
                    Some(_) => None,
                    None => {
                        self.fault(
                            path.clone(),
                            "missing key `jsonVersion`, required with protocol `json`",
                        );
                        None
                    }
                }
            }
            Some("rest-json") => Some(Protocol::RestJson1),
            Some(other) => {
                self.fault(
                    path.key("protocol"),
                    format!(
                        "unsupported protocol {}, expected `json` or `rest-json`",
                        quote(other)
                    ),
                );
                None
            }
            None => None,
        };
        if let Some(name) = &metadata.signing_name {
            if name.trim().is_empty() {
                self.fault(path.key("signingName"), "must not be empty");
            }
        }
        let auth = match metadata.auth.as_ref().filter(|auth| !auth.is_empty()) {
            Some(list) => self.auth_schemes(list, || format!("metadata.auth {}", list.join(", "))),
            None => match metadata.signature_version.as_deref() {
                Some("v4") => vec![AuthScheme::SigV4],
                Some("bearer") => vec![AuthScheme::Bearer],
                Some(version) => {
                    self.fault(
                        path.key("signatureVersion"),
                        format!(
                            "unsupported signature version {}, expected `v4` or `bearer`",
                            quote(version)
                        ),
                    );
                    Vec::new()
                }
                None => Vec::new(),
            },
        };
        if let Some(id) = &metadata.service_id {
            let module = naming::module_name(id);
            let usable = module.starts_with(|c: char| c.is_ascii_lowercase())
                && module
                    .trim_start_matches("r#")
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !id.trim().is_empty() && !usable {
                self.fault(
                    path.key("serviceId"),
                    format!("{} gives no Rust module name", quote(id)),
                );
            }
        }
        if self.faults.len() > before {
            return None;
        }
        Some(Metadata {
            api_version: metadata.api_version.clone()?,
            endpoint_prefix: metadata.endpoint_prefix.clone()?,
            protocol: protocol?,
            target_prefix: metadata.target_prefix.clone(),
            service_id: metadata.service_id.clone()?,
            service_full_name: metadata.service_full_name.clone()?,
            signature_version: metadata.signature_version.clone()?,
            auth,
            // botocore's default: the endpoint prefix.
            signing_name: metadata
                .signing_name
                .clone()
                .or_else(|| metadata.endpoint_prefix.clone())?,
            uid: metadata.uid.clone(),
            query_compatible: metadata.aws_query_compatible.is_some(),
        })
    }
}

impl Lower<'_> {
    /// The schemes of a model's `auth` list (the service's or an operation's), in its order:
    /// the ones [`AuthScheme`] knows, up to `smithy.api#noAuth` (a client takes the first
    /// scheme it can use, and anonymous is always usable, so what follows it is never
    /// reached). Others (`aws.auth#sigv4a`) are passed over, as a client that does not
    /// support them does; a list with nothing usable is reported as unsupported at `place`.
    pub(super) fn auth_schemes(
        &mut self,
        list: &[String],
        place: impl FnOnce() -> String,
    ) -> Vec<AuthScheme> {
        let mut schemes = Vec::new();
        for id in list {
            if id == NO_AUTH {
                return schemes;
            }
            if let Some(scheme) = AuthScheme::from_shape_id(id) {
                if !schemes.contains(&scheme) {
                    schemes.push(scheme);
                }
            }
        }
        if schemes.is_empty() {
            self.needs("authentication other than SigV4 and bearer tokens", place());
        }
        schemes
    }
}

/// The shape id of "no authentication" in an `auth` list.
pub(super) const NO_AUTH: &str = "smithy.api#noAuth";
