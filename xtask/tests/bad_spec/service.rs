//! Service metadata (`service.yaml`): module path, version against the folder, endpoint, regions.

use super::Sandbox;

fn service(from: &str, to: &str) -> Sandbox {
    let s = Sandbox::new();
    s.edit("service.yaml", from, to);
    s
}

#[test]
fn version_of_a_dated_module_differs() {
    service("module: demo::v1", "module: demo::v20200102").assert_rejected(&[
        "spec/demo/v1/service.yaml: version: '2020-01-01' does not match the module 'v20200102' (expected '2020-01-02')",
    ]);
}

#[test]
fn api3_version_is_not_a_date() {
    service("version: \"2020-01-01\"", "version: \"1\"").assert_rejected(&[
        "service.yaml: version: '1' is not an API 3.0 version: expected a date YYYY-MM-DD such as 2017-03-12",
    ]);
}

#[test]
fn api3_version_is_not_a_calendar_date() {
    service("version: \"2020-01-01\"", "version: \"2019-02-29\"")
        .assert_rejected(&["service.yaml: version: '2019-02-29' is not an API 3.0 version"]);
}

#[test]
fn module_segment_is_a_keyword() {
    service("module: demo::v1", "module: demo::type").assert_rejected(&[
        "service.yaml: module: 'demo::type' is not a valid Rust module path: 'type' is a Rust keyword",
    ]);
}

#[test]
fn module_segment_is_not_snake_case() {
    service("module: demo::v1", "module: Demo::v1").assert_rejected(&[
        "service.yaml: module: 'Demo::v1' is not a valid Rust module path: 'Demo' is not a snake_case module name",
    ]);
}

#[test]
fn module_is_the_runtime() {
    service("module: demo::v1", "module: runtime::v1").assert_rejected(&[
        "'runtime::v1' is not a valid Rust module path: 'runtime' is reserved at the crate root",
    ]);
}

#[test]
fn module_is_a_file_of_the_crate_root() {
    for (module, why) in [
        (
            "services::v1",
            "src/services.rs is the generated list of service modules",
        ),
        ("lib::v1", "the crate root's file is src/lib.rs"),
    ] {
        service("module: demo::v1", &format!("module: {module}"))
            .assert_rejected(&[&format!("'{module}' is not a valid Rust module path"), why]);
    }
}

#[test]
fn signing_name_breaks_the_credential_scope() {
    service("signing_name: demo", "signing_name: demo/x").assert_rejected(&[
        "service.yaml: signing_name: 'demo/x' is not a credential-scope service name",
    ]);
}

#[test]
fn an_action_param_repeats_a_common_param() {
    let s = Sandbox::new();
    s.edit(
        "service.yaml",
        "errors:",
        "common_params:\n  - name: Action\n    type: String\nerrors:",
    )
    .edit(
        "actions/CreateWidget.yaml",
        "input:\n",
        "input:\n  - name: Action\n    type: String\n",
    );
    // API 3.0 keeps them apart under TC3: a warning (codegen without --quiet), the spec generates.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(&s.root)
        .args(["codegen", "--spec", "spec", "--out", "out"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "actions.CreateWidget.input.Action: 'Action' is also a common param of the service"
        ),
        "{stderr}"
    );
}

#[test]
fn module_repeats_its_parent() {
    service("module: demo::v1", "module: demo::demo").assert_rejected(&[
        "'demo::demo' is not a valid Rust module path: 'demo' repeats its parent module (clippy's module_inception)",
    ]);
}

#[test]
fn endpoint_host_with_a_scheme() {
    service("host: demo.example.com", "host: https://demo.example.com").assert_rejected(&[
        "service.yaml: endpoint.host: 'https://demo.example.com' is not a host name",
    ]);
}

#[test]
fn regional_host_without_the_region() {
    service(
        "regional_host: \"demo.{region}.example.com\"",
        "regional_host: \"demo.example.com\"",
    )
    .assert_rejected(&[
        "service.yaml: endpoint.regional_host: must contain '{region}' exactly once",
    ]);
}

#[test]
fn endpoint_path_without_a_slash() {
    service("  path: /", "  path: v2/index.php")
        .assert_rejected(&["service.yaml: endpoint.path: 'v2/index.php' is not a request path"]);
}

#[test]
fn duplicate_region() {
    service(
        "    doc: Demo region\n",
        "    doc: Demo region\n  - name: ap-demo\n",
    )
    .assert_rejected(&["service.yaml: regions[1].name: duplicate region 'ap-demo'"]);
}

#[test]
fn empty_region_name() {
    service("  - name: ap-demo", "  - name: \"\"")
        .assert_rejected(&["service.yaml: regions[0].name: '' is not a region name"]);
}

#[test]
fn duplicate_common_error_code() {
    service("  - code: RequestLimitExceeded", "  - code: InternalError")
        .assert_rejected(&["service.yaml: errors[1]: duplicate error code 'InternalError'"]);
}

#[test]
fn two_modules_sharing_a_test_file() {
    let s = Sandbox::new();
    // `demo_v1` (flat) and the fixture's `demo::v1` would both write tests/examples/demo_v1.rs.
    let dir = s.root.join("spec/flat/x");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("service.yaml"),
        "name: flat\ntitle: Flat\nmodule: demo_v1\nfeature: flat\nversion: '1'\nprotocol: qingcloud\nsource:\n  name: test\n  version: '1'\nendpoint:\n  host: flat.example.com\n",
    )
    .unwrap();
    let before = s.snapshot();
    let (ok, _, stderr) = s.codegen();
    assert!(!ok && !stderr.contains("panicked"), "{stderr}");
    assert_eq!(before, s.snapshot(), "a failed run changed the output");
    assert!(
        stderr.lines().any(|l| l.contains("spec/flat/x/service.yaml: module: module 'demo_v1' and module 'demo::v1' of spec/demo/v1 would share the test file tests/examples/demo_v1.rs")),
        "{stderr}"
    );
}
