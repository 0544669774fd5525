//! A maintainer adds a service and an action with spec files alone: in a scratch copy of the
//! workspace, `cargo xtask codegen` derives everything that lists services (module tree, features,
//! tables, the CI feature loop), and the new module builds warning-free under clippy and rustdoc,
//! passes its generated doc-example tests and answers through the mock.
//!
//! The copy builds in this workspace's own target folder (under another package path), so only the
//! copied workspace crates compile, not their dependencies.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/new-service");
const OFFICIAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/official");

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The target folder of this build (`.../target`), from the path of the xtask binary under test.
fn target_dir() -> PathBuf {
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_xtask"));
    exe.ancestors()
        .nth(2)
        .expect("xtask binary lives in <target>/<profile>/")
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the workspace: manifests, specs, crates and READMEs.
fn scratch_workspace() -> PathBuf {
    let root = workspace_root();
    let copy = target_dir().join("new-service-test").join("workspace");
    let _ = fs::remove_dir_all(&copy);
    fs::create_dir_all(&copy).unwrap();
    for file in ["Cargo.toml", "Cargo.lock", "README.md"] {
        fs::copy(root.join(file), copy.join(file)).unwrap();
    }
    for dir in [".cargo", "spec", "codegen", "xtask", "generated-sdk"] {
        copy_dir(&root.join(dir), &copy.join(dir));
    }
    copy
}

fn run(what: &str, command: &mut Command) -> String {
    let out = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{what} failed:\n{stdout}\n{stderr}");
    stdout
}

fn xtask(ws: &Path, args: &[&str]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.current_dir(ws).args(args).args(["--spec", "spec"]);
    if args[0] == "codegen" {
        command.args(["--out", "generated-sdk"]);
    }
    run(&format!("cargo xtask {}", args.join(" ")), &mut command)
}

fn cargo(ws: &Path, args: &[&str]) -> String {
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(ws)
        .args(args)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("RUSTFLAGS");
    run(&format!("cargo {}", args.join(" ")), &mut command)
}

/// Calls both new things through the mock, from a downstream test of the copied crate.
const MOCK_TEST: &str = r#"
//! Written by xtask/tests/new_service.rs: the new service and the new action answer through the mock.
#![cfg(all(feature = "cbs", feature = "ecm", feature = "wdg", feature = "test-util"))]

use generated_sdk::cbs::v20170312 as cbs;
use generated_sdk::ecm::v20190719 as ecm;
use generated_sdk::runtime::mock::MockCloud;
use generated_sdk::wdg::v20210304 as wdg;

#[tokio::test]
async fn the_new_service_and_action_answer_through_the_mock() {
    let mock = MockCloud::new().with_service(&cbs::MOCK).with_service(&ecm::MOCK);
    let disks = cbs::Client::new(mock.config().region("ap-guangzhou"));
    let out = disks
        .describe_disks()
        .disk_ids(["disk-abc"])
        .limit(1)
        .send()
        .await
        .unwrap();
    assert_eq!(out.request_id, "req-cbs-1");
    assert_eq!(out.total_count, Some(1));
    let disk = &out.disk_set.as_ref().unwrap()[0];
    assert_eq!(disk.disk_id.as_deref(), Some("disk-abc"));
    assert_eq!(disk.disk_state, Some(cbs::DiskState::Attached));
    assert_eq!(mock.requests_of("DescribeDisks")[0].strings("DiskIds"), ["disk-abc"]);
    // Documented bounds hold before any traffic.
    let err = disks.describe_disks().limit(0).send().await.unwrap_err();
    assert!(err.to_string().contains("Limit"), "{err}");

    // Escaped names: the action `Type`, the param `Send`, the fields `Add` and `Build`; a
    // recursive data type stored boxed.
    let tree = disks.type_().send_("now").send().await.unwrap();
    let root = tree.root.unwrap();
    assert_eq!(root.add_.as_deref(), Some("a"));
    let child = &root.children.as_ref().unwrap()[0];
    assert_eq!(child.parent.as_ref().unwrap().name.as_deref(), Some("root"));
    let built = cbs::Folder::builder()
        .name("x")
        .parent(cbs::Folder::builder().name("up").build().unwrap())
        .build_("b")
        .build()
        .unwrap();
    assert_eq!(built.parent.unwrap().name.as_deref(), Some("up"));
    let err = disks.type_().send_("far too long").send().await.unwrap_err();
    assert!(err.to_string().contains("Send"), "{err}");

    let edge = ecm::Client::new(mock.config());
    let config = edge.describe_config().send().await.unwrap();
    assert_eq!(config.max_instance_count, Some(100));
    assert_eq!(cbs::ACTIONS.len(), 2);
    assert_eq!(ecm::ACTIONS.len(), 2);

    // A service imported by `cargo xtask import`, its rate limits filled in.
    let mock = mock.with_service(&wdg::MOCK);
    let widgets = wdg::Client::new(mock.config().region("ap-guangzhou"));
    let created = widgets.create_widget().name("w1").count(1).send().await.unwrap();
    assert_eq!(created.widget_id.as_deref(), Some("wdg-1"));
    let listed = widgets.describe_widgets().limit(1).send().await.unwrap();
    let widget = &listed.widget_set.unwrap()[0];
    assert_eq!(widget.state.as_deref(), Some("RUNNING"));
    assert_eq!(widget.placement.as_ref().unwrap().zone.as_deref(), Some("ap-guangzhou-3"));
    let missing = widgets.create_widget().send().await.unwrap_err();
    assert!(missing.to_string().contains("Name"), "{missing}");
}
"#;

#[test]
fn a_new_service_and_action_by_spec_files_alone() {
    let ws = scratch_workspace();
    copy_dir(&Path::new(FIXTURE).join("cbs"), &ws.join("spec/cbs"));
    fs::copy(
        Path::new(FIXTURE).join("DescribeConfig.yaml"),
        ws.join("spec/ecm/v20190719/actions/DescribeConfig.yaml"),
    )
    .unwrap();

    // A whole service imported from an official definition; the maintainer fills in its limits.
    let mut import = Command::new(env!("CARGO_BIN_EXE_xtask"));
    import.current_dir(&ws).args([
        "import",
        &format!("{OFFICIAL}/api.json"),
        "--examples",
        &format!("{OFFICIAL}/examples.json"),
        "--source-version",
        "0.0.1-fixture",
        "--all",
        "--spec",
        "spec",
    ]);
    run("cargo xtask import", &mut import);
    for action in ["CreateWidget", "DescribeWidgets"] {
        let path = ws.join(format!("spec/wdg/v20210304/actions/{action}.yaml"));
        let draft = fs::read_to_string(&path).unwrap();
        fs::write(
            &path,
            draft.replace("rate_limit: unknown", "rate_limit: 20"),
        )
        .unwrap();
    }

    // Before regenerating, the checked-in code is stale, and --check says so.
    let stale = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(&ws)
        .args([
            "codegen",
            "--check",
            "--spec",
            "spec",
            "--out",
            "generated-sdk",
        ])
        .output()
        .unwrap();
    assert!(!stale.status.success());
    let report = String::from_utf8_lossy(&stale.stderr);
    for expected in [
        "missing: generated-sdk/src/cbs/v20170312/describe_disks.rs",
        "missing: generated-sdk/src/ecm/v20190719/describe_config.rs",
        "differs: generated-sdk/src/services.rs",
        "differs: generated-sdk/Cargo.toml",
        "differs: generated-sdk/src/lib.rs",
        "differs: README.md",
        "differs: spec/README.md",
    ] {
        assert!(
            report.contains(expected),
            "--check reports {expected:?}:\n{report}"
        );
    }

    xtask(&ws, &["codegen", "--quiet"]);
    xtask(&ws, &["codegen", "--check"]);

    // Everything that lists services now lists the new one.
    let manifest = fs::read_to_string(ws.join("generated-sdk/Cargo.toml")).unwrap();
    assert!(manifest.contains("\ncbs = []\n"), "{manifest}");
    let tree = fs::read_to_string(ws.join("generated-sdk/src/services.rs")).unwrap();
    assert!(
        tree.contains("#[cfg(feature = \"cbs\")]\npub mod cbs;"),
        "{tree}"
    );
    let readme = fs::read_to_string(ws.join("README.md")).unwrap();
    assert!(readme.contains("| `spec/cbs/v20170312` | `generated_sdk::cbs::v20170312` | `cbs` |"));
    assert!(
        readme.contains("1 action from other sources"),
        "the ECM row says DescribeConfig comes from elsewhere"
    );
    let lib = fs::read_to_string(ws.join("generated-sdk/src/lib.rs")).unwrap();
    assert!(lib.contains("//! | `cbs::v20170312` | `cbs` |"));
    let spec_readme = fs::read_to_string(ws.join("spec/README.md")).unwrap();
    assert!(spec_readme.contains("| `cbs/v20170312` | `cbs::v20170312` | `cbs` | `tencent_api3` |"));
    let features = xtask(&ws, &["features"]);
    assert!(
        features.lines().any(|f| f == "cbs"),
        "the CI loop builds cbs: {features}"
    );

    // The new module on its own, then with everything: clippy, rustdoc and tests, all warning-free.
    fs::write(
        ws.join("generated-sdk/tests/new_service_mock.rs"),
        MOCK_TEST,
    )
    .unwrap();
    cargo(
        &ws,
        &[
            "clippy",
            "--quiet",
            "-p",
            "generated-sdk",
            "--no-default-features",
            "--features",
            "cbs",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(
        &ws,
        &[
            "clippy",
            "--quiet",
            "-p",
            "generated-sdk",
            "--all-features",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(
        &ws,
        &[
            "doc",
            "--quiet",
            "-p",
            "generated-sdk",
            "--no-deps",
            "--all-features",
        ],
    );
    let tests = cargo(
        &ws,
        &[
            "test",
            "-p",
            "generated-sdk",
            "--all-features",
            "--test",
            "examples",
            "--test",
            "new_service_mock",
        ],
    );
    assert!(
        tests.contains("cbs_v20170312::"),
        "the generated doc-example tests of cbs ran:\n{tests}"
    );
    assert!(
        tests.contains("the_new_service_and_action_answer_through_the_mock ... ok"),
        "{tests}"
    );
    let _ = fs::remove_dir_all(&ws);
}
