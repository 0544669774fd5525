//! `cargo xtask import` and `cargo xtask drift` on small definition files written for these tests
//! in the official formats (tccli's api.json and examples.json, the Python SDK's errorcodes.py).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const OFFICIAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/official");
const DRIFT_SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/drift-spec");

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn import(spec: &Path, extra: &[&str]) -> Output {
    let api = format!("{OFFICIAL}/api.json");
    let examples = format!("{OFFICIAL}/examples.json");
    let spec = spec.display().to_string();
    let mut args = vec![
        "import",
        api.as_str(),
        "--examples",
        examples.as_str(),
        "--source-version",
        "0.0.1-fixture",
        "--spec",
        spec.as_str(),
    ];
    args.extend_from_slice(extra);
    xtask(&args)
}

fn codegen(spec: &Path, out: &Path) -> Output {
    xtask(&[
        "codegen",
        "--quiet",
        "--spec",
        &spec.display().to_string(),
        "--out",
        &out.display().to_string(),
    ])
}

#[test]
fn drafts_pass_codegen_once_their_rate_limits_are_filled_in() {
    let dir = scratch("import-drafts");
    let spec = dir.join("spec");
    let imported = import(&spec, &["--all"]);
    assert!(imported.status.success(), "{}", text(&imported));
    let report = text(&imported);
    for file in [
        "wdg/v20210304/service.yaml",
        "wdg/v20210304/actions/CreateWidget.yaml",
        "wdg/v20210304/actions/DescribeWidgets.yaml",
        "wdg/v20210304/types/Widget.yaml",
        "wdg/v20210304/types/Placement.yaml",
        "wdg/v20210304/types/Tag.yaml",
    ] {
        assert!(report.contains(file), "{file} written: {report}");
    }
    let folder = spec.join("wdg/v20210304");
    let create = fs::read_to_string(folder.join("actions/CreateWidget.yaml")).unwrap();
    assert!(create.starts_with("# Draft written by cargo xtask import"));
    assert!(create.contains("rate_limit: unknown"));
    // Disabled members stay out; docs lose their HTML; the example is flattened to wire params.
    assert!(!create.contains("Internal"));
    assert!(
        create.contains("[widgets](https://example.com/widgets)"),
        "{create}"
    );
    assert!(create.contains("Tags.0.Key: env"), "{create}");
    let service = fs::read_to_string(folder.join("service.yaml")).unwrap();
    assert!(service.contains("version: 0.0.1-fixture"), "{service}");

    // Without rate limits, codegen names each missing one and writes nothing.
    let out = dir.join("out");
    let refused = codegen(&spec, &out);
    assert!(!refused.status.success());
    let message = text(&refused);
    for action in ["CreateWidget", "DescribeWidgets"] {
        assert!(
            message.contains(&format!(
                "actions/{action}.yaml: actions.{action}.rate_limit: not filled in yet (`unknown`, left by cargo xtask import)"
            )),
            "{message}"
        );
    }
    assert!(!out.exists());

    for action in ["CreateWidget", "DescribeWidgets"] {
        let path = folder.join(format!("actions/{action}.yaml"));
        let filled = fs::read_to_string(&path)
            .unwrap()
            .replace("rate_limit: unknown", "rate_limit: 20");
        fs::write(&path, filled).unwrap();
    }
    let generated = codegen(&spec, &out);
    assert!(generated.status.success(), "{}", text(&generated));
    let widgets = fs::read_to_string(out.join("src/wdg/v20210304/describe_widgets.rs")).unwrap();
    assert!(widgets.contains("rate_limit = 20u32"));
    // Importing the same definition again finds nothing to report.
    let drift = xtask(&[
        "drift",
        &format!("{OFFICIAL}/api.json"),
        "--spec",
        &spec.display().to_string(),
        "--fail-on-drift",
    ]);
    assert!(drift.status.success(), "{}", text(&drift));
    assert!(text(&drift).contains("0 difference(s)"), "{}", text(&drift));
}

