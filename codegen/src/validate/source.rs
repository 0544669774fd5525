//! Where a service and its actions come from (`source:` keys): a document under
//! `../shared/api-docs/`, or another named public source with its version.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostics, SpecError};
use crate::ir::Source;
use crate::load::LoadedService;
use crate::spec::SourceSpec;

/// Where a service's spec is transcribed from.
pub struct Provenance {
    /// The service's source.
    pub service: Source,
    /// Actions from another source than the service's, by action name.
    pub actions: BTreeMap<String, Source>,
}

/// Validates the `source:` of a service and of each action that names one.
pub fn resolve(loaded: &LoadedService, diags: &mut Diagnostics) -> Provenance {
    let service = source(
        &loaded.service_file,
        "source",
        &loaded.service.source,
        diags,
    )
    .unwrap_or(Source::Document(String::new()));
    let mut actions = BTreeMap::new();
    for (file, action) in &loaded.actions {
        let Some(spec) = &action.source else { continue };
        let path = format!("actions.{}.source", action.name);
        if let Some(own) = source(file, &path, spec, diags) {
            if own == service {
                diags.push(SpecError::new(
                    file,
                    &path,
                    "is the service's own source; leave it out",
                ));
            } else {
                actions.insert(action.name.clone(), own);
            }
        }
    }
    Provenance { service, actions }
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
}
