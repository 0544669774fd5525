//! A small spec folder in memory for the validation unit tests: a service, one action, one data
//! type, edited per test.

use std::collections::BTreeSet;

use crate::diagnostics::Diagnostics;
use crate::ir::Service;
use crate::load::LoadedService;

pub const SERVICE: &str = r#"name: demo
title: Demo
module: demo::v1
feature: demo
version: "2020-01-01"
protocol: tencent_api3
source:
  name: unit test
  version: "1"
endpoint:
  host: demo.example.com
  regional_host: "demo.{region}.example.com"
regions:
  - name: ap-demo
errors:
  - code: InternalError
"#;

pub const CREATE_WIDGET: &str = r#"name: CreateWidget
rate_limit: 5
input:
  - name: Tags
    type: Array of Tag
  - name: Count
    type: Integer
    min: 1
    max: 10
  - name: Size
    type: String
    enum: WidgetSize
    values:
      - value: SMALL
      - value: LARGE
output:
  - name: WidgetIds
    type: Array of String
examples:
  - title: one
    input:
      Count: "2"
    output: |
      {"Response": {"WidgetIds": ["w-1"], "RequestId": "r"}}
"#;

pub const TAG: &str = r#"name: Tag
used_by: [CreateWidget]
fields:
  - name: Key
    type: String
    required: true
  - name: Value
    type: String
"#;

/// Spec files as text, parsed and validated on [`TestSpec::resolve`].
#[derive(Clone)]
pub struct TestSpec {
    pub dir: String,
    pub service: String,
    /// (name, YAML)
    pub actions: Vec<(String, String)>,
    pub types: Vec<(String, String)>,
    pub waiters: Option<String>,
    pub failed_actions: BTreeSet<String>,
    pub failed_types: BTreeSet<String>,
}

fn name_of(yaml: &str) -> String {
    yaml.lines()
        .find_map(|l| l.strip_prefix("name: "))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn edit(text: &mut String, from: &str, to: &str) {
    assert!(text.contains(from), "{text}\ndoes not contain {from:?}");
    *text = text.replacen(from, to, 1);
}

impl TestSpec {
    pub fn new() -> Self {
        TestSpec {
            dir: "spec/demo/v1".to_owned(),
            service: SERVICE.to_owned(),
            actions: vec![("CreateWidget".to_owned(), CREATE_WIDGET.to_owned())],
            types: vec![("Tag".to_owned(), TAG.to_owned())],
            waiters: None,
            failed_actions: BTreeSet::new(),
            failed_types: BTreeSet::new(),
        }
    }

    pub fn dir(mut self, dir: &str) -> Self {
        dir.clone_into(&mut self.dir);
        self
    }

    pub fn edit_service(mut self, from: &str, to: &str) -> Self {
        edit(&mut self.service, from, to);
        self
    }

    /// Adds an action file (named after its `name:`).
    pub fn action(mut self, yaml: &str) -> Self {
        self.actions.push((name_of(yaml), yaml.to_owned()));
        self
    }

    pub fn edit_action(mut self, name: &str, from: &str, to: &str) -> Self {
        let (_, text) = self
            .actions
            .iter_mut()
            .find(|(n, _)| n == name)
            .expect("action exists");
        edit(text, from, to);
        self
    }

    /// Adds a data type file (named after its `name:`).
    pub fn ty(mut self, yaml: &str) -> Self {
        self.types.push((name_of(yaml), yaml.to_owned()));
        self
    }

    pub fn edit_type(mut self, name: &str, from: &str, to: &str) -> Self {
        let (_, text) = self
            .types
            .iter_mut()
            .find(|(n, _)| n == name)
            .expect("type exists");
        edit(text, from, to);
        self
    }

    pub fn waiters(mut self, yaml: &str) -> Self {
        self.waiters = Some(yaml.to_owned());
        self
    }

    /// An action file that did not load (a YAML error was reported for it).
    pub fn failed_action(mut self, name: &str) -> Self {
        self.failed_actions.insert(name.to_owned());
        self
    }

    /// A data type file that did not load.
    pub fn failed_type(mut self, name: &str) -> Self {
        self.failed_types.insert(name.to_owned());
        self
    }

    pub fn loaded(&self) -> LoadedService {
        fn parse<T: serde::de::DeserializeOwned>(
            dir: &str,
            kind: &str,
            name: &str,
            yaml: &str,
        ) -> (String, T) {
            let file = format!("{dir}/{kind}/{name}.yaml");
            let parsed =
                serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{file} parses: {e}\n{yaml}"));
            (file, parsed)
        }
        LoadedService {
            dir: self.dir.clone(),
            service_file: format!("{}/service.yaml", self.dir),
            service: serde_yaml::from_str(&self.service).expect("service.yaml parses"),
            actions: self
                .actions
                .iter()
                .map(|(n, y)| parse(&self.dir, "actions", n, y))
                .collect(),
            types: self
                .types
                .iter()
                .map(|(n, y)| parse(&self.dir, "types", n, y))
                .collect(),
            waiters: self.waiters.as_ref().map(|y| {
                (
                    format!("{}/waiters.yaml", self.dir),
                    serde_yaml::from_str(y).expect("waiters.yaml parses"),
                )
            }),
            failed_actions: self.failed_actions.clone(),
            failed_types: self.failed_types.clone(),
        }
    }

    /// The resolved service, or every error as `file: path: message`.
    pub fn resolve(&self) -> Result<Service, Vec<String>> {
        let mut diags = Diagnostics::default();
        let (service, _) = super::resolve_service(&self.loaded(), &mut diags);
        match service {
            Some(service) if diags.is_empty() => Ok(service),
            _ => Err(diags.errors.iter().map(ToString::to_string).collect()),
        }
    }

    /// The warnings of a valid spec.
    pub fn warnings(&self) -> Vec<String> {
        let mut diags = Diagnostics::default();
        let (_, warnings) = super::resolve_service(&self.loaded(), &mut diags);
        assert!(diags.is_empty(), "{:#?}", diags.errors);
        warnings
    }

    /// Every error of a spec that must be rejected.
    pub fn errors(&self) -> Vec<String> {
        match self.resolve() {
            Ok(_) => panic!("the spec was accepted"),
            Err(errors) => errors,
        }
    }

    /// The one error of a spec with one mistake.
    pub fn error(&self) -> String {
        let errors = self.errors();
        assert_eq!(errors.len(), 1, "exactly one error: {errors:#?}");
        errors.into_iter().next().unwrap_or_default()
    }

    /// Asserts exactly one error, containing every fragment.
    #[track_caller]
    pub fn rejects(&self, fragments: &[&str]) {
        let error = self.error();
        for fragment in fragments {
            assert!(
                error.contains(fragment),
                "{error}\ndoes not contain {fragment:?}"
            );
        }
    }
}

/// Writes spec files (paths below the spec root) to a scratch folder and generates the crate's
/// files from them.
pub fn generate(files: &[(&str, &str)]) -> anyhow::Result<Vec<(String, String)>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let root = std::env::temp_dir().join(format!(
        "codegen-validate-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&root);
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a file in a folder"))?;
        std::fs::write(path, text)?;
    }
    let generated = crate::generate(&root, "spec");
    let _ = std::fs::remove_dir_all(&root);
    Ok(generated?.files)
}
