//! Structures: members, their Rust names and bindings ([`super::super::bind`]), errors,
//! unions, documents and payloads.
//!
//! Faults: an invalid member name; an unknown member shape; an empty `locationName`; two
//! members with the same JSON key, header or query parameter; an idempotency token or a
//! `jsonvalue` member that is not a string; a member-level `enum` that is empty or on a shape
//! other than a string without `enum` values; `exception` keys without `exception: true`;
//! `required` or `exception` on a union or a document, members on a document; a `payload`
//! that is not a member, is bound elsewhere, or is not a structure, blob or string, or that
//! leaves other members in the body; `eventpayload` or `eventheader` on a member of a structure
//! that is not an event, both on one member, an `eventheader` member of a shape no header type
//! holds, an `eventpayload` member that is not a structure, blob or string, or that leaves
//! other members of its event that are not headers.

use super::*;

impl<'a> Lower<'a> {
    pub(super) fn structure(&mut self, name: &str, shape: &raw::Shape) -> Structure {
        let path = shapes_path(name);
        let empty = indexmap::IndexMap::new();
        let members = shape.members.as_ref().unwrap_or(&empty);

        let mut required = BTreeSet::new();
        for (index, member) in shape.required.iter().flatten().enumerate() {
            let item = path.key("required").index(index);
            if !members.contains_key(member) {
                self.fault(item, format!("{} is not a member", quote(member)));
            } else if !required.insert(member.as_str()) {
                self.fault(item, format!("duplicate {}", quote(member)));
            }
        }

        let retryable = shape.retryable.as_ref().map(|retryable| Retryable {
            throttling: retryable.throttling.unwrap_or(false),
        });
        // The message: a plain string member called `Message` or `message`.
        let message = members
            .iter()
            .find(|(member_name, member)| {
                matches!(member_name.as_str(), "Message" | "message")
                    && self.lookup(&member.shape).is_some_and(|target| {
                        target.shape_type == ShapeType::String && target.enum_values.is_none()
                    })
            })
            .map(|(member_name, _)| member_name.clone());
        let error = if shape.exception == Some(true) {
            match &shape.error {
                // botocore's default: the caller's fault (400), or the service's (500) with
                // `fault: true`.
                None => {
                    let fault = shape.fault == Some(true);
                    Some(ErrorInfo {
                        http_status_code: if fault { 500 } else { 400 },
                        sender_fault: !fault,
                        retryable,
                        message,
                        query_code: None,
                    })
                }
                Some(error) => {
                    if !(400..=599).contains(&error.http_status_code) {
                        self.fault(
                            path.key("error").key("httpStatusCode"),
                            format!(
                                "{} is not an error status, expected 400..=599",
                                error.http_status_code
                            ),
                        );
                    }
                    let query_compatible = self
                        .raw
                        .metadata
                        .as_ref()
                        .is_some_and(|metadata| metadata.aws_query_compatible.is_some());
                    Some(ErrorInfo {
                        http_status_code: error.http_status_code,
                        sender_fault: error.sender_fault.unwrap_or(false),
                        retryable,
                        message,
                        query_code: error
                            .code
                            .clone()
                            .filter(|code| query_compatible && !code.is_empty()),
                    })
                }
            }
        } else {
            if shape.error.is_some() {
                self.fault(path.key("error"), "`error` without `exception: true`");
            }
            for (key, present) in [
                ("retryable", shape.retryable.is_some()),
                ("fault", shape.fault.is_some()),
            ] {
                if present {
                    self.fault(path.key(key), format!("`{key}` without `exception: true`"));
                }
            }
            None
        };

        let mut fields = Namespace::default();
        let mut setters = Namespace::reserving(naming::BUILDER_METHODS);
        let is_union = shape.union == Some(true);
        let mut variants = Namespace::reserving(&[naming::UNKNOWN_VARIANT]);
        if shape.document == Some(true) {
            for (key, present) in [
                ("members", !members.is_empty()),
                (
                    "required",
                    shape.required.as_ref().is_some_and(|r| !r.is_empty()),
                ),
                ("exception", shape.exception == Some(true)),
                ("union", is_union),
            ] {
                if present {
                    self.fault(path.key(key), "not allowed on a document");
                }
            }
        }
        if is_union {
            for (key, present) in [
                (
                    "required",
                    shape.required.as_ref().is_some_and(|r| !r.is_empty()),
                ),
                ("exception", shape.exception == Some(true)),
            ] {
                if present {
                    self.fault(path.key(key), "not allowed on a union");
                }
            }
        }
        let mut json_keys: BTreeMap<&str, &str> = BTreeMap::new();
        let mut headers: BTreeMap<String, &str> = BTreeMap::new();
        let mut queries: BTreeMap<&str, &str> = BTreeMap::new();
        let mut event_headers: BTreeMap<&str, &str> = BTreeMap::new();
        let mut lowered = Vec::new();
        for (member_name, member) in members {
            let path = member_path(name, member_name);
            if !naming::is_model_name(member_name) {
                self.fault(path.clone(), format!("invalid member name, {NAME_RULE}"));
            }
            let field_name = fields.claim(naming::field_name(member_name));
            let setter_name = setters.claim(naming::field_name(member_name));
            let variant_name = variants.claim(naming::type_name(member_name));
            let target = self.reference(path.key("shape"), &member.shape);
            if let Some(location_name) = &member.location_name {
                // An empty prefix binds every header to a `headers` map.
                if location_name.is_empty() && member.location != Some(Location::Headers) {
                    self.fault(path.key("locationName"), "must not be empty");
                }
            }
            let wire_name = member.location_name.as_deref().unwrap_or(member_name);
            let event_header = member.eventheader == Some(true);
            let duplicate = match member.location {
                // The framing's header names are compared as they are.
                None if event_header => event_headers
                    .insert(wire_name, member_name)
                    .map(|first| ("event header", first)),
                None => json_keys
                    .insert(wire_name, member_name)
                    .map(|first| ("JSON key", first)),
                Some(Location::Header) => headers
                    .insert(wire_name.to_ascii_lowercase(), member_name)
                    .map(|first| ("header", first)),
                Some(Location::QueryString) => queries
                    .insert(wire_name, member_name)
                    .map(|first| ("query parameter", first)),
                Some(_) => None,
            };
            if let Some((what, first)) = duplicate {
                self.fault(
                    path.clone(),
                    format!(
                        "{what} {} is also the {what} of member {}",
                        quote(wire_name),
                        quote(first)
                    ),
                );
            }
            if member.idempotency_token == Some(true) {
                if let Some(target) = target.filter(|t| t.shape_type != ShapeType::String) {
                    self.fault(
                        path.key("idempotencyToken"),
                        format!(
                            "an idempotency token must be a string, {} is {}",
                            quote(&member.shape),
                            a_shape(target.shape_type)
                        ),
                    );
                }
            }
            let json_value = member.jsonvalue == Some(true);
            if let Some(target) = target.filter(|t| json_value && t.shape_type != ShapeType::String)
            {
                self.fault(
                    path.key("jsonvalue"),
                    format!(
                        "a `jsonvalue` member must be a string holding JSON text, {} is {}",
                        quote(&member.shape),
                        a_shape(target.shape_type)
                    ),
                );
            }
            if let Some(values) = &member.enum_values {
                let plain_string =
                    |t: &&raw::Shape| t.shape_type == ShapeType::String && t.enum_values.is_none();
                if let Some(target) = target.filter(|t| !plain_string(t)) {
                    let what = if target.shape_type == ShapeType::String {
                        "a string shape with `enum` values of its own".to_owned()
                    } else {
                        a_shape(target.shape_type)
                    };
                    self.fault(
                        path.key("enum"),
                        format!(
                            "a member's `enum` narrows a string shape without `enum` values, {} is {what}",
                            quote(&member.shape)
                        ),
                    );
                }
                if values.is_empty() {
                    self.fault(path.key("enum"), "must not be empty");
                }
            }
            for (key, present) in [
                ("eventpayload", member.eventpayload == Some(true)),
                ("eventheader", event_header),
            ] {
                if present && shape.event != Some(true) {
                    self.fault(
                        path.key(key),
                        "only allowed on a member of an event (a structure with `event: true`)",
                    );
                }
            }
            if event_header && member.eventpayload == Some(true) {
                self.fault(
                    path.key("eventheader"),
                    "not allowed with `eventpayload`: a member is its event's payload or a header, not both",
                );
            }
            let header_type = target.and_then(bind::event_header);
            if let Some(target) = target.filter(|_| event_header && header_type.is_none()) {
                self.fault(
                    path.key("shape"),
                    format!(
                        "an `eventheader` member must be a boolean, integer, long, string, blob or timestamp shape, {} is {}",
                        quote(&member.shape),
                        a_shape(target.shape_type)
                    ),
                );
            }
            // An event's `eventpayload` member is its message's payload, as a structure's
            // `payload` is its body.
            let is_payload = shape.payload.as_deref() == Some(member_name.as_str())
                || member.eventpayload == Some(true);
            // A member that does not fit its location is reported by `check_locations`,
            // `check_payload` or `check_event`, and then no service is built.
            let lookup = |name: &str| self.target(name);
            let binding = if event_header {
                header_type.map(Binding::EventHeader)
            } else {
                target.and_then(|target| {
                    bind::binding(member.location, is_payload, json_value, target, &lookup).ok()
                })
            }
            .unwrap_or(Binding::Body);
            // An unknown shape was reported above.
            let Some(shape_id) = self.id(&member.shape) else {
                continue;
            };
            lowered.push(Member {
                name: member_name.clone(),
                field_name,
                setter_name,
                wire_name: wire_name.to_owned(),
                shape: shape_id,
                // A stream is never missing: unset, it is empty.
                required: required.contains(member_name.as_str())
                    && !matches!(
                        binding,
                        Binding::Payload(PayloadKind::Stream { .. } | PayloadKind::EventStream)
                    ),
                boxed: self.boxed.contains(&(name.to_owned(), member_name.clone())),
                binding,
                documentation: member.documentation.clone(),
                idempotency_token: member.idempotency_token.unwrap_or(false),
                deprecated: deprecation(
                    member.deprecated,
                    member.deprecated_message.as_ref(),
                    member.deprecated_since.as_ref(),
                ),
                variant_name,
                allowed_values: member.enum_values.clone(),
            });
        }
        if let Some(payload) = &shape.payload {
            self.check_payload(name, payload, members);
        }
        if shape.event == Some(true) {
            self.check_event(name, members);
        }
        // The enum of an event stream's exceptions, named beside the service's types.
        let event_stream = (shape.eventstream == Some(true)).then(|| EventStreamUnion {
            error_name: self
                .types
                .claim(format!("{}Error", naming::bare(&self.type_name(name)))),
        });
        Structure {
            builder_name: naming::builder_name(&self.type_name(name)),
            union: is_union,
            document: shape.document == Some(true),
            members: lowered,
            error,
            event_stream,
            event: shape.event == Some(true),
        }
    }

