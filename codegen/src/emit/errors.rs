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
    Some(code_enum(
        doc,
        &format_ident!("CommonErrorCode"),
        &service.common_errors,
    ))
}

/// An action's error type: the alias of `ActionError` over its code enum (declared by
/// `__error_code!` from one list sorted by code: each entry is the code, the variant and its doc
/// line) and the service's common codes.
pub fn error_enum(service: &Service, action: &Action) -> TokenStream {
    let name = format_ident!("{}Error", action.name);
    let code_name = format_ident!("{}ErrorCode", action.name);
    let has_common = !service.common_errors.is_empty();
    let (common_arg, what) = if has_common {
        (
            Some(quote! { , super::CommonErrorCode }),
            format!(
                "[`Code`](crate::runtime::ActionError::Code) with one of its documented codes ([`{code_name}`]), [`Common`](crate::runtime::ActionError::Common) with one of the service's common codes ([`CommonErrorCode`](super::CommonErrorCode))"
            ),
        )
    } else {
        (
            None,
            format!("[`Code`](crate::runtime::ActionError::Code) with one of its documented codes ([`{code_name}`])"),
        )
    };
    let doc = format!(
        " Service errors of `{}`: {what}, or [`Unhandled`](crate::runtime::ActionError::Unhandled) for any other code.",
        action.name
    );
    let code_doc = format!(" The error codes `{}` documents.", action.name);
    let codes = code_enum(&code_doc, &code_name, &action.errors);
    quote! {
        #[doc = #doc]
        pub type #name = crate::runtime::ActionError<#code_name #common_arg>;
        #codes
    }
}

/// A fieldless code enum through `__error_code!`, its entries sorted by code as the runtime's
/// binary search expects.
fn code_enum(doc: &str, name: &proc_macro2::Ident, codes: &[ErrorCode]) -> TokenStream {
    let mut sorted: Vec<&ErrorCode> = codes.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    let entries = sorted.into_iter().map(|e| {
        let code = &e.code;
        let ident = format_ident!("{}", e.variant);
        let doc = variant_doc(e).join("\n");
        quote! { #code => #ident #doc, }
    });
    quote! {
        crate::__error_code! {
            #doc #name {
                #( #entries )*
            }
        }
    }
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
