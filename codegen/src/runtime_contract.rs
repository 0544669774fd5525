//! What the hand-written runtime uses of a generated service.
//!
//! The runtime's STS credential providers (`generated-sdk/src/runtime/credentials/sts.rs`) call
//! `crate::sts::v20180813` when the `sts` feature is on. A spec edit that moves that module or
//! drops or retypes a param they set or a field they read would generate a service that compiles
//! on its own and a runtime that does not; here it is a spec error naming the file and the item.

use crate::diagnostics::{Diagnostics, SpecError};
use crate::ir::{Field, Service, TypeRef};

/// A service the runtime calls: where it must be and what of it the runtime uses.
struct Needed {
    feature: &'static str,
    module: &'static [&'static str],
    /// Who uses it, for the messages.
    user: &'static str,
    actions: &'static [NeededAction],
    types: &'static [NeededType],
}

struct NeededAction {
    name: &'static str,
    /// Whether the runtime calls it without credentials (`auth: none`).
    unsigned: bool,
    /// Params the runtime sets (their setter's argument follows the type).
    input: &'static [NeededField],
    /// Output fields the runtime reads.
    output: &'static [NeededField],
}

struct NeededType {
    name: &'static str,
    fields: &'static [NeededField],
}

struct NeededField {
    name: &'static str,
    ty: Ty,
}

/// The type a needed field must have.
#[derive(Clone, Copy)]
enum Ty {
    String,
    /// A `sensitive: true` String (read through `SensitiveString::expose`).
    Secret,
    /// A String without `sensitive: true` (read as a plain `String`).
    Plain,
    Integer,
    Struct(&'static str),
}

impl Ty {
    fn matches(self, field: &Field) -> bool {
        match self {
            Ty::String => field.ty == TypeRef::String,
            Ty::Secret => field.ty == TypeRef::String && field.sensitive,
            Ty::Plain => field.ty == TypeRef::String && !field.sensitive,
            Ty::Integer => field.ty == TypeRef::Integer,
            Ty::Struct(name) => field.ty == TypeRef::Struct(name.to_owned()),
        }
    }

