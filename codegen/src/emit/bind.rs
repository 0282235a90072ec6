//! The text form of bound values, for both sides: what a client writes into a label, query
//! parameter or header and reads from a response header, and what a server reads from a
//! request and writes into a response header, all from the member's [`Binding`](crate::model::Binding)
//! (`crate::model::Binding`), through `servicemodel_runtime::text`.
//!
//! Readers take the `&str` in `text` and end with the caller's `try_` tokens for a value that
//! can be refused (`?` in a client's `Result<_, String>`, a conversion then `?` in a server):
//! their message names `what` was read.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Bound, Member, Scalar, TimestampFormat};

fn text_module() -> TokenStream {
    quote!(::servicemodel_runtime::text)
}

/// The text of `value` (a `&T` of the scalar's type), as a `String`.
pub(crate) fn to_text(scalar: Scalar, value: TokenStream) -> TokenStream {
    let text = text_module();
    match scalar {
        Scalar::String => quote!(#value.clone()),
        Scalar::Enum => quote!(#value.as_str().to_owned()),
        Scalar::JsonValue => quote!(::servicemodel_runtime::wire::json_value_header(#value)),
        Scalar::Integer | Scalar::Long | Scalar::Boolean => quote!(#value.to_string()),
        Scalar::Float | Scalar::Double => quote!(#text::float_text(*#value)),
        Scalar::Timestamp(TimestampFormat::Rfc822) => quote!(#value.to_http_date()),
        Scalar::Timestamp(TimestampFormat::Iso8601) => quote!(#value.to_iso8601()),
        Scalar::Timestamp(TimestampFormat::UnixTimestamp) => {
            quote!(#text::epoch_seconds_text(#value))
        }
        Scalar::Blob => quote!(#text::base64(#value.as_bytes())),
    }
}

/// The text of `value` as a `&str`: borrowed from a string, else of the text made.
pub(crate) fn to_str(scalar: Scalar, value: TokenStream) -> TokenStream {
    match scalar {
        Scalar::String | Scalar::Enum => quote!(#value.as_str()),
        _ => {
            let owned = to_text(scalar, value);
            quote!(&#owned)
        }
    }
}

/// The value of a scalar from `text`.
pub(crate) fn from_text(
    scalar: Scalar,
    text: TokenStream,
    what: &str,
    try_: &TokenStream,
) -> TokenStream {
    let module = text_module();
    match scalar {
        Scalar::String => quote!(::std::borrow::ToOwned::to_owned(#text)),
        Scalar::Enum => quote!(::std::convert::From::from(#text)),
        Scalar::JsonValue => quote!(#module::parse_json_value(#text, #what)#try_),
        Scalar::Integer => quote!(#module::parse_value::<i32>(#text, #what)#try_),
        Scalar::Long => quote!(#module::parse_value::<i64>(#text, #what)#try_),
        Scalar::Float => quote!(#module::parse_value::<f32>(#text, #what)#try_),
        Scalar::Double => quote!(#module::parse_value::<f64>(#text, #what)#try_),
        Scalar::Boolean => quote!(#module::parse_value::<bool>(#text, #what)#try_),
        Scalar::Timestamp(TimestampFormat::Rfc822) => {
            quote!(#module::parse_http_date(#text, #what)#try_)
        }
        Scalar::Timestamp(TimestampFormat::Iso8601) => {
            quote!(#module::parse_iso8601(#text, #what)#try_)
        }
        Scalar::Timestamp(TimestampFormat::UnixTimestamp) => {
            quote!(#module::parse_epoch_seconds(#text, #what)#try_)
        }
        Scalar::Blob => quote!(#module::parse_base64(#text, #what)#try_),
    }
}

/// Whether reading the scalar can fail.
fn fallible(scalar: Scalar) -> bool {
    !matches!(scalar, Scalar::String | Scalar::Enum)
}

/// Whether a header list of the scalar holds HTTP dates, whose commas do not separate items
/// (so neither are they quoted).
fn is_http_date(scalar: Scalar) -> bool {
    scalar == Scalar::Timestamp(TimestampFormat::Rfc822)
}

/// The text of a header whose value is `value` (a `&T`), as a `String`: a list's items are
/// joined with `, `, each quoted when it holds a comma or a quote (HTTP dates never are).
pub(crate) fn header_text(bound: Bound, value: TokenStream) -> TokenStream {
    let text = text_module();
    match bound {
        Bound::One(scalar) => to_text(scalar, value),
        Bound::List(scalar) if is_http_date(scalar) => {
            let item = to_text(scalar, quote!(item));
            quote!(#value.iter().map(|item| #item).collect::<::std::vec::Vec<_>>().join(", "))
        }
        Bound::List(scalar) => {
            let item = to_str(scalar, quote!(item));
            quote!(#value.iter().map(|item| #text::header_list_item(#item)).collect::<::std::vec::Vec<_>>().join(", "))
        }
    }
}

/// [`header_text`] as a `&str`.
pub(crate) fn header_str(bound: Bound, value: TokenStream) -> TokenStream {
    match bound {
        Bound::One(scalar) => to_str(scalar, value),
        Bound::List(_) => {
            let owned = header_text(bound, value);
            quote!(&#owned)
        }
    }
}

/// The value of a header from its `text`: a list from its items.
pub(crate) fn from_header(
    bound: Bound,
    text: TokenStream,
    what: &str,
    try_: &TokenStream,
) -> TokenStream {
    match bound {
        Bound::One(scalar) => from_text(scalar, text, what, try_),
        Bound::List(scalar) => {
            let module = text_module();
            let dates = is_http_date(scalar);
            let items = quote!(#module::header_items(#text, #dates).iter().map(::std::string::String::as_str));
            list_from(scalar, items, what, try_)
        }
    }
}

/// A `Vec` of the scalar's values from `items`, an iterator of `&str`s.
pub(crate) fn list_from(
    scalar: Scalar,
    items: TokenStream,
    what: &str,
    try_: &TokenStream,
) -> TokenStream {
    let item = match scalar {
        Scalar::String => quote!(::std::borrow::ToOwned::to_owned),
        Scalar::Enum => quote!(::std::convert::From::from),
        _ => {
            let item = from_text(scalar, quote!(text), what, &quote!());
            quote!(|text| #item)
        }
    };
    let collect = if fallible(scalar) {
        quote!(collect::<::std::result::Result<::std::vec::Vec<_>, ::std::string::String>>()#try_)
    } else {
        quote!(collect::<::std::vec::Vec<_>>())
    };
    quote!(#items.map(#item).#collect)
}

/// A map of strings or enums from `pairs`, a `BTreeMap<String, String>` (headers by name).
pub(crate) fn string_map(key: Scalar, value: Scalar, pairs: TokenStream) -> TokenStream {
    if key == Scalar::String && value == Scalar::String {
        return pairs;
    }
    let key = from_text(key, quote!(key.as_str()), "", &quote!());
    let value = from_text(value, quote!(value.as_str()), "", &quote!());
    quote!(#pairs.into_iter().map(|(key, value)| (#key, #value)).collect::<::std::collections::BTreeMap<_, _>>())
}

/// `body` with `v` bound to `member`'s value in `owner` (`self`, `output`, `error`): for a
/// required member always, for an optional one when it is set.
pub(crate) fn with_value(member: &Member, owner: TokenStream, body: TokenStream) -> TokenStream {
    let field = super::ident(&member.field_name);
    if member.required {
        quote!({ let v = &#owner.#field; #body })
    } else {
        quote!(if let ::std::option::Option::Some(v) = &#owner.#field { #body })
    }
}