    /// A structure's `payload`: a member not bound elsewhere, a structure, blob or string,
    /// and every other member bound outside the body.
    pub(super) fn check_payload(
        &mut self,
        name: &str,
        payload: &str,
        members: &indexmap::IndexMap<String, raw::Member>,
    ) {
        let path = shapes_path(name).key("payload");
        let Some(member) = members.get(payload) else {
            self.fault(
                path,
                format!("{} is not a member of the structure", quote(payload)),
            );
            return;
        };
        if let Some(location) = member.location {
            self.fault(
                path,
                format!(
                    "member {} is bound to `{}`, a payload is the body",
                    quote(payload),
                    location.as_str()
                ),
            );
        }
        if let Some(target) = self.lookup(&member.shape) {
            if !matches!(
                target.shape_type,
                ShapeType::Structure | ShapeType::Blob | ShapeType::String
            ) {
                self.fault(
                    shapes_path(name).key("payload"),
                    format!(
                        "a payload must be a structure, blob or string, {} is {}",
                        quote(&member.shape),
                        a_shape(target.shape_type)
                    ),
                );
            }
        }
        for (other, member) in members {
            if other != payload && member.location.is_none() {
                self.fault(
                    member_path(name, other),
                    format!(
                        "must be bound to the URI, query string or headers: member {} is the body",
                        quote(payload)
                    ),
                );
            }
        }
    }

    /// An event's `eventpayload` member, if it has one: a structure, blob or string (its JSON,
    /// bytes or text are the message's payload), and every other member of the event a header
    /// of the message (`eventheader`), since nothing else of the message could hold it. A
    /// second `eventpayload` member is such an other member.
    pub(super) fn check_event(
        &mut self,
        name: &str,
        members: &indexmap::IndexMap<String, raw::Member>,
    ) {
        let Some((payload, member)) = members
            .iter()
            .find(|(_, member)| member.eventpayload == Some(true))
        else {
            return;
        };
        if let Some(target) = self.lookup(&member.shape) {
            if !matches!(
                target.shape_type,
                ShapeType::Structure | ShapeType::Blob | ShapeType::String
            ) {
                self.fault(
                    member_path(name, payload).key("shape"),
                    format!(
                        "an `eventpayload` member must be a structure, blob or string, {} is {}",
                        quote(&member.shape),
                        a_shape(target.shape_type)
                    ),
                );
            }
        }
        for (other, member) in members {
            if other != payload && member.eventheader != Some(true) {
                self.fault(
                    member_path(name, other),
                    format!(
                        "must be an `eventheader`: member {} is the event's payload",
                        quote(payload)
                    ),
                );
            }
        }
    }
}
