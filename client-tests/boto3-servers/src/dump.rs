//! A decoded value as JSON, the way boto3 takes parameters: structures by member name, unions
//! as an object with their one member, enums by value, timestamps as epoch seconds, blobs in
//! base64, unset members as `null`.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::Value;
use servicemodel_runtime::{Blob, Document, Timestamp};

/// A value as JSON.
pub trait Dump {
    /// The value as JSON.
    fn dump(&self) -> Value;
}

impl Dump for () {
    fn dump(&self) -> Value {
        Value::Null
    }
}

impl Dump for String {
    fn dump(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Dump for bool {
    fn dump(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Dump for i32 {
    fn dump(&self) -> Value {
        (*self).into()
    }
}

impl Dump for i64 {
    fn dump(&self) -> Value {
        (*self).into()
    }
}

/// Floats that JSON has no number for (`NaN`, the infinities) as their names.
fn float(value: f64) -> Value {
    serde_json::Number::from_f64(value).map_or_else(
        || {
            Value::String(if value.is_nan() {
                "NaN".to_owned()
            } else if value > 0.0 {
                "Infinity".to_owned()
            } else {
                "-Infinity".to_owned()
            })
        },
        Value::Number,
    )
}

impl Dump for f32 {
    fn dump(&self) -> Value {
        float(f64::from(*self))
    }
}

impl Dump for f64 {
    fn dump(&self) -> Value {
        float(*self)
    }
}

impl Dump for Timestamp {
    fn dump(&self) -> Value {
        float(self.as_epoch_f64())
    }
}

impl Dump for Blob {
    fn dump(&self) -> Value {
        Value::String(base64::engine::general_purpose::STANDARD.encode(self.as_bytes()))
    }
}

impl Dump for Document {
    fn dump(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl<T: Dump> Dump for Option<T> {
    fn dump(&self) -> Value {
        self.as_ref().map_or(Value::Null, Dump::dump)
    }
}

impl<T: Dump> Dump for Box<T> {
    fn dump(&self) -> Value {
        (**self).dump()
    }
}

impl<T: Dump> Dump for Vec<T> {
    fn dump(&self) -> Value {
        Value::Array(self.iter().map(Dump::dump).collect())
    }
}

impl<K: Dump, V: Dump> Dump for BTreeMap<K, V> {
    fn dump(&self) -> Value {
        Value::Object(
            self.iter()
                .map(|(key, value)| {
                    let key = match key.dump() {
                        Value::String(key) => key,
                        other => other.to_string(),
                    };
                    (key, value.dump())
                })
                .collect(),
        )
    }
}
