//! `Paginated` impls and `into_paginator()` for Offset/Limit/TotalCount actions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust_type::Cx;
use crate::ir::{Action, Field, TypeRef};

pub fn paginator(cx: &Cx, action: &Action) -> Option<TokenStream> {
    let p = action.pagination.as_ref()?;
    let request = format_ident!("{}Request", action.name);
    let builder = format_ident!("{}RequestBuilder", action.name);
    let (offset, limit) = (&action.input[p.offset], &action.input[p.limit]);
    let (total, items) = (&action.output[p.total_count], &action.output[p.items]);
    let item_type = match &items.ty {
        TypeRef::Array(inner) => cx.value_type(inner, items.sensitive),
        other => cx.value_type(other, items.sensitive),
    };
    let default_limit: i64 = limit
        .default
        .as_deref()
        .and_then(|d| d.parse().ok())
        .unwrap_or(20);
    let offset_ident = format_ident!("{}", offset.rust_name);
    let limit_ident = format_ident!("{}", limit.rust_name);
    let total_ident = format_ident!("{}", total.rust_name);
    let items_ident = format_ident!("{}", items.rust_name);
    let read_offset = read_integer(offset, quote! { self.#offset_ident });
    let read_limit = if limit.required {
        quote! { ::std::option::Option::Some(self.#limit_ident) }
    } else {
        quote! { self.#limit_ident }
    };
    let write_offset = if offset.required {
        quote! { self.#offset_ident = offset; }
    } else {
        quote! { self.#offset_ident = ::std::option::Option::Some(offset); }
    };
    let doc = format!(
        " Pages through `{}` with Offset/Limit, as a `futures::Stream` of pages (`.items()` for the `{}` items).",
        action.name, items.wire_name
    );
    Some(quote! {
        impl crate::runtime::Paginated for #request {
            type Item = #item_type;
            const DEFAULT_LIMIT: i64 = #default_limit;
            #[inline]
            fn offset(&self) -> i64 {
                #read_offset
            }
            #[inline]
            fn set_offset(&mut self, offset: i64) {
                #write_offset
            }
            #[inline]
            fn limit(&self) -> ::std::option::Option<i64> {
                #read_limit
            }
            #[inline]
            fn total_count(output: &Self::Output) -> ::std::option::Option<i64> {
                output.#total_ident
            }
            #[inline]
            fn item_count(output: &Self::Output) -> usize {
                output.#items_ident.as_ref().map_or(0, ::std::vec::Vec::len)
            }
            #[inline]
            fn take_items(output: &mut Self::Output) -> ::std::vec::Vec<Self::Item> {
                output.#items_ident.take().unwrap_or_default()
            }
        }
        impl #builder<crate::runtime::Handle> {
            #[doc = #doc]
            #[inline]
            pub fn into_paginator(self) -> crate::runtime::Paginator<#request> {
                let handle = ::std::clone::Clone::clone(&self.state);
                crate::runtime::Paginator::new(handle, self.build())
            }
        }
    })
}

fn read_integer(field: &Field, access: TokenStream) -> TokenStream {
    if field.required {
        access
    } else {
        quote! { #access.unwrap_or(0) }
    }
}
