//! Shapes other than structures: strings (lengths, patterns, enums), numbers (ranges),
//! timestamps, blobs, lists and maps, and the type name of every shape.
//!
//! Faults: a shape name that is not a valid name; a key not allowed on the shape's type; a
//! list without `member`, a map without `key` or `value`; a length that is not a
//! non-negative whole number, a bound out of range for the shape's type, a minimum greater
//! than the maximum; an enum without values, with an empty or duplicated value, or with a
//! value that breaks the shape's length or pattern or gives no Rust variant name. Streaming
//! blobs and event streams are reported as unsupported; a pattern with no ECMA-262 form is a
//! warning, and is not checked.

use super::*;

impl<'a> Lower<'a> {
    pub(super) fn shape(&mut self, name: &str, shape: &raw::Shape) -> Option<Shape> {
        let before = self.faults.len();
        let path = shapes_path(name);
        let present = [
            ("members", shape.members.is_some()),
            ("required", shape.required.is_some()),
            ("exception", shape.exception.is_some()),
            ("error", shape.error.is_some()),
            ("retryable", shape.retryable.is_some()),
            ("fault", shape.fault.is_some()),
            ("union", shape.union.is_some()),
            ("document", shape.document.is_some()),
            ("payload", shape.payload.is_some()),
            ("event", shape.event.is_some()),
            ("eventstream", shape.eventstream.is_some()),
            ("synthetic", shape.synthetic.is_some()),
            ("min", shape.min.is_some()),
            ("max", shape.max.is_some()),
            ("pattern", shape.pattern.is_some()),
            ("enum", shape.enum_values.is_some()),
            ("timestampFormat", shape.timestamp_format.is_some()),
            ("streaming", shape.streaming.is_some()),
            ("requiresLength", shape.requires_length.is_some()),
            ("member", shape.member.is_some()),
            ("key", shape.key.is_some()),
            ("value", shape.value.is_some()),
            ("sparse", shape.sparse.is_some()),
            ("flattened", shape.flattened.is_some()),
        ];
        // `documentation`, `sensitive`, `box` and `deprecated` are allowed on every type.
        let allowed: &[&str] = match shape.shape_type {
            ShapeType::Structure => &[
                "members",
                "required",
                "exception",
                "error",
                "retryable",
                "fault",
                "union",
                "document",
                "payload",
                "event",
                "eventstream",
                "synthetic",
            ],
            ShapeType::String => &["min", "max", "pattern", "enum"],
            ShapeType::Integer | ShapeType::Long | ShapeType::Double | ShapeType::Float => {
                &["min", "max"]
            }
            ShapeType::Boolean => &[],
            ShapeType::Timestamp => &["timestampFormat"],
            ShapeType::Blob => &["min", "max", "streaming", "requiresLength"],
            ShapeType::List => &["member", "min", "max", "sparse", "flattened"],
            ShapeType::Map => &["key", "value", "min", "max", "sparse", "flattened"],
        };
        for (key, is_present) in present {
            if is_present && !allowed.contains(&key) {
                self.fault(
                    path.key(key),
                    format!("not allowed on {}", a_shape(shape.shape_type)),
                );
            }
        }
        // A list of `jsonvalue` strings: each entry a string holding JSON text, which is a
        // plain string in a JSON body (what botocore and the Smithy `mediaType` trait say).
        let kind = match shape.shape_type {
            ShapeType::Structure => ShapeKind::Structure(self.structure(name, shape)),
            ShapeType::String => ShapeKind::String(self.string(name, shape)),
            ShapeType::Integer => ShapeKind::Integer(self.int_range(
                &path,
                shape,
                i64::from(i32::MIN),
                i64::from(i32::MAX),
            )),
            ShapeType::Long => ShapeKind::Long(self.int_range(&path, shape, i64::MIN, i64::MAX)),
            ShapeType::Double => ShapeKind::Double(self.float_range(&path, shape, f64::MAX)),
            ShapeType::Float => {
                ShapeKind::Float(self.float_range(&path, shape, f64::from(f32::MAX)))
            }
            ShapeType::Boolean => ShapeKind::Boolean,
            ShapeType::Timestamp => ShapeKind::Timestamp(TimestampShape {
                format: shape.timestamp_format,
            }),
            ShapeType::Blob => ShapeKind::Blob(BlobShape {
                length: self.length_range(&path, shape),
                streaming: shape.streaming == Some(true),
                requires_length: shape.requires_length == Some(true),
            }),
            ShapeType::List => {
                let length = self.length_range(&path, shape);
                let member = match &shape.member {
                    Some(member) => {
                        self.reference(path.key("member").key("shape"), &member.shape);
                        self.id(&member.shape)
                    }
                    None => {
                        self.fault(
                            path.clone(),
                            "missing key `member`, required for a list shape",
                        );
                        None
                    }
                };
                ShapeKind::List(ListShape {
                    member: member?,
                    length,
                    sparse: shape.sparse == Some(true),
                })
            }
            ShapeType::Map => ShapeKind::Map(self.map(&path, shape)?),
        };
        if self.faults.len() > before {
            return None;
        }
        Some(Shape {
            name: name.to_owned(),
            type_name: self.type_name(name),
            documentation: shape.documentation.clone(),
            recursive: self.recursive.contains(name),
            sensitive: shape.sensitive == Some(true),
            check_fn: self.check_fns.get(name).cloned(),
            deprecated: deprecation(
                shape.deprecated,
                shape.deprecated_message.as_ref(),
                shape.deprecated_since.as_ref(),
            ),
            kind,
        })
    }

