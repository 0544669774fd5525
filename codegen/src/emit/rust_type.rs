//! How a spec type becomes a Rust type, a builder setter and serde attributes.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Field, TypeRef};

/// Emission context: where the service module lives (`crate::cvm::v20170312`).
pub struct Cx {
    pub module: TokenStream,
}

impl Cx {
    pub fn new(module_path: &[String]) -> Self {
        let segments = module_path.iter().map(|s| format_ident!("{}", s));
        Self {
            module: quote! { crate #( :: #segments )* },
        }
    }

    /// The Rust type of a value (without the `Option` of optional fields).
    pub fn value_type(&self, ty: &TypeRef, sensitive: bool) -> TokenStream {
        match ty {
            TypeRef::String | TypeRef::Timestamp if sensitive => {
                quote! { crate::runtime::SensitiveString }
            }
            TypeRef::String | TypeRef::Timestamp => quote! { ::std::string::String },
            TypeRef::Integer => quote! { i64 },
            TypeRef::Float => quote! { f64 },
            TypeRef::Boolean => quote! { bool },
            TypeRef::Enum(name) | TypeRef::Struct(name) => {
                let module = &self.module;
                let ident = format_ident!("{}", name);
                quote! { #module :: #ident }
            }
            TypeRef::Array(inner) => {
                let inner = self.value_type(inner, sensitive);
                quote! { ::std::vec::Vec<#inner> }
            }
        }
    }

    /// The stored type of a field (without the `Option` of optional fields): its value type,
    /// boxed when the field closes a cycle of data types.
    pub fn field_type(&self, field: &Field) -> TokenStream {
        let ty = self.value_type(&field.ty, field.sensitive);
        if field.boxed {
            quote! { ::std::boxed::Box<#ty> }
        } else {
            ty
        }
    }

    /// What a builder setter takes and how it stores it, as the runtime's `__setters!` names it:
    /// `string`, `strings`, `sensitive`, `sensitives`, `into(T)`, `intos(T)` (value sets),
    /// `value(T)`, `values(T)` (numbers, booleans, data types), `boxed(T)` (a data type that
    /// closes a cycle).
    pub fn setter_kind(&self, field: &Field) -> TokenStream {
        // Written from the service module's children (`super::Placement`), where builders are.
        let local = Cx {
            module: quote! { super },
        };
        if field.boxed {
            let ty = local.value_type(&field.ty, field.sensitive);
            return quote! { boxed(#ty) };
        }
        let (item, many) = match &field.ty {
            TypeRef::Array(inner) => (&**inner, true),
            other => (other, false),
        };
        match (item, field.sensitive, many) {
            (TypeRef::String | TypeRef::Timestamp, true, false) => quote! { sensitive },
            (TypeRef::String | TypeRef::Timestamp, true, true) => quote! { sensitives },
            (TypeRef::String | TypeRef::Timestamp, false, false) => quote! { string },
            (TypeRef::String | TypeRef::Timestamp, false, true) => quote! { strings },
            (TypeRef::Enum(_), _, false) => {
                let ty = local.value_type(item, false);
                quote! { into(#ty) }
            }
            (TypeRef::Enum(_), _, true) => {
                let ty = local.value_type(item, false);
                quote! { intos(#ty) }
            }
            (_, _, false) => {
                let ty = local.value_type(item, field.sensitive);
                quote! { value(#ty) }
            }
            (_, _, true) => {
                let ty = local.value_type(item, field.sensitive);
                quote! { values(#ty) }
            }
        }
    }

    /// The runtime decoder of a response or data type field (a type of `runtime::de`, with its
    /// type argument): lenient scalars (`"TRUE"` as true, numbers as strings, ...), data types only
    /// from objects, everything else its own serde. Type arguments are written from the service
    /// module's children (`super::ZoneInfo`), where every generated struct is.
    pub fn field_decoder(&self, field: &Field) -> TokenStream {
        let local = Cx {
            module: quote! { super },
        };
        let plain = || {
            let ty = local.field_type(field);
            quote! { Plain<::std::option::Option<#ty>> }
        };
        if field.sensitive {
            return plain(); // SensitiveString decodes leniently itself.
        }
        match &field.ty {
            TypeRef::String | TypeRef::Timestamp => quote! { Str },
            TypeRef::Integer => quote! { Int },
            TypeRef::Float => quote! { Float },
            TypeRef::Boolean => quote! { Bool },
            TypeRef::Array(inner) => match &**inner {
                TypeRef::String | TypeRef::Timestamp => quote! { Strs },
                TypeRef::Integer => quote! { Ints },
                TypeRef::Float => quote! { Floats },
                TypeRef::Boolean => quote! { Bools },
                TypeRef::Struct(_) => {
                    let ty = local.value_type(inner, false);
                    quote! { Objs<#ty> }
                }
                _ => plain(),
            },
            TypeRef::Struct(_) => {
                let ty = local.field_type(field);
                quote! { Obj<#ty> }
            }
            TypeRef::Enum(_) => plain(),
        }
    }
}

/// Doc lines describing a field's wire facts (type, required, default, bounds, enum).
pub fn field_facts(field: &Field) -> Vec<String> {
    let mut facts = vec![format!("Wire name: `{}`.", field.wire_name)];
    if field.required {
        facts.push("Required.".to_owned());
    }
    if let Some(default) = &field.default {
        facts.push(format!("Default: `{default}`."));
    }
    match (field.min, field.max) {
        (Some(min), Some(max)) => facts.push(format!("Range: {min} to {max}.")),
        (Some(min), None) => facts.push(format!("Minimum: {min}.")),
        (None, Some(max)) => facts.push(format!("Maximum: {max}.")),
        (None, None) => {}
    }
    let limits = field.limits;
    match (limits.min_length, limits.max_length) {
        (Some(min), Some(max)) => facts.push(format!("Length: {min} to {max} characters.")),
        (Some(min), None) => facts.push(format!("At least {min} characters.")),
        (None, Some(max)) => facts.push(format!("At most {max} characters.")),
        (None, None) => {}
    }
    match (limits.min_items, limits.max_items) {
        (Some(min), Some(max)) => facts.push(format!("{min} to {max} items.")),
        (Some(min), None) => facts.push(format!("At least {min} items.")),
        (None, Some(max)) => facts.push(format!("At most {max} items.")),
        (None, None) => {}
    }
    if limits.ascii {
        facts.push("Printable ASCII only.".to_owned());
    }
    if field.sensitive {
        facts.push("Sensitive: redacted from `Debug` output.".to_owned());
    }
    vec![facts.join(" ")]
}
