//! `cargo xtask import`: draft spec files from an official definition (tccli's `api.json`, with
//! its `examples.json`), for chosen actions or a whole service.
//!
//! Drafts carry their source and version, leave every rate limit `unknown` (codegen refuses it
//! until a maintainer writes the documented one), and start with [`DRAFT_HEADER`]: a file without
//! that first line is hand-reviewed and is never overwritten without `--force`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use serde_yaml::{Mapping, Value};

use crate::official::{doc_text, Definition, Member};

/// The first line of every draft; delete it once the file is reviewed.
pub const DRAFT_HEADER: &str = "# Draft written by cargo xtask import";

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub api: PathBuf,
    pub examples: Option<PathBuf>,
    /// The release the definition comes from (e.g. `tccli 3.1.189.1`'s `3.1.189.1`).
    pub source_version: String,
    /// Actions to import; empty with `all`.
    pub actions: Vec<String>,
    pub all: bool,
    pub spec_dir: PathBuf,
    pub force: bool,
}

/// What happened to each file, for the report.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Paths relative to the spec folder.
    pub written: Vec<String>,
    pub replaced_drafts: Vec<String>,
    pub overwritten_reviewed: Vec<String>,
    pub kept_reviewed: Vec<String>,
    /// The service folder, relative to the spec folder.
    pub folder: String,
}

