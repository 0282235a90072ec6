//! String shapes with `enum` values become forward-compatible enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{deprecated_attr, doc_attrs};
use super::{bare, ident};
use crate::model::{EnumValue, Shape};

/// An enum with a variant per value and a catch-all variant carrying an unknown value, so that
/// values a service adds later still deserialize; `as_str()`, `FromStr`, `From<&str>`,
/// `Display`, `AsRef<str>`. Its wire form is [`emit_enum_wire`].
pub fn emit_enum(shape: &Shape, values: &[EnumValue]) -> TokenStream {
    let docs = doc_attrs(shape.documentation.as_deref());
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let name = ident(&shape.type_name);
    let unknown = ident(crate::naming::UNKNOWN_VARIANT);
    let variants: Vec<_> = values
        .iter()
        .map(|value| ident(&value.variant_name))
        .collect();
    let wire: Vec<&str> = values.iter().map(|value| value.value.as_str()).collect();
    let variant_texts = values.iter().map(|value| bare(&value.variant_name));
    let unknown_text = crate::naming::UNKNOWN_VARIANT;
    let variant_docs = wire.iter().map(|value| format!(" `{value}`"));
    quote! {
        #docs
        #deprecated
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
            /// A value this version of the crate does not know; it serializes back unchanged.
            #unknown(::servicemodel_runtime::UnknownValue),
        }

        impl #name {
            /// Every value the model lists, as on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#wire),*];

            /// The value as on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wire,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }

            /// Whether the value is one the model lists.
            #[inline]
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#unknown(_))
            }

            /// The variant of a value as on the wire.
            #[inline]
            pub(super) fn from_wire(value: &str) -> Self {
                match value {
                    #(#wire => Self::#variants,)*
                    other => Self::#unknown(::servicemodel_runtime::UnknownValue::new(other)),
                }
            }
        }

        impl ::std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Self::#variants => f.write_str(#variant_texts),)*
                    Self::#unknown(value) => f.debug_tuple(#unknown_text).field(value).finish(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            #[inline]
            fn from(value: &str) -> Self {
                Self::from_wire(value)
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            #[inline]
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from_wire(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            #[inline]
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

    }
}

/// The wire form of an enum, for `wire.rs`: the value as a JSON string; the runtime's `Zero`
/// (an empty unknown value) when a required member targets it (`zero`); the runtime's
/// `StringHeader` (the value as a string header) when a member bound to an event's header
/// targets it (`event_header`).
pub fn emit_enum_wire(shape: &Shape, zero: bool, event_header: bool) -> TokenStream {
    let name = ident(&shape.type_name);
    let zero = zero.then(|| super::types::emit_unknown_zero(&shape.type_name));
    let event_header = event_header.then(
        || quote!(impl ::servicemodel_runtime::eventstream::StringHeader for super::#name {}),
    );
    quote! {
        impl ::serde::Serialize for super::#name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for super::#name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::servicemodel_runtime::wire::deserialize_enum(deserializer, Self::from_wire)
            }
        }

        #zero
        #event_header
    }
}