    /// A map shape; `None` when its key or value is missing or unknown (reported).
    pub(super) fn map(&mut self, path: &JsonPath, shape: &raw::Shape) -> Option<MapShape> {
        let length = self.length_range(path, shape);
        let key = match &shape.key {
            Some(key) => {
                let key_path = path.key("key").key("shape");
                if let Some(target) = self.reference(key_path.clone(), &key.shape) {
                    if target.shape_type != ShapeType::String {
                        self.fault(
                            key_path,
                            format!(
                                "{} is {}, a map key must be a string shape",
                                quote(&key.shape),
                                a_shape(target.shape_type)
                            ),
                        );
                    }
                }
                self.id(&key.shape)
            }
            None => {
                self.fault(path.clone(), "missing key `key`, required for a map shape");
                None
            }
        };
        let value = match &shape.value {
            Some(value) => {
                self.reference(path.key("value").key("shape"), &value.shape);
                self.id(&value.shape)
            }
            None => {
                self.fault(
                    path.clone(),
                    "missing key `value`, required for a map shape",
                );
                None
            }
        };
        Some(MapShape {
            key: key?,
            value: value?,
            length,
            sparse: shape.sparse == Some(true),
        })
    }

    pub(super) fn string(&mut self, name: &str, shape: &raw::Shape) -> StringShape {
        let path = &shapes_path(name);
        let length = self.length_range(path, shape);
        // A pattern never stops generation: one that has no ECMA-262 form is left unchecked,
        // with a warning, and listed in the service module's documentation.
        let pattern =
            shape
                .pattern
                .as_deref()
                .and_then(|pattern| match pattern::ecma_pattern(pattern) {
                    Ok(translated) => Some(Pattern {
                        source: translated.source,
                        unicode: translated.unicode,
                    }),
                    Err(reason) => {
                        self.unchecked_patterns
                            .insert(name.to_owned(), pattern.to_owned());
                        self.warn(
                            path.key("pattern"),
                            format!("{} is not checked: {reason}", quote(pattern)),
                        );
                        None
                    }
                });
        let regex = pattern.as_ref().map(Pattern::compile);
        let enum_values = shape
            .enum_values
            .as_ref()
            .map(|values| self.enum_values(path, values, length, regex.as_ref()));
        StringShape {
            length,
            pattern,
            enum_values,
        }
    }