pub fn run(options: &ImportOptions) -> Result<ImportReport> {
    let definition = Definition::read(&options.api, options.examples.as_deref(), None)?;
    let actions = chosen_actions(&definition, options)?;
    let folder_rel = format!(
        "{}/v{}",
        definition.service,
        definition.version.replace('-', "")
    );
    let folder = options.spec_dir.join(&folder_rel);
    let source = Source {
        name: format!(
            "tccli tccli/services/{}/v{}/api.json",
            definition.service,
            definition.version.replace('-', "")
        ),
        version: options.source_version.clone(),
        url: format!("https://pypi.org/project/tccli/{}/", options.source_version),
    };
    let service_file = folder.join("service.yaml");
    // Actions and types name their source unless it is the service's own (a draft service).
    let own_source = match std::fs::read_to_string(&service_file) {
        Ok(text) => service_source_is(&text, &source),
        Err(_) => true,
    };
    let mut files: Vec<(String, String)> = Vec::new();
    if !service_file.exists() {
        files.push((
            "service.yaml".to_owned(),
            service_draft(&definition, &source),
        ));
    }
    let mut types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for action in &actions {
        for ty in definition.types_of(action) {
            types.entry(ty).or_default().insert(action.clone());
        }
        files.push((
            format!("actions/{action}.yaml"),
            action_draft(&definition, action, (!own_source).then_some(&source))?,
        ));
    }
    for (ty, used_by) in &types {
        files.push((
            format!("types/{ty}.yaml"),
            type_draft(&definition, ty, used_by, (!own_source).then_some(&source)),
        ));
    }
    let mut report = ImportReport {
        folder: folder_rel,
        ..ImportReport::default()
    };
    for (rel, text) in files {
        let path = folder.join(&rel);
        let existing = std::fs::read_to_string(&path).ok();
        let shown = format!("{}/{rel}", report.folder);
        match existing {
            None => report.written.push(shown),
            Some(old) if old.starts_with(DRAFT_HEADER) => report.replaced_drafts.push(shown),
            Some(_) if options.force => report.overwritten_reviewed.push(shown),
            Some(_) => {
                report.kept_reviewed.push(shown);
                continue;
            }
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(report)
}

fn chosen_actions(definition: &Definition, options: &ImportOptions) -> Result<Vec<String>> {
    if options.all {
        if !options.actions.is_empty() {
            bail!("give --all or --action, not both");
        }
        return Ok(definition.actions.keys().cloned().collect());
    }
    if options.actions.is_empty() {
        bail!("name the actions to import (--action NAME, repeated) or --all");
    }
    for action in &options.actions {
        if !definition.actions.contains_key(action) {
            let known: Vec<&str> = definition.actions.keys().map(String::as_str).collect();
            bail!(
                "{} has no action {action} (it has {})",
                options.api.display(),
                known.join(", ")
            );
        }
    }
    Ok(options.actions.clone())
}

struct Source {
    name: String,
    version: String,
    url: String,
}

impl Source {
    fn yaml(&self) -> Value {
        let mut map = Mapping::new();
        map.insert("name".into(), self.name.clone().into());
        map.insert("version".into(), self.version.clone().into());
        map.insert("url".into(), self.url.clone().into());
        Value::Mapping(map)
    }
}

/// Whether a service.yaml's `source:` is this import's source (then actions need no own one).
fn service_source_is(text: &str, source: &Source) -> bool {
    let Ok(spec) = serde_yaml::from_str::<codegen::spec::ServiceSpec>(text) else {
        return false;
    };
    spec.source.name.as_deref() == Some(source.name.as_str())
        && spec.source.version.as_deref() == Some(source.version.as_str())
}

fn header(kind: &str) -> String {
    format!(
        "{DRAFT_HEADER} from an official definition: review the {kind} against the API pages{}, then delete this line.\n",
        if kind == "action" { ", fill in rate_limit" } else { "" }
    )
}

fn to_yaml(header_line: String, map: Mapping) -> String {
    let body = serde_yaml::to_string(&Value::Mapping(map)).unwrap_or_default();
    format!("{header_line}{body}")
}

fn service_draft(definition: &Definition, source: &Source) -> String {
    let service = &definition.service;
    let compact = definition.version.replace('-', "");
    let mut map = Mapping::new();
    map.insert("name".into(), service.clone().into());
    map.insert(
        "title".into(),
        format!(
            "Tencent Cloud {} ({})",
            service.to_uppercase(),
            definition.title
        )
        .into(),
    );
    map.insert(
        "module".into(),
        format!("{}::v{compact}", module_name(service)).into(),
    );
    map.insert("feature".into(), service.replace('_', "-").into());
    map.insert("version".into(), definition.version.clone().into());
    map.insert("protocol".into(), "tencent_api3".into());
    map.insert("source".into(), source.yaml());
    let mut endpoint = Mapping::new();
    endpoint.insert(
        "host".into(),
        format!("{service}.tencentcloudapi.com").into(),
    );
    endpoint.insert(
        "regional_host".into(),
        format!("{service}.{{region}}.tencentcloudapi.com").into(),
    );
    map.insert("endpoint".into(), Value::Mapping(endpoint));
    map.insert("signing_name".into(), service.clone().into());
    to_yaml(header("service"), map)
}

fn module_name(service: &str) -> String {
    service.replace('-', "_").to_ascii_lowercase()
}

fn action_draft(definition: &Definition, action: &str, source: Option<&Source>) -> Result<String> {
    let spec = &definition.actions[action];
    let mut map = Mapping::new();
    map.insert("name".into(), action.into());
    let doc = doc_text(&spec.document);
    if !doc.is_empty() {
        map.insert("doc".into(), doc.into());
    }
    map.insert(
        "rate_limit".into(),
        codegen::spec::UNKNOWN_RATE_LIMIT.into(),
    );
    if let Some(source) = source {
        map.insert("source".into(), source.yaml());
    }
    let input: Vec<Value> = definition
        .members(&spec.input)
        .iter()
        .filter(|m| !m.disabled)
        .map(|m| param(m, true))
        .collect();
    if !input.is_empty() {
        map.insert("input".into(), Value::Sequence(input));
    }
    let output: Vec<Value> = definition
        .members(&spec.output)
        .iter()
        .filter(|m| !m.disabled && m.name != "RequestId")
        .map(|m| param(m, false))
        .collect();
    if !output.is_empty() {
        map.insert("output".into(), Value::Sequence(output));
    }
    let examples: Vec<Value> = definition
        .examples
        .get(action)
        .into_iter()
        .flatten()
        .filter_map(|example| {
            let input = example_params(&example.input)?;
            let output: serde_json::Value = serde_json::from_str(&example.output).ok()?;
            let mut map = Mapping::new();
            let title = doc_text(&example.title);
            map.insert(
                "title".into(),
                if title.is_empty() {
                    action.to_owned()
                } else {
                    title
                }
                .into(),
            );
            let mut params = Mapping::new();
            for (k, v) in input {
                params.insert(k.into(), v.into());
            }
            map.insert("input".into(), Value::Mapping(params));
            map.insert("output".into(), output.to_string().into());
            Some(Value::Mapping(map))
        })
        .collect();
    if !examples.is_empty() {
        map.insert("examples".into(), Value::Sequence(examples));
    }
    Ok(to_yaml(header("action"), map))
}

fn type_draft(
    definition: &Definition,
    name: &str,
    used_by: &BTreeSet<String>,
    source: Option<&Source>,
) -> String {
    let object = &definition.objects[name];
    let mut map = Mapping::new();
    map.insert("name".into(), name.into());
    let doc = doc_text(&object.document);
    if !doc.is_empty() {
        map.insert("doc".into(), doc.into());
    }
    map.insert(
        "used_by".into(),
        Value::Sequence(used_by.iter().map(|a| a.clone().into()).collect()),
    );
    if let Some(source) = source {
        map.insert("source".into(), source.yaml());
    }
    let fields: Vec<Value> = object
        .members
        .iter()
        .filter(|m| !m.disabled)
        .map(|m| param(m, true))
        .collect();
    map.insert("fields".into(), Value::Sequence(fields));
    to_yaml(header("data type"), map)
}

/// A param or field; `required` only where it means something (inputs and data types).
fn param(member: &Member, with_required: bool) -> Value {
    let mut map = Mapping::new();
    map.insert("name".into(), member.name.clone().into());
    map.insert("type".into(), member.spec_type().into());
    if with_required && member.required {
        map.insert("required".into(), true.into());
    }
    let doc = doc_text(&member.document);
    if !doc.is_empty() {
        map.insert("doc".into(), doc.into());
    }
    Value::Mapping(map)
}

/// An official example request (HTTP text with a JSON body) as flattened wire params
/// (`Placement.Zone`, `InstanceIds.0`), every value a string; `None` when it has no JSON body.
fn example_params(http: &str) -> Option<Vec<(String, String)>> {
    let body = http.find('{').map(|i| &http[i..])?;
    let value: serde_json::Value = serde_json::from_str(body.trim()).ok()?;
    let mut params = Vec::new();
    flatten(&value, String::new(), &mut params);
    Some(params)
}

fn flatten(value: &serde_json::Value, prefix: String, out: &mut Vec<(String, String)>) {
    let join = |key: &str| {
        if prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{prefix}.{key}")
        }
    };
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                flatten(v, join(k), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(v, join(&i.to_string()), out);
            }
        }
        serde_json::Value::String(s) => out.push((prefix, s.clone())),
        serde_json::Value::Null => {}
        other => out.push((prefix, other.to_string())),
    }
}

