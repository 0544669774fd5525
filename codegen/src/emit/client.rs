//! The service's `Client`: one method per action returning a builder attached to the client.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::Service;

pub fn client(service: &Service) -> TokenStream {
    let methods = service.actions.iter().map(|a| {
        let method = format_ident!("{}", a.snake);
        let module = format_ident!("{}", a.snake);
        let builder = format_ident!("{}RequestBuilder", a.name);
        let first_line = a
            .doc
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default()
            .trim()
            .to_owned();
        let doc = format!(
            " `{}` ({} requests per second): {}",
            a.name,
            a.rate_limit,
            super::docs::sanitize(&first_line).concat().trim_start()
        );
        let link = format!(
            " See [`{}`]({}) for the action's documentation.",
            a.snake, a.snake
        );
        quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #link]
            pub fn #method(&self) -> #module::#builder<crate::runtime::Handle> {
                #module::#builder::with_state(::std::clone::Clone::clone(&self.handle))
            }
        }
    });
    let doc = format!(
        " Client of {} ({}). Cheap to clone; clones share the connection pool, rate limiters and signing-key cache.",
        service.title,
        if service.version.is_empty() { "no version" } else { &service.version }
    );
    quote! {
        //! The service client.
        use super::*;

        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            handle: crate::runtime::Handle,
        }

        impl Client {
            /// A client for `config`.
            pub fn new(config: crate::runtime::Config) -> Self {
                Self { handle: crate::runtime::Handle::new(config) }
            }

            /// A client sharing an existing handle (and its rate limiters) with other clients.
            pub fn from_handle(handle: crate::runtime::Handle) -> Self {
                Self { handle }
            }

            /// The handle, to share it or to send prebuilt requests with [`Handle::call`](crate::runtime::Handle::call).
            pub fn handle(&self) -> &crate::runtime::Handle {
                &self.handle
            }

            #( #methods )*
        }
    }
}
