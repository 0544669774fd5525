//! A doc example's input as Rust, shared by the protocol tests and the client methods' rustdoc:
//! the flattened wire params (`DataDisks.0.DiskSize=50`) folded back into a tree and written as a
//! builder chain, enums as typed variants and data types through their builders.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Action, Example, Field, Service, TypeRef};

/// A flattened example folded back into a tree.
#[derive(Debug, Clone)]
pub(super) enum Node {
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

/// The example's top-level params as trees, in doc order.
pub(super) fn params(ex: &Example) -> Vec<(String, Node)> {
    let mut root = Node::Object(Vec::new());
    for (key, value) in &ex.input {
        let segments: Vec<&str> = key.split('.').collect();
        root.insert(&segments, value);
    }
    match root {
        Node::Object(params) => params,
        _ => unreachable!("root is an object"),
    }
}

/// How a data type's `build()` ends inside a chain.
#[derive(Debug, Clone, Copy)]
pub(super) enum Finish {
    /// `.build().expect("the doc example builds a valid Placement")`, for tests.
    Expect,
    /// `.build()?`, inside a function returning `Result<_, Box<dyn Error>>` (rustdoc examples).
    Try,
}

/// Writes example values of one service as Rust, naming its types through `prefix` (`svc::Placement`).
pub(super) struct Chains<'a> {
    service: &'a Service,
    prefix: Ident,
    finish: Finish,
}

impl<'a> Chains<'a> {
    pub fn new(service: &'a Service, prefix: &str, finish: Finish) -> Self {
        Chains {
            service,
            prefix: format_ident!("{}", prefix),
            finish,
        }
    }

    /// The fields of a data type (none for an unknown name; validation rules that out).
    pub fn fields_of(&self, name: &str) -> &'a [Field] {
        self.service
            .types
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.fields.as_slice())
            .unwrap_or_default()
    }

    /// `prefix::Name::builder() .field(value)... .build()` ended as `finish` says.
    pub fn build(
        &self,
        struct_name: &str,
        fields: &[Field],
        entries: &[(String, Node)],
    ) -> TokenStream {
        let prefix = &self.prefix;
        let ident = format_ident!("{}", struct_name);
        let setters = self.setters(fields, entries);
        let end = match self.finish {
            Finish::Expect => {
                let expect = format!("the doc example builds a valid {struct_name}");
                quote! { .expect(#expect) }
            }
            Finish::Try => quote! { ? },
        };
        quote! { #prefix::#ident::builder() #setters .build() #end }
    }

    /// `.field(value)` calls for the entries of an example object.
    pub fn setters(&self, fields: &[Field], entries: &[(String, Node)]) -> TokenStream {
        let setters = entries.iter().filter_map(|(key, node)| {
            let field = fields.iter().find(|f| &f.wire_name == key)?;
            let setter = format_ident!("{}", field.rust_name);
            let value = self.value(&field.ty, node);
            Some(quote! { .#setter(#value) })
        });
        quote! { #( #setters )* }
    }

    fn value(&self, ty: &TypeRef, node: &Node) -> TokenStream {
        let prefix = &self.prefix;
        match (ty, node) {
            (TypeRef::Array(inner), Node::List(items)) => {
                let items = items.values().map(|n| self.value(inner, n));
                quote! { [ #( #items ),* ] }
            }
            (TypeRef::Struct(name), Node::Object(entries)) => {
                self.build(name, self.fields_of(name), entries)
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
                let variant = self
                    .service
                    .enums
                    .iter()
                    .find(|e| &e.name == name)
                    .and_then(|e| e.values.iter().find(|x| &x.wire == v))
                    .map(|x| format_ident!("{}", x.variant));
                match variant {
                    Some(variant) => quote! { #prefix::#ident::#variant },
                    None => quote! { #prefix::#ident::from(#v) },
                }
            }
            (_, Node::Leaf(v)) => quote! { #v },
            // Validation guarantees shapes match; anything else cannot occur.
            _ => quote! { ::std::compile_error!("example shape does not match its type") },
        }
    }

    /// Placeholder values for the required params the example omits (`missing_required`), in
    /// that order: what completes the example into a request that builds.
    pub fn placeholders(&self, action: &Action, ex: &Example) -> Vec<(String, Node)> {
        ex.missing_required
            .iter()
            .filter_map(|name| {
                let field = action.input.iter().find(|f| &f.wire_name == name)?;
                Some((name.clone(), self.placeholder_field(field)))
            })
            .collect()
    }

    /// A minimal valid value of a type: required fields only, the first enum value, the lower
    /// bound. An array of a data type that holds itself through required fields stays empty (the
    /// only way such a value ends).
    fn placeholder(&self, ty: &TypeRef) -> Node {
        let service = self.service;
        match ty {
            TypeRef::Array(inner) => {
                let mut items = BTreeMap::new();
                let recursive = match inner.element() {
                    TypeRef::Struct(name) => self.requires_itself(name),
                    _ => false,
                };
                if !recursive {
                    items.insert(service.protocol.index_base(), self.placeholder(inner));
                }
                Node::List(items)
            }
            TypeRef::Struct(name) => Node::Object(
                self.fields_of(name)
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| (f.wire_name.clone(), self.placeholder_field(f)))
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

    /// Whether a data type reaches itself through required fields (validation guarantees an
    /// array on the way).
    fn requires_itself(&self, name: &str) -> bool {
        let mut seen = std::collections::BTreeSet::new();
        let mut next = vec![name.to_owned()];
        while let Some(at) = next.pop() {
            for f in self.fields_of(&at).iter().filter(|f| f.required) {
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

    fn placeholder_field(&self, field: &Field) -> Node {
        match (&field.ty, field.min) {
            (TypeRef::Integer, Some(min)) => Node::Leaf((min as i64).to_string()),
            (TypeRef::Float, Some(min)) => Node::Leaf(
                serde_json::Number::from_f64(min).map_or_else(|| "1".to_owned(), |n| n.to_string()),
            ),
            (TypeRef::Integer | TypeRef::Float, None) => match field.max {
                Some(max) if max < 1.0 => Node::Leaf(if field.ty == TypeRef::Integer {
                    (max as i64).to_string()
                } else {
                    serde_json::Number::from_f64(max)
                        .map_or_else(|| "0".to_owned(), |n| n.to_string())
                }),
                _ => self.placeholder(&field.ty),
            },
            (ty, _) => self.placeholder(ty),
        }
    }
}

/// An `f64` literal: `1.5`, or `1e300` where the plain form would be long.
pub(super) fn f64_literal(n: f64) -> TokenStream {
    let plain = Literal::f64_unsuffixed(n);
    if plain.to_string().len() <= 20 {
        return quote! { #plain };
    }
    format!("{n:e}")
        .parse()
        .unwrap_or_else(|_| quote! { #plain })
}
