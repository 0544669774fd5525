//! Protocol tests from the spec's doc examples: the typed request built from each example's
//! parameters must encode to exactly those parameters, and each output example must decode.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::ir::{Action, Example, Field, Service, TypeRef};

/// A flattened example (`DataDisks.0.DiskSize=50`) folded back into a tree.
#[derive(Debug)]
enum Node {
    Leaf(String),
    Object(Vec<(String, Node)>),
    List(BTreeMap<usize, Node>),
}

impl Node {
    fn insert(&mut self, path: &[&str], value: &str) {
        let Some((head, rest)) = path.split_first() else {
            return;
        };
        match self {
            Node::Object(entries) => {
                let pos = entries
                    .iter()
                    .position(|(k, _)| k == head)
                    .unwrap_or_else(|| {
                        entries.push((head.to_string(), Node::for_next(rest, value)));
                        entries.len() - 1
                    });
                entries[pos].1.insert(rest, value);
            }
            Node::List(items) => {
                let index: usize = head.parse().unwrap_or_default();
                items
                    .entry(index)
                    .or_insert_with(|| Node::for_next(rest, value))
                    .insert(rest, value);
            }
            Node::Leaf(_) => {}
        }
    }

    fn for_next(rest: &[&str], value: &str) -> Node {
        match rest.first() {
            None => Node::Leaf(value.to_owned()),
            Some(seg) if seg.parse::<usize>().is_ok() => Node::List(BTreeMap::new()),
            Some(_) => Node::Object(Vec::new()),
        }
    }
}

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
    let mut root = Node::Object(Vec::new());
    for (key, value) in &ex.input {
        let segments: Vec<&str> = key.split('.').collect();
        root.insert(&segments, value);
    }
    let Node::Object(params) = root else {
        unreachable!("root is an object")
    };
    let lookup = |name: &str| {
        service
            .types
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.fields.as_slice())
            .unwrap_or_default()
    };
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
        let refused = builder_chain(service, &action.input, &params, &lookup);
        let request_name = format!("{}Request", action.name);
        let note = format!(
            " The doc example omits required {}; placeholders complete it.",
            ex.missing_required.join(", ")
        );
        let mut completed = params;
        let mut expected = expected;
        for name in &ex.missing_required {
            let Some(field) = action.input.iter().find(|f| &f.wire_name == name) else {
                continue;
            };
            let node = placeholder_field(service, field, &lookup);
            flatten(name, &node, &mut expected);
            completed.push((name.clone(), node));
        }
        let request = struct_expr(service, &request_name, &action.input, &completed, &lookup);
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
    let request = struct_expr(
        service,
        &format!("{}Request", action.name),
        &action.input,
        &params,
        &lookup,
    );
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

