//! One error enum per action: its documented codes, the service's common codes and a catch-all.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::sanitize;
use crate::ir::{Action, ErrorCode, Service};

pub fn error_enum(service: &Service, action: &Action) -> TokenStream {
    let name = format_ident!("{}Error", action.name);
    // The action's own codes first; common codes it does not document itself after them.
    let mut codes: Vec<(&ErrorCode, bool)> = action.errors.iter().map(|e| (e, false)).collect();
    for common in &service.common_errors {
        if !action.errors.iter().any(|e| e.code == common.code) {
            codes.push((common, true));
        }
    }
    let variants = codes.iter().map(|(e, common)| {
        let ident = format_ident!("{}", e.variant);
        let mut lines = vec![format!(
            " `{}`{}",
            e.code,
            if *common { " (common error code)" } else { "" }
        )];
        let text = sanitize(&e.doc);
        if !text.is_empty() {
            lines[0].push(':');
            lines.extend(text);
        }
        quote! { #( #[doc = #lines] )* #ident(crate::runtime::ServiceErrorMeta), }
    });
    let is_numeric = |code: &str| code.chars().all(|c| c.is_ascii_digit());
    // Each of the three lookups is emitted only when it has arms.
    let exact = codes
        .iter()
        .filter(|(e, _)| !is_numeric(&e.code))
        .map(|(e, _)| {
            let ident = format_ident!("{}", e.variant);
            let code = &e.code;
            (quote! { #code }, quote! { Self::#ident(meta) })
        })
        .collect::<Vec<_>>();
    let exact = lookup(quote! { meta.code() }, exact);
    // Numeric codes (legacy `code`, QingCloud `ret_code`) match the numeric code the runtime keeps.
    let numeric: Vec<(TokenStream, TokenStream)> = codes
        .iter()
        .filter(|(e, _)| is_numeric(&e.code))
        .map(|(e, _)| {
            let ident = format_ident!("{}", e.variant);
            let code = &e.code;
            (
                quote! { ::std::option::Option::Some(#code) },
                quote! { Self::#ident(meta) },
            )
        })
        .collect();
    let numeric = lookup(quote! { meta.numeric_code() }, numeric);
    // A sub-code of a common code (`AuthFailure.SignatureExpire`) maps to the common variant.
    let prefixes = service
        .common_errors
        .iter()
        .filter(|c| !c.code.contains('.') && !is_numeric(&c.code))
        .map(|c| {
            let ident = format_ident!("{}", c.variant);
            let code = &c.code;
            quote! { #code => Self::#ident(meta), }
        });
    let prefixes = prefixes.collect::<Vec<_>>();
    let prefixes = if prefixes.is_empty() {
        quote! { Self::Unhandled(meta) }
    } else {
        quote! {
            let family = meta.code().split('.').next().unwrap_or_default();
            match family {
                #( #prefixes )*
                _ => Self::Unhandled(meta),
            }
        }
    };
    let table = codes.iter().map(|(e, _)| {
        let ident = format_ident!("{}", e.variant);
        let predicate = format_ident!("{}", e.predicate);
        let code = &e.code;
        quote! { #ident => #predicate, #code; }
    });
    let doc = format!(
        " Service errors of `{}`: its documented error codes, the common codes and [`{}Error::Unhandled`] for any other code.",
        action.name, action.name
    );
    quote! {
        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A code this SDK does not document for this action; code, message and request id are kept.
            Unhandled(crate::runtime::ServiceErrorMeta),
        }
        crate::__service_error!(#name { #( #table )* });
        impl ::std::convert::From<crate::runtime::ServiceErrorMeta> for #name {
            fn from(meta: crate::runtime::ServiceErrorMeta) -> Self {
                #exact
                #numeric
                #prefixes
            }
        }
    }
}

/// `match scrutinee { pattern => return value, ... _ => {} }`; one arm is an `if` (clippy's
/// `single_match`), no arm is nothing.
fn lookup(scrutinee: TokenStream, arms: Vec<(TokenStream, TokenStream)>) -> Option<TokenStream> {
    match arms.as_slice() {
        [] => None,
        [(pattern, value)] => Some(quote! {
            if #scrutinee == #pattern {
                return #value;
            }
        }),
        _ => {
            let arms = arms
                .iter()
                .map(|(pattern, value)| quote! { #pattern => return #value, });
            Some(quote! {
                match #scrutinee {
                    #( #arms )*
                    _ => {}
                }
            })
        }
    }
}
