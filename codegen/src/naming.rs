//! The one place where model names become Rust identifiers.
//!
//! Every identifier the generator emits for a model name comes from here, so that the loader can
//! check for collisions with exactly the names the emitters will use:
//!
//! - type names (shapes, operations, services) are `UpperCamelCase`;
//! - field, method and module names are `snake_case`;
//! - enum variant names are `UpperCamelCase` built from the enum's wire values.
//!
//! Case conversion is done by `heck`. A result that is a Rust keyword is escaped: as a raw
//! identifier (`type` → `r#type`) where Rust allows one, otherwise (`self`, `Self`, `super`,
//! `crate`) with a trailing underscore (`self_`, `Self_`). A raw identifier turns into a
//! `proc_macro2::Ident` with `quote::format_ident!("{}", name)`, which understands the `r#`
//! prefix (`Ident::new` does not).
//!
//! Wire names are never changed here: serialization keeps the names of the model.
//!
//! # Collisions: one rule
//!
//! Every name is given out in a [`Namespace`], one per scope of the generated code: a
//! service module's types, a structure's fields, a builder's methods, an enum's variants, a
//! client's methods, an operation error's variants. In each, **the generator's own names are
//! taken first** (a builder's `build` and `send`, a client's `execute`, an enum's `Unknown`,
//! an operation error's `Unhandled`, the service module's `Client`), **then the model's names
//! in the model's order**; a name already taken gets the first free numbered form: `name_2`,
//! `name_3`... for `snake_case` names, `Name2`, `Name3`... for `UpperCamelCase` ones. So a
//! member called `Send` has the setter `send_2`, shapes `SMSMessage` and `SmsMessage` are the
//! types `SmsMessage` and `SmsMessage2`, and enum values `invalid_request` and
//! `INVALID_REQUEST` are the variants `InvalidRequest` and `InvalidRequest2`.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2021 (strict and reserved) and `gen` (reserved from Rust 2024): an
/// identifier spelled like one of these must be escaped.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is not valid Rust).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// The prefix of an enum variant name whose value starts with a digit (`"3DES"` → `V3des`).
pub const DIGIT_PREFIX: &str = "V";

/// The catch-all variant of every generated enum, for a value a newer service sends.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The catch-all variant of every operation error enum, for an error the model does not list.
pub const UNHANDLED_VARIANT: &str = "Unhandled";

/// The methods of a generated builder (an operation input's builder has them all): a member's
/// setter never takes one of these names.
pub const BUILDER_METHODS: &[&str] = &[
    "build",
    "with_sender",
    "sender",
    "send",
    "into_paginator",
    "into_items",
];

/// The methods of a generated client besides its operations.
pub const CLIENT_METHODS: &[&str] = &["new", "from_env", "config", "execute"];

/// The types a service module has besides its shapes' (the client, re-exported).
pub const SERVICE_MODULE_TYPES: &[&str] = &["Client"];

/// The Rust names given out in one scope of the generated code, by [the rule](self#collisions-one-rule).
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    taken: std::collections::BTreeSet<String>,
}

impl Namespace {
    /// A namespace whose generator names `reserved` are already taken.
    pub fn reserving(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// `wanted` if it is free, else its first free numbered form; either way, taken now.
    pub fn claim(&mut self, wanted: String) -> String {
        let bare = wanted.strip_prefix("r#").unwrap_or(&wanted);
        if !self.taken.contains(bare) {
            self.taken.insert(bare.to_owned());
            return wanted;
        }
        let base = bare.trim_end_matches('_');
        let separator = if base.starts_with(|c: char| c.is_ascii_lowercase()) {
            "_"
        } else {
            ""
        };
        let name = (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|name| !self.taken.contains(name))
            .expect("an unbounded sequence of names has a free one");
        self.taken.insert(name.clone());
        name
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name.strip_prefix("r#").unwrap_or(name))
    }
}

/// A name without its `r#` prefix, for text and for names built from it.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// The builder type of a structure (`FooBuilder`, in the service's `builders` module), from
/// the structure's type name.
pub fn builder_name(type_name: &str) -> String {
    format!("{}Builder", bare(type_name))
}

