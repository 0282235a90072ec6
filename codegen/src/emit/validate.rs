//! Validators: `validate()` on every input structure and every structure an input reaches,
//! checking lengths (strings in Unicode scalar values), ranges, patterns, enum membership, and
//! list and map sizes, recursively, with JSON-pointer paths; and the conversion of violations
//! into the service's own validation error.
//!
//! Each constrained non-structure shape gets one private check function (`check_<shape>`),
//! called wherever a member has that shape; each distinct pattern is one `static` runtime
//! `Pattern`, compiled once per process on first use. Required members need no check here: they are plain fields, so only
//! decoding can find one missing, and the runtime's `json::decode` reports that as the same
//! "must not be null" violation.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::{float_literal, ident, int_literal, is_enum, option_tokens, shape_type};
use crate::model::{Range, Service, Shape, ShapeId, ShapeKind, Structure, StructureId};

/// The value a `Reason` member of the validation error gets.
pub const VALIDATION_REASON: &str = "FIELD_VALIDATION_FAILED";

/// What the validators of a service need to know about it, computed once.
#[derive(Debug)]
pub struct Plan {
    /// Shapes reachable from an operation's input (the input structures included).
    pub input_shapes: BTreeSet<ShapeId>,
    /// Shapes whose values have something to check (among `input_shapes`).
    pub checked: BTreeSet<ShapeId>,
    /// Check function of each checked non-structure shape.
    pub check_fns: BTreeMap<ShapeId, Ident>,
    /// Pattern → its `static`'s name, in order of first use.
    pub patterns: BTreeMap<crate::model::Pattern, Ident>,
    /// The service's validation error, if it has one ([`validation_error`]).
    pub validation: Option<ValidationError>,
}

/// The error shape that violations become, and how.
#[derive(Debug)]
pub struct ValidationError {
    /// The error shape.
    pub shape: StructureId,
    /// The body of `From<Violations>` for the shape (a struct expression), or `None` when a
    /// required member of the shape is one the rule cannot fill.
    pub conversion: Option<TokenStream>,
}

impl Plan {
    /// The plan for `service`.
    pub fn new(service: &Service) -> Self {
        let input_shapes = service.reach.inputs.clone();

        // Fixpoint: a container is checked when something inside it is.
        let mut checked: BTreeSet<ShapeId> = input_shapes
            .iter()
            .copied()
            .filter(|&id| has_own_checks(&service[id]))
            .collect();
        loop {
            let before = checked.len();
            for &id in &input_shapes {
                if !checked.contains(&id)
                    && service[id]
                        .kind
                        .children()
                        .iter()
                        .any(|c| checked.contains(c))
                {
                    checked.insert(id);
                }
            }
            if checked.len() == before {
                break;
            }
        }

        // The names were given out by the loader.
        let check_fns = checked
            .iter()
            .filter(|&&id| has_check_fn(&service[id]))
            .filter_map(|&id| Some((id, format_ident!("{}", service[id].check_fn.as_ref()?))))
            .collect();
        let named = checked
            .iter()
            .filter_map(|&id| match &service[id].kind {
                ShapeKind::String(string) if string.enum_values.is_none() => {
                    string.pattern.as_ref()
                }
                _ => None,
            })
            .map(|pattern| {
                let name = &service.pattern_statics[pattern];
                (pattern.clone(), format_ident!("{}", name))
            })
            .collect();
        Self {
            input_shapes,
            checked,
            check_fns,
            patterns: named,
            validation: validation_error(service),
        }
    }
}

/// Whether a checked shape gets a check function: any but a structure (which implements
/// `Validate`), a boolean or a timestamp (which have no constraint).
fn has_check_fn(shape: &Shape) -> bool {
    !matches!(
        shape.kind,
        ShapeKind::Structure(_) | ShapeKind::Boolean | ShapeKind::Timestamp(_)
    )
}

