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

    /// The argument type of a builder setter and the expression turning `value` into the stored value.
    pub fn setter(&self, field: &Field) -> (TokenStream, TokenStream) {
        if field.boxed {
            let ty = self.value_type(&field.ty, field.sensitive);
            return (ty, quote! { ::std::boxed::Box::new(value) });
        }
        match &field.ty {
            TypeRef::Array(inner) => {
                let (item_ty, convert) = self.scalar_setter(inner, field.sensitive);
                let item = quote! { item };
                let convert_item = convert(&item);
                let collect = if convert_item.to_string() == item.to_string() {
                    quote! { value.into_iter().collect() }
                } else {
                    quote! { value.into_iter().map(|item| #convert_item).collect() }
                };
                (
                    quote! { impl ::std::iter::IntoIterator<Item = #item_ty> },
                    collect,
                )
            }
            other => {
                let (arg, convert) = self.scalar_setter(other, field.sensitive);
                (arg, convert(&quote! { value }))
            }
        }
    }

    #[allow(clippy::type_complexity)]
    fn scalar_setter(
        &self,
        ty: &TypeRef,
        sensitive: bool,
    ) -> (TokenStream, Box<dyn Fn(&TokenStream) -> TokenStream>) {
        match ty {
            TypeRef::String | TypeRef::Timestamp if sensitive => (
                quote! { impl ::std::convert::Into<::std::string::String> },
                Box::new(|v| quote! { crate::runtime::SensitiveString::new(#v) }),
            ),
            TypeRef::String | TypeRef::Timestamp => (
                quote! { impl ::std::convert::Into<::std::string::String> },
                Box::new(|v| quote! { #v.into() }),
            ),
            TypeRef::Enum(_) => {
                let ty = self.value_type(ty, false);
                (
                    quote! { impl ::std::convert::Into<#ty> },
                    Box::new(|v| quote! { #v.into() }),
                )
            }
            other => (
                self.value_type(other, sensitive),
                Box::new(|v| quote! { #v }),
            ),
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
