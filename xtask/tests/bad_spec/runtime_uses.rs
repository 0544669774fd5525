//! The STS service the runtime's credential providers call: a spec edit that would break the
//! runtime (a moved module, a removed or retyped param or field, a signed OIDC call) is an error
//! naming the STS file, not a crate that stops compiling.

use std::path::Path;

use super::Sandbox;

const STS: &str = "spec/sts/v20180813";

/// The fixture and the workspace's STS spec, generated once.
fn with_sts() -> Sandbox {
    let s = Sandbox::new();
    super::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/sts"),
        &s.root.join("spec/sts"),
    );
    s.assert_accepted();
    s
}

fn edit_sts(s: &Sandbox, file: &str, from: &str, to: &str) {
    let path = s.root.join(STS).join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} contains {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_param_the_runtime_sets_is_removed() {
    let s = with_sts();
    edit_sts(
        &s,
        "actions/AssumeRole.yaml",
        "  - name: ExternalId\n",
        "  - name: ExternalID\n",
    );
    s.assert_rejected_naming(
        STS,
        &["actions/AssumeRole.yaml: actions.AssumeRole.input: 'ExternalId' is missing: the runtime's STS credential providers"],
    );
}

#[test]
fn a_secret_the_runtime_reads_is_no_longer_sensitive() {
    let s = with_sts();
    edit_sts(
        &s,
        "types/Credentials.yaml",
        "  - name: Token\n    type: String\n    sensitive: true\n",
        "  - name: Token\n    type: String\n",
    );
    s.assert_rejected_naming(
        STS,
        &["types/Credentials.yaml: types.Credentials.fields.Token: must stay a String with `sensitive: true`"],
    );
}

#[test]
fn the_oidc_call_is_signed() {
    let s = with_sts();
    edit_sts(
        &s,
        "actions/AssumeRoleWithWebIdentity.yaml",
        "auth: none\n",
        "",
    );
    s.assert_rejected_naming(
        STS,
        &["actions.AssumeRoleWithWebIdentity.auth: the action is signed"],
    );
}

#[test]
fn the_module_moves() {
    let s = with_sts();
    edit_sts(
        &s,
        "service.yaml",
        "module: sts::v20180813",
        "module: sts_api::v20180813",
    );
    s.assert_rejected_naming(
        STS,
        &["service.yaml: module: the service of feature 'sts' must keep module 'sts::v20180813'"],
    );
}
