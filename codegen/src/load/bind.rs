//! The binding pass: where each member travels in an HTTP message and in what form, decided
//! once from its `location`, its structure's `payload`, its `jsonvalue` and its target shape.
//!
//! The lowering asks it twice: [`check_locations`](super::lower) reports a member whose shape
//! a location cannot carry (the [`Misfit::Expected`] text is the fault's), and the member's
//! lowering stores the [`Binding`] it returns. Faults it can lead to:
//!
//! - `a `uri` member must be a string, number, boolean or timestamp shape, "B" is a blob shape`;
//! - the same for `querystring` (a scalar other than a blob, a list of those, or a map of
//!   strings or of lists of strings), `header` (a scalar, or a list of scalars other than
//!   blobs), `headers` (a map of strings) and `statusCode` (an integer).
//!
//! A member of an event marked `eventheader` is bound by [`event_header`], from its shape
//! alone: the lowering reports one whose shape no header type holds.

use super::lower::Target;
use crate::model::raw::{self, Location, ShapeType, TimestampFormat};
use crate::model::{Binding, Bound, HeaderType, PayloadKind, Scalar};

/// Why a member has no binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Misfit {
    /// A shape it needs is malformed, which is reported on its own.
    Broken,
    /// The location cannot carry the shape; what it can carry.
    Expected(&'static str),
}

/// The binding of a member bound to `location` (`None`: the body, or the whole body when
/// `payload`) whose shape is `target`; `lookup` finds other shapes by name.
pub(super) fn binding<'a>(
    location: Option<Location>,
    payload: bool,
    json_value: bool,
    target: &'a raw::Shape,
    lookup: &dyn Fn(&str) -> Target<'a>,
) -> Result<Binding, Misfit> {
    // An event stream is the body, in whatever member it is.
    if location.is_none() && target.eventstream == Some(true) {
        return Ok(Binding::Payload(PayloadKind::EventStream));
    }
    let Some(location) = location else {
        if !payload {
            return Ok(Binding::Body);
        }
        return Ok(Binding::Payload(match target.shape_type {
            ShapeType::Structure if target.union == Some(true) || target.document == Some(true) => {
                PayloadKind::Json
            }
            ShapeType::Structure => PayloadKind::Structure,
            ShapeType::Blob if target.streaming == Some(true) => PayloadKind::Stream {
                requires_length: target.requires_length == Some(true),
            },
            ShapeType::Blob => PayloadKind::Blob,
            ShapeType::String => PayloadKind::Text {
                is_enum: target.enum_values.is_some(),
            },
            _ => return Err(Misfit::Expected("a structure, blob or string")),
        }));
    };
    let inner = |reference: Option<&str>| match reference.map(lookup) {
        Some(Target::Shape(shape)) => Ok(shape),
        Some(Target::Broken) => Err(Misfit::Broken),
        Some(Target::Unknown) | None => Err(Misfit::Broken),
    };
    match location {
        Location::Uri => scalar(target, location, false)
            .filter(|s| *s != Scalar::Blob)
            .map(Binding::Label)
            .ok_or(Misfit::Expected(
                "a string, number, boolean or timestamp shape",
            )),
        Location::QueryString => {
            const EXPECTED: Misfit =
                Misfit::Expected("a scalar shape, a list of scalars or a map of strings");
            let plain = |shape: &raw::Shape| {
                scalar(shape, location, false)
                    .filter(|s| *s != Scalar::Blob)
                    .ok_or(EXPECTED)
            };
            match target.shape_type {
                ShapeType::List if target.sparse != Some(true) => {
                    let member = inner(target.member.as_ref().map(|m| m.shape.as_str()))?;
                    Ok(Binding::Query(Bound::List(plain(member)?)))
                }
                ShapeType::Map if target.sparse != Some(true) => {
                    let key = inner(target.key.as_ref().map(|k| k.shape.as_str()))?;
                    let value = inner(target.value.as_ref().map(|v| v.shape.as_str()))?;
                    let string = |shape: &raw::Shape| {
                        if shape.shape_type == ShapeType::String {
                            plain(shape)
                        } else {
                            Err(EXPECTED)
                        }
                    };
                    let value = match value.shape_type {
                        ShapeType::List if value.sparse != Some(true) => {
                            let entry = inner(value.member.as_ref().map(|m| m.shape.as_str()))?;
                            Bound::List(string(entry)?)
                        }
                        _ => Bound::One(string(value)?),
                    };
                    Ok(Binding::QueryMap {
                        key: string(key)?,
                        value,
                    })
                }
                ShapeType::List | ShapeType::Map => Err(EXPECTED),
                _ => Ok(Binding::Query(Bound::One(plain(target)?))),
            }
        }
        Location::Header => {
            const EXPECTED: Misfit = Misfit::Expected("a scalar shape or a list of scalars");
            match target.shape_type {
                ShapeType::List if target.sparse != Some(true) => {
                    let member = inner(target.member.as_ref().map(|m| m.shape.as_str()))?;
                    scalar(member, location, false)
                        .filter(|s| *s != Scalar::Blob)
                        .map(|s| Binding::Header(Bound::List(s)))
                        .ok_or(EXPECTED)
                }
                _ => scalar(target, location, json_value)
                    .map(|s| Binding::Header(Bound::One(s)))
                    .ok_or(EXPECTED),
            }
        }
        Location::Headers => {
            const EXPECTED: Misfit = Misfit::Expected("a map of strings");
            if target.shape_type != ShapeType::Map || target.sparse == Some(true) {
                return Err(EXPECTED);
            }
            let key = inner(target.key.as_ref().map(|k| k.shape.as_str()))?;
            let value = inner(target.value.as_ref().map(|v| v.shape.as_str()))?;
            match (scalar(key, location, false), scalar(value, location, false)) {
                (Some(key @ (Scalar::String | Scalar::Enum)), Some(value))
                    if value_is_string(value) =>
                {
                    Ok(Binding::PrefixHeaders { key, value })
                }
                _ => Err(EXPECTED),
            }
        }
        Location::StatusCode => match target.shape_type {
            ShapeType::Integer => Ok(Binding::StatusCode),
            _ => Err(Misfit::Expected("an integer shape")),
        },
    }
}

