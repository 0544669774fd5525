//! The service's `Client`: one method per action returning a builder attached to the client.

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::example::{self, Chains, Finish};
use crate::ir::{Action, Service};

pub fn client(service: &Service) -> TokenStream {
    let methods = service.actions.iter().map(|a| {
        let method = format_ident!("{}", a.snake);
        let module = format_ident!("{}", a.snake);
        let builder = format_ident!("{}RequestBuilder", a.name);
        let doc = format!(
            " `{}` ({} requests per second): {}",
            a.name,
            a.rate_limit,
            super::docs::sanitize(&first_paragraph(&a.doc))
                .concat()
                .trim_start()
        );
        let link = format!(
            " See [`{}`]({}) for the action's documentation.",
            a.snake, a.snake
        );
        let example = example_doc(service, a);
        quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #link]
            #( #[doc = #example] )*
            #[inline]
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

/// The rustdoc example of an action's method, from the action's first doc example: a
/// `no_run` doctest calling the method with the example's params through the same builder chain
/// as its protocol test (`tests/examples`), with `?` for every `build()`. No lines without an
/// example; each line starts with a space, as `///` comments do.
fn example_doc(service: &Service, action: &Action) -> Vec<String> {
    let Some(ex) = action.examples.first() else {
        return Vec::new();
    };
    let alias = &service.module_path[0];
    let chains = Chains::new(service, alias, Finish::Try);
    let mut params = example::params(ex);
    params.extend(chains.placeholders(action, ex));
    let setters = chains.setters(&action.input, &params);
    let module: Vec<Ident> = service
        .module_path
        .iter()
        .map(|s| format_ident!("{}", s))
        .collect();
    let alias = format_ident!("{}", alias);
    let import = if !mentions(&setters, &alias) {
        None
    } else if module.len() == 1 {
        Some(quote! { use generated_sdk::#alias; })
    } else {
        Some(quote! { use generated_sdk #( ::#module )* as #alias; })
    };
    let method = format_ident!("{}", action.snake);
    // Formatted as the body of a function (the doctest's), then taken out of it.
    let body = quote! {
        fn example() {
            #import
            let response = client.#method() #setters .send().await?;
        }
    };
    let file: syn::File =
        syn::parse2(body).expect("internal error: a doc example's builder chain does not parse");
    let formatted = prettyplease::unparse(&file);
    let mut lines: Vec<&str> = formatted.lines().collect();
    lines.pop(); // the dummy function's closing brace
    let code = lines.iter().skip(1).map(|l| {
        format!(" {}", l.strip_prefix("    ").unwrap_or(l))
            .trim_end()
            .to_owned()
    });
    let mut doc = vec![String::new(), " # Example".to_owned(), String::new()];
    let title = super::docs::sanitize(ex.title.trim().trim_end_matches(['.', ':']));
    if !title.is_empty() {
        doc.extend(title);
        if let Some(last) = doc.last_mut() {
            last.push('.');
        }
        doc.push(String::new());
    }
    let omitted: Vec<&crate::ir::Field> = ex
        .missing_required
        .iter()
        .filter_map(|name| action.input.iter().find(|f| &f.wire_name == name))
        .collect();
    if !omitted.is_empty() {
        let list = |f: &dyn Fn(&crate::ir::Field) -> String| {
            omitted.iter().map(|x| f(x)).collect::<Vec<_>>().join(", ")
        };
        doc.push(format!(
            " The documented example leaves out the required {}; the {} below {} a placeholder.",
            list(&|f| format!("`{}`", f.wire_name)),
            list(&|f| format!("`.{}(..)`", f.rust_name)),
            if omitted.len() == 1 { "holds" } else { "hold" }
        ));
        doc.push(String::new());
    }
    doc.push(" ```rust,no_run".to_owned());
    doc.push(format!(
        " # async fn example(client: generated_sdk::{}::Client) -> Result<(), Box<dyn std::error::Error>> {{",
        service.module_path.join("::")
    ));
    doc.extend(code);
    doc.push(" # Ok(()) }".to_owned());
    doc.push(" ```".to_owned());
    doc
}

/// Whether `tokens` use the identifier anywhere.
fn mentions(tokens: &TokenStream, ident: &Ident) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == *ident,
        TokenTree::Group(g) => mentions(&g.stream(), ident),
        _ => false,
    })
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
        static #constant: crate::runtime::WaiterDefinition<#module::#request> = crate::runtime::WaiterDefinition {
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
        " Polls `{}` until every resource is {}{}; at most {max_wait} s by default ([`Waiter::max_wait`](crate::runtime::Waiter::max_wait)).",
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
        ) -> crate::runtime::Waiter<#module::#request> {
            crate::runtime::Waiter::new(
                ::std::clone::Clone::clone(&self.handle),
                &#constant,
                ids.into_iter().map(::std::convert::Into::into).collect(),
            )
        }
    };
    (definition, method)
}

/// The doc's first paragraph on one line: a paragraph hard-wrapped over several lines is joined,
/// and it ends at a blank line or where a list, heading, table or code block starts.
fn first_paragraph(doc: &str) -> String {
    let starts_block = |line: &str| {
        let digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
        ["- ", "* ", "+ ", "#", "|", "```", "~~~", ">"]
            .iter()
            .any(|p| line.starts_with(p))
            || (digits.len() < line.len() && (digits.starts_with(". ") || digits.starts_with(") ")))
    };
    let mut lines = doc.lines().map(str::trim).skip_while(|l| l.is_empty());
    let mut paragraph: Vec<&str> = lines.next().into_iter().collect();
    paragraph.extend(lines.take_while(|l| !l.is_empty() && !starts_block(l)));
    paragraph.join(" ")
}

#[cfg(test)]
mod tests {
    use super::first_paragraph;

    #[test]
    fn the_summary_is_the_first_paragraph_joined() {
        assert_eq!(first_paragraph("\n  One line.\n\nMore."), "One line.");
        assert_eq!(
            first_paragraph("A paragraph wrapped\nover two lines.\n\nMore."),
            "A paragraph wrapped over two lines."
        );
        for block in [
            "- item",
            "* item",
            "1. item",
            "2) item",
            "# Heading",
            "| a |",
            "```text",
        ] {
            assert_eq!(
                first_paragraph(&format!("Lead.\n{block}")),
                "Lead.",
                "{block}"
            );
        }
        assert_eq!(first_paragraph("Lead\n10 GB disks."), "Lead 10 GB disks.");
        assert_eq!(first_paragraph(""), "");
    }
}