#[test]
fn drafts_never_overwrite_reviewed_files_without_force() {
    let dir = scratch("import-reviewed");
    let spec = dir.join("spec");
    assert!(import(&spec, &["--action", "CreateWidget"])
        .status
        .success());
    let path = spec.join("wdg/v20210304/actions/CreateWidget.yaml");
    // A maintainer reviews the file: the header goes, the rate limit is filled in.
    let draft = fs::read_to_string(&path).unwrap();
    let reviewed: String = draft
        .lines()
        .skip(1)
        .map(|l| {
            if l == "rate_limit: unknown" {
                "rate_limit: 20\n".to_owned()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    fs::write(&path, &reviewed).unwrap();
    let again = import(
        &spec,
        &["--action", "CreateWidget", "--action", "DescribeWidgets"],
    );
    assert!(again.status.success());
    let report = text(&again);
    assert!(report.contains("kept (reviewed"), "{report}");
    assert!(
        report.contains("written:\n    wdg/v20210304/actions/DescribeWidgets.yaml"),
        "{report}"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        reviewed,
        "the reviewed file is untouched"
    );
    // Drafts are replaced; reviewed files only with --force.
    let drafts = import(&spec, &["--action", "DescribeWidgets"]);
    assert!(
        text(&drafts).contains("replaced (still drafts)"),
        "{}",
        text(&drafts)
    );
    let forced = import(&spec, &["--action", "CreateWidget", "--force"]);
    assert!(
        text(&forced).contains("overwritten (--force"),
        "{}",
        text(&forced)
    );
    assert!(fs::read_to_string(&path)
        .unwrap()
        .contains("rate_limit: unknown"));
}

#[test]
fn import_names_what_is_wrong() {
    let dir = scratch("import-errors");
    let unknown = import(&dir, &["--action", "CreateWidgets"]);
    assert!(!unknown.status.success());
    assert!(
        text(&unknown)
            .contains("has no action CreateWidgets (it has CreateWidget, DescribeWidgets)"),
        "{}",
        text(&unknown)
    );
    let nothing = import(&dir, &[]);
    assert!(
        text(&nothing).contains("--action NAME"),
        "{}",
        text(&nothing)
    );
    let unversioned = xtask(&["import", &format!("{OFFICIAL}/api.json"), "--all"]);
    assert!(text(&unversioned).contains("--source-version is required"));
    let not_a_definition = xtask(&[
        "import",
        &format!("{OFFICIAL}/errorcodes.py"),
        "--all",
        "--source-version",
        "1",
    ]);
    assert!(text(&not_a_definition).contains("is not an official api.json"));
    assert!(
        fs::read_dir(&dir).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn a_definition_cannot_write_outside_the_spec_folder() {
    let dir = scratch("import-traversal");
    let spec = dir.join("spec");
    let original = fs::read_to_string(format!("{OFFICIAL}/api.json")).unwrap();
    let cases = [
        (
            original.replace("\"CreateWidget\": {", "\"../../Evil\": {"),
            "actions has \"../../Evil\", which is not a name",
        ),
        (
            original.replace("\"Tag\": {", "\"../Tag\": {"),
            "objects has \"../Tag\", which is not a name",
        ),
        (
            original.replace(
                "\"serviceShortName\": \"wdg\"",
                "\"serviceShortName\": \"../wdg\"",
            ),
            "metadata.serviceShortName \"../wdg\" is not a service name",
        ),
        (
            original.replace(
                "\"apiVersion\": \"2021-03-04\"",
                "\"apiVersion\": \"../../x\"",
            ),
            "metadata.apiVersion \"../../x\" is not a date YYYY-MM-DD",
        ),
    ];
    for (i, (json, expected)) in cases.into_iter().enumerate() {
        assert_ne!(json, original, "case {i} edits the fixture");
        let api = dir.join(format!("api{i}.json"));
        fs::write(&api, json).unwrap();
        let out = xtask(&[
            "import",
            &api.display().to_string(),
            "--all",
            "--source-version",
            "1",
            "--spec",
            &spec.display().to_string(),
        ]);
        assert!(!out.status.success());
        assert!(text(&out).contains(expected), "{}", text(&out));
        assert!(!spec.exists(), "nothing written");
    }
}

fn drift(extra: &[&str]) -> Output {
    let mut args = vec![
        "drift".to_owned(),
        format!("{OFFICIAL}/api.json"),
        "--error-codes".to_owned(),
        format!("{OFFICIAL}/errorcodes.py"),
        "--spec".to_owned(),
        DRIFT_SPEC.to_owned(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    xtask(&args)
}

#[test]
fn drift_reports_every_kind_of_difference_in_text() {
    let report = drift(&[]);
    assert!(report.status.success(), "reporting alone does not fail");
    let report = text(&report);
    for expected in [
        "13 difference(s)",
        "actions the spec lacks (1):\n  DescribeWidgets",
        "actions the definition no longer has (1):\n  DeleteWidget",
        "new params (1):\n  CreateWidget.input.Count (Integer)",
        "params the definition no longer has (1):\n  CreateWidget.input.OldParam",
        "  CreateWidget.output.WidgetId (String)",
        "  types.Widget.Placement (Placement)",
        "fields the definition no longer has (1):\n  CreateWidget.output.OldField",
        "CreateWidget.input.Tags: Array of String -> Array of Tag",
        "CreateWidget.input.Name: false -> true",
        "types.Widget.State: running, stopped -> RUNNING, STOPPED",
        "InvalidWidgetId.NotFound: InvalidWidgetId.NotFound -> InvalidWidgetsId.NotFound",
        "error codes the spec lacks (1):\n  LimitExceeded.WidgetQuota (The account's widget quota is used up.)",
        "error codes the definition no longer has (1):\n  ResourceUnavailable.Old",
    ] {
        assert!(report.contains(expected), "{expected:?} in:\n{report}");
    }
    // A Timestamp in the definition and a String in the spec travel alike: no difference.
    assert!(!report.contains("CreatedTime"), "{report}");
    let gate = drift(&["--fail-on-drift"]);
    assert_eq!(gate.status.code(), Some(1));
}

#[test]
fn drift_reports_every_kind_of_difference_in_json() {
    let output = drift(&["--json"]);
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["service"], "wdg");
    assert_eq!(json["version"], "2021-03-04");
    let differences = json["differences"].as_array().unwrap();
    let mut kinds: Vec<&str> = differences
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "changed_required",
            "changed_type",
            "changed_values",
            "new_action",
            "new_error_code",
            "new_field",
            "new_param",
            "removed_action",
            "removed_error_code",
            "removed_field",
            "removed_param",
            "renamed_error_code",
        ]
    );
    let renamed = differences
        .iter()
        .find(|d| d["kind"] == "renamed_error_code")
        .unwrap();
    assert_eq!(renamed["spec"], "InvalidWidgetId.NotFound");
    assert_eq!(renamed["official"], "InvalidWidgetsId.NotFound");
}
