//! Error types: the service's `CommonError` (its common codes, once per service) and one thin
//! enum per action (its own documented codes, `Common(CommonError)` and the catch-all). The
//! code-to-variant mapping is a sorted table looked up by the runtime, not a generated match.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::sanitize;
use super::rust_type::Cx;
use crate::ir::{Action, ErrorCode, Service};

/// The service's common error type, emitted into its `mod.rs`; nothing when it has no common codes.
pub fn common_error(service: &Service) -> Option<TokenStream> {
    if service.common_errors.is_empty() {
        return None;
    }
    let variants = service.common_errors.iter().map(variant);
    let table = table(&service.common_errors);
    Some(quote! {
        /// The service's common error codes, which any action may return: the `Common` variant of
        /// every action's error enum holds them.
        #[non_exhaustive]
        pub enum CommonError {
            #( #variants )*
        }
        crate::__common_error!(CommonError, [ #( #table ),* ]);
    })
}

pub fn error_enum(cx: &Cx, service: &Service, action: &Action) -> TokenStream {
    let name = format_ident!("{}Error", action.name);
    let variants = action.errors.iter().map(variant);
    let table = table(&action.errors);
    let has_common = !service.common_errors.is_empty();
    let module = &cx.module;
    let (common_variant, common_arg, what) = if has_common {
        (
            Some(quote! {
                /// One of the service's common error codes (one the action does not document itself).
                Common(#module::CommonError),
            }),
            Some(quote! { common = super::CommonError, }),
            "its documented error codes, the service's common codes in [`Common`](Self::Common)",
        )
    } else {
        (None, None, "its documented error codes")
    };
    let doc = format!(
        " Service errors of `{}`: {what}, and [`Unhandled`](Self::Unhandled) for any other code.",
        action.name
    );
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            #common_variant
            /// A code this SDK does not document for this action; code, message and request id are kept.
            Unhandled(crate::runtime::ServiceErrorMeta),
        }
        crate::__service_error!(#name, #common_arg [ #( #table ),* ]);
    }
}

/// A variant holding the error's code, message and request id, documented with its code.
fn variant(e: &ErrorCode) -> TokenStream {
    let ident = format_ident!("{}", e.variant);
    let mut text = sanitize(&e.doc).into_iter();
    let mut lines = vec![match text.next() {
        Some(first) => format!(" `{}`: {}", e.code, first.trim_start()),
        None => format!(" `{}`", e.code),
    }];
    lines.extend(text);
    quote! { #( #[doc = #lines] )* #ident(crate::runtime::ServiceErrorMeta), }
}

/// `"Code" => Variant` pairs sorted by code, as the runtime's binary search expects.
fn table(codes: &[ErrorCode]) -> Vec<TokenStream> {
    let mut sorted: Vec<&ErrorCode> = codes.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    sorted
        .into_iter()
        .map(|e| {
            let code = &e.code;
            let ident = format_ident!("{}", e.variant);
            quote! { #code => #ident }
        })
        .collect()
}
