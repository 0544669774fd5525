//! Structs with builders: data types, requests and responses.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, doc_attrs_with};
use super::rust_type::{field_facts, Cx};
use crate::ir::{Action, DataType, Field, TypeRef};

/// Whether a struct's required fields are `Option` (data types also decode responses) or plain.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Storage {
    /// Required fields are plain values (request structs).
    RequiredPlain,
    /// Every field is an `Option` (data types, which responses reuse).
    AllOptional,
}

/// A data type: struct, serde (lenient decoding) and a builder.
pub fn data_type(cx: &Cx, ty: &DataType) -> TokenStream {
    let name = format_ident!("{}", ty.name);
    // Every public item has docs (the crate denies missing_docs).
    let doc = if ty.doc.trim().is_empty() {
        doc_attrs(&format!(
            "Data type `{}` (the spec gives no description).",
            ty.name
        ))
    } else {
        doc_attrs(&ty.doc)
    };
    let fields = ty
        .fields
        .iter()
        .map(|f| struct_field(cx, f, Storage::AllOptional));
    let builder = builder(cx, &ty.name, &ty.fields, BuilderKind::DataType);
    let encode = encode_impl(&ty.name, &ty.fields, Storage::AllOptional);
    let decode = decode_impl(cx, &ty.name, &ty.fields, false);
    quote! {
        #doc
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        #[derive(::std::default::Default, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        pub struct #name { #( #fields )* }
        #encode
        #decode
        #builder
    }
}