    fn describe(self) -> String {
        match self {
            Ty::String => "a String".to_owned(),
            Ty::Secret => "a String with `sensitive: true`".to_owned(),
            Ty::Plain => "a String without `sensitive: true`".to_owned(),
            Ty::Integer => "an Integer".to_owned(),
            Ty::Struct(name) => format!("a {name}"),
        }
    }
}

const fn field(name: &'static str, ty: Ty) -> NeededField {
    NeededField { name, ty }
}

/// What both STS actions answer with: the temporary keys and their expiry.
const CREDENTIALS_OUTPUT: &[NeededField] = &[
    field("Credentials", Ty::Struct("Credentials")),
    field("ExpiredTime", Ty::Integer),
];

/// The runtime's STS credential providers: `StsRoleCredentials` (AssumeRole) and
/// `OidcRoleCredentials` (AssumeRoleWithWebIdentity, sent unsigned).
const NEEDED: &[Needed] = &[Needed {
    feature: "sts",
    module: &["sts", "v20180813"],
    user: "the runtime's STS credential providers (generated-sdk/src/runtime/credentials/sts.rs)",
    actions: &[
        NeededAction {
            name: "AssumeRole",
            unsigned: false,
            input: &[
                field("RoleArn", Ty::String),
                field("RoleSessionName", Ty::String),
                field("DurationSeconds", Ty::Integer),
                field("Policy", Ty::String),
                field("ExternalId", Ty::String),
            ],
            output: CREDENTIALS_OUTPUT,
        },
        NeededAction {
            name: "AssumeRoleWithWebIdentity",
            unsigned: true,
            input: &[
                field("ProviderId", Ty::String),
                field("WebIdentityToken", Ty::String),
                field("RoleArn", Ty::String),
                field("RoleSessionName", Ty::String),
                field("DurationSeconds", Ty::Integer),
            ],
            output: CREDENTIALS_OUTPUT,
        },
    ],
    types: &[NeededType {
        name: "Credentials",
        fields: &[
            field("TmpSecretId", Ty::Plain),
            field("TmpSecretKey", Ty::Secret),
            field("Token", Ty::Secret),
        ],
    }],
}];

/// Checks `service` against what the runtime uses of the service with its feature or module.
pub fn check(service: &Service, diags: &mut Diagnostics) {
    for needed in NEEDED {
        let same_feature = service.feature == needed.feature;
        let same_module = service.module_path == needed.module;
        if !same_feature && !same_module {
            continue;
        }
        let service_file = format!("{}/service.yaml", service.spec_dir);
        if !same_module {
            diags.push(SpecError::new(
                &service_file,
                "module",
                format!(
                    "the service of feature '{}' must keep module '{}': {} use it there",
                    needed.feature,
                    needed.module.join("::"),
                    needed.user
                ),
            ));
            continue;
        }
        if !same_feature {
            diags.push(SpecError::new(
                &service_file,
                "feature",
                format!(
                    "module '{}' must keep feature '{}': {} are compiled with that feature",
                    needed.module.join("::"),
                    needed.feature,
                    needed.user
                ),
            ));
            continue;
        }
        for action in needed.actions {
            check_action(service, needed, action, diags);
        }
        for ty in needed.types {
            let file = format!("{}/types/{}.yaml", service.spec_dir, ty.name);
            let path = format!("types.{}", ty.name);
            match service.types.iter().find(|t| t.name == ty.name) {
                None => diags.push(SpecError::new(
                    &file,
                    &path,
                    format!("data type {} is missing: {} use it", ty.name, needed.user),
                )),
                Some(found) => check_fields(
                    &file,
                    &path,
                    "fields",
                    &found.fields,
                    ty.fields,
                    needed,
                    diags,
                ),
            }
        }
    }
}

fn check_action(
    service: &Service,
    needed: &Needed,
    wanted: &NeededAction,
    diags: &mut Diagnostics,
) {
    let file = format!("{}/actions/{}.yaml", service.spec_dir, wanted.name);
    let path = format!("actions.{}", wanted.name);
    let Some(action) = service.actions.iter().find(|a| a.name == wanted.name) else {
        diags.push(SpecError::new(
            &file,
            &path,
            format!("action {} is missing: {} call it", wanted.name, needed.user),
        ));
        return;
    };
    if action.unsigned != wanted.unsigned {
        let (is, must) = if wanted.unsigned {
            ("signed", "`auth: none`: they call it without credentials")
        } else {
            (
                "unsigned",
                "signed: they call it with the caller's credentials",
            )
        };
        diags.push(SpecError::new(
            &file,
            &format!("{path}.auth"),
            format!("the action is {is}; {} need it {must}", needed.user),
        ));
    }
    check_fields(
        &file,
        &path,
        "input",
        &action.input,
        wanted.input,
        needed,
        diags,
    );
    check_fields(
        &file,
        &path,
        "output",
        &action.output,
        wanted.output,
        needed,
        diags,
    );
    // A required param the runtime does not set would fail every call at `build()`.
    for param in &action.input {
        if param.required && !wanted.input.iter().any(|w| w.name == param.wire_name) {
            let set: Vec<&str> = wanted.input.iter().map(|w| w.name).collect();
            diags.push(SpecError::new(
                &file,
                &format!("{path}.input.{}", param.wire_name),
                format!(
                    "is required, but {} do not set it (they set {}): their calls would fail",
                    needed.user,
                    set.join(", ")
                ),
            ));
        }
    }
}

fn check_fields(
    file: &str,
    path: &str,
    list: &str,
    fields: &[Field],
    wanted: &[NeededField],
    needed: &Needed,
    diags: &mut Diagnostics,
) {
    for want in wanted {
        let at = format!("{path}.{list}.{}", want.name);
        match fields.iter().find(|f| f.wire_name == want.name) {
            None => diags.push(SpecError::new(
                file,
                &format!("{path}.{list}"),
                format!("'{}' is missing: {} use it", want.name, needed.user),
            )),
            Some(found) if !want.ty.matches(found) => diags.push(SpecError::new(
                file,
                &at,
                format!(
                    "must stay {}: {} use it as one",
                    want.ty.describe(),
                    needed.user
                ),
            )),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::testing::TestSpec;

    /// The STS spec folder of the workspace, as the validation tests' in-memory spec.
    fn sts_spec() -> TestSpec {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/sts/v20180813");
        let read = |path: std::path::PathBuf| {
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        };
        let files = |kind: &str| {
            let mut files: Vec<(String, String)> = std::fs::read_dir(dir.join(kind))
                .expect("spec folder")
                .map(|entry| {
                    let path = entry.expect("entry").path();
                    let name = path
                        .file_stem()
                        .expect("stem")
                        .to_string_lossy()
                        .into_owned();
                    (name, read(path))
                })
                .collect();
            files.sort();
            files
        };
        TestSpec {
            dir: "spec/sts/v20180813".to_owned(),
            service: read(dir.join("service.yaml")),
            actions: files("actions"),
            types: files("types"),
            ..TestSpec::new()
        }
    }

    /// Every error of the spec's validation, which ends with this check.
    fn errors_of(spec: TestSpec) -> Vec<String> {
        spec.resolve().err().unwrap_or_default()
    }

    fn errors_of_service(service: &Service) -> Vec<String> {
        let mut diags = Diagnostics::default();
        check(service, &mut diags);
        diags.errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_workspace_sts_spec_has_what_the_runtime_uses() {
        assert_eq!(errors_of(sts_spec()), Vec::<String>::new());
    }

    #[test]
    fn services_the_runtime_does_not_use_are_not_checked() {
        assert_eq!(errors_of(TestSpec::new()), Vec::<String>::new());
    }

    #[test]
    fn a_removed_or_retyped_item_names_its_file_and_path() {
        let cases: [(TestSpec, &str); 6] = [
            (
                sts_spec().edit_action(
                    "AssumeRole",
                    "  - name: ExpiredTime\n    type: Integer",
                    "  - name: ExpiredTime\n    type: String",
                ),
                "spec/sts/v20180813/actions/AssumeRole.yaml: actions.AssumeRole.output.ExpiredTime: must stay an Integer",
            ),
            (
                sts_spec().edit_action("AssumeRole", "  - name: ExternalId", "  - name: ExternalID"),
                "spec/sts/v20180813/actions/AssumeRole.yaml: actions.AssumeRole.input: 'ExternalId' is missing",
            ),
            (
                sts_spec().edit_type(
                    "Credentials",
                    "  - name: TmpSecretKey\n    type: String\n    sensitive: true",
                    "  - name: TmpSecretKey\n    type: String",
                ),
                "spec/sts/v20180813/types/Credentials.yaml: types.Credentials.fields.TmpSecretKey: must stay a String with `sensitive: true`",
            ),
            (
                sts_spec().edit_action("AssumeRoleWithWebIdentity", "auth: none\n", ""),
                "spec/sts/v20180813/actions/AssumeRoleWithWebIdentity.yaml: actions.AssumeRoleWithWebIdentity.auth: the action is signed",
            ),
            (
                sts_spec().edit_service("module: sts::v20180813", "module: sts2::v20180813"),
                "spec/sts/v20180813/service.yaml: module: the service of feature 'sts' must keep module 'sts::v20180813'",
            ),
            (
                sts_spec().edit_service("feature: sts", "feature: sts-api"),
                "spec/sts/v20180813/service.yaml: feature: module 'sts::v20180813' must keep feature 'sts'",
            ),
        ];
        for (spec, expected) in cases {
            let errors = errors_of(spec);
            assert_eq!(errors.len(), 1, "{errors:#?}");
            assert!(
                errors[0].starts_with(expected),
                "{}\nexpected: {expected}",
                errors[0]
            );
        }
    }

    #[test]
    fn a_missing_action_or_type_is_named() {
        let mut service = sts_spec().resolve().expect("valid");
        service.actions.retain(|a| a.name != "AssumeRole");
        service.types.retain(|t| t.name != "Credentials");
        let errors = errors_of_service(&service);
        assert_eq!(
            errors,
            [
                "spec/sts/v20180813/actions/AssumeRole.yaml: actions.AssumeRole: action AssumeRole is missing: the runtime's STS credential providers (generated-sdk/src/runtime/credentials/sts.rs) call it",
                "spec/sts/v20180813/types/Credentials.yaml: types.Credentials: data type Credentials is missing: the runtime's STS credential providers (generated-sdk/src/runtime/credentials/sts.rs) use it",
            ]
        );
    }

    #[test]
    fn a_file_that_did_not_load_is_not_also_missing() {
        let mut spec = sts_spec();
        spec.actions.retain(|(name, _)| name != "AssumeRole");
        assert_eq!(
            errors_of(spec.failed_action("AssumeRole")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_required_param_the_runtime_does_not_set_is_named() {
        let mut service = sts_spec().resolve().expect("valid");
        let assume_role = service
            .actions
            .iter_mut()
            .find(|a| a.name == "AssumeRole")
            .expect("AssumeRole");
        let source_identity = assume_role
            .input
            .iter_mut()
            .find(|f| f.wire_name == "SourceIdentity")
            .expect("SourceIdentity");
        source_identity.required = true;
        assert_eq!(
            errors_of_service(&service),
            ["spec/sts/v20180813/actions/AssumeRole.yaml: actions.AssumeRole.input.SourceIdentity: is required, but the runtime's STS credential providers (generated-sdk/src/runtime/credentials/sts.rs) do not set it (they set RoleArn, RoleSessionName, DurationSeconds, Policy, ExternalId): their calls would fail"]
        );
    }
}
