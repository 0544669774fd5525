//! A bad spec gets one clear message naming the file and the spec path, the run fails without a
//! panic, and the generated crate is left byte-for-byte as it was.
//!
//! Each module holds one kind of mistake; every test edits a copy of the codegen fixture
//! (`codegen/tests/fixtures/spec`) in a sandbox that holds a crate generated from it.

mod encoding;
mod examples;
mod files;
mod follow_on;
mod names;
mod numbers;
mod runtime_uses;
mod service;
mod types;
mod unknown_keys;
mod waiters;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../codegen/tests/fixtures/spec"
);

/// The fixture's version folder, as messages show it.
const DIR: &str = "spec/demo/v1";

struct Sandbox {
    root: PathBuf,
}

impl Sandbox {
    /// A copy of the fixture spec and a crate generated from it.
    fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let root = std::env::temp_dir().join(format!("xtask-bad-spec-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        copy_dir(Path::new(FIXTURE), &root.join("spec"));
        fs::create_dir_all(root.join("out/src")).unwrap();
        fs::write(root.join("out/src/lib.rs"), "// hand-written\n").unwrap();
        let sandbox = Sandbox { root };
        let (ok, _, stderr) = sandbox.codegen();
        assert!(ok, "the unmodified fixture generates: {stderr}");
        sandbox
    }

    fn codegen(&self) -> (bool, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .current_dir(&self.root)
            .args(["codegen", "--quiet", "--spec", "spec", "--out", "out"])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn path(&self, file: &str) -> PathBuf {
        self.root.join(DIR).join(file)
    }

    /// Replaces the first `from` in a spec file (which must contain it).
    fn edit(&self, file: &str, from: &str, to: &str) -> &Self {
        let path = self.path(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} contains {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self
    }

    fn write(&self, file: &str, text: &str) -> &Self {
        self.write_bytes(file, text.as_bytes())
    }

    fn write_bytes(&self, file: &str, bytes: &[u8]) -> &Self {
        let path = self.path(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
        self
    }

    fn read(&self, file: &str) -> String {
        fs::read_to_string(self.path(file)).unwrap()
    }

    fn remove(&self, file: &str) -> &Self {
        fs::remove_file(self.path(file)).unwrap();
        self
    }

    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        collect(&self.root.join("out"), &mut files);
        files
    }

    /// Runs codegen on a spec with one mistake: it must fail, without a panic, with exactly one
    /// error, on one line naming the file (`spec/demo/v1/...`) and holding every `expected`
    /// fragment, and write nothing.
    #[track_caller]
    fn assert_rejected(&self, expected: &[&str]) {
        self.assert_rejected_n(1, expected);
    }

    /// [`Self::assert_rejected`] for a spec with `errors` independent mistakes.
    #[track_caller]
    fn assert_rejected_n(&self, errors: usize, expected: &[&str]) {
        self.assert_rejected_in(errors, DIR, expected);
    }

    /// [`Self::assert_rejected_n`] for a mistake in a file outside the fixture's folder: the
    /// message's line starts with `file`.
    #[track_caller]
    fn assert_rejected_naming(&self, file: &str, expected: &[&str]) {
        self.assert_rejected_in(1, file, expected);
    }

    #[track_caller]
    fn assert_rejected_in(&self, errors: usize, file: &str, expected: &[&str]) {
        let before = self.snapshot();
        let (ok, _, stderr) = self.codegen();
        assert!(!ok, "codegen accepted a bad spec");
        assert!(!stderr.contains("panicked"), "codegen panicked:\n{stderr}");
        let count = format!("{errors} spec error{}:", if errors == 1 { "" } else { "s" });
        assert!(
            stderr.contains(&count),
            "expected {count:?} (one message per problem):\n{stderr}"
        );
        let line = stderr
            .lines()
            .find(|l| expected.iter().all(|e| l.contains(e)))
            .unwrap_or_else(|| {
                panic!("no single line of the error contains {expected:?}:\n{stderr}")
            });
        assert!(
            line.contains(&format!("{file}/")) || line.contains(&format!("{file}:")),
            "the message names the file: {line}"
        );
        assert_eq!(before, self.snapshot(), "a failed run changed the output");
    }

    /// Runs codegen on a spec that must be accepted.
    #[track_caller]
    fn assert_accepted(&self) -> String {
        let (ok, stdout, stderr) = self.codegen();
        assert!(ok, "codegen rejected a valid spec:\n{stderr}");
        stdout
    }

    /// A generated file of the output crate.
    fn output(&self, path: &str) -> String {
        fs::read_to_string(self.root.join("out").join(path)).unwrap()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn collect(dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.insert(path.clone(), fs::read(&path).unwrap());
        }
    }
}

#[test]
fn fixture_generates_and_check_passes() {
    let sandbox = Sandbox::new();
    let files = sandbox.snapshot();
    assert!(files
        .keys()
        .any(|p| p.ends_with("src/demo/v1/create_widget.rs")));
    assert!(
        files
            .values()
            .filter(|t| t.starts_with(b"// @generated"))
            .count()
            >= 6
    );
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(&sandbox.root)
        .args(["codegen", "--check", "--spec", "spec", "--out", "out"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn check_names_stale_and_missing_files() {
    let sandbox = Sandbox::new();
    let stale = sandbox.root.join("out/src/demo/v1/old_action.rs");
    fs::write(
        &stale,
        "// @generated by cargo xtask codegen from spec/demo/v1; do not edit.\n",
    )
    .unwrap();
    let edited = sandbox.root.join("out/src/demo/v1/create_widget.rs");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, text.replacen("pub struct", "pub(crate) struct", 1)).unwrap();
    fs::remove_file(sandbox.root.join("out/src/demo/v1/list_widgets.rs")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(&sandbox.root)
        .args(["codegen", "--check", "--spec", "spec", "--out", "out"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("differs: out/src/demo/v1/create_widget.rs"),
        "{stderr}"
    );
    assert!(
        stderr.contains("missing: out/src/demo/v1/list_widgets.rs"),
        "{stderr}"
    );
    assert!(
        stderr.contains("stale (no longer generated): out/src/demo/v1/old_action.rs"),
        "{stderr}"
    );
    assert!(
        stderr.contains("-pub(crate) struct") && stderr.contains("+pub struct"),
        "shows the diff: {stderr}"
    );
    // A normal run repairs all three; a second run changes nothing.
    let (ok, stdout, _) = sandbox.codegen();
    assert!(ok && stdout.contains("3 changed"), "{stdout}");
    let (ok, stdout, _) = sandbox.codegen();
    assert!(ok && stdout.contains(" 0 changed"), "{stdout}");
    assert!(!stale.exists());
}
