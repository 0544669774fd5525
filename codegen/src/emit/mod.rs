//! Emitters: one per construct, each `fn(&ir) -> TokenStream`, assembled into files here.

mod docs;
mod enums;
mod errors;
mod module;
mod protocol_tests;
mod rust_type;
mod structs;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Action, Ir, Service};
use rust_type::Cx;

/// One file to write, relative to the `generated-sdk` crate root, before formatting.
pub struct EmittedFile {
    pub path: String,
    /// Which spec folder(s) the file comes from, for its header.
    pub source: String,
    pub tokens: TokenStream,
}

pub fn emit(ir: &Ir) -> Vec<EmittedFile> {
    let mut files = Vec::new();
    let mut parents: BTreeMap<Vec<String>, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for service in &ir.services {
        let dir = format!("src/{}", service.module_path.join("/"));
        let source = service.spec_dir.clone();
        let cx = Cx::new(&service.module_path);
        files.push(EmittedFile { path: format!("{dir}/mod.rs"), source: source.clone(), tokens: module::service_mod(service) });
        if !service.types.is_empty() {
            let types = service.types.iter().map(|t| structs::data_type(&cx, t));
            files.push(EmittedFile {
                path: format!("{dir}/types.rs"),
                source: source.clone(),
                tokens: quote! { //! Data types shared by several actions.
                    #( #types )* },
            });
        }
        if !service.enums.is_empty() {
            let enums = service.enums.iter().map(enums::enum_def);
            files.push(EmittedFile {
                path: format!("{dir}/enums.rs"),
                source: source.clone(),
                tokens: quote! { //! Documented value sets.
                    #( #enums )* },
            });
        }
        for action in &service.actions {
            files.push(EmittedFile {
                path: format!("{dir}/{}.rs", action.snake),
                source: source.clone(),
                tokens: action_file(&cx, service, action),
            });
        }
        files.push(EmittedFile {
            path: format!("tests/{}_examples.rs", crate::naming::module_snake(&service.module_path)),
            source: source.clone(),
            tokens: protocol_tests::test_file(service),
        });
        for depth in 1..service.module_path.len() {
            let entry = parents.entry(service.module_path[..depth].to_vec()).or_default();
            entry.0.insert(service.module_path[depth].clone());
            entry.1.insert(service.spec_dir.clone());
        }
    }
    for (path, (children, sources)) in parents {
        let children: Vec<String> = children.into_iter().collect();
        let title = format!("Versions of the `{}` service.", path.join("::"));
        files.push(EmittedFile {
            path: format!("src/{}/mod.rs", path.join("/")),
            source: sources.into_iter().collect::<Vec<_>>().join(", "),
            tokens: module::parent_mod(&children, &title),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn action_file(cx: &Cx, service: &Service, action: &Action) -> TokenStream {
    let mut doc = vec![format!(" `{}`: {} requests per second.", action.name, action.rate_limit)];
    let body = docs::sanitize(&action.doc);
    if !body.is_empty() {
        doc.push(String::new());
        doc.extend(body);
    }
    if action.finance_regions {
        doc.push(String::new());
        doc.push(" Supports finance regions (reached through their regional endpoint).".to_owned());
    }
    let request = structs::request(cx, service, action);
    let response = structs::response(cx, action);
    let error = errors::error_enum(service, action);
    quote! {
        #( #![doc = #doc] )*
        #request
        #response
        #error
    }
}
