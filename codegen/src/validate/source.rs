//! Where a service and its actions come from (`source:` keys): a document under
//! `../shared/api-docs/`, or another named public source with its version.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostics, SpecError};
use crate::ir::Source;
use crate::load::LoadedService;
use crate::spec::{ErrorSpec, ParamSpec, SourceRef, SourceSpec};

/// Where a service's spec is transcribed from.
pub struct Provenance {
    /// The service's source.
    pub service: Source,
    /// Actions from another source than the service's, by action name.
    pub actions: BTreeMap<String, Source>,
}

/// Validates the `source:` of a service, its later `sources:`, the `source:` of each action that
/// names one, and every `source:` key of a data type, param, field, value, error code or update.
pub fn resolve(loaded: &LoadedService, diags: &mut Diagnostics) -> Provenance {
    let file = &loaded.service_file;
    let service = source(file, "source", &loaded.service.source, diags)
        .unwrap_or(Source::Document(String::new()));
    let mut named: BTreeMap<&str, Source> = BTreeMap::new();
    for (key, spec) in &loaded.service.sources {
        let path = format!("sources.{key}");
        if !valid_key(key) {
            diags.push(SpecError::new(
                file,
                &path,
                "a source key is lowercase ASCII letters, digits, `.`, `_` and `-` (e.g. tccli-3.1.189.1)",
            ));
            continue;
        }
        let own = source(file, &path, spec, diags);
        if let Some(own) = other_than(&service, own, file, &path, diags) {
            named.insert(key, own);
        }
    }
    let keys = Keys {
        named: &named,
        known: loaded.service.sources.keys().map(String::as_str).collect(),
    };
    keys.check_params(file, "common_params", &loaded.service.common_params, diags);
    keys.check_errors(file, "errors", &loaded.service.errors, diags);
    let mut actions = BTreeMap::new();
    for (file, action) in &loaded.actions {
        let path = format!("actions.{}", action.name);
        keys.check_params(file, &format!("{path}.input"), &action.input, diags);
        keys.check_params(file, &format!("{path}.output"), &action.output, diags);
        keys.check_errors(file, &format!("{path}.errors"), &action.errors, diags);
        let Some(reference) = &action.source else {
            continue;
        };
        let path = format!("{path}.source");
        let own = keys.reference(file, &path, reference, diags);
        if let Some(own) = other_than(&service, own, file, &path, diags) {
            actions.insert(action.name.clone(), own);
        }
    }
    for (file, ty) in &loaded.types {
        let path = format!("types.{}", ty.name);
        keys.check_params(file, &format!("{path}.fields"), &ty.fields, diags);
        if let Some(reference) = &ty.source {
            keys.reference(file, &format!("{path}.source"), reference, diags);
        }
    }
    Provenance { service, actions }
}

/// `own`, unless it is the service's own source (reported: it should be left out).
fn other_than(
    service: &Source,
    own: Option<Source>,
    file: &str,
    path: &str,
    diags: &mut Diagnostics,
) -> Option<Source> {
    let own = own?;
    if own == *service {
        diags.push(SpecError::new(
            file,
            path,
            "is the service's own source; leave it out",
        ));
        return None;
    }
    Some(own)
}

/// Keys of `sources:`: the valid ones resolved, and every key given (a key whose source is
/// invalid is reported once, at its definition).
struct Keys<'a> {
    named: &'a BTreeMap<&'a str, Source>,
    known: std::collections::BTreeSet<&'a str>,
}

