//! Error types: the service's `CommonError` (its common codes, once per service) and one thin
//! enum per action (its own documented codes, `Common(CommonError)` and the catch-all). The
//! code-to-variant lookup is a sorted table searched by the runtime; the one generated match builds
//! the variant of the index found.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::sanitize;
use crate::ir::{Action, ErrorCode, Service};

/// The service's common error type, emitted into its `mod.rs`; nothing when it has no common codes.
pub fn common_error(service: &Service) -> Option<TokenStream> {
    if service.common_errors.is_empty() {
        return None;
    }
    let variants = service.common_errors.iter().map(variant);
    let table = table(&service.common_errors)
        .into_iter()
        .map(|(_, entry)| entry);
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

/// An action's error enum, declared by `__service_error!` from one list sorted by code: each
/// entry is its index, the code (the runtime's lookup table), the variant and its doc line.
pub fn error_enum(service: &Service, action: &Action) -> TokenStream {
    let name = format_ident!("{}Error", action.name);
    let has_common = !service.common_errors.is_empty();
    let (common_arg, what) = if has_common {
        (
            Some(quote! { common(super::CommonError) }),
            "its documented error codes, the service's common codes in [`Common`](Self::Common)",
        )
    } else {
        (None, "its documented error codes")
    };
    let doc = format!(
        " Service errors of `{}`: {what}, and [`Unhandled`](Self::Unhandled) for any other code.",
        action.name
    );
    let entries = table(&action.errors).into_iter().map(|(e, entry)| {
        let doc = variant_doc(e).join("\n");
        quote! { #entry #doc, }
    });
    quote! {
        crate::__service_error! {
            #doc #name #common_arg {
                #( #entries )*
            }
        }
    }
}

/// A variant holding the error's code, message and request id, documented with its code.
fn variant(e: &ErrorCode) -> TokenStream {
    let ident = format_ident!("{}", e.variant);
    let lines = variant_doc(e);
    quote! { #( #[doc = #lines] )* #ident(crate::runtime::ServiceErrorMeta), }
}

/// The doc lines of an error code's variant: `` `Code`: text``.
fn variant_doc(e: &ErrorCode) -> Vec<String> {
    let mut text = sanitize(&e.doc).into_iter();
    let mut lines = vec![match text.next() {
        Some(first) => format!(" `{}`: {}", e.code, first.trim_start()),
        None => format!(" `{}`", e.code),
    }];
    lines.extend(text);
    lines
}

/// Each code with its `index "Code" => Variant` entry, sorted by code as the runtime's binary
/// search expects (the index is the code's place in that order).
fn table(codes: &[ErrorCode]) -> Vec<(&ErrorCode, TokenStream)> {
    let mut sorted: Vec<&ErrorCode> = codes.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    sorted
        .into_iter()
        .enumerate()
        .map(|(index, e)| {
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            let code = &e.code;
            let ident = format_ident!("{}", e.variant);
            (e, quote! { #index #code => #ident })
        })
        .collect()
}
