//! Enums for documented value sets, forward compatible through an `Unknown(String)` variant.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, sanitize};
use crate::ir::EnumDef;

pub fn enum_def(def: &EnumDef) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let doc = format!(
        " Documented values of `{}`. Values the documentation does not list decode into [`{}::Unknown`], so a new server value never breaks decoding.",
        def.name, def.name
    );
    let variants = def.values.iter().map(|v| {
        let ident = format_ident!("{}", v.variant);
        let mut lines = vec![format!(" `{}`", v.wire)];
        let text = sanitize(&v.doc);
        if !text.is_empty() {
            lines[0].push(':');
            lines.extend(text);
        }
        quote! { #( #[doc = #lines] )* #ident, }
    });
    let table = def.values.iter().map(|v| {
        let ident = format_ident!("{}", v.variant);
        let wire = &v.wire;
        quote! { #ident => #wire }
    });
    let used: Vec<String> = def
        .used_at
        .iter()
        .map(|(_, path)| format!("`{path}`"))
        .collect();
    let used = format!(" Documented at {}.", used.join(", "));
    let unknown_doc = doc_attrs("A value this SDK does not know yet, kept verbatim.");
    quote! {
        #[doc = #doc]
        #[doc = ""]
        #[doc = #used]
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            #unknown_doc
            Unknown(::std::string::String),
        }
        crate::__string_enum!(#name { #( #table ),* });
    }
}
