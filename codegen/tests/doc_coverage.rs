//! Every spec against its own source document: each service's `source: document` under
//! `../shared/api-docs/`. Every action, data type, param, output field, error code and rate limit of
//! the document is in the spec, and every difference is explained by a `fix:` note that names the
//! document's spelling. Counts come from the documents, never from this file. Actions whose own
//! `source:` is not the service's document are reported and checked against nothing here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::spec::{ActionSpec, ProtocolSpec, ServiceSpec, TypeSpec};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn document(name: &str) -> String {
    let path = root().join("../shared/api-docs").join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the source document {} is needed: {e}", path.display()))
}

/// A table cell's name: `<code>InstanceIds</code>` -> `InstanceIds`, `DataDisks.N` -> `DataDisks`.
fn cell_name(cell: &str) -> Option<String> {
    let name = cell.trim().replace("<code>", "").replace("</code>", "");
    let name = name
        .strip_suffix(".N")
        .or_else(|| name.strip_suffix(".n"))
        .unwrap_or(&name)
        .to_owned();
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

/// Whether a document is an API reference of many actions (with a data type chapter), not one page.
fn is_reference(doc: &str) -> bool {
    doc.contains("\n# Data Types")
}

/// Action sections of a reference: a heading that is one CamelCase word, up to the next one,
/// from the first chapter of APIs to the data types.
fn action_sections(doc: &str) -> Vec<(String, Section)> {
    let first_chapter = doc
        .match_indices("\n# ")
        .map(|(i, _)| i)
        .find(|&i| {
            doc[i + 3..]
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .ends_with("APIs")
        })
        .expect("a chapter of APIs");
    let body = &doc[first_chapter..doc.find("\n# Data Types").expect("data types")];
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

/// The one action of a single-page document, named by the file (`<service>-<version>-<Action>.md`).
/// Tables are Markdown (`| a | b |`), or cells separated by ` | ` or tabs; a header row says what
/// the rows below it are: with a "Required" column the input, "Error Code" the errors, else the output.
fn single_page(file: &str, doc: &str, protocol: ProtocolSpec) -> (String, Section) {
    let action = file
        .trim_end_matches(".md")
        .rsplit('-')
        .next()
        .unwrap_or_default()
        .to_owned();
    let mut section = Section::default();
    let mut mode = "";
    let skip: Vec<&str> = ["Action", "Version", "Region", "RequestId"]
        .into_iter()
        .chain(protocol.envelope_fields().iter().copied())
        .collect();
    for line in doc.lines() {
        if let Some(rest) = line.split("A maximum of ").nth(1) {
            let mut words = rest.split_whitespace();
            if let (Some(n), Some("requests")) = (words.next(), words.next()) {
                section.rate_limit = n.parse().ok();
            }
        }
        let cells: Vec<&str> = if line.contains('|') {
            line.trim()
                .trim_start_matches('|')
                .split('|')
                .map(str::trim)
                .collect()
        } else if line.contains('\t') {
            line.split('\t').map(str::trim).collect()
        } else {
            continue;
        };
        let first = cells.first().copied().unwrap_or_default();
        let header = first.to_ascii_lowercase();
        if ["parameter name", "name", "error code"].contains(&header.as_str()) {
            mode = if header == "error code" {
                "err"
            } else if cells.iter().any(|c| c.eq_ignore_ascii_case("required")) {
                "in"
            } else {
                "out"
            };
            continue;
        }
        let Some(name) = cell_name(first) else {
            continue;
        };
        if mode.is_empty() || skip.contains(&name.as_str()) {
            continue;
        }
        match mode {
            "in" => section.input.push(name),
            "out" => section.output.push(name),
            _ => section.errors.push(name),
        }
    }
    (action, section)
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

/// One service folder: its spec files with their fix notes.
struct ServiceFiles {
    dir: PathBuf,
    service: ServiceSpec,
    actions: BTreeMap<String, (ActionSpec, String)>,
}

fn services() -> Vec<ServiceFiles> {
    let mut out = Vec::new();
    let spec = root().join("spec");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&spec)
        .unwrap()
        .flat_map(|e| std::fs::read_dir(e.unwrap().path()).into_iter().flatten())
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("service.yaml").is_file())
        .collect();
    dirs.sort();
    for dir in dirs {
        let service: ServiceSpec =
            serde_yaml::from_str(&std::fs::read_to_string(dir.join("service.yaml")).unwrap())
                .unwrap();
        let mut actions = BTreeMap::new();
        for entry in std::fs::read_dir(dir.join("actions")).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let spec: ActionSpec = serde_yaml::from_str(&text).unwrap();
            actions.insert(spec.name.clone(), (spec, fixes(&text)));
        }
        out.push(ServiceFiles {
            dir,
            service,
            actions,
        });
    }
    out
}

