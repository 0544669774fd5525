//! Module files: the service version's `mod.rs` (service metadata, re-exports) and parent modules.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::sanitize;
use crate::ir::{Protocol, Service};

pub fn service_mod(service: &Service) -> TokenStream {
    let mut doc = sanitize(&format!(
        "{} API, version `{}`.",
        service.title,
        service.shown_version()
    ));
    let extra = sanitize(&service.doc);
    if !extra.is_empty() {
        doc.push(String::new());
        doc.extend(extra);
    }
    doc.push(String::new());
    doc.extend(sanitize(&format!(
        "Generated from `{}` (source: {}): {} actions, {} data types, {} enums.",
        service.spec_dir,
        service.source.describe(),
        service.actions.len(),
        service.types.len(),
        service.enums.len()
    )));
    if !service.regions.is_empty() {
        doc.push(String::new());
        doc.push(" Regions:".to_owned());
        for r in &service.regions {
            doc.push(format!(" - `{}`: {}", r.name, r.doc));
        }
    }
    let name = &service.name;
    let signing_name = &service.signing_name;
    let version = &service.version;
    let protocol = match service.protocol {
        Protocol::TencentApi3 => quote! { TencentApi3 },
        Protocol::TencentLegacyV2 => quote! { TencentLegacyV2 },
        Protocol::Qingcloud => quote! { Qingcloud },
    };
    let host = &service.host;
    let regional_host = match &service.regional_host {
        Some(h) => quote! { ::std::option::Option::Some(#h) },
        None => quote! { ::std::option::Option::None },
    };
    let path = &service.path;
    let regional_only = &service.regional_only;
    let regions = service.regions.iter().map(|r| &r.name);
    let actions = service.actions.iter().map(|a| {
        let module = format_ident!("{}", a.snake);
        let items = [
            "Request",
            "RequestBuilder",
            "Response",
            "Error",
            "ErrorCode",
        ]
        .map(|s| format_ident!("{}{}", a.name, s));
        let doc = format!(" `{}`: request, response and errors.", a.name);
        quote! {
            #[doc = #doc]
            pub mod #module;
            pub use #module::{ #( #items ),* };
        }
    });
    let has_types = !service.types.is_empty();
    let has_enums = !service.enums.is_empty();
    let types = has_types.then(|| quote! { mod types; pub use types::*; });
    let enums = has_enums.then(|| quote! { mod enums; pub use enums::*; });
    let all_metadata = service.actions.iter().map(|a| {
        let module = format_ident!("{}", a.snake);
        quote! { &#module::METADATA }
    });
    let common_error = super::errors::common_error(service);
    quote! {
        #( #![doc = #doc] )*
        /// Endpoint, protocol and regions of this service version.
        pub const SERVICE: crate::runtime::ServiceMetadata = crate::runtime::ServiceMetadata {
            name: #name,
            signing_name: #signing_name,
            version: #version,
            protocol: crate::runtime::Protocol::#protocol,
            host: #host,
            regional_host: #regional_host,
            path: #path,
            regional_only: &[ #( #regional_only ),* ],
            regions: &[ #( #regions ),* ],
        };
        /// Metadata of every action of this service version.
        pub const ACTIONS: &[&crate::runtime::ActionMetadata] = &[ #( #all_metadata ),* ];
        mod client;
        pub use client::Client;
        #[cfg(feature = "test-util")]
        mod mock;
        #[cfg(feature = "test-util")]
        pub use mock::MOCK;
        #common_error
        #types
        #enums
        #( #actions )*
    }
}

/// A parent module (`cvm/mod.rs`) listing its generated children; when the children belong to
/// different features, each is compiled only with its own.
pub fn parent_mod(children: &[(String, String)], title: &str) -> TokenStream {
    let doc = format!(" {title}");
    let differ = children.iter().any(|(_, f)| *f != children[0].1);
    let children = children.iter().map(|(child, feature)| {
        let ident = format_ident!("{}", child);
        let cfg = super::services::child_cfg(feature, differ);
        quote! { #cfg pub mod #ident; }
    });
    quote! {
        #![doc = #doc]
        #( #children )*
    }
}
