//! Error codes: the service's common codes (its `CommonErrorCode`) and each action's own (its
//! `…ErrorCode` enum, held by `ActionError::Code` next to `Common` and `Unhandled`), and their
//! variant names.

use std::collections::HashMap;

use super::Resolver;
use crate::ir::ErrorCode;
use crate::load::LoadedService;
use crate::naming;
use crate::spec::ErrorSpec;

impl Resolver<'_> {
    /// The common error codes of `service.yaml`.
    pub(super) fn common_errors(&mut self, loaded: &LoadedService) -> Vec<ErrorCode> {
        let file = loaded.service_file.as_str();
        let specs: Vec<(String, &ErrorSpec)> = loaded
            .service
            .errors
            .iter()
            .enumerate()
            .map(|(i, e)| (format!("errors[{i}]"), e))
            .collect();
        self.error_codes(file, &specs)
    }

    /// An action's own error codes (paths `{path}.errors[i]`). An action may document a common
    /// code itself: its own variant then takes the code.
    pub(super) fn action_errors(
        &mut self,
        file: &str,
        path: &str,
        specs: &[ErrorSpec],
    ) -> Vec<ErrorCode> {
        let specs: Vec<(String, &ErrorSpec)> = specs
            .iter()
            .enumerate()
            .map(|(i, e)| (format!("{path}.errors[{i}]"), e))
            .collect();
        self.error_codes(file, &specs)
    }

    /// Resolves the codes of one error type: each code once, each variant name once.
    fn error_codes(&mut self, file: &str, specs: &[(String, &ErrorSpec)]) -> Vec<ErrorCode> {
        // Variant -> the code that took it.
        let mut variants: HashMap<String, String> = HashMap::new();
        let mut out: Vec<ErrorCode> = Vec::new();
        for (path, spec) in specs {
            let Some(code) = self.error_code(file, path, spec) else {
                continue;
            };
            if out.iter().any(|e| e.code == code.code) {
                self.error(file, path, format!("duplicate error code '{}'", code.code));
                continue;
            }
            if let Some(other) = variants.get(&code.variant) {
                self.error(
                    file,
                    path,
                    format!(
                        "error code '{}' collides with '{other}' after case conversion ('{}')",
                        code.code, code.variant
                    ),
                );
                continue;
            }
            variants.insert(code.variant.clone(), code.code.clone());
            out.push(code);
        }
        out
    }

    /// One code: its format, and its variant (derived from the code, or its `name:`).
    fn error_code(&mut self, file: &str, path: &str, spec: &ErrorSpec) -> Option<ErrorCode> {
        let code = spec.code.as_str();
        if !is_error_code(code) {
            self.error(
                file,
                path,
                format!("invalid error code '{code}' (ASCII letters, digits, '.', '_' and '-')"),
            );
            return None;
        }
        let variant = match &spec.name {
            Some(name) => {
                if let Err(why) = naming::check_type_name(name) {
                    self.error(file, &format!("{path}.name"), why);
                    return None;
                }
                if naming::ERROR_VARIANTS.contains(&name.as_str()) {
                    self.error(
                        file,
                        &format!("{path}.name"),
                        format!("'{name}' is a variant of every action's error type (`ActionError::Unhandled` is the catch-all, `ActionError::Common` holds the common codes); choose another name"),
                    );
                    return None;
                }
                name.clone()
            }
            None if code.starts_with(|c: char| c.is_ascii_digit()) => {
                self.error(
                    file,
                    path,
                    format!("numeric error code '{code}' needs a `name:` for its variant"),
                );
                return None;
            }
            None => {
                let variant = naming::variant_name_besides(code, naming::ERROR_VARIANTS);
                if variant.trim_end_matches('_').is_empty() {
                    self.error(
                        file,
                        path,
                        format!("error code '{code}' makes no variant name (it has no letter or digit); give it a `name:`"),
                    );
                    return None;
                }
                variant
            }
        };
        Some(ErrorCode {
            code: code.to_owned(),
            variant,
            doc: spec.doc.clone(),
        })
    }
}

/// An error code as services send them: `InvalidZone.MismatchRegion`, `4000`.
pub(super) fn is_error_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::super::testing::TestSpec;

    fn errors(list: &str) -> TestSpec {
        TestSpec::new().edit_action(
            "CreateWidget",
            "examples:\n",
            &format!("errors:\n{list}examples:\n"),
        )
    }

    #[test]
    fn variants_escape_the_enums_own() {
        let service = errors("  - code: InvalidWidget.Malformed\n  - code: Unhandled\n  - code: Common\n  - code: self\n  - code: \"4000\"\n    name: Busy\n")
            .resolve()
            .unwrap();
        let names: Vec<&str> = service.actions[0]
            .errors
            .iter()
            .map(|e| e.variant.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "InvalidWidgetMalformed",
                "Unhandled_",
                "Common_",
                "Self_",
                "Busy"
            ]
        );
    }

    #[test]
    fn codes_that_make_no_variant() {
        errors("  - code: \"\"\n")
            .rejects(&["actions.CreateWidget.errors[0]: invalid error code ''"]);
        errors("  - code: Bad Code\n").rejects(&["errors[0]: invalid error code 'Bad Code'"]);
        errors("  - code: \"4000\"\n")
            .rejects(&["errors[0]: numeric error code '4000' needs a `name:`"]);
        errors("  - code: \"._\"\n").rejects(&["errors[0]: error code '._' makes no variant name"]);
        errors("  - code: \"4000\"\n    name: Unhandled\n")
            .rejects(&["errors[0].name: 'Unhandled' is a variant of every action's error type"]);
        errors("  - code: \"4000\"\n    name: Common\n")
            .rejects(&["errors[0].name: 'Common' is a variant of every action's error type"]);
        errors("  - code: \"4000\"\n    name: busy\n")
            .rejects(&["errors[0].name: 'busy' must start with an upper-case"]);
    }

    #[test]
    fn collisions_name_both_codes() {
        errors("  - code: A.B\n  - code: A.B\n")
            .rejects(&["errors[1]: duplicate error code 'A.B'"]);
        errors("  - code: AB\n  - code: Ab\n").rejects(&[
            "errors[1]: error code 'Ab' collides with 'AB' after case conversion ('Ab')",
        ]);
        errors("  - code: A.Bc\n  - code: ABc\n").rejects(&[
            "errors[1]: error code 'ABc' collides with 'A.Bc' after case conversion ('ABc')",
        ]);
        // Own and common codes live in different enums: the same variant name is no collision.
        errors("  - code: Internal.Error\n").resolve().unwrap();
        TestSpec::new()
            .edit_service(
                "  - code: InternalError\n",
                "  - code: InternalError\n  - code: InternalError\n",
            )
            .rejects(&["service.yaml: errors[1]: duplicate error code 'InternalError'"]);
    }

    #[test]
    fn an_action_may_document_a_common_code_itself() {
        errors("  - code: InternalError\n    doc: Its own words.\n")
            .resolve()
            .unwrap();
    }
}
