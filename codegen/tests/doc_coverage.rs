//! The CVM spec against its source document: every action, data type, param, output field,
//! error code and rate limit of `../shared/api-docs/cvm-2017-03-12-api-reference.md` is in the
//! spec, and every difference is explained by a `fix:` note that names the document's spelling.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::spec::{ActionSpec, TypeSpec};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn document() -> String {
    let path = root().join("../shared/api-docs/cvm-2017-03-12-api-reference.md");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the source document {} is needed: {e}", path.display()))
}

/// A table cell's name: `<code>InstanceIds</code>` -> `InstanceIds`, `DataDisks.N` -> `DataDisks`.
fn cell_name(cell: &str) -> Option<String> {
    let name = cell.trim().replace("<code>", "").replace("</code>", "");
    let name = name.strip_suffix(".N").unwrap_or(&name).to_owned();
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    valid.then_some(name)
}

#[derive(Default, Debug)]
struct Section {
    input: Vec<String>,
    output: Vec<String>,
    errors: Vec<String>,
    rate_limit: Option<u64>,
}

/// Action sections: a heading that is one CamelCase word, up to the next one.
fn action_sections(doc: &str) -> Vec<(String, Section)> {
    let body = &doc[doc
        .find("\n# Region-related APIs\n")
        .expect("action chapter")
        ..doc.find("\n# Data Types").expect("data types")];
    let mut sections: Vec<(String, Section)> = Vec::new();
    let mut mode = "";
    for line in body.lines() {
        let heading = line.trim_start_matches('#');
        if line.starts_with('#') {
            let title = heading.trim();
            if title.chars().all(|c| c.is_ascii_alphabetic())
                && !title.ends_with("APIs")
                && title.len() > 3
            {
                sections.push((title.to_owned(), Section::default()));
                mode = "";
                continue;
            }
            mode = if title.contains("Input Parameters") {
                "in"
            } else if title.contains("Output Parameters") {
                "out"
            } else if title.contains("Error Codes") {
                "err"
            } else {
                ""
            };
            continue;
        }
        let Some((_, section)) = sections.last_mut() else {
            continue;
        };
        if let Some(rest) = line.split("A maximum of ").nth(1) {
            let mut words = rest.split_whitespace();
            if let (Some(n), Some("requests")) = (words.next(), words.next()) {
                section.rate_limit = n.parse().ok();
            }
        }
        if !line.contains('\t') || mode.is_empty() {
            continue;
        }
        let Some(name) = cell_name(line.split('\t').next().unwrap_or_default()) else {
            continue;
        };
        if ["Parameter", "Action", "Version", "Region", "RequestId"].contains(&name.as_str()) {
            continue;
        }
        match mode {
            "in" => section.input.push(name),
            "out" => section.output.push(name),
            _ => section.errors.push(name),
        }
    }
    sections
}

fn type_sections(doc: &str) -> Vec<(String, Vec<String>)> {
    let body = &doc[doc.find("\n# Data Types").unwrap()..];
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in body.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            let title = title.trim();
            if !title.contains(' ') {
                sections.push((title.to_owned(), Vec::new()));
            }
            continue;
        }
        let mut cells = line.split('\t');
        let (first, second) = (cells.next().unwrap_or_default(), cells.next());
        // Header rows ("Name Type ...") repeat after every page break.
        if let (Some((_, fields)), Some(second)) = (sections.last_mut(), second) {
            if second.trim() != "Type" {
                fields.extend(cell_name(first));
            }
        }
    }
    sections
}

/// Every `fix:` note of a spec file.
fn fixes(text: &str) -> String {
    let value: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    let mut out = String::new();
    collect_fixes(&value, &mut out);
    out
}

fn collect_fixes(value: &serde_yaml::Value, out: &mut String) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                if k.as_str() == Some("fix") {
                    out.push_str(v.as_str().unwrap_or_default());
                    out.push('\n');
                } else {
                    collect_fixes(v, out);
                }
            }
        }
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|v| collect_fixes(v, out)),
        _ => {}
    }
}

/// A name in the document but not the spec must be named by a fix note of the file; a name in the
/// spec but not the document must carry a fix note of its own.
fn compare(
    what: &str,
    doc: &[String],
    spec: &[(String, bool)],
    notes: &str,
    problems: &mut Vec<String>,
) {
    for name in doc.iter().filter(|n| !spec.iter().any(|(s, _)| s == *n)) {
        if !notes.contains(name.as_str()) {
            problems.push(format!(
                "{what}: '{name}' is in the document but not the spec, and no fix note names it"
            ));
        }
    }
    for (name, fixed) in spec.iter().filter(|(n, _)| !doc.contains(n)) {
        if !fixed {
            problems.push(format!(
                "{what}: '{name}' is in the spec but not the document, without a fix note"
            ));
        }
    }
}

#[test]
fn every_action_param_field_error_and_rate_limit_is_transcribed() {
    let doc = document();
    let dir = root().join("spec/cvm/v20170312/actions");
    let mut specs: BTreeMap<String, (ActionSpec, String)> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let spec: ActionSpec = serde_yaml::from_str(&text).unwrap();
        specs.insert(spec.name.clone(), (spec, fixes(&text)));
    }
    let sections = action_sections(&doc);
    assert_eq!(
        sections.len(),
        58,
        "the document has 58 actions: {:?}",
        sections.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    assert_eq!(specs.len(), 58);
    let mut problems = Vec::new();
    for (title, section) in &sections {
        let found = specs.get(title).or_else(|| {
            specs
                .values()
                .find(|(_, notes)| notes.contains(title.as_str()))
        });
        let Some((spec, notes)) = found else {
            problems.push(format!(
                "action '{title}' has no spec file and no fix note names it"
            ));
            continue;
        };
        let names = |params: &[codegen::spec::ParamSpec]| {
            params
                .iter()
                .map(|p| (p.name.clone(), p.fix.is_some()))
                .collect::<Vec<_>>()
        };
        compare(
            &format!("{}.input", spec.name),
            &section.input,
            &names(&spec.input),
            notes,
            &mut problems,
        );
        compare(
            &format!("{}.output", spec.name),
            &section.output,
            &names(&spec.output),
            notes,
            &mut problems,
        );
        let codes: Vec<(String, bool)> = spec
            .errors
            .iter()
            .map(|e| (e.code.clone(), e.fix.is_some()))
            .collect();
        compare(
            &format!("{}.errors", spec.name),
            &section.errors,
            &codes,
            notes,
            &mut problems,
        );
        if section.rate_limit != spec.rate_limit.as_u64() {
            problems.push(format!(
                "{}: rate limit {:?} in the document, {:?} in the spec",
                spec.name, section.rate_limit, spec.rate_limit
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_data_type_and_field_is_transcribed() {
    let doc = document();
    let sections = type_sections(&doc);
    assert_eq!(
        sections.len(),
        39,
        "{:?}",
        sections.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    let mut problems = Vec::new();
    for (name, fields) in &sections {
        let path = root().join(format!("spec/cvm/v20170312/types/{name}.yaml"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            problems.push(format!("data type {name} has no spec file"));
            continue;
        };
        let spec: TypeSpec = serde_yaml::from_str(&text).unwrap();
        let names: Vec<(String, bool)> = spec
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.fix.is_some()))
            .collect();
        compare(
            &format!("types.{name}"),
            fields,
            &names,
            &fixes(&text),
            &mut problems,
        );
    }
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
