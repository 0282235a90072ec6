//! Decoding JSON bodies: inputs so that a missing required member is reported like any other
//! constraint failure ([`decode`], [`decode_input`]), and responses as clients read them
//! ([`decode_response`]).
//!
//! Required members are plain (not `Option`) fields of the generated structures, so a value
//! that lacks one cannot exist: the JSON decoder is what finds it missing. [`decode_input`]
//! turns that finding into the [`Violation`] a validator would report
//! (`Value null at '/Name' failed to satisfy constraint: Member must not be null`), with the
//! JSON-pointer path of the member.

use serde::de::DeserializeOwned;

use crate::validate::{Validate, Validator, Violation, Violations};

/// The body, or `{}` for a blank one: the JSON protocols may send an empty object as no body.
pub fn non_blank(body: &[u8]) -> &[u8] {
    if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    }
}

/// Decodes a response body into `T` as a client reads it: a blank body counts as `{}`, and a
/// required member the body leaves out gets its zero value (client error correction,
/// [`crate::structure::with_error_correction`]).
pub fn decode_response<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    crate::structure::with_error_correction(|| serde_json::from_slice(non_blank(body)))
}

/// Decodes a JSON body into `T`; an empty body counts as `{}`.
///
/// A missing required member becomes a "must not be null" violation at its path; any other
/// decoding failure (wrong type, bad syntax) becomes one violation at the path where it
/// happened.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Violations> {
    let mut deserializer = serde_json::Deserializer::from_slice(non_blank(body));
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let mut path = String::new();
        for segment in error.path().iter() {
            match segment {
                serde_path_to_error::Segment::Map { key } => push_segment(&mut path, key),
                serde_path_to_error::Segment::Seq { index } => {
                    push_segment(&mut path, &index.to_string());
                }
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        let inner = error.into_inner();
        let text = inner.to_string();
        let missing = text
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name.to_owned());
        match missing {
            Some(name) => {
                let mut validator = Validator::at(path);
                validator.missing(&name);
                validator.finish().expect_err("one violation was recorded")
            }
            None => Violations(vec![Violation {
                message: format!("Value at '{path}' could not be read: {text}"),
                path,
            }]),
        }
    })
}

/// Decodes a JSON input body into `T` ([`decode`]) and then checks every constraint of the
/// model on it ([`Validate`]).
pub fn decode_input<T: DeserializeOwned + Validate>(body: &[u8]) -> Result<T, Violations> {
    let value: T = decode(body)?;
    value.validate()?;
    Ok(value)
}

fn push_segment(path: &mut String, segment: &str) {
    path.push('/');
    for c in segment.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Outer {
        #[serde(rename = "Items")]
        #[allow(dead_code)]
        items: Option<Vec<Inner>>,
    }

    #[derive(serde::Deserialize, Debug)]
    struct Inner {
        #[serde(rename = "Name")]
        #[allow(dead_code)]
        name: String,
    }

    #[test]
    fn missing_members_are_violations_with_paths() {
        let err = decode::<Outer>(br#"{"Items":[{"Name":"a"},{}]}"#).unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].path, "/Items/1/Name");
        assert_eq!(
            err.0[0].message,
            "Value null at '/Items/1/Name' failed to satisfy constraint: Member must not be null"
        );
    }

    #[test]
    fn other_failures_name_their_place() {
        let err = decode::<Outer>(br#"{"Items":[{"Name":5}]}"#).unwrap_err();
        assert_eq!(err.0[0].path, "/Items/0/Name");
        assert!(err.0[0]
            .message
            .starts_with("Value at '/Items/0/Name' could not be read: invalid type"));
        assert!(decode::<Outer>(b"  ").is_ok());
    }
}