impl Keys<'_> {
    fn reference(
        &self,
        file: &str,
        path: &str,
        reference: &SourceRef,
        diags: &mut Diagnostics,
    ) -> Option<Source> {
        match reference {
            SourceRef::Inline(spec) => source(file, path, spec, diags),
            SourceRef::Key(key) => self.key(file, path, key, diags),
        }
    }

    fn key(&self, file: &str, path: &str, key: &str, diags: &mut Diagnostics) -> Option<Source> {
        if let Some(found) = self.named.get(key) {
            return Some(found.clone());
        }
        if !self.known.contains(key) {
            let known = if self.known.is_empty() {
                "the service declares no `sources:`".to_owned()
            } else {
                format!(
                    "the service's `sources:` are {}",
                    self.known.iter().copied().collect::<Vec<_>>().join(", ")
                )
            };
            diags.push(SpecError::new(
                file,
                path,
                format!("unknown source '{key}': {known}"),
            ));
        }
        None
    }

    fn check_params(&self, file: &str, path: &str, params: &[ParamSpec], diags: &mut Diagnostics) {
        for p in params {
            let path = format!("{path}.{}", p.name);
            if let Some(key) = &p.source {
                self.key(file, &format!("{path}.source"), key, diags);
            }
            if let Some(update) = &p.update {
                self.key(
                    file,
                    &format!("{path}.update.source"),
                    &update.source,
                    diags,
                );
                match update.required {
                    None => diags.push(SpecError::new(
                        file,
                        &format!("{path}.update"),
                        "says nothing changed: give the new `required` flag",
                    )),
                    Some(required) if required == p.required => diags.push(SpecError::new(
                        file,
                        &format!("{path}.update.required"),
                        format!(
                            "says nothing changed: the transcription's `required` is {required} already"
                        ),
                    )),
                    Some(_) => {}
                }
            }
            for v in &p.values {
                if let Some(key) = &v.source {
                    self.key(
                        file,
                        &format!("{path}.values.{}.source", v.value),
                        key,
                        diags,
                    );
                }
            }
        }
    }

    fn check_errors(&self, file: &str, path: &str, errors: &[ErrorSpec], diags: &mut Diagnostics) {
        for e in errors {
            if let Some(key) = &e.source {
                self.key(file, &format!("{path}.{}.source", e.code), key, diags);
            }
        }
    }
}

