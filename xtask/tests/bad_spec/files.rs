//! Spec files where nothing reads them: each is an error naming it, never a file silently left out.

use super::Sandbox;

const NOT_READ: &str = "this file is not read: spec files are <service>/<version>/service.yaml, waiters.yaml, actions/<Action>.yaml and types/<Type>.yaml";

#[test]
fn an_action_file_in_a_subfolder() {
    let s = Sandbox::new();
    let action = s.read("actions/CreateWidget.yaml");
    s.remove("actions/CreateWidget.yaml")
        .write("actions/widgets/CreateWidget.yaml", &action);
    // The action is gone from where it is read, so the types naming it say so too; the first
    // error is the file that is not read.
    let (ok, _, stderr) = s.codegen();
    assert!(!ok);
    assert!(
        stderr.contains(&format!(
            "spec/demo/v1/actions/widgets/CreateWidget.yaml: {NOT_READ}"
        )),
        "{stderr}"
    );
}

#[test]
fn a_yaml_file_beside_service_yaml() {
    let s = Sandbox::new();
    s.write("errors.yaml", "errors: []\n");
    s.assert_rejected(&["spec/demo/v1/errors.yaml:", NOT_READ]);
}

#[test]
fn a_service_yaml_above_its_version_folder() {
    let s = Sandbox::new();
    s.write("../service.yaml", "name: demo\n");
    s.assert_rejected_naming(
        "spec/demo/service.yaml",
        &[
            NOT_READ,
            "(a service is a folder <service>/<version>/ with service.yaml)",
        ],
    );
}

#[test]
fn an_upper_case_extension_is_read_like_any_action_file() {
    let s = Sandbox::new();
    let action = s.read("actions/CreateWidget.yaml");
    s.remove("actions/CreateWidget.yaml")
        .write("actions/CreateWidget.YAML", &action);
    s.assert_rejected(&[
        "actions/CreateWidget.YAML: actions.CreateWidget.name: action 'CreateWidget' must live in actions/CreateWidget.yaml",
    ]);
}

#[test]
fn a_spec_folder_without_services_removes_nothing() {
    let s = Sandbox::new();
    std::fs::remove_dir_all(s.root.join("spec/demo")).unwrap();
    s.assert_rejected_naming(
        "spec",
        &["spec: no service found: a service is a folder <service>/<version>/ with service.yaml"],
    );
}