fn struct_expr<'a>(
    service: &Service,
    struct_name: &str,
    fields: &'a [Field],
    entries: &[(String, Node)],
    lookup: &dyn Fn(&str) -> &'a [Field],
) -> TokenStream {
    let ident = format_ident!("{}", struct_name);
    let setters = builder_chain(service, fields, entries, lookup);
    let expect = format!("the doc example builds a valid {struct_name}");
    quote! { svc::#ident::builder() #setters .build().expect(#expect) }
}

/// `.field(value)` calls for the entries of an example object.
fn builder_chain<'a>(
    service: &Service,
    fields: &'a [Field],
    entries: &[(String, Node)],
    lookup: &dyn Fn(&str) -> &'a [Field],
) -> TokenStream {
    let setters = entries.iter().filter_map(|(key, node)| {
        let field = fields.iter().find(|f| &f.wire_name == key)?;
        let setter = format_ident!("{}", field.rust_name);
        let value = value_expr(service, &field.ty, node, lookup);
        Some(quote! { .#setter(#value) })
    });
    quote! { #( #setters )* }
}

fn value_expr<'a>(
    service: &Service,
    ty: &TypeRef,
    node: &Node,
    lookup: &dyn Fn(&str) -> &'a [Field],
) -> TokenStream {
    match (ty, node) {
        (TypeRef::Array(inner), Node::List(items)) => {
            let items = items
                .values()
                .map(|n| value_expr(service, inner, n, lookup));
            quote! { [ #( #items ),* ] }
        }
        (TypeRef::Struct(name), Node::Object(entries)) => {
            struct_expr(service, name, lookup(name), entries, lookup)
        }
        (TypeRef::Integer, Node::Leaf(v)) => {
            let n: i64 = v.parse().unwrap_or_default();
            let lit = Literal::i64_unsuffixed(n);
            quote! { #lit }
        }
        (TypeRef::Float, Node::Leaf(v)) => f64_literal(v.parse().unwrap_or_default()),
        (TypeRef::Boolean, Node::Leaf(v)) => {
            let b = v.eq_ignore_ascii_case("true") || v == "1";
            quote! { #b }
        }
        (TypeRef::Enum(name), Node::Leaf(v)) => {
            let ident = format_ident!("{}", name);
            let variant = service
                .enums
                .iter()
                .find(|e| &e.name == name)
                .and_then(|e| e.values.iter().find(|x| &x.wire == v))
                .map(|x| format_ident!("{}", x.variant));
            match variant {
                Some(variant) => quote! { svc::#ident::#variant },
                None => quote! { svc::#ident::from(#v) },
            }
        }
        (_, Node::Leaf(v)) => quote! { #v },
        // Validation guarantees shapes match; anything else cannot occur.
        _ => quote! { ::std::compile_error!("example shape does not match its type") },
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

/// An `f64` literal: `1.5`, or `1e300` where the plain form would be long.
fn f64_literal(n: f64) -> TokenStream {
    let plain = Literal::f64_unsuffixed(n);
    if plain.to_string().len() <= 20 {
        return quote! { #plain };
    }
    format!("{n:e}")
        .parse()
        .unwrap_or_else(|_| quote! { #plain })
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

/// A minimal valid value of a type: required fields only, the first enum value, the lower bound.
/// An array of a data type that holds itself through required fields stays empty (the only way
/// such a value ends).
fn placeholder<'a>(service: &Service, ty: &TypeRef, lookup: &dyn Fn(&str) -> &'a [Field]) -> Node {
    match ty {
        TypeRef::Array(inner) => {
            let mut items = BTreeMap::new();
            let recursive = match inner.element() {
                TypeRef::Struct(name) => requires_itself(name, lookup),
                _ => false,
            };
            if !recursive {
                items.insert(
                    service.protocol.index_base(),
                    placeholder(service, inner, lookup),
                );
            }
            Node::List(items)
        }
        TypeRef::Struct(name) => Node::Object(
            lookup(name)
                .iter()
                .filter(|f| f.required)
                .map(|f| (f.wire_name.clone(), placeholder_field(service, f, lookup)))
                .collect(),
        ),
        TypeRef::Enum(name) => {
            let first = service
                .enums
                .iter()
                .find(|e| &e.name == name)
                .and_then(|e| e.values.first());
            Node::Leaf(first.map_or_else(|| "placeholder".to_owned(), |v| v.wire.clone()))
        }
        TypeRef::Integer => Node::Leaf("1".to_owned()),
        TypeRef::Float => Node::Leaf("1.0".to_owned()),
        TypeRef::Boolean => Node::Leaf(
            if service.protocol.bool_as_int() {
                "1"
            } else {
                "true"
            }
            .to_owned(),
        ),
        TypeRef::String | TypeRef::Timestamp => Node::Leaf("placeholder".to_owned()),
    }
}

/// Whether a data type reaches itself through required fields (validation guarantees an array
/// on the way).
fn requires_itself<'a>(name: &str, lookup: &dyn Fn(&str) -> &'a [Field]) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    let mut next = vec![name.to_owned()];
    while let Some(at) = next.pop() {
        for f in lookup(&at).iter().filter(|f| f.required) {
            if let TypeRef::Struct(to) = f.ty.element() {
                if to == name {
                    return true;
                }
                if seen.insert(to.clone()) {
                    next.push(to.clone());
                }
            }
        }
    }
    false
}

fn placeholder_field<'a>(
    service: &Service,
    field: &Field,
    lookup: &dyn Fn(&str) -> &'a [Field],
) -> Node {
    match (&field.ty, field.min) {
        (TypeRef::Integer, Some(min)) => Node::Leaf((min as i64).to_string()),
        (TypeRef::Float, Some(min)) => Node::Leaf(
            serde_json::Number::from_f64(min).map_or_else(|| "1".to_owned(), |n| n.to_string()),
        ),
        (TypeRef::Integer | TypeRef::Float, None) => match field.max {
            Some(max) if max < 1.0 => Node::Leaf(if field.ty == TypeRef::Integer {
                (max as i64).to_string()
            } else {
                serde_json::Number::from_f64(max).map_or_else(|| "0".to_owned(), |n| n.to_string())
            }),
            _ => placeholder(service, &field.ty, lookup),
        },
        (ty, _) => placeholder(service, ty, lookup),
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