/// The report as text.
pub fn describe(report: &ImportReport) -> String {
    let mut out = format!("import into {}:\n", report.folder);
    let mut section = |title: &str, paths: &[String]| {
        if !paths.is_empty() {
            out.push_str(&format!("  {title}:\n"));
            for path in paths {
                out.push_str(&format!("    {path}\n"));
            }
        }
    };
    section("written", &report.written);
    section("replaced (still drafts)", &report.replaced_drafts);
    section(
        "overwritten (--force; were reviewed)",
        &report.overwritten_reviewed,
    );
    section(
        "kept (reviewed: no draft header; --force to overwrite, `cargo xtask drift` to compare)",
        &report.kept_reviewed,
    );
    out.push_str(
        "next: review each draft against the API pages, fill in every `rate_limit: unknown`, delete the draft header line, then run cargo xtask codegen\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_requests_flatten_to_wire_params() {
        let http = "POST / HTTP/1.1\nHost: cvm.tencentcloudapi.com\n<公共请求参数>\n\n{\"Placement\": {\"Zone\": \"ap-guangzhou-6\"}, \"InstanceIds\": [\"ins-1\", \"ins-2\"], \"Count\": 1, \"DryRun\": false}";
        assert_eq!(
            example_params(http).unwrap(),
            // Keys in sorted order (serde_json's map), arrays in their order.
            vec![
                ("Count".to_owned(), "1".to_owned()),
                ("DryRun".to_owned(), "false".to_owned()),
                ("InstanceIds.0".to_owned(), "ins-1".to_owned()),
                ("InstanceIds.1".to_owned(), "ins-2".to_owned()),
                ("Placement.Zone".to_owned(), "ap-guangzhou-6".to_owned()),
            ]
        );
        assert!(example_params("GET / HTTP/1.1").is_none());
    }

    #[test]
    fn module_names_are_snake_case() {
        assert_eq!(module_name("cvm"), "cvm");
        assert_eq!(module_name("tke-x"), "tke_x");
    }
}
