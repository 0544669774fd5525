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
    let (waiter_defs, waiter_methods): (Vec<TokenStream>, Vec<TokenStream>) =
        service.waiters.iter().map(|w| waiter(service, w)).unzip();
    let doc = super::docs::sanitize(&format!(
        "Client of {} ({}). Cheap to clone; clones share the connection pool, rate limiters and signing-key cache.",
        service.title,
        if service.version.is_empty() { "no version" } else { &service.version }
    ));
    quote! {
        //! The service client.
        use super::*;

        #( #[doc = #doc] )*
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

            /// This client with another deadline for each call (all attempts, backoff and rate-limit
            /// waits together; `None`: no deadline), sharing everything else with `self`.
            pub fn with_operation_timeout(&self, timeout: ::std::option::Option<::std::time::Duration>) -> Self {
                Self { handle: self.handle.with_operation_timeout(timeout) }
            }

            #( #methods )*
            #( #waiter_methods )*
        }
        #( #waiter_defs )*
    }
}

/// A waiter's definition constant and its `Client` method.
fn waiter(service: &Service, w: &crate::ir::Waiter) -> (TokenStream, TokenStream) {
    let action = &service.actions[w.poll];
    let module = format_ident!("{}", action.snake);
    let request = format_ident!("{}Request", action.name);
    let constant = format_ident!("{}", w.constant);
    let method = format_ident!("{}", w.method);
    let ids_setter = format_ident!("{}", action.input[w.ids_param].rust_name);
    let limit = w.limit_param.map(|i| {
        let setter = format_ident!("{}", action.input[i].rust_name);
        quote! { .#setter(ids.len().max(1) as i64) }
    });
    let items = format_ident!("{}", action.output[w.items].rust_name);
    let id_field = format_ident!("{}", w.id_field);
    let state_field = format_ident!("{}", w.state_field);
    let (name, success, failure, retry_on) = (&w.name, &w.success, &w.failure, &w.retry_on);
    let (min_delay, max_delay, max_wait) = (w.min_delay_ms, w.max_delay_ms, w.max_wait_secs);
    let definition = quote! {
        static #constant: crate::runtime::waiter::WaiterDefinition<#module::#request> = crate::runtime::waiter::WaiterDefinition {
            name: #name,
            request: |ids| #module::#request::builder().#ids_setter(ids.iter().cloned()) #limit .build(),
            states: |output| {
                output
                    .#items
                    .iter()
                    .flatten()
                    .map(|item| {
                        let id = item.#id_field.as_ref().map(::std::string::ToString::to_string).unwrap_or_default();
                        let state = item.#state_field.as_ref().map(::std::string::ToString::to_string).unwrap_or_default();
                        (id, state)
                    })
                    .collect()
            },
            success: &[ #( #success ),* ],
            failure: &[ #( #failure ),* ],
            retry_on: &[ #( #retry_on ),* ],
            min_delay: ::std::time::Duration::from_millis(#min_delay),
            max_delay: ::std::time::Duration::from_millis(#max_delay),
            max_wait: ::std::time::Duration::from_secs(#max_wait),
        };
    };
    let mut doc: Vec<String> = super::docs::sanitize(&w.doc);
    doc.push(String::new());
    doc.push(format!(
        " Polls `{}` until every resource is {}{}; at most {max_wait} s by default ([`Waiter::max_wait`](crate::runtime::waiter::Waiter::max_wait)).",
        action.name,
        success.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or "),
        if failure.is_empty() {
            String::new()
        } else {
            format!(", failing on {}", failure.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or "))
        }
    ));
    if !w.after.is_empty() {
        doc.push(format!(
            " Use it after {}.",
            w.after
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let method = quote! {
        #( #[doc = #doc] )*
        pub fn #method(
            &self,
            ids: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<::std::string::String>>,
        ) -> crate::runtime::waiter::Waiter<#module::#request> {
            crate::runtime::waiter::Waiter::new(
                ::std::clone::Clone::clone(&self.handle),
                &#constant,
                ids.into_iter().map(::std::convert::Into::into).collect(),
            )
        }
    };
    (definition, method)
}
