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
    let as_str = def.values.iter().map(|v| {
        let ident = format_ident!("{}", v.variant);
        let wire = &v.wire;
        quote! { Self::#ident => #wire, }
    });
    let from_str = def.values.iter().map(|v| {
        let ident = format_ident!("{}", v.variant);
        let wire = &v.wire;
        quote! { #wire => Self::#ident, }
    });
    let wires = def.values.iter().map(|v| &v.wire);
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
        impl #name {
            /// Every documented value, in documentation order.
            pub const VALUES: &'static [&'static str] = &[ #( #wires ),* ];
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #as_str )*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #from_str )*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }
        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::de::enum_value(deserializer).map(Self::from)
            }
        }
    }
}