/// `tccli-3.1.189.1`, `sdk-python-2026-11`: lowercase ASCII, digits, `.`, `_`, `-`.
fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// A key's trimmed value, when it has one.
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn source(file: &str, path: &str, spec: &SourceSpec, diags: &mut Diagnostics) -> Option<Source> {
    let mut fail = |message: String| {
        diags.push(SpecError::new(file, path, message));
        None
    };
    match (
        present(&spec.document),
        present(&spec.name),
        present(&spec.version),
    ) {
        (Some(document), None, None) if spec.url.is_none() => {
            let plain = document.ends_with(".md")
                && !document.contains(['/', '\\'])
                && !document.starts_with('.');
            if plain {
                Some(Source::Document(document.to_owned()))
            } else {
                fail(format!(
                    "document '{document}' must be the file name of a Markdown document in ../shared/api-docs/ (e.g. cvm-2017-03-12-api-reference.md)"
                ))
            }
        }
        (Some(_), _, _) => fail(
            "give either `document` (a file in ../shared/api-docs/) or `name` and `version` (another public source), not both"
                .to_owned(),
        ),
        (None, Some(name), Some(version)) => {
            let url = present(&spec.url).map(str::to_owned);
            if let Some(url) = &url {
                if !(url.starts_with("https://") || url.starts_with("http://"))
                    || url.contains(char::is_whitespace)
                {
                    return fail(format!("url '{url}' must be an http(s) address"));
                }
            }
            Some(Source::Other {
                name: name.to_owned(),
                version: version.to_owned(),
                url,
            })
        }
        (None, Some(_), None) => fail(
            "a source other than a document needs a `version` (release, commit or date read)"
                .to_owned(),
        ),
        (None, None, _) => fail(
            "needs `document` (a file in ../shared/api-docs/) or `name` and `version` (another public source)"
                .to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(spec: SourceSpec) -> Result<Source, String> {
        let mut diags = Diagnostics::default();
        source("f.yaml", "source", &spec, &mut diags).ok_or_else(|| diags.errors[0].message.clone())
    }

    fn spec(document: Option<&str>, name: Option<&str>, version: Option<&str>) -> SourceSpec {
        SourceSpec {
            document: document.map(str::to_owned),
            name: name.map(str::to_owned),
            version: version.map(str::to_owned),
            url: None,
        }
    }

    #[test]
    fn a_document_or_a_named_versioned_source() {
        assert_eq!(
            check(spec(Some("cvm.md"), None, None)),
            Ok(Source::Document("cvm.md".to_owned()))
        );
        assert!(check(spec(Some("../x.md"), None, None))
            .unwrap_err()
            .contains("file name"));
        assert!(check(spec(Some("cvm.md"), Some("sdk"), None))
            .unwrap_err()
            .contains("not both"));
        assert!(check(spec(None, Some("sdk"), None))
            .unwrap_err()
            .contains("version"));
        assert!(check(spec(None, None, None)).is_err());
        assert!(check(spec(None, Some("sdk"), Some("1.0"))).is_ok());
    }

    #[test]
    fn later_sources_are_declared_once_and_named_by_key() {
        use super::super::testing::TestSpec;
        let declared = TestSpec::new().edit_service(
            "endpoint:",
            "sources:\n  tccli-3.1.189.1:\n    name: tccli api.json\n    version: 3.1.189.1\nendpoint:",
        );
        let service = declared
            .clone()
            .edit_action(
                "CreateWidget",
                "output:\n",
                "output:\n  - name: Added\n    type: String\n    source: tccli-3.1.189.1\n",
            )
            .edit_action(
                "CreateWidget",
                "  - name: Count\n    type: Integer\n",
                "  - name: Count\n    type: Integer\n    required: true\n    update:\n      source: tccli-3.1.189.1\n      required: false\n",
            )
            .edit_action("CreateWidget", "rate_limit: 5", "rate_limit: 5\nsource: tccli-3.1.189.1")
            .resolve()
            .unwrap();
        let action = &service.actions[0];
        assert!(
            matches!(&action.source, Some(Source::Other { version, .. }) if version == "3.1.189.1")
        );
        let count = action
            .input
            .iter()
            .find(|f| f.wire_name == "Count")
            .unwrap();
        assert!(!count.required, "the later source's flag wins");
        assert!(action.output.iter().any(|f| f.wire_name == "Added"));
        declared
            .clone()
            .edit_action("CreateWidget", "type: Array of String\n", "type: Array of String\n    source: tccli-3.2\n")
            .rejects(&["actions.CreateWidget.output.WidgetIds.source: unknown source 'tccli-3.2': the service's `sources:` are tccli-3.1.189.1"]);
        TestSpec::new()
            .edit_action("CreateWidget", "rate_limit: 5", "rate_limit: 5\nsource: tccli")
            .rejects(&["actions.CreateWidget.source: unknown source 'tccli': the service declares no `sources:`"]);
        TestSpec::new()
            .edit_service(
                "endpoint:",
                "sources:\n  Bad Key:\n    name: x\n    version: '1'\nendpoint:",
            )
            .rejects(&["sources.Bad Key: a source key is lowercase"]);
        declared
            .clone()
            .edit_action(
                "CreateWidget",
                "  - name: Count\n    type: Integer\n",
                "  - name: Count\n    type: Integer\n    update:\n      source: tccli-3.1.189.1\n",
            )
            .rejects(&["actions.CreateWidget.input.Count.update: says nothing changed"]);
        declared
            .edit_action(
                "CreateWidget",
                "  - name: Count\n    type: Integer\n",
                "  - name: Count\n    type: Integer\n    update:\n      source: tccli-3.1.189.1\n      required: false\n",
            )
            .rejects(&["actions.CreateWidget.input.Count.update.required: says nothing changed: the transcription's `required` is false already"]);
    }
}