/// Compares one document section with the spec action transcribed from it.
fn compare_action(
    title: &str,
    section: &Section,
    actions: &BTreeMap<&str, (&ActionSpec, &str)>,
    problems: &mut Vec<String>,
) {
    let found = actions
        .get(title)
        .or_else(|| actions.values().find(|(_, notes)| notes.contains(title)));
    let Some((spec, notes)) = found.copied() else {
        problems.push(format!(
            "action '{title}' has no spec file and no fix note names it"
        ));
        return;
    };
    // Params and fields a later source added (`source:` key) are not the document's.
    let names = |params: &[codegen::spec::ParamSpec]| {
        params
            .iter()
            .filter(|p| p.source.is_none())
            .map(|p| (p.name.clone(), p.fix.is_some()))
            .collect::<Vec<_>>()
    };
    compare(
        &format!("{}.input", spec.name),
        &section.input,
        &names(&spec.input),
        notes,
        problems,
    );
    compare(
        &format!("{}.output", spec.name),
        &section.output,
        &names(&spec.output),
        notes,
        problems,
    );
    let codes: Vec<(String, bool)> = spec
        .errors
        .iter()
        .filter(|e| e.source.is_none())
        .map(|e| (e.code.clone(), e.fix.is_some()))
        .collect();
    compare(
        &format!("{}.errors", spec.name),
        &section.errors,
        &codes,
        notes,
        problems,
    );
    match section.rate_limit {
        Some(documented) if Some(documented) != spec.rate_limit.as_u64() => problems.push(format!(
            "{}: rate limit {documented} in the document, {:?} in the spec",
            spec.name, spec.rate_limit
        )),
        None if !notes.to_ascii_lowercase().contains("rate limit") => problems.push(format!(
            "{}: the document states no rate limit, and no fix note says where {:?} comes from",
            spec.name, spec.rate_limit
        )),
        _ => {}
    }
}

/// Data types of a reference against its data type chapter; a single page defines none, so each
/// type must say where it comes from in a fix note of its own.
fn compare_types(dir: &Path, doc: Option<&str>, problems: &mut Vec<String>) {
    let mut files: BTreeMap<String, (TypeSpec, String)> = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir.join("types")) {
        for entry in entries {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let spec: TypeSpec = serde_yaml::from_str(&text).unwrap();
            files.insert(spec.name.clone(), (spec, text));
        }
    }
    let Some(doc) = doc else {
        for (name, (spec, _)) in &files {
            if spec.fix.is_none() && spec.source.is_none() {
                problems.push(format!(
                    "types.{name}: the document defines no data types, and no fix note says where it comes from"
                ));
            }
        }
        return;
    };
    let sections = type_sections(doc);
    for (name, fields) in &sections {
        let Some((spec, text)) = files.get(name) else {
            problems.push(format!("data type {name} has no spec file"));
            continue;
        };
        let names: Vec<(String, bool)> = spec
            .fields
            .iter()
            .filter(|f| f.source.is_none())
            .map(|f| (f.name.clone(), f.fix.is_some()))
            .collect();
        compare(
            &format!("types.{name}"),
            fields,
            &names,
            &fixes(text),
            problems,
        );
    }
    for (name, (spec, _)) in &files {
        if !sections.iter().any(|(s, _)| s == name) && spec.fix.is_none() && spec.source.is_none() {
            problems.push(format!(
                "types.{name} is not in the document and has no fix note"
            ));
        }
    }
}

#[test]
fn every_spec_matches_its_source_document() {
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    for files in services() {
        let dir = files
            .dir
            .strip_prefix(root())
            .unwrap()
            .display()
            .to_string();
        let Some(document_name) = &files.service.source.document else {
            println!(
                "{dir}: source {:?} is not a document here: not checked",
                files.service.source.name
            );
            continue;
        };
        let doc = document(document_name);
        // Actions from another source are reported, and checked against nothing here.
        let mut from_document: BTreeMap<&str, (&ActionSpec, &str)> = BTreeMap::new();
        for (name, (spec, notes)) in &files.actions {
            match &spec.source {
                Some(other) => println!("{dir}: {name} comes from {other:?}, not {document_name}"),
                None => {
                    from_document.insert(name, (spec, notes));
                }
            }
        }
        let sections = if is_reference(&doc) {
            action_sections(&doc)
        } else {
            vec![single_page(document_name, &doc, files.service.protocol)]
        };
        for (title, section) in &sections {
            compare_action(title, section, &from_document, &mut problems);
        }
        for name in from_document.keys() {
            let covered = sections
                .iter()
                .any(|(title, _)| title == name || from_document[name].1.contains(title.as_str()));
            if !covered {
                problems.push(format!(
                    "{dir}: action {name} is not in {document_name}; give it a `source:` naming where it comes from"
                ));
            }
        }
        compare_types(
            &files.dir,
            is_reference(&doc).then_some(doc.as_str()),
            &mut problems,
        );
        let names: usize = sections
            .iter()
            .map(|(_, s)| s.input.len() + s.output.len() + s.errors.len())
            .sum();
        assert!(
            names > 0,
            "{dir}: no params, fields or error codes found in {document_name}"
        );
        checked.push(format!(
            "{dir}: {} action(s), {names} params, fields and error codes of {document_name}",
            sections.len()
        ));
    }
    println!("{}", checked.join("\n"));
    assert!(!checked.is_empty(), "no service was checked");
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_checker_finds_a_missing_error_code_and_a_changed_rate_limit() {
    let doc = document("cvm-2017-03-12-api-reference.md");
    let sections = action_sections(&doc);
    let (title, section) = sections.iter().find(|(t, _)| t == "RunInstances").unwrap();
    let text = std::fs::read_to_string(root().join("spec/cvm/v20170312/actions/RunInstances.yaml"))
        .unwrap()
        .replacen("rate_limit: 10", "rate_limit: 11", 1)
        .replacen(
            "  - code: InvalidPeriod\n",
            "  - code: NotInTheDocument\n",
            1,
        );
    let spec: ActionSpec = serde_yaml::from_str(&text).unwrap();
    let notes = fixes(&text);
    let actions = BTreeMap::from([(title.as_str(), (&spec, notes.as_str()))]);
    let mut problems = Vec::new();
    compare_action(title, section, &actions, &mut problems);
    let all = problems.join("\n");
    assert!(
        all.contains("'InvalidPeriod' is in the document but not the spec"),
        "{all}"
    );
    assert!(
        all.contains("'NotInTheDocument' is in the spec but not the document"),
        "{all}"
    );
    assert!(all.contains("rate limit 10 in the document"), "{all}");
}
