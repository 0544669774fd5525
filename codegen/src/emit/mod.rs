//! Emitters: one per construct, each `fn(&ir) -> TokenStream`, assembled into files here.

mod client;
mod docs;
mod enums;
mod errors;
mod example;
mod mock;
mod module;
mod paginator;
mod protocol_tests;
mod rust_type;
pub mod services;
mod structs;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Action, Ir, Service};
use rust_type::Cx;

/// One file to write, relative to the `generated-sdk` crate root: what to emit, not yet emitted,
/// so that files can be emitted and formatted on several threads (token streams are not `Send`).
pub struct FileJob {
    pub path: String,
    /// Which spec folder(s) the file comes from, for its header.
    pub source: String,
    what: What,
}

enum What {
    ServiceMod(usize),
    Client(usize),
    Mock(usize),
    Types(usize),
    Enums(usize),
    Action(usize, usize),
    ProtocolTests(usize),
    TestsRoot(Vec<String>),
    Parent {
        /// (child module, feature) pairs.
        children: Vec<(String, String)>,
        title: String,
    },
    ModuleTree,
}

impl FileJob {
    /// The file's tokens, before formatting.
    pub fn tokens(&self, ir: &Ir) -> TokenStream {
        let service = |i: usize| &ir.services[i];
        match &self.what {
            What::ServiceMod(s) => module::service_mod(service(*s)),
            What::Client(s) => client::client(service(*s)),
            What::Mock(s) => mock::mock(service(*s)),
            What::Types(s) => {
                let cx = Cx::new(&service(*s).module_path);
                let types = service(*s).types.iter().map(|t| structs::data_type(&cx, t));
                quote! { //! Data types shared by several actions.
                #( #types )* }
            }
            What::Enums(s) => {
                let enums = service(*s).enums.iter().map(enums::enum_def);
                quote! { //! Documented value sets.
                #( #enums )* }
            }
            What::Action(s, a) => {
                let svc = service(*s);
                action_file(&Cx::new(&svc.module_path), svc, &svc.actions[*a])
            }
            What::ProtocolTests(s) => protocol_tests::test_file(service(*s)),
            What::TestsRoot(modules) => protocol_tests::tests_root(modules),
            What::Parent { children, title } => module::parent_mod(children, title),
            What::ModuleTree => services::module_tree(ir),
        }
    }
}

/// Every file of a run, sorted by path.
pub fn plan(ir: &Ir) -> Vec<FileJob> {
    let mut files = Vec::new();
    // Parent module path -> ((child, feature) pairs, spec folders).
    type Children = BTreeSet<(String, String)>;
    let mut parents: BTreeMap<Vec<String>, (Children, BTreeSet<String>)> = BTreeMap::new();
    for (s, service) in ir.services.iter().enumerate() {
        let dir = format!("src/{}", service.module_path.join("/"));
        let job = |path: String, what: What| FileJob {
            path,
            source: service.spec_dir.clone(),
            what,
        };
        files.push(job(format!("{dir}/mod.rs"), What::ServiceMod(s)));
        files.push(job(format!("{dir}/client.rs"), What::Client(s)));
        files.push(job(format!("{dir}/mock.rs"), What::Mock(s)));
        if !service.types.is_empty() {
            files.push(job(format!("{dir}/types.rs"), What::Types(s)));
        }
        if !service.enums.is_empty() {
            files.push(job(format!("{dir}/enums.rs"), What::Enums(s)));
        }
        for (a, action) in service.actions.iter().enumerate() {
            files.push(job(
                format!("{dir}/{}.rs", action.snake),
                What::Action(s, a),
            ));
        }
        let tests = format!(
            "tests/examples/{}.rs",
            crate::naming::module_snake(&service.module_path)
        );
        files.push(job(tests, What::ProtocolTests(s)));
        for depth in 1..service.module_path.len() {
            let entry = parents
                .entry(service.module_path[..depth].to_vec())
                .or_default();
            entry
                .0
                .insert((service.module_path[depth].clone(), service.feature.clone()));
            entry.1.insert(service.spec_dir.clone());
        }
    }
    for (path, (children, sources)) in parents {
        let title = format!("Versions of the `{}` service.", path.join("::"));
        files.push(FileJob {
            path: format!("src/{}/mod.rs", path.join("/")),
            source: sources.into_iter().collect::<Vec<_>>().join(", "),
            what: What::Parent {
                children: children.into_iter().collect(),
                title,
            },
        });
    }
    if !ir.services.is_empty() {
        let modules = ir
            .services
            .iter()
            .map(|s| crate::naming::module_snake(&s.module_path))
            .collect();
        let sources: Vec<&str> = ir.services.iter().map(|s| s.spec_dir.as_str()).collect();
        files.push(FileJob {
            path: "tests/examples/main.rs".to_owned(),
            source: sources.join(", "),
            what: What::TestsRoot(modules),
        });
        files.push(FileJob {
            path: "src/services.rs".to_owned(),
            source: sources.join(", "),
            what: What::ModuleTree,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn action_file(cx: &Cx, service: &Service, action: &Action) -> TokenStream {
    let mut doc = vec![format!(
        " `{}`: {} requests per second.",
        action.name, action.rate_limit
    )];
    let body = docs::sanitize(&action.doc);
    if !body.is_empty() {
        doc.push(String::new());
        doc.extend(body);
    }
    if let Some(source) = &action.source {
        doc.push(String::new());
        doc.extend(docs::sanitize(&format!(
            "Source: {} (not the service's source).",
            source.describe()
        )));
    }
    if action.finance_regions {
        doc.push(String::new());
        doc.push(" Supports finance regions (reached through their regional endpoint).".to_owned());
    }
    let request = structs::request(cx, service, action);
    let response = structs::response(cx, action);
    let error = errors::error_enum(cx, service, action);
    let paginator = paginator::paginator(cx, action);
    quote! {
        #( #![doc = #doc] )*
        #request
        #response
        #error
        #paginator
    }
}
