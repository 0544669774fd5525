//! Protocol tests from the spec's doc examples: the typed request built from each example's
//! parameters must encode to exactly those parameters, and each output example must decode.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::example::{self, f64_literal, Chains, Finish, Node};
use crate::ir::{Action, Example, Field, Service, TypeRef};

pub fn test_file(service: &Service) -> TokenStream {
    let crate_path = service.module_path.iter().map(|s| format_ident!("{}", s));
    let feature = &service.feature;
    let tests = service.actions.iter().flat_map(|action| {
        action
            .examples
            .iter()
            .enumerate()
            .map(move |(i, ex)| example_test(service, action, i, ex))
    });
    let doc = format!(
        " Doc examples of `{}` as protocol tests: each example's parameters, built through the typed builders, encode to exactly those parameters; each output example decodes.",
        service.spec_dir
    );
    quote! {
        #![doc = #doc]
        #![cfg(feature = #feature)]
        #![allow(clippy::unreadable_literal, clippy::approx_constant)]
        use generated_sdk #( :: #crate_path )* as svc;
        #( #tests )*
    }
}

fn example_test(service: &Service, action: &Action, index: usize, ex: &Example) -> TokenStream {
    let name = format_ident!(
        "{}",
        crate::naming::example_test_name(&action.snake, index + 1)
    );
    let title = super::docs::sanitize(&format!(
        "{} example {}: {}",
        action.name,
        index + 1,
        ex.title
    ));
    let params = example::params(ex);
    let chains = Chains::new(service, "svc", Finish::Expect);
    let request_ident = format_ident!("{}Request", action.name);
    let output = ex.output.as_ref().map(|json| {
        let text = serde_json::to_string_pretty(json).unwrap_or_default();
        let checks = output_checks(service, action, json);
        let decode = quote! { generated_sdk::runtime::testing::decode_example::<svc::#request_ident>(#text) };
        if checks.is_empty() {
            // Decoding is the check (a binding nothing reads would be an unused variable).
            quote! { #decode; }
        } else {
            quote! {
                let response = #decode;
                #( #checks )*
            }
        }
    });
    let expected: Vec<(String, String)> = ex
        .input
        .iter()
        .map(|(k, v)| (k.clone(), normalize_expected(action, service, k, v)))
        .collect();
    if let Some(first_missing) = ex.missing_required.first() {
        // The doc example omits a required param: the builder must refuse it, naming the param.
        // Completed with placeholders for the omitted params, it must encode to exactly the doc's
        // params plus those placeholders.
        let refused = chains.setters(&action.input, &params);
        let request_name = format!("{}Request", action.name);
        let note = format!(
            " The doc example omits required {}; placeholders complete it.",
            ex.missing_required.join(", ")
        );
        let mut completed = params;
        let mut expected = expected;
        for (name, node) in chains.placeholders(action, ex) {
            flatten(&name, &node, &mut expected);
            completed.push((name, node));
        }
        let request = chains.build(&request_name, &action.input, &completed);
        let expected = expected.iter().map(|(k, v)| quote! { (#k, #v) });
        return quote! {
            #( #[doc = #title] )*
            #[doc = #note]
            #[test]
            fn #name() {
                let error = svc::#request_ident::builder() #refused .build().expect_err("a required param is missing");
                assert_eq!(error, generated_sdk::runtime::BuildError::MissingField { structure: #request_name, field: #first_missing });
                let request: svc::#request_ident = #request;
                generated_sdk::runtime::testing::assert_form_encoding(&request, &[ #( #expected ),* ]);
                #output
            }
        };
    }
    let request = chains.build(&format!("{}Request", action.name), &action.input, &params);
    let expected = expected.iter().map(|(k, v)| quote! { (#k, #v) });
    quote! {
        #( #[doc = #title] )*
        #[test]
        fn #name() {
            let request: svc::#request_ident = #request;
            generated_sdk::runtime::testing::assert_form_encoding(&request, &[ #( #expected ),* ]);
            generated_sdk::runtime::testing::assert_json_round_trip(&request);
            #output
        }
    }
}

/// Values as the request encodes them: booleans as `true`/`false` (or `1`/`0`) where the docs
/// sometimes write `TRUE`/`FALSE`, numbers in their canonical form (`+5` -> `5`, `1e3` -> `1000.0`).
fn normalize_expected(action: &Action, service: &Service, key: &str, value: &str) -> String {
    let segments: Vec<&str> = key.split('.').collect();
    let mut fields: &[Field] = &action.input;
    let mut ty: Option<&TypeRef> = None;
    for seg in segments {
        if seg.parse::<usize>().is_ok() {
            continue;
        }
        let Some(f) = fields.iter().find(|f| f.wire_name == seg) else {
            return value.to_owned();
        };
        ty = Some(f.ty.element());
        if let TypeRef::Struct(name) = f.ty.element() {
            fields = service
                .types
                .iter()
                .find(|t| &t.name == name)
                .map(|t| t.fields.as_slice())
                .unwrap_or_default();
        }
    }
    let truthy = value.eq_ignore_ascii_case("true") || value == "1";
    match (ty, service.protocol.bool_as_int()) {
        (Some(TypeRef::Boolean), false) => truthy.to_string(),
        (Some(TypeRef::Boolean), true) => if truthy { "1" } else { "0" }.to_owned(),
        (Some(TypeRef::Integer), _) => value
            .parse::<i64>()
            .map_or_else(|_| value.to_owned(), |n| n.to_string()),
        (Some(TypeRef::Float), _) => value
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| value.to_owned(), |n| n.to_string()),
        _ => value.to_owned(),
    }
}

/// Assertions on the top-level fields of an output example, exactly as the runtime decodes them
/// (`runtime/de.rs`: `""` is `None` for numbers and booleans, `null` array elements are dropped).
fn output_checks(service: &Service, action: &Action, json: &Value) -> Vec<TokenStream> {
    let Some(response) = service.protocol.output_object(json) else {
        return Vec::new();
    };
    let mut checks = Vec::new();
    if let Some(id) = response.get("RequestId").and_then(Value::as_str) {
        checks.push(quote! { assert_eq!(response.request_id, #id); });
    }
    for field in &action.output {
        let Some(value) = response.get(&field.wire_name) else {
            continue;
        };
        let ident = format_ident!("{}", field.rust_name);
        if value.is_null() {
            checks.push(quote! { assert!(response.#ident.is_none()); });
            continue;
        }
        let none = quote! { assert!(response.#ident.is_none()); };
        let check = match (&field.ty, value) {
            (TypeRef::Array(inner), Value::Array(items)) => {
                let lenient_scalars = !field.sensitive
                    && matches!(
                        **inner,
                        TypeRef::String
                            | TypeRef::Timestamp
                            | TypeRef::Integer
                            | TypeRef::Float
                            | TypeRef::Boolean
                    );
                let n = if lenient_scalars {
                    items.iter().filter(|v| !v.is_null()).count()
                } else {
                    items.len()
                };
                Some(
                    quote! { assert_eq!(response.#ident.as_ref().map(::std::vec::Vec::len), Some(#n)); },
                )
            }
            (TypeRef::Integer, v) => lenient_i64(v).map(|n| match n {
                Some(n) => quote! { assert_eq!(response.#ident, Some(#n)); },
                None => none.clone(),
            }),
            (TypeRef::Float, v) => lenient_f64(v).map(|n| match n {
                Some(n) if n.is_finite() => {
                    let n = f64_literal(n);
                    quote! { assert_eq!(response.#ident, Some(#n)); }
                }
                Some(_) => quote! { assert!(response.#ident.is_some()); },
                None => none.clone(),
            }),
            (TypeRef::Boolean, v) => lenient_bool(v).map(|b| match b {
                Some(b) => quote! { assert_eq!(response.#ident, Some(#b)); },
                None => none.clone(),
            }),
            (TypeRef::String | TypeRef::Timestamp, Value::String(s)) if !field.sensitive => {
                Some(quote! { assert_eq!(response.#ident.as_deref(), Some(#s)); })
            }
            (TypeRef::Enum(_), Value::String(s)) => {
                Some(quote! { assert_eq!(response.#ident.as_ref().map(|v| v.as_str()), Some(#s)); })
            }
            _ => None,
        };
        checks.push(check.unwrap_or_else(|| quote! { assert!(response.#ident.is_some()); }));
    }
    checks
}

/// What `runtime::de::integer` decodes (`Some(None)`: null or an empty string).
fn lenient_i64(v: &Value) -> Option<Option<i64>> {
    match v {
        Value::Number(n) => match n.as_i64() {
            Some(i) => Some(Some(i)),
            None => n
                .as_f64()
                .filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| Some(f as i64)),
        },
        Value::String(s) if s.trim().is_empty() => Some(None),
        Value::String(s) => s.trim().parse().ok().map(Some),
        _ => None,
    }
}

/// What `runtime::de::float` decodes.
fn lenient_f64(v: &Value) -> Option<Option<f64>> {
    match v {
        Value::Number(n) => n.as_f64().map(Some),
        Value::String(s) if s.trim().is_empty() => Some(None),
        Value::String(s) => s.trim().parse().ok().map(Some),
        _ => None,
    }
}

/// What `runtime::de::boolean` decodes.
fn lenient_bool(v: &Value) -> Option<Option<bool>> {
    match v {
        Value::Bool(b) => Some(Some(*b)),
        Value::String(s) => match s.trim() {
            t if t.eq_ignore_ascii_case("true") || t == "1" => Some(Some(true)),
            t if t.eq_ignore_ascii_case("false") || t == "0" => Some(Some(false)),
            "" => Some(None),
            _ => None,
        },
        Value::Number(n) if !n.is_f64() => match n.as_u64() {
            Some(0) => Some(Some(false)),
            Some(1) => Some(Some(true)),
            _ => None,
        },
        _ => None,
    }
}

/// The test target's root: one module per service, each skipped by rustfmt (codegen formats them).
pub fn tests_root(modules: &[String]) -> TokenStream {
    let modules = modules.iter().map(|m| format_ident!("{}", m));
    quote! {
        //! Doc examples of every spec as protocol tests, one module per service version.
        #(
            #[rustfmt::skip]
            mod #modules;
        )*
    }
}

/// The form parameters a placeholder encodes to.
fn flatten(prefix: &str, node: &Node, out: &mut Vec<(String, String)>) {
    match node {
        Node::Leaf(value) => out.push((prefix.to_owned(), value.clone())),
        Node::Object(entries) => entries
            .iter()
            .for_each(|(k, n)| flatten(&format!("{prefix}.{k}"), n, out)),
        Node::List(items) => items
            .iter()
            .for_each(|(i, n)| flatten(&format!("{prefix}.{i}"), n, out)),
    }
}