    pub(super) fn enum_values(
        &mut self,
        path: &JsonPath,
        values: &[String],
        length: Range<u64>,
        regex: Option<&regress::Regex>,
    ) -> Vec<EnumValue> {
        let path = path.key("enum");
        if values.is_empty() {
            self.fault(path.clone(), "an enum needs at least one value");
        }
        let mut seen = BTreeSet::new();
        let mut variants = Namespace::reserving(&[naming::UNKNOWN_VARIANT]);
        let mut lowered = Vec::new();
        for (index, value) in values.iter().enumerate() {
            let path = path.index(index);
            if value.is_empty() {
                self.fault(path, "empty value");
                continue;
            }
            if !seen.insert(value.as_str()) {
                self.fault(path, format!("duplicate value {}", quote(value)));
                continue;
            }
            let Some(variant_name) = naming::variant_name(value) else {
                self.fault(
                    path,
                    format!("value {} gives no Rust variant name", quote(value)),
                );
                continue;
            };
            let variant_name = variants.claim(variant_name);
            let chars = value.chars().count() as u64;
            if let Some(min) = length.min.filter(|&min| chars < min) {
                self.fault(
                    path.clone(),
                    format!("value {} is shorter than min {min}", quote(value)),
                );
            }
            if let Some(max) = length.max.filter(|&max| chars > max) {
                self.fault(
                    path.clone(),
                    format!("value {} is longer than max {max}", quote(value)),
                );
            }
            if regex.is_some_and(|regex| regex.find(value).is_none()) {
                self.fault(
                    path.clone(),
                    format!("value {} does not match the pattern", quote(value)),
                );
            }
            lowered.push(EnumValue {
                value: value.clone(),
                variant_name,
            });
        }
        lowered
    }

    pub(super) fn length_range(&mut self, path: &JsonPath, shape: &raw::Shape) -> Range<u64> {
        let mut bound = |key: &str, number: &Option<serde_json::Number>| {
            let number = number.as_ref()?;
            if let Some(length) = number.as_u64() {
                return Some(length);
            }
            let message = if number.as_i64().is_some() || number.as_f64().is_some_and(|f| f < 0.0) {
                format!("a length must not be negative, found {number}")
            } else {
                format!("a length must be a whole number, found {number}")
            };
            self.fault(path.key(key), message);
            None
        };
        let range = Range {
            min: bound("min", &shape.min),
            max: bound("max", &shape.max),
        };
        self.check_order(path, range);
        range
    }

    pub(super) fn int_range(
        &mut self,
        path: &JsonPath,
        shape: &raw::Shape,
        lo: i64,
        hi: i64,
    ) -> Range<i64> {
        let type_name = a_shape(shape.shape_type);
        let mut bound = |key: &str, number: &Option<serde_json::Number>| {
            let number = number.as_ref()?;
            match number.as_i64() {
                Some(value) if (lo..=hi).contains(&value) => Some(value),
                Some(_) => {
                    self.fault(
                        path.key(key),
                        format!("{number} is out of range for {type_name}"),
                    );
                    None
                }
                None if number.is_u64() => {
                    self.fault(
                        path.key(key),
                        format!("{number} is out of range for {type_name}"),
                    );
                    None
                }
                None => {
                    self.fault(
                        path.key(key),
                        format!("expected a whole number for {type_name}, found {number}"),
                    );
                    None
                }
            }
        };
        let range = Range {
            min: bound("min", &shape.min),
            max: bound("max", &shape.max),
        };
        self.check_order(path, range);
        range
    }

    pub(super) fn float_range(
        &mut self,
        path: &JsonPath,
        shape: &raw::Shape,
        limit: f64,
    ) -> Range<f64> {
        let type_name = a_shape(shape.shape_type);
        let mut bound = |key: &str, number: &Option<serde_json::Number>| {
            let number = number.as_ref()?;
            match number.as_f64() {
                Some(value) if value.is_finite() && value.abs() <= limit => Some(value),
                _ => {
                    self.fault(
                        path.key(key),
                        format!("{number} is out of range for {type_name}"),
                    );
                    None
                }
            }
        };
        let range = Range {
            min: bound("min", &shape.min),
            max: bound("max", &shape.max),
        };
        self.check_order(path, range);
        range
    }

    pub(super) fn check_order<T: PartialOrd + std::fmt::Display + Copy>(
        &mut self,
        path: &JsonPath,
        range: Range<T>,
    ) {
        if let (Some(min), Some(max)) = (range.min, range.max) {
            if min > max {
                self.fault(path.clone(), format!("min {min} is greater than max {max}"));
            }
        }
    }
}
