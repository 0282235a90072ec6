//! Operations: names, inputs, outputs and errors, the HTTP binding (method, URI template and
//! its labels, response code), host prefixes, authentication, and the members' locations.
//!
//! Faults: an invalid operation name; an input or output that is not a structure; an unknown
//! HTTP method, a JSON RPC operation that is not `POST /`, a `requestUri` that does not
//! parse, a label bound to no `uri` member or to several, a `uri` member in no label or not
//! required, a label without an input; a response code that is not 200..=299; a host prefix
//! that does not parse, or names a member that is not a `hostLabel` string; an unknown
//! `authtype`; an `httpChecksum` member that is not a string member of the input; a `location` with protocol `json`, on a member of a structure that is not an
//! operation's input, output or error, or on a shape the location cannot carry
//! ([`super::super::bind`]). An `auth` list naming no scheme of [`AuthScheme`] is reported as
//! unsupported.

use super::*;

impl<'a> Lower<'a> {
    /// How the operations use each shape.
    pub(super) fn roles(&self) -> BTreeMap<&'a str, Roles> {
        let mut roles: BTreeMap<&'a str, Roles> = BTreeMap::new();
        for operation in self.raw.operations.values().flatten() {
            if let Some(input) = &operation.input {
                roles.entry(input.shape.as_str()).or_default().input = true;
            }
            if let Some(output) = &operation.output {
                roles.entry(output.shape.as_str()).or_default().output = true;
            }
            for error in &operation.errors {
                roles.entry(error.shape.as_str()).or_default().error = true;
            }
        }
        roles
    }

    pub(super) fn operation(
        &mut self,
        name: &str,
        operation: &raw::Operation,
        protocol: Option<Protocol>,
        service_auth: &[AuthScheme],
    ) -> Option<Operation> {
        let before = self.faults.len();
        let path = operation_path(name);
        if operation.name != name {
            self.fault(
                path.key("name"),
                format!(
                    "{} differs from the operation's key {}",
                    quote(&operation.name),
                    quote(name)
                ),
            );
        }
        let http_path = path.key("http");
        let method = HttpMethod::parse(&operation.http.method);
        if method.is_none() {
            self.fault(
                http_path.key("method"),
                format!(
                    "unknown HTTP method {}, expected one of GET, POST, PUT, DELETE, PATCH, HEAD",
                    quote(&operation.http.method)
                ),
            );
        }
        let uri_path = http_path.key("requestUri");
        let uri = match parse_uri(&operation.http.request_uri) {
            Ok(uri) => Some(uri),
            Err(problems) => {
                for problem in problems {
                    self.fault(uri_path.clone(), problem);
                }
                None
            }
        };
        if let Some(code) = operation.http.response_code {
            if !(200..=299).contains(&code) {
                self.fault(
                    http_path.key("responseCode"),
                    format!("{code} is not a success status, expected 200..=299"),
                );
            }
        }
        if protocol.is_some_and(Protocol::is_json_rpc)
            && (operation.http.method != "POST" || operation.http.request_uri != "/")
        {
            self.fault(
                http_path.clone(),
                format!(
                    "protocol `json` requires POST /, found {} {}",
                    operation.http.method, operation.http.request_uri
                ),
            );
        }

        let input_output = [
            ("input", operation.input.as_ref().map(|r| &r.shape)),
            ("output", operation.output.as_ref().map(|r| &r.shape)),
        ];
        for (key, shape_name) in input_output {
            let Some(shape_name) = shape_name else {
                continue;
            };
            let shape_path = path.key(key).key("shape");
            if let Some(target) = self.reference(shape_path.clone(), shape_name) {
                if target.shape_type != ShapeType::Structure {
                    self.fault(
                        shape_path,
                        format!(
                            "{} is {}, expected a structure",
                            quote(shape_name),
                            a_shape(target.shape_type)
                        ),
                    );
                } else if target.exception == Some(true) {
                    self.fault(
                        shape_path,
                        format!(
                            "{} is an error structure, expected a plain structure",
                            quote(shape_name)
                        ),
                    );
                } else if target.union == Some(true) || target.document == Some(true) {
                    let what = if target.union == Some(true) {
                        "a union"
                    } else {
                        "a document"
                    };
                    self.fault(
                        shape_path,
                        format!("{} is {what}, expected a structure", quote(shape_name)),
                    );
                }
            }
        }
        let mut errors: Vec<&raw::DocumentedRef> = Vec::new();
        for (index, error) in operation.errors.iter().enumerate() {
            let shape_path = path.key("errors").index(index).key("shape");
            // botocore's reading: an error listed twice is the same error.
            if errors.iter().any(|e| e.shape == error.shape) {
                continue;
            }
            errors.push(error);
            let Some(target) = self.reference(shape_path.clone(), &error.shape) else {
                continue;
            };
            if target.shape_type != ShapeType::Structure {
                self.fault(
                    shape_path,
                    format!(
                        "{} is {}, expected an error structure",
                        quote(&error.shape),
                        a_shape(target.shape_type)
                    ),
                );
            } else if target.exception != Some(true) {
                self.fault(
                    shape_path,
                    format!(
                        "{} is not an error structure (no `exception: true`)",
                        quote(&error.shape)
                    ),
                );
            }
        }

        // Label → the input member bound to it (rest-json; the JSON RPC protocols have none).
        let labels = match (protocol, &uri) {
            (Some(Protocol::RestJson1), Some(uri)) => self.bind_labels(name, operation, uri),
            _ => BTreeMap::new(),
        };
        let host_prefix = operation
            .endpoint
            .as_ref()
            .and_then(|endpoint| self.host_prefix(name, operation, &endpoint.host_prefix));
        let auth = self.operation_auth(name, operation, service_auth);
        let checksums = self.checksums(name, operation);
        if self.faults.len() > before {
            return None;
        }
        let (method_name, type_name) = self.operation_names.get(name)?.clone();
        // An error's variant in the operation's error enum: its type name, from the enum's
        // namespace, where `Unhandled` is the generator's.
        let mut variants = Namespace::reserving(&[naming::UNHANDLED_VARIANT]);
        let errors = errors
            .into_iter()
            .map(|error| {
                Some(OperationError {
                    shape: self.structure_id(&error.shape)?,
                    variant: variants.claim(self.type_name(&error.shape)),
                    documentation: error.documentation.clone(),
                })
            })
            .collect::<Option<_>>()?;
        let input = match &operation.input {
            Some(input) => {
                let id = self.structure_id(&input.shape)?;
                match self.input_copies.get(name) {
                    Some(copy) => Some(StructureId::checked(self.id(&copy.name)?)),
                    None => Some(id),
                }
            }
            None => None,
        };
        let output = match &operation.output {
            Some(output) => Some(self.structure_id(&output.shape)?),
            None => None,
        };
        Some(Operation {
            name: name.to_owned(),
            method_name,
            error_name: format!("{}Error", naming::bare(&type_name)),
            input_type_name: format!("{}Input", naming::bare(&type_name)),
            type_name,
            http: Http {
                method: method?,
                request_uri: operation.http.request_uri.clone(),
                uri: uri?.bind(|label| labels.get(label).cloned())?,
                response_code: operation.http.response_code,
            },
            input,
            output,
            errors,
            output_documentation: operation
                .output
                .as_ref()
                .and_then(|output| output.documentation.clone()),
            documentation: operation.documentation.clone(),
            idempotent: operation.idempotent.unwrap_or(false),
            deprecated: deprecation(
                operation.deprecated,
                operation.deprecated_message.as_ref(),
                operation.deprecated_since.as_ref(),
            ),
            auth,
            host_prefix,
            paginator: self.paginators_of.remove(name),
            gzip_request: operation
                .request_compression
                .as_ref()
                .is_some_and(|c| c.encodings.iter().any(|e| e == "gzip")),
            checksums,
        })
    }

    /// What the operation's `httpChecksumRequired` and `httpChecksum` ask, each member they
    /// name checked to be a string member of the input.
    pub(super) fn checksums(
        &mut self,
        name: &str,
        operation: &raw::Operation,
    ) -> Option<Checksums> {
        let legacy = operation.http_checksum_required == Some(true);
        let flexible = operation.http_checksum.as_ref();
        if !legacy && flexible.is_none() {
            return None;
        }
        let input = operation
            .input
            .as_ref()
            .and_then(|input| self.lookup(&input.shape));
        let path = operation_path(name).key("httpChecksum");
        let mut member = |key: &str, member_name: Option<&String>| -> Option<String> {
            let member_name = member_name?;
            let member = input.and_then(|input| input.members.as_ref()?.get(member_name));
            let target = member.and_then(|member| self.lookup(&member.shape));
            let problem = match (member, target) {
                (None, _) => Some("is not a member of the operation's input"),
                (_, Some(target)) if target.shape_type != ShapeType::String => {
                    Some("is not a string member")
                }
                _ => None,
            };
            match problem {
                Some(problem) => {
                    self.fault(path.key(key), format!("{} {problem}", quote(member_name)));
                    None
                }
                None => Some(member_name.clone()),
            }
        };
        let algorithm_member = member(
            "requestAlgorithmMember",
            flexible.and_then(|f| f.request_algorithm_member.as_ref()),
        );
        let validation_mode_member = member(
            "requestValidationModeMember",
            flexible.and_then(|f| f.request_validation_mode_member.as_ref()),
        );
        let listed: Vec<ChecksumAlgorithm> = flexible
            .and_then(|f| f.response_algorithms.as_ref())
            .into_iter()
            .flatten()
            .filter_map(|name| ChecksumAlgorithm::from_name(name))
            .collect();
        Some(Checksums {
            request_required: legacy
                || flexible.is_some_and(|f| f.request_checksum_required == Some(true)),
            content_md5: legacy && flexible.is_none(),
            algorithm_member,
            validation_mode_member,
            response_algorithms: ChecksumAlgorithm::PRIORITY
                .into_iter()
                .filter(|algorithm| listed.contains(algorithm))
                .collect(),
        })
    }

    /// The operation's host prefix, parsed, each label bound to a `hostLabel` string member
    /// of the input.
    pub(super) fn host_prefix(
        &mut self,
        name: &str,
        operation: &raw::Operation,
        template: &str,
    ) -> Option<HostPrefix> {
        let path = operation_path(name).key("endpoint").key("hostPrefix");
        let segments = match parse_host_prefix(template) {
            Ok(segments) => segments,
            Err(problems) => {
                for problem in problems {
                    self.fault(path.clone(), problem);
                }
                return None;
            }
        };
        let input = operation
            .input
            .as_ref()
            .and_then(|input| self.lookup(&input.shape));
        let before = self.faults.len();
        for segment in &segments {
            let HostSegment::Label(label) = segment else {
                continue;
            };
            let member = input.and_then(|input| input.members.as_ref()?.get(label));
            let target = member.and_then(|member| self.lookup(&member.shape));
            let problem = match (member, target) {
                (None, _) => Some("is not a member of the operation's input"),
                (Some(member), _) if member.host_label != Some(true) => {
                    Some("names a member without `hostLabel: true`")
                }
                (_, Some(target)) if target.shape_type != ShapeType::String => {
                    Some("names a member that is not a string")
                }
                _ => None,
            };
            if let Some(problem) = problem {
                self.fault(path.clone(), format!("label {{{label}}} {problem}"));
            }
        }
        (self.faults.len() == before).then(|| HostPrefix {
            template: template.to_owned(),
            segments,
        })
    }

    /// The schemes that authenticate the operation's requests: its `auth` if it has one,
    /// else its older `authtype`, else the service's.
    pub(super) fn operation_auth(
        &mut self,
        name: &str,
        operation: &raw::Operation,
        service: &[AuthScheme],
    ) -> Vec<AuthScheme> {
        if let Some(list) = operation.auth.as_ref().filter(|list| !list.is_empty()) {
            return self.auth_schemes(list, || format!("operation {}", quote(name)));
        }
        match operation.auth_type.as_deref() {
            None => service.to_vec(),
            Some("none") => Vec::new(),
            Some("v4" | "v4-unsigned-body") => vec![AuthScheme::SigV4],
            Some("bearer") => vec![AuthScheme::Bearer],
            Some(other) => {
                self.fault(
                    operation_path(name).key("authtype"),
                    format!(
                        "unknown authtype {}, expected `none`, `v4`, `v4-unsigned-body` or `bearer`",
                        quote(other)
                    ),
                );
                Vec::new()
            }
        }
    }

    /// rest-json: binds each `{Label}` to exactly one required `uri` member of the input, and
    /// each `uri` member of the input to a label; label → member.
    pub(super) fn bind_labels(
        &mut self,
        name: &str,
        operation: &raw::Operation,
        uri: &ParsedUri,
    ) -> BTreeMap<String, String> {
        let mut bound_members = BTreeMap::new();
        let uri_path = operation_path(name).key("http").key("requestUri");
        let Some(input) = &operation.input else {
            for label in uri.labels() {
                self.fault(
                    uri_path.clone(),
                    format!("label {{{label}}} needs an input structure to bind to"),
                );
            }
            return bound_members;
        };
        let Some(shape) = self
            .lookup(&input.shape)
            .filter(|shape| shape.shape_type == ShapeType::Structure)
        else {
            return bound_members;
        };
        let uri_members: Vec<(&str, &str)> = shape
            .members
            .iter()
            .flatten()
            .filter(|(_, member)| member.location == Some(Location::Uri))
            .map(|(member_name, member)| {
                let wire = member.location_name.as_deref().unwrap_or(member_name);
                (member_name.as_str(), wire)
            })
            .collect();
        let required: BTreeSet<&str> = shape
            .required
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        for label in uri.labels() {
            let bound: Vec<&str> = uri_members
                .iter()
                .filter(|(_, wire)| *wire == label)
                .map(|(member, _)| *member)
                .collect();
            match bound.as_slice() {
                [] => self.fault(
                    uri_path.clone(),
                    format!(
                        "label {{{label}}} is bound to no `uri` member of {}",
                        quote(&input.shape)
                    ),
                ),
                [member] => {
                    bound_members.insert(label.to_owned(), (*member).to_owned());
                    if !required.contains(member) {
                        self.fault(
                            member_path(&input.shape, member),
                            format!(
                                "bound to URI label {{{label}}} of operation {} but not required",
                                quote(name)
                            ),
                        );
                    }
                }
                several => self.fault(
                    uri_path.clone(),
                    format!(
                        "label {{{label}}} is bound to more than one member of {}: {}",
                        quote(&input.shape),
                        several.join(", ")
                    ),
                ),
            }
        }
        for (member, wire) in uri_members {
            if !uri.labels().any(|label| label == wire) {
                self.fault(
                    member_path(&input.shape, member).key("location"),
                    format!(
                        "no label {{{wire}}} in the requestUri of operation {}",
                        quote(name)
                    ),
                );
            }
        }
        bound_members
    }

    /// Member locations: none with the JSON RPC protocols; with rest-json, each on a structure
    /// in the right role and of a shape the location can carry.
    pub(super) fn check_locations(&mut self, protocol: Protocol, roles: &BTreeMap<&str, Roles>) {
        let no_roles = Roles::default();
        for (name, shape) in &self.raw.shapes {
            let Some(shape) = shape else { continue };
            let role = roles.get(name.as_str()).unwrap_or(&no_roles);
            if protocol.is_json_rpc() && shape.payload.is_some() {
                self.needs(
                    "payload members with protocol json",
                    format!("shape {}", quote(name)),
                );
            }
            for (member_name, member) in shape.members.iter().flatten() {
                let Some(location) = member.location else {
                    continue;
                };
                let path = member_path(name, member_name);
                if protocol.is_json_rpc() {
                    self.fault(
                        path.key("location"),
                        "`location` is not allowed with protocol `json`",
                    );
                    continue;
                }
                // Label and query bindings on an output are ignored, as the restJson1 spec
                // says of responses; anywhere else they are a mistake.
                let (allowed, roles_text) = match location {
                    Location::Uri | Location::QueryString => {
                        (role.input || role.output, "input or output")
                    }
                    Location::StatusCode => (role.output, "output"),
                    Location::Header | Location::Headers => (
                        role.input || role.output || role.error,
                        "input, output or error",
                    ),
                };
                if !allowed {
                    self.fault(
                        path.key("location"),
                        format!(
                            "`{}` is only allowed on members of an operation's {roles_text}",
                            location.as_str()
                        ),
                    );
                }
                let Some(target) = self.lookup(&member.shape) else {
                    continue;
                };
                let lookup = |name: &str| self.target(name);
                if let Err(bind::Misfit::Expected(expected)) =
                    bind::binding(Some(location), false, false, target, &lookup)
                {
                    self.fault(
                        path.key("shape"),
                        format!(
                            "a `{}` member must be {expected}, {} is {}",
                            location.as_str(),
                            quote(&member.shape),
                            a_shape(target.shape_type)
                        ),
                    );
                }
            }
        }
    }

    /// A streaming blob or an event stream is the body of a request or response, so it may
    /// only be a payload: a streaming blob of an operation's input or output with protocol
    /// `rest-json`, an event stream of an operation's output (its `payload` with `rest-json`)
    /// or input (with `rest-json`; with the JSON RPC protocols, whose input stream starts with
    /// an `initial-request` event, it is not supported yet).
    /// A structure holding either (whose field cannot be cloned or compared) may be no member
    /// of another shape. An event stream's members are its events (structures marked
    /// `event`) and its exceptions (error structures), and an event is a member of nothing
    /// else. Faults: `a streaming blob may only be the payload of an operation's input or
    /// output` and `an event stream may only be the payload of an operation's input or output` at the
    /// member, list or map; `a structure with a streaming payload may not be a member of
    /// another shape` at the member that targets it; `an event stream's member must be an
    /// event or an error structure`; `an event with an `eventpayload` or `eventheader` member
    /// may only be a member of an event stream` (elsewhere those members would be lost).
    pub(super) fn check_streams(&mut self, protocol: Protocol, roles: &BTreeMap<&str, Roles>) {
        let shape_of = |name: &str| self.lookup(name);
        let is_blob_stream = |name: &str| {
            shape_of(name)
                .is_some_and(|s| s.shape_type == ShapeType::Blob && s.streaming == Some(true))
        };
        let is_event_stream =
            |name: &str| shape_of(name).is_some_and(|s| s.eventstream == Some(true));
        // An event whose payload is one of its members, or with members in its message's
        // headers: elsewhere, those members would be lost.
        let is_event = |name: &str| {
            shape_of(name).is_some_and(|s| {
                s.event == Some(true)
                    && s.members
                        .iter()
                        .flatten()
                        .any(|(_, m)| m.eventpayload == Some(true) || m.eventheader == Some(true))
            })
        };
        const BLOB: &str =
            "a streaming blob may only be the payload of an operation's input or output";
        const EVENTS: &str =
            "an event stream may only be the payload of an operation's input or output";
        const EVENT: &str = "an event with an `eventpayload` or `eventheader` member may only be a member of an event stream";
        // The shapes a list's entries and a map's keys and values are.
        let entries = |shape: &'a raw::Shape| {
            [
                ("member", shape.member.as_ref().map(|m| m.shape.as_str())),
                ("key", shape.key.as_ref().map(|k| k.shape.as_str())),
                ("value", shape.value.as_ref().map(|v| v.shape.as_str())),
            ]
        };
        let mut faults: Vec<(JsonPath, &str)> = Vec::new();
        let mut unsupported = Vec::new();
        let mut holders = BTreeSet::new();
        for (name, shape) in &self.raw.shapes {
            let Some(shape) = shape else { continue };
            let role = roles.get(name.as_str());
            let (input, output) = role.map_or((false, false), |role| (role.input, role.output));
            let is_payload =
                |member: &str| shape.payload.as_deref() == Some(member) && !protocol.is_json_rpc();
            for (member_name, member) in shape.members.iter().flatten() {
                let at = || member_path(name, member_name).key("shape");
                if is_blob_stream(&member.shape) {
                    if is_payload(member_name) && (input || output) && member.location.is_none() {
                        holders.insert(name.as_str());
                    } else {
                        faults.push((at(), BLOB));
                    }
                } else if is_event_stream(&member.shape) {
                    // Not supported yet (the operations are left out before lowering; a model
                    // all of whose operations would be is refused for them).
                    let place = || format!("shape {}", quote(name));
                    let placed = protocol.is_json_rpc() || is_payload(member_name);
                    if input && protocol.is_json_rpc() {
                        unsupported.push((super::super::leave_out::JSON_RPC_INPUT_EVENTS, place()));
                    } else if (input || output) && placed && member.location.is_none() {
                        holders.insert(name.as_str());
                    } else {
                        faults.push((at(), EVENTS));
                    }
                } else if is_event(&member.shape) && shape.eventstream != Some(true) {
                    faults.push((at(), EVENT));
                }
                if shape.eventstream == Some(true) {
                    let fits = shape_of(&member.shape).is_some_and(|target| {
                        target.shape_type == ShapeType::Structure
                            && (target.event == Some(true) || target.exception == Some(true))
                    });
                    if !fits {
                        faults.push((
                            at(),
                            "an event stream's member must be an event or an error structure",
                        ));
                    }
                }
            }
            for (key, entry) in entries(shape) {
                let Some(entry) = entry else { continue };
                let what = if is_blob_stream(entry) {
                    BLOB
                } else if is_event_stream(entry) {
                    EVENTS
                } else if is_event(entry) {
                    EVENT
                } else {
                    continue;
                };
                faults.push((shapes_path(name).key(key).key("shape"), what));
            }
        }
        for (name, shape) in &self.raw.shapes {
            let Some(shape) = shape else { continue };
            const HELD: &str =
                "a structure with a streaming payload may not be a member of another shape";
            for (member_name, member) in shape.members.iter().flatten() {
                if holders.contains(member.shape.as_str()) {
                    faults.push((member_path(name, member_name).key("shape"), HELD));
                }
            }
            for (key, entry) in entries(shape) {
                if entry.is_some_and(|entry| holders.contains(entry)) {
                    faults.push((shapes_path(name).key(key).key("shape"), HELD));
                }
            }
        }
        for (path, message) in faults {
            self.fault(path, message);
        }
        for (feature, place) in unsupported {
            self.needs(feature, place);
        }
    }
}