/// Whether `name` is a valid model name: `_*[A-Za-z][A-Za-z0-9_]*`.
///
/// Shape, member and operation names must be model names; it keeps every name convertible to
/// a Rust identifier. Leading underscores are botocore's (`__string`, `__listOfThing`) and
/// disappear in the Rust names (`String`, `ListOfThing`).
pub fn is_model_name(name: &str) -> bool {
    let mut chars = name.trim_start_matches('_').chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `ident` is a Rust keyword (strict or reserved), which must be escaped.
pub fn is_keyword(ident: &str) -> bool {
    KEYWORDS.contains(&ident)
}

/// Escapes `ident` when it is a keyword: `type` → `r#type`, `self` → `self_`, `Self` →
/// `Self_`. Other identifiers are returned unchanged.
pub fn escape(ident: String) -> String {
    if NOT_RAW.contains(&ident.as_str()) {
        ident + "_"
    } else if is_keyword(&ident) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// The Rust type name of a shape, operation or service name: `UpperCamelCase`, escaped.
///
/// `SendTextMessageRequest` → `SendTextMessageRequest`, `SMSMessage` → `SmsMessage`,
/// `Self` → `Self_`.
pub fn type_name(name: &str) -> String {
    escape(name.to_upper_camel_case())
}

/// The Rust field name of a structure member: `snake_case`, escaped.
///
/// `DestinationPhoneNumber` → `destination_phone_number`, `Type` → `r#type`, `Self` → `self_`.
pub fn field_name(name: &str) -> String {
    escape(name.to_snake_case())
}

/// The Rust method name of an operation: `snake_case`, escaped
/// (`SendTextMessage` → `send_text_message`).
pub fn method_name(name: &str) -> String {
    escape(name.to_snake_case())
}

/// The Rust module name of a service, which is also its Cargo feature: its `serviceId` (the
/// Smithy `sdkId`) in lowercase without spaces or dashes, escaped. That is the rule the
/// official AWS SDK for Rust names its crates by, so a service is called what Rust users know
/// it as: `DynamoDB` → `dynamodb`, `Secrets Manager` → `secretsmanager`, `SFN` → `sfn`,
/// `Pinpoint SMS Voice V2` → `pinpointsmsvoicev2`. (The loader refuses a `serviceId` that
/// leaves anything but ASCII letters, digits and `_`, or that does not start with a letter.)
pub fn module_name(service_id: &str) -> String {
    escape(
        service_id
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect::<String>()
            .to_lowercase(),
    )
}

/// The Rust variant name of an enum value, or `None` when the value has no ASCII letter or
/// digit to build a name from (`"*"`, `"-"`).
///
/// Characters other than ASCII letters and digits separate words; words become
/// `UpperCamelCase`; a name that would start with a digit gets the prefix [`DIGIT_PREFIX`]:
/// `TEXT_ALL` → `TextAll`, `event-destination-name` → `EventDestinationName`, `ES_419` →
/// `Es419`, `3DES` → `V3des`.
pub fn variant_name(value: &str) -> Option<String> {
    let words: String = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let camel = words.to_upper_camel_case();
    if camel.is_empty() {
        return None;
    }
    let name = if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{DIGIT_PREFIX}{camel}")
    } else {
        camel
    };
    Some(escape(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_names() {
        assert!(is_model_name("SendTextMessageRequest"));
        assert!(is_model_name("a_1"));
        assert!(!is_model_name(""));
        assert!(!is_model_name("1abc"));
        assert!(is_model_name("__string"));
        assert!(!is_model_name("__"));
        assert!(!is_model_name("_1"));
        assert!(!is_model_name("a-b"));
        assert!(!is_model_name("a.b"));
        assert!(!is_model_name("Ä"));
    }

    #[test]
    fn type_names() {
        assert_eq!(
            type_name("SendTextMessageRequest"),
            "SendTextMessageRequest"
        );
        assert_eq!(type_name("SMSMessage"), "SmsMessage");
        assert_eq!(type_name("fooBar"), "FooBar");
        assert_eq!(type_name("Foo_Bar"), "FooBar");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("Type"), "Type");
    }

    #[test]
    fn field_names() {
        assert_eq!(
            field_name("DestinationPhoneNumber"),
            "destination_phone_number"
        );
        assert_eq!(field_name("ISOCountryCode"), "iso_country_code");
        assert_eq!(field_name("FooBar"), "foo_bar");
        assert_eq!(field_name("foo_bar"), "foo_bar");
        assert_eq!(field_name("Type"), "r#type");
        assert_eq!(field_name("Match"), "r#match");
        assert_eq!(field_name("Gen"), "r#gen");
        assert_eq!(field_name("Self"), "self_");
        assert_eq!(field_name("Super"), "super_");
        assert_eq!(field_name("Crate"), "crate_");
    }

    #[test]
    fn method_and_module_names() {
        assert_eq!(method_name("SendTextMessage"), "send_text_message");
        assert_eq!(method_name("Loop"), "r#loop");
        assert_eq!(module_name("Pinpoint SMS Voice V2"), "pinpointsmsvoicev2");
        assert_eq!(module_name("Pinpoint SMS Voice"), "pinpointsmsvoice");
        // The official AWS SDK for Rust's crate names, from botocore's `serviceId`s.
        for (id, name) in [
            ("DynamoDB", "dynamodb"),
            ("Secrets Manager", "secretsmanager"),
            ("API Gateway", "apigateway"),
            ("EventBridge", "eventbridge"),
            ("SFN", "sfn"),
            ("AppConfig", "appconfig"),
            ("IoT Data Plane", "iotdataplane"),
            ("Cost and Usage Report Service", "costandusagereportservice"),
            ("ACM PCA", "acmpca"),
            (
                "Route53 Recovery Control Config",
                "route53recoverycontrolconfig",
            ),
            ("billingconductor", "billingconductor"),
            ("Marketplace-Catalog", "marketplacecatalog"),
        ] {
            assert_eq!(module_name(id), name, "{id}");
        }
        assert_eq!(module_name("Match"), "r#match");
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("TEXT_ALL").as_deref(), Some("TextAll"));
        assert_eq!(
            variant_name("event-destination-name").as_deref(),
            Some("EventDestinationName")
        );
        assert_eq!(variant_name("ES_419").as_deref(), Some("Es419"));
        assert_eq!(variant_name("en-US").as_deref(), Some("EnUs"));
        assert_eq!(variant_name("3DES").as_deref(), Some("V3des"));
        assert_eq!(variant_name("1").as_deref(), Some("V1"));
        assert_eq!(variant_name("a.b").as_deref(), Some("AB"));
        assert_eq!(variant_name("SELF").as_deref(), Some("Self_"));
        assert_eq!(variant_name("Ärger").as_deref(), Some("Rger"));
        assert_eq!(variant_name("*"), None);
        assert_eq!(variant_name(""), None);
    }

    #[test]
    fn namespaces_number_what_is_taken() {
        let mut setters = Namespace::reserving(BUILDER_METHODS);
        assert_eq!(setters.claim(field_name("Send")), "send_2");
        assert_eq!(setters.claim(field_name("Body")), "body");
        assert_eq!(setters.claim(field_name("body")), "body_2");
        assert_eq!(setters.claim(field_name("Type")), "r#type");
        assert_eq!(setters.claim(field_name("type")), "type_2");
        assert_eq!(setters.claim(field_name("Self")), "self_");
        assert_eq!(setters.claim(field_name("self")), "self_2");
        let mut types = Namespace::reserving(SERVICE_MODULE_TYPES);
        assert_eq!(types.claim(type_name("SMSMessage")), "SmsMessage");
        assert_eq!(types.claim(type_name("SmsMessage")), "SmsMessage2");
        assert_eq!(types.claim(type_name("Client")), "Client2");
        assert!(types.contains("SmsMessage2") && !types.contains("SmsMessage3"));
    }

    #[test]
    fn every_escaped_keyword_is_a_valid_identifier_shape() {
        for keyword in KEYWORDS {
            let escaped = escape((*keyword).to_owned());
            assert_ne!(escaped, *keyword);
            assert!(
                escaped.starts_with("r#") || escaped.ends_with('_'),
                "{escaped}"
            );
        }
    }
}