/// An action's request struct, its builder and its [`Operation`](crate::runtime::Operation) impl.
pub fn request(cx: &Cx, action: &Action) -> TokenStream {
    let struct_name = format!("{}Request", action.name);
    let name = format_ident!("{}", struct_name);
    let doc = [
        format!(" Input of [`{}`](self).", action.name),
        String::new(),
        format!(" Build it with [`{struct_name}::builder`]; `build()` checks required params and documented bounds."),
    ];
    let doc = quote! { #( #[doc = #doc] )* };
    let fields = action
        .input
        .iter()
        .map(|f| struct_field(cx, f, Storage::RequiredPlain));
    let builder = builder(
        cx,
        &struct_name,
        &action.input,
        BuilderKind::Request {
            action: &action.name,
        },
    );
    let response = format_ident!("{}Response", action.name);
    let error = format_ident!("{}Error", action.name);
    // The token the client fills in when the caller gives none (only an optional param can be).
    let token = action
        .idempotency_token
        .filter(|&i| !action.input[i].required)
        .map(|i| {
            let field = format_ident!("{}", action.input[i].rust_name);
            quote! { token #field }
        });
    let meta = metadata(action);
    let encode = encode_impl(&struct_name, &action.input, Storage::RequiredPlain);
    quote! {
        #doc
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        pub struct #name { #( #fields )* }
        #encode
        #builder
        crate::__operation! {
            #meta #name => #response, #error #token
        }
    }
}

fn metadata(action: &Action) -> TokenStream {
    let action_name = &action.name;
    let rate = action.rate_limit;
    let token = match action.idempotency_token {
        Some(i) => {
            let wire = &action.input[i].wire_name;
            quote! { ::std::option::Option::Some(#wire) }
        }
        None => quote! { ::std::option::Option::None },
    };
    let paginated = action.pagination.is_some();
    let region_required = action.region_required;
    let finance = action.finance_regions;
    let read_only = action.read_only;
    let unsigned = action.unsigned;
    let doc = format!(
        " Metadata of `{action_name}`: {rate} requests per second{}{}{}.",
        if paginated { ", paginated" } else { "" },
        if unsigned { ", sent unsigned" } else { "" },
        match action.idempotency_token {
            Some(i) => format!(", idempotency token `{}`", action.input[i].wire_name),
            None => String::new(),
        }
    );
    quote! {
        #doc #action_name {
            rate_limit = #rate,
            idempotency_token = #token,
            paginated = #paginated,
            region_required = #region_required,
            finance_regions = #finance,
            read_only = #read_only,
            unsigned = #unsigned,
        }
    }
}

/// An action's response: every field optional, unknown fields ignored, lenient scalars
/// (`OperationOutput` comes with the action's `__operation!`).
pub fn response(cx: &Cx, action: &Action) -> TokenStream {
    let name = format_ident!("{}Response", action.name);
    let doc = format!(
        " Output of [`{}`](self). Every field is optional: the service may omit any of them.",
        action.name
    );
    let doc = quote! { #[doc = #doc] };
    let fields = action
        .output
        .iter()
        .map(|f| struct_field(cx, f, Storage::AllOptional));
    let decode = decode_impl(
        cx,
        &format!("{}Response", action.name),
        &action.output,
        true,
    );
    quote! {
        #doc
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        #[derive(::std::default::Default, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #( #fields )*
            /// The unique request ID, returned with every response; quote it when contacting support.
            pub request_id: ::std::string::String,
        }
        #decode
    }
}

fn struct_field(cx: &Cx, field: &Field, storage: Storage) -> TokenStream {
    let ident = format_ident!("{}", field.rust_name);
    let value_ty = cx.field_type(field);
    let doc = doc_attrs_with(&field.doc, &field_facts(field));
    let optional = storage == Storage::AllOptional || !field.required;
    let ty = if optional {
        quote! { ::std::option::Option<#value_ty> }
    } else {
        value_ty
    };
    quote! {
        #doc
        pub #ident: #ty,
    }
}

/// `Serialize` of a request or data type through `__encode_struct!`: each field under its wire
/// name in struct order, optional ones only when set.
fn encode_impl(struct_name: &str, fields: &[Field], storage: Storage) -> TokenStream {
    let name = format_ident!("{}", struct_name);
    let entries = fields.iter().map(|f| {
        let ident = format_ident!("{}", f.rust_name);
        let wire = &f.wire_name;
        let kind = if storage == Storage::AllOptional || !f.required {
            quote! { optional }
        } else {
            quote! { required }
        };
        quote! { #wire => #kind #ident; }
    });
    quote! {
        crate::__encode_struct!(#name { #( #entries )* });
    }
}

/// `Deserialize` of a response or data type through the runtime's table-driven struct decoder:
/// the generated part is the sorted wire names and one assignment per field (with its lenient
/// decoder), not a derived visitor per struct.
fn decode_impl(cx: &Cx, struct_name: &str, fields: &[Field], request_id: bool) -> TokenStream {
    let name = format_ident!("{}", struct_name);
    let mut entries: Vec<(String, TokenStream)> = fields
        .iter()
        .map(|f| {
            let ident = format_ident!("{}", f.rust_name);
            let decoder = cx.field_decoder(f);
            (f.wire_name.clone(), quote! { #ident: #decoder })
        })
        .collect();
    if request_id {
        entries.push(("RequestId".to_owned(), quote! { request_id: RequestId }));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let entries = entries.iter().enumerate().map(|(i, (wire, field))| {
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        quote! { #i #wire => #field; }
    });
    quote! {
        crate::__decode_struct!(#name { #( #entries )* });
    }
}

/// What a builder builds: a data type (every field stored as an `Option`), or an action's request
/// (required params plain, with a client type-state and `send()`).
enum BuilderKind<'a> {
    DataType,
    Request { action: &'a str },
}

fn builder(cx: &Cx, struct_name: &str, fields: &[Field], kind: BuilderKind<'_>) -> TokenStream {
    let storage = match kind {
        BuilderKind::DataType => Storage::AllOptional,
        BuilderKind::Request { .. } => Storage::RequiredPlain,
    };
    let name = format_ident!("{}", struct_name);
    let builder_name = format_ident!("{}Builder", struct_name);
    let link = struct_link(struct_name);
    let builder_doc = format!(" Builder of {link}.");
    let slots = fields.iter().map(|f| {
        let ident = format_ident!("{}", f.rust_name);
        let ty = cx.field_type(f);
        quote! { #ident: ::std::option::Option<#ty>, }
    });
    let entries = fields.iter().map(|f| {
        let ident = format_ident!("{}", f.rust_name);
        let wire = &f.wire_name;
        let store = match (f.required, storage) {
            (true, Storage::RequiredPlain) => quote! { required },
            (true, Storage::AllOptional) => quote! { required_some },
            (false, _) => quote! { optional },
        };
        let setter = cx.setter_kind(f);
        let checks = checks(f);
        quote! { #ident #wire #store #setter #( #checks )*; }
    });
    let entries: Vec<TokenStream> = entries.collect();
    let BuilderKind::Request { action } = kind else {
        return quote! {
            #[doc = #builder_doc]
            #[derive(::std::clone::Clone, ::std::default::Default)]
            #[must_use]
            pub struct #builder_name { #( #slots )* }
            crate::__builder!(type #name #builder_name #link { #( #entries )* });
        };
    };
    // Request builders carry a type-state: `Detached` from `XRequest::builder()`, a client `Handle`
    // from `client.x()`, which adds `send()`.
    let response = format_ident!("{}Response", action);
    let error = format_ident!("{}Error", action);
    quote! {
        #[doc = #builder_doc]
        #[doc = ""]
        #[doc = " From a generated `Client` the builder is attached to it and gains `send()`."]
        #[derive(::std::clone::Clone)]
        #[must_use]
        pub struct #builder_name<S = crate::runtime::Detached> {
            state: S,
            #( #slots )*
        }
        crate::__builder!(request #name #builder_name #link #action send(#response, #error) { #( #entries )* });
    }
}

/// The checks `build()` runs on a field: its documented range, array size, text length and
/// character set (see [`crate::ir::Limits`]); bounds are `None` or `Some(..)`.
fn checks(f: &Field) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let float = |b: Option<f64>| match b {
        Some(v) => {
            let v = f64_literal(v);
            quote! { Some(#v) }
        }
        None => quote! { None },
    };
    let count = |b: Option<u32>| match b {
        Some(v) => {
            let v = proc_macro2::Literal::u32_unsuffixed(v);
            quote! { Some(#v) }
        }
        None => quote! { None },
    };
    if f.min.is_some() || f.max.is_some() {
        let (min, max) = (float(f.min), float(f.max));
        out.push(quote! { range(#min, #max) });
    }
    let limits = f.limits;
    if matches!(f.ty, TypeRef::Array(_)) {
        if limits.min_items.is_some() || limits.max_items.is_some() {
            let (min, max) = (count(limits.min_items), count(limits.max_items));
            out.push(quote! { items(#min, #max) });
        }
    } else {
        if limits.min_length.is_some() || limits.max_length.is_some() {
            let (min, max) = (count(limits.min_length), count(limits.max_length));
            out.push(quote! { length(#min, #max) });
        }
        if limits.ascii {
            out.push(quote! { ascii });
        }
    }
    out
}

/// An `f64` literal of a finite bound: `100f64`, or `1e300f64` where the plain form would be long.
fn f64_literal(v: f64) -> TokenStream {
    debug_assert!(v.is_finite(), "validation rejects non-finite bounds");
    let plain = v.to_string();
    let text = if plain.len() > 20 {
        format!("{v:e}f64")
    } else {
        return quote! { #v };
    };
    text.parse().unwrap_or_else(|_| quote! { #v })
}

/// Derive macros of the prelude: a data type of the same name makes `[`Name`]` ambiguous.
const PRELUDE_DERIVES: &[&str] = &[
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Eq",
    "Hash",
    "Ord",
    "PartialEq",
    "PartialOrd",
];

/// An intra-doc link to a generated struct, disambiguated where the name is also a derive macro.
fn struct_link(name: &str) -> String {
    if PRELUDE_DERIVES.contains(&name) {
        format!("[`{name}`](struct@{name})")
    } else {
        format!("[`{name}`]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_a_struct_named_like_a_derive_are_disambiguated() {
        assert_eq!(struct_link("Placement"), "[`Placement`]");
        assert_eq!(struct_link("Default"), "[`Default`](struct@Default)");
    }

    #[test]
    fn long_float_bounds_are_written_in_scientific_form() {
        assert_eq!(f64_literal(100.0).to_string(), "100f64");
        assert_eq!(f64_literal(-1.5).to_string(), "- 1.5f64");
        assert_eq!(f64_literal(1e300).to_string(), "1e300f64");
    }
}
