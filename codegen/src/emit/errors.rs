//! Error types: the service's `CommonErrorCode` (its common codes, once per service) and, per
//! action, a fieldless `…ErrorCode` enum of its documented codes with the `…Error` alias of the
//! runtime's `ActionError<…ErrorCode, CommonErrorCode>`. The generated enums carry tables only:
//! the lookup of a code and every impl of the error type are the runtime's, compiled once.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::sanitize;
use crate::ir::{Action, ErrorCode, Service};

/// The service's common error codes, emitted into its `mod.rs`; nothing when it has no common codes.
pub fn common_error(service: &Service) -> Option<TokenStream> {
    if service.common_errors.is_empty() {
        return None;
    }
    let doc = " The service's common error codes, which any action may return: the `Common` variant of every action's error holds them.";
    let entries = entries(&service.common_errors);
    Some(quote! {
        crate::__error_code! {
            #doc, CommonErrorCode {
                #( #entries )*
            }
        }
    })
}

/// An action's error type and code enum, declared by `__error_code!`: the alias of `ActionError`
/// over its code enum (and the service's common codes, when it has any), and the enum's entries
/// sorted by code (each the code, the variant and its doc line).
pub fn error_enum(service: &Service, action: &Action) -> TokenStream {
    let action_name = &action.name;
    let name = format_ident!("{}ErrorCode", action.name);
    let alias = format_ident!("{}Error", action.name);
    let common = (!service.common_errors.is_empty()).then(|| quote! { common });
    let entries = entries(&action.errors);
    quote! {
        crate::__error_code! {
            action #action_name #name for #alias #common {
                #( #entries )*
            }
        }
    }
}

/// `"Code" => Variant "doc",` for each code, sorted by code as the runtime's binary search expects.
fn entries(codes: &[ErrorCode]) -> Vec<TokenStream> {
    let mut sorted: Vec<&ErrorCode> = codes.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    sorted
        .into_iter()
        .map(|e| {
            let code = &e.code;
            let ident = format_ident!("{}", e.variant);
            let doc = variant_doc(e).join("\n");
            quote! { #code => #ident #doc, }
        })
        .collect()
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
