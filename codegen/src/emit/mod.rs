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
pub struct FileJob<'a> {
    pub path: String,
    /// Which spec folder(s) the file comes from, for its header.
    pub source: String,
    what: What<'a>,
}

enum What<'a> {
    ServiceMod(&'a Service),
    Client(&'a Service),
    Mock(&'a Service),
    Types(&'a Service),
    Enums(&'a Service),
    Action(&'a Service, &'a Action),
    ProtocolTests(&'a Service),
    TestsRoot(Vec<String>),
    Parent {
        /// (child module, feature) pairs.
        children: Vec<(String, String)>,
        title: String,
    },
    ModuleTree(&'a Ir),
}

impl FileJob<'_> {
    /// The file's tokens, before formatting.
    pub fn tokens(&self) -> TokenStream {
        match &self.what {
            What::ServiceMod(service) => module::service_mod(service),
            What::Client(service) => client::client(service),
            What::Mock(service) => mock::mock(service),
            What::Types(service) => {
                let cx = Cx::new(&service.module_path);
                let types = service.types.iter().map(|t| structs::data_type(&cx, t));
                quote! { //! Data types shared by several actions.
                #( #types )* }
            }
            What::Enums(service) => {
                let enums = service.enums.iter().map(enums::enum_def);
                quote! { //! Documented value sets.
                #( #enums )* }
            }
            What::Action(service, action) => {
                action_file(&Cx::new(&service.module_path), service, action)
            }
            What::ProtocolTests(service) => protocol_tests::test_file(service),
            What::TestsRoot(modules) => protocol_tests::tests_root(modules),
            What::Parent { children, title } => module::parent_mod(children, title),
            What::ModuleTree(ir) => services::module_tree(ir),
        }
    }

    /// How large the file is likely to be, for the order files are taken in: files that grow with
    /// their service by kind (doc-example tests, client, module, mock, types, enums), then 0.
    pub fn weight(&self) -> u8 {
        match self.what {
            What::ProtocolTests(_) => 6,
            What::Client(_) => 5,
            What::ServiceMod(_) => 4,
            What::Mock(_) => 3,
            What::Types(_) => 2,
            What::Enums(_) => 1,
            _ => 0,
        }
    }

    /// Whether the file grows with its service (one entry per action, type or enum): worth
    /// starting early and splitting into pieces formatted on several threads.
    pub fn grows(&self) -> bool {
        matches!(
            self.what,
            What::ServiceMod(_)
                | What::Client(_)
                | What::Mock(_)
                | What::Types(_)
                | What::Enums(_)
                | What::ProtocolTests(_)
        )
    }
}

/// The files of one service: its module folder and its doc-example tests, sorted by path.
pub fn service_files<'a>(service: &'a Service) -> Vec<FileJob<'a>> {
    let mut files = Vec::with_capacity(service.actions.len() + 6);
    let dir = format!("src/{}", service.module_path.join("/"));
    let job = |path: String, what: What<'a>| FileJob {
        path,
        source: service.spec_dir.clone(),
        what,
    };
    files.push(job(format!("{dir}/mod.rs"), What::ServiceMod(service)));
    files.push(job(format!("{dir}/client.rs"), What::Client(service)));
    files.push(job(format!("{dir}/mock.rs"), What::Mock(service)));
    if !service.types.is_empty() {
        files.push(job(format!("{dir}/types.rs"), What::Types(service)));
    }
    if !service.enums.is_empty() {
        files.push(job(format!("{dir}/enums.rs"), What::Enums(service)));
    }
    for action in &service.actions {
        files.push(job(
            format!("{dir}/{}.rs", action.snake),
            What::Action(service, action),
        ));
    }
    let tests = format!(
        "tests/examples/{}.rs",
        crate::naming::module_snake(&service.module_path)
    );
    files.push(job(tests, What::ProtocolTests(service)));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The files that list the services: parent modules of versioned services, the doc-example test
/// crate root and the crate's module tree, sorted by path. `ir` needs only what
/// [`crate::summary`] keeps of each service.
pub fn shared_files(ir: &Ir) -> Vec<FileJob<'_>> {
    let mut files = Vec::new();
    // Parent module path -> ((child, feature) pairs, spec folders).
    type Children = BTreeSet<(String, String)>;
    let mut parents: BTreeMap<Vec<String>, (Children, BTreeSet<String>)> = BTreeMap::new();
    for service in &ir.services {
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
            what: What::ModuleTree(ir),
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
    let request = structs::request(cx, action);
    let response = structs::response(cx, action);
    let error = errors::error_enum(service, action);
    let paginator = paginator::paginator(cx, action);
    quote! {
        #( #![doc = #doc] )*
        #request
        #response
        #error
        #paginator
    }
}