/// The type of the event message's header that holds a member (`eventheader`) whose shape is
/// `target`: `None` for a shape no header type holds (a float, a double, a list, a map, a
/// structure).
pub(super) fn event_header(target: &raw::Shape) -> Option<HeaderType> {
    Some(match target.shape_type {
        ShapeType::Boolean => HeaderType::Boolean,
        ShapeType::Integer => HeaderType::Integer,
        ShapeType::Long => HeaderType::Long,
        ShapeType::Blob => HeaderType::Blob,
        ShapeType::String => HeaderType::String {
            is_enum: target.enum_values.is_some(),
        },
        ShapeType::Timestamp => HeaderType::Timestamp,
        ShapeType::Float
        | ShapeType::Double
        | ShapeType::Structure
        | ShapeType::List
        | ShapeType::Map => return None,
    })
}

fn value_is_string(scalar: Scalar) -> bool {
    matches!(scalar, Scalar::String | Scalar::Enum)
}

/// The text form of `shape` at `location`, if it is a single value.
fn scalar(shape: &raw::Shape, location: Location, json_value: bool) -> Option<Scalar> {
    Some(match shape.shape_type {
        ShapeType::String if json_value => Scalar::JsonValue,
        ShapeType::String if shape.enum_values.is_some() => Scalar::Enum,
        ShapeType::String => Scalar::String,
        ShapeType::Integer => Scalar::Integer,
        ShapeType::Long => Scalar::Long,
        ShapeType::Float => Scalar::Float,
        ShapeType::Double => Scalar::Double,
        ShapeType::Boolean => Scalar::Boolean,
        ShapeType::Blob => Scalar::Blob,
        ShapeType::Timestamp => {
            Scalar::Timestamp(shape.timestamp_format.unwrap_or(match location {
                Location::Header | Location::Headers => TimestampFormat::Rfc822,
                _ => TimestampFormat::Iso8601,
            }))
        }
        ShapeType::Structure | ShapeType::List | ShapeType::Map => return None,
    })
}