/// Whether a shape has a constraint of its own (not counting what it contains).
fn has_own_checks(shape: &Shape) -> bool {
    match &shape.kind {
        ShapeKind::String(string) => {
            string.enum_values.is_some()
                || !string.length.is_unbounded()
                || string.pattern.is_some()
        }
        ShapeKind::Integer(range) | ShapeKind::Long(range) => !range.is_unbounded(),
        ShapeKind::Double(range) | ShapeKind::Float(range) => !range.is_unbounded(),
        // A stream's length is not known before it is read.
        ShapeKind::Blob(blob) => !blob.streaming && !blob.length.is_unbounded(),
        ShapeKind::List(list) => !list.length.is_unbounded(),
        ShapeKind::Map(map) => !map.length.is_unbounded(),
        // A union must hold a member it knows; a member may narrow a string to some values.
        ShapeKind::Structure(structure) => {
            structure.union
                || structure
                    .members
                    .iter()
                    .any(|member| member.allowed_values.is_some())
        }
        ShapeKind::Boolean | ShapeKind::Timestamp(_) => false,
    }
}

/// The service's validation error (as the loader chose it, [`crate::model::ErrorRoles`]), with
/// its members filled by this rule:
///
/// - a string member named `Message` (or `message`) gets the violations' summary
///   (`1 validation error detected: Value at '/Name' failed to satisfy constraint: ...`);
/// - a member named `Reason` (or `reason`) gets [`VALIDATION_REASON`] (a string, or the enum
///   value of that name);
/// - a list of structures whose members are a `Name` or `Path` string and a `Message` string
///   gets one entry per violation: the JSON pointer and the message;
/// - any other optional member stays unset.
///
/// When a required member fits none of these, the shape gets no conversion, and a server
/// answers violations with the shape's error code and status and the violations' summary as
/// the body's `message` (an unhandled error, since the shape cannot be built).
pub fn validation_error(service: &Service) -> Option<ValidationError> {
    let id = service.error_roles.validation?;
    let structure = &service[id];
    let mut fields = Vec::new();
    let mut complete = true;
    let mut reads_violations = false;
    for member in &structure.members {
        let field = ident(&member.field_name);
        let value = member_fill(service, &member.name, member.shape);
        reads_violations |= value.as_ref().is_some_and(|(_, reads)| *reads);
        let value = value.map(|(value, _)| value);
        match (value, member.required) {
            (Some(value), true) => fields.push(quote!(#field: #value)),
            (Some(value), false) => {
                fields.push(quote!(#field: ::std::option::Option::Some(#value)))
            }
            (None, false) => fields.push(quote!(#field: ::std::option::Option::None)),
            (None, true) => complete = false,
        }
    }
    // An error without members to fill reads nothing of the violations.
    let unused = (!reads_violations).then(|| quote!(let _ = violations;));
    Some(ValidationError {
        shape: id,
        conversion: complete.then(|| quote!(#unused Self { #(#fields),* })),
    })
}

/// The value the rule of [`validation_error`] gives a member, as an expression over
/// `violations`, and whether it reads them.
fn member_fill(service: &Service, name: &str, shape: ShapeId) -> Option<(TokenStream, bool)> {
    let shape = &service[shape];
    // Models spell these `Message` or `message` (and `Reason` or `reason`).
    let name = name.to_ascii_lowercase();
    match (&shape.kind, name.as_str()) {
        (ShapeKind::String(string), "message") if string.enum_values.is_none() => Some((
            quote!(::std::string::ToString::to_string(&violations)),
            true,
        )),
        (ShapeKind::String(string), "reason") => match &string.enum_values {
            None => Some((
                quote!(::std::string::String::from(#VALIDATION_REASON)),
                false,
            )),
            Some(values) => {
                let value = values.iter().find(|v| v.value == VALIDATION_REASON)?;
                let ty = ident(&shape.type_name);
                let variant = ident(&value.variant_name);
                Some((quote!(super::#ty::#variant), false))
            }
        },
        (ShapeKind::List(list), _) => {
            let element = &service[list.member];
            let ShapeKind::Structure(entry) = &element.kind else {
                return None;
            };
            let entry_value = field_entry(service, element, entry)?;
            Some((
                quote!(violations.iter().map(|violation| #entry_value).collect()),
                true,
            ))
        }
        _ => None,
    }
}

/// The struct expression of one `Fields` entry for `violation`, if the structure fits.
fn field_entry(service: &Service, shape: &Shape, entry: &Structure) -> Option<TokenStream> {
    let mut fields = Vec::new();
    let mut has_name = false;
    let mut has_message = false;
    for member in &entry.members {
        let field = ident(&member.field_name);
        let is_string = matches!(&service[member.shape].kind,
            ShapeKind::String(s) if s.enum_values.is_none());
        let value = match member.name.as_str() {
            "Name" | "Path" if is_string => {
                has_name = true;
                Some(quote!(violation.path.clone()))
            }
            "Message" if is_string => {
                has_message = true;
                Some(quote!(violation.message.clone()))
            }
            _ => None,
        };
        match (value, member.required) {
            (Some(value), true) => fields.push(quote!(#field: #value)),
            (Some(value), false) => {
                fields.push(quote!(#field: ::std::option::Option::Some(#value)))
            }
            (None, false) => fields.push(quote!(#field: ::std::option::Option::None)),
            (None, true) => return None,
        }
    }
    let ty = ident(&shape.type_name);
    (has_name && has_message).then(|| quote!(super::#ty { #(#fields),* }))
}

/// Everything in a service's `validate.rs`; empty when nothing is an input and there is no
/// validation error.
pub fn emit_validators(service: &Service, plan: &Plan) -> TokenStream {
    let patterns = plan.patterns.iter().map(|(pattern, name)| {
        let source = &pattern.source;
        let constructor = if pattern.unicode {
            quote!(unicode)
        } else {
            quote!(new)
        };
        quote!(static #name: ::servicemodel_runtime::Pattern = ::servicemodel_runtime::Pattern::#constructor(#source);)
    });
    let check_fns = plan
        .check_fns
        .iter()
        .filter_map(|(&id, fn_name)| emit_check_fn(service, plan, id, fn_name));
    let validators = plan.input_shapes.iter().filter_map(|&id| {
        let shape = &service[id];
        match &shape.kind {
            // A document has nothing to check.
            ShapeKind::Structure(structure) if !structure.document => {
                Some(emit_validator(service, plan, shape, structure))
            }
            _ => None,
        }
    });
    let conversion = plan.validation.as_ref().and_then(|validation| {
        let body = validation.conversion.as_ref()?;
        let ty = ident(&service.shape_of(validation.shape).type_name);
        Some(quote! {
            impl ::std::convert::From<::servicemodel_runtime::Violations> for super::#ty {
                #[inline]
                fn from(violations: ::servicemodel_runtime::Violations) -> Self {
                    #body
                }
            }
        })
    });
    quote! {
        #(#patterns)*
        #(#check_fns)*
        #(#validators)*
        #conversion
    }
}

/// `Validate` for one structure, and its inherent `validate()`.
pub fn emit_validator(
    service: &Service,
    plan: &Plan,
    shape: &Shape,
    structure: &Structure,
) -> TokenStream {
    let ty = ident(&shape.type_name);
    if structure.union {
        return emit_union_validator(service, plan, &ty, structure);
    }
    let checks: Vec<TokenStream> = structure
        .members
        .iter()
        .filter(|member| plan.checked.contains(&member.shape) || member.allowed_values.is_some())
        .map(|member| {
            let field = ident(&member.field_name);
            let path = if member.is_bound() {
                &member.name
            } else {
                &member.wire_name
            };
            // The shape's own checks, then the member's `enum` on the string.
            let call = |value: TokenStream| {
                let shape = plan.checked.contains(&member.shape).then(|| {
                    let call = check_call(service, plan, member.shape, value.clone());
                    quote!(#call;)
                });
                let allowed = member.allowed_values.as_ref().map(|values| {
                    quote! {
                        let allowed: &[&str] = &[#(#values),*];
                        v.enum_value(allowed.contains(&::std::string::String::as_str(#value)), allowed);
                    }
                });
                quote!(#shape #allowed)
            };
            if member.required {
                let call = call(quote!(&self.#field));
                quote! {
                    let at = v.enter(#path);
                    #call
                    v.leave(at);
                }
            } else {
                let call = call(quote!(value));
                quote! {
                    if let ::std::option::Option::Some(value) = &self.#field {
                        let at = v.enter(#path);
                        #call
                        v.leave(at);
                    }
                }
            }
        })
        .collect();
    let implementation = if checks.is_empty() {
        quote!(impl ::servicemodel_runtime::Validate for super::#ty {})
    } else {
        quote! {
            impl ::servicemodel_runtime::Validate for super::#ty {
                #[inline]
                fn validate_into(&self, v: &mut ::servicemodel_runtime::Validator) {
                    #(#checks)*
                }
            }
        }
    };
    quote! {
        #implementation

        impl super::#ty {
            /// Checks every constraint of the model on this value and on everything it
            /// contains, and returns every violation found.
            #[inline]
            pub fn validate(&self) -> ::std::result::Result<(), ::servicemodel_runtime::Violations> {
                ::servicemodel_runtime::validate::validate(self)
            }
        }
    }
}

/// `Validate` for a union, and its inherent `validate()`: the member it holds is checked
/// (boxed members through the box), and a member it does not know is a violation.
fn emit_union_validator(
    service: &Service,
    plan: &Plan,
    ty: &proc_macro2::Ident,
    structure: &Structure,
) -> TokenStream {
    let unknown = ident(crate::naming::UNKNOWN_VARIANT);
    let checked: Vec<&crate::model::Member> = structure
        .members
        .iter()
        .filter(|member| plan.checked.contains(&member.shape))
        .collect();
    // Members with nothing to check.
    let rest = (checked.len() < structure.members.len()).then(|| quote!(_ => {}));
    let arms = checked.into_iter().map(|member| {
        let variant = ident(&member.variant_name);
        let path = &member.wire_name;
        let value = if member.boxed {
            quote!(&**value)
        } else {
            quote!(value)
        };
        let call = check_call(service, plan, member.shape, value);
        quote! {
            Self::#variant(value) => {
                let at = v.enter(#path);
                #call;
                v.leave(at);
            }
        }
    });
    let arms: Vec<TokenStream> = arms.collect();
    let body = if arms.is_empty() {
        quote! {
            if let Self::#unknown(member) = self {
                v.unknown_union_member(member.name());
            }
        }
    } else {
        quote! {
            match self {
                #(#arms)*
                Self::#unknown(member) => v.unknown_union_member(member.name()),
                #rest
            }
        }
    };
    quote! {
        impl ::servicemodel_runtime::Validate for super::#ty {
            #[inline]
            fn validate_into(&self, v: &mut ::servicemodel_runtime::Validator) {
                #body
            }
        }

        impl super::#ty {
            /// Checks every constraint of the model on this value and on everything it
            /// contains, and returns every violation found.
            #[inline]
            pub fn validate(&self) -> ::std::result::Result<(), ::servicemodel_runtime::Violations> {
                ::servicemodel_runtime::validate::validate(self)
            }
        }
    }
}

/// The call that checks `value` (a reference) of checked shape `id` with validator `v`.
fn check_call(service: &Service, plan: &Plan, id: ShapeId, value: TokenStream) -> TokenStream {
    if matches!(service[id].kind, ShapeKind::Structure(_)) {
        quote!(::servicemodel_runtime::Validate::validate_into(#value, v))
    } else {
        let check = &plan.check_fns[&id];
        quote!(#check(#value, v))
    }
}

fn u64_bounds(range: &Range<u64>) -> (TokenStream, TokenStream) {
    (
        option_tokens(range.min, |n| {
            Literal::u64_unsuffixed(n).into_token_stream()
        }),
        option_tokens(range.max, |n| {
            Literal::u64_unsuffixed(n).into_token_stream()
        }),
    )
}

/// The check function of one checked shape; `None` for a kind without one
/// ([`has_check_fn`]).
fn emit_check_fn(
    service: &Service,
    plan: &Plan,
    id: ShapeId,
    fn_name: &Ident,
) -> Option<TokenStream> {
    let shape = &service[id];
    let (param, body) = match &shape.kind {
        ShapeKind::String(_) if is_enum(shape) => {
            let ty = ident(&shape.type_name);
            (
                quote!(&super::#ty),
                quote!(v.enum_value(value.is_known(), super::#ty::VALUES);),
            )
        }
        ShapeKind::String(string) => {
            let length = (!string.length.is_unbounded()).then(|| {
                let (min, max) = u64_bounds(&string.length);
                quote!(v.string_length(value, #min, #max);)
            });
            let pattern = string.pattern.as_ref().map(|source| {
                let name = &plan.patterns[source];
                quote!(v.pattern(value, &#name);)
            });
            (quote!(&str), quote!(#length #pattern))
        }
        ShapeKind::Integer(range) | ShapeKind::Long(range) => {
            let (ty, value) = if matches!(shape.kind, ShapeKind::Integer(_)) {
                (quote!(i32), quote!(i64::from(*value)))
            } else {
                (quote!(i64), quote!(*value))
            };
            let min = option_tokens(range.min, int_literal);
            let max = option_tokens(range.max, int_literal);
            (quote!(&#ty), quote!(v.range_i64(#value, #min, #max);))
        }
        ShapeKind::Double(range) | ShapeKind::Float(range) => {
            let (ty, value) = if matches!(shape.kind, ShapeKind::Double(_)) {
                (quote!(f64), quote!(*value))
            } else {
                (quote!(f32), quote!(f64::from(*value)))
            };
            let min = option_tokens(range.min, float_literal);
            let max = option_tokens(range.max, float_literal);
            (quote!(&#ty), quote!(v.range_f64(#value, #min, #max);))
        }
        ShapeKind::Blob(blob) => {
            let (min, max) = u64_bounds(&blob.length);
            (
                quote!(&::servicemodel_runtime::Blob),
                quote!(v.length(value.len(), #min, #max);),
            )
        }
        ShapeKind::List(list) => {
            let member = super::entry_type(service, list.member, list.sparse);
            let length = (!list.length.is_unbounded()).then(|| {
                let (min, max) = u64_bounds(&list.length);
                quote!(v.length(value.len(), #min, #max);)
            });
            let items = plan.checked.contains(&list.member).then(|| {
                let call = check_call(service, plan, list.member, quote!(item));
                // A sparse list's `null` entries have nothing to check.
                let entries = if list.sparse {
                    quote!(value.iter().enumerate().filter_map(|(index, item)| {
                        ::std::option::Option::Some((index, item.as_ref()?))
                    }))
                } else {
                    quote!(value.iter().enumerate())
                };
                quote! {
                    for (index, item) in #entries {
                        let at = v.enter_index(index);
                        #call;
                        v.leave(at);
                    }
                }
            });
            (quote!(&[#member]), quote!(#length #items))
        }
        ShapeKind::Map(map) => {
            let ty = shape_type(service, id);
            let length = (!map.length.is_unbounded()).then(|| {
                let (min, max) = u64_bounds(&map.length);
                quote!(v.length(value.len(), #min, #max);)
            });
            let key_check = plan
                .checked
                .contains(&map.key)
                .then(|| check_call(service, plan, map.key, quote!(key)));
            let value_check = plan
                .checked
                .contains(&map.value)
                .then(|| check_call(service, plan, map.value, quote!(item)));
            let entries = match (key_check, value_check) {
                (None, None) => None,
                (Some(key_check), None) => Some(quote! {
                    for key in value.keys() {
                        let at = v.enter(key.as_str());
                        #key_check;
                        v.leave(at);
                    }
                }),
                (key_check, Some(value_check)) => {
                    let key_check = key_check.map(|call| quote!(#call;));
                    // A sparse map's `null` values have nothing to check.
                    let value_check = if map.sparse {
                        quote!(if let ::std::option::Option::Some(item) = item { #value_check; })
                    } else {
                        quote!(#value_check;)
                    };
                    Some(quote! {
                        for (key, item) in value {
                            let at = v.enter(key.as_str());
                            #key_check
                            #value_check
                            v.leave(at);
                        }
                    })
                }
            };
            (quote!(&#ty), quote!(#length #entries))
        }
        ShapeKind::Structure(_) | ShapeKind::Boolean | ShapeKind::Timestamp(_) => return None,
    };
    let doc = format!(" Checks a value of shape `{}`.", shape.name);
    Some(quote! {
        #[doc = #doc]
        #[inline]
        fn #fn_name(value: #param, v: &mut ::servicemodel_runtime::Validator) {
            #body
        }
    })
}
