//! Reading spec files from disk into the serde mirrors of [`crate::spec`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostics, SpecError};
use crate::spec::{ActionSpec, ServiceSpec, TypeSpec, WaitersFile};

/// One service version folder, parsed but not yet validated.
#[derive(Debug)]
pub struct LoadedService {
    /// Display path of the folder, e.g. `spec/cvm/v20170312`.
    pub dir: String,
    pub service_file: String,
    pub service: ServiceSpec,
    /// (display path, parsed file), sorted by file name.
    pub actions: Vec<(String, ActionSpec)>,
    pub types: Vec<(String, TypeSpec)>,
    /// `waiters.yaml`, when present.
    pub waiters: Option<(String, WaitersFile)>,
    /// File stems of action files that did not load (their error is reported): other files
    /// naming these actions add no "unknown action" errors.
    pub failed_actions: BTreeSet<String>,
    /// File stems of data type files that did not load.
    pub failed_types: BTreeSet<String>,
}

/// Finds every `<service>/<version>/service.yaml` below `root` and parses it with its
/// `actions/*.yaml` and `types/*.yaml`. Paths in messages start with `display_root`.
pub fn load_all(root: &Path, display_root: &str, diags: &mut Diagnostics) -> Vec<LoadedService> {
    let mut services = Vec::new();
    for service_dir in sorted_dirs(root, root, display_root, diags) {
        for version_dir in sorted_dirs(&service_dir, root, display_root, diags) {
            services.extend(load_service(&version_dir, root, display_root, diags));
        }
    }
    services
}

/// Parses one `<service>/<version>` folder below `root` (its files on every core); `None` when
/// it has no readable `service.yaml` (the error is reported).
pub fn load_service(
    version_dir: &Path,
    root: &Path,
    display_root: &str,
    diags: &mut Diagnostics,
) -> Option<LoadedService> {
    let rel = display(version_dir, root, display_root);
    let service_path = version_dir.join("service.yaml");
    let service_file = format!("{rel}/service.yaml");
    if !service_path.is_file() {
        diags.push(SpecError::new(&rel, "", "missing service.yaml"));
        return None;
    }
    report_unread(version_dir, root, display_root, diags);
    let service = parse::<ServiceSpec>(&service_path, &service_file, "")
        .map_err(|e| diags.push(e))
        .ok()?;
    let (actions, failed_actions) =
        load_dir::<ActionSpec>(&version_dir.join("actions"), &rel, "actions", diags);
    let (types, failed_types) =
        load_dir::<TypeSpec>(&version_dir.join("types"), &rel, "types", diags);
    let waiters_path = version_dir.join("waiters.yaml");
    let waiters_file = format!("{rel}/waiters.yaml");
    let waiters = if waiters_path.is_file() {
        parse::<WaitersFile>(&waiters_path, &waiters_file, "waiters")
            .map_err(|e| diags.push(e))
            .ok()
            .map(|w| (waiters_file, w))
    } else {
        None
    };
    Some(LoadedService {
        dir: rel,
        service_file,
        service,
        actions,
        types,
        waiters,
        failed_actions,
        failed_types,
    })
}

fn display(path: &Path, root: &Path, display_root: &str) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel = rel.to_string_lossy().replace('\\', "/");
    if rel.is_empty() {
        display_root.to_owned()
    } else {
        format!("{display_root}/{rel}")
    }
}

/// The folders in `dir` (the spec root or a service folder), sorted. A spec file there is never
/// read, so it is an error, not a file silently left out.
pub fn sorted_dirs(
    dir: &Path,
    root: &Path,
    display_root: &str,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            diags.push(SpecError::new(
                display_root,
                "",
                format!("cannot read {}: {err}", dir.display()),
            ));
            return Vec::new();
        }
    };
    let mut dirs = Vec::new();
    let mut stray = Vec::new();
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if path.is_dir() {
            dirs.push(path);
        } else if is_yaml(&path) {
            stray.push(path);
        }
    }
    dirs.sort();
    stray.sort();
    for path in stray {
        diags.push(SpecError::new(
            &display(&path, root, display_root),
            "",
            format!("{NOT_READ} (a service is a folder <service>/<version>/ with service.yaml)"),
        ));
    }
    dirs
}

/// The start of the error for a YAML file in a place the loader does not read.
const NOT_READ: &str = "this file is not read: spec files are <service>/<version>/service.yaml, \
     waiters.yaml, actions/<Action>.yaml and types/<Type>.yaml";

/// A `.yaml` or `.yml` file, in any letter case.
fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Reports every YAML file below `version_dir` that [`load_service`] does not read (in a
/// subfolder of `actions/`, in another folder, beside `service.yaml` under another name).
/// Symbolic links to folders are not followed.
fn report_unread(version_dir: &Path, root: &Path, display_root: &str, diags: &mut Diagnostics) {
    fn walk(dir: &Path, depth: usize, found: &mut Vec<(PathBuf, usize)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => walk(&path, depth + 1, found),
                _ if is_yaml(&path) => found.push((path, depth)),
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    walk(version_dir, 0, &mut found);
    found.sort();
    for (path, depth) in found {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let parent = path
            .parent()
            .and_then(Path::file_name)
            .unwrap_or_default()
            .to_string_lossy();
        let read = match depth {
            0 => name == "service.yaml" || name == "waiters.yaml",
            1 => parent == "actions" || parent == "types",
            _ => false,
        };
        if !read {
            diags.push(SpecError::new(
                &display(&path, root, display_root),
                "",
                NOT_READ,
            ));
        }
    }
}

/// The parsed files of `dir`, sorted by name, and the stems of those that did not load.
fn load_dir<T: serde::de::DeserializeOwned + Send>(
    dir: &Path,
    rel: &str,
    kind: &str,
    diags: &mut Diagnostics,
) -> (Vec<(String, T)>, BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (Vec::new(), BTreeSet::new());
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| is_yaml(p))
        .collect();
    files.sort();
    let mut failed = BTreeSet::new();
    // In file order: a file to parse, or the error that rules it out (with the file's stem).
    let mut entries: Vec<Result<SpecFile, (String, SpecError)>> = Vec::with_capacity(files.len());
    // Lower-cased file name -> the first file with it: a case-insensitive checkout holds only one.
    let mut folded: BTreeMap<String, String> = BTreeMap::new();
    for path in files {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let file = format!("{rel}/{kind}/{name}");
        let spec_path = format!("{kind}.{stem}");
        let lower = stem.to_lowercase();
        if let Some(first) = folded.get(&lower) {
            let error = SpecError::new(
                &file,
                &spec_path,
                format!(
                    "file name differs from {first} only in letter case or extension; a case-insensitive checkout cannot hold both (merge or rename one)"
                ),
            );
            entries.push(Err((stem, error)));
            continue;
        }
        folded.insert(lower, file.clone());
        entries.push(Ok(SpecFile {
            stem,
            file,
            spec_path,
            path,
        }));
    }
    let wanted: Vec<&SpecFile> = entries.iter().filter_map(|e| e.as_ref().ok()).collect();
    let mut parsed = parse_all::<T>(&wanted).into_iter();
    let mut loaded = Vec::with_capacity(wanted.len());
    drop(wanted);
    for entry in entries {
        let (stem, result) = match entry {
            Ok(spec) => {
                let result = parsed.next().expect("one result per parsed file");
                (spec.stem, result.map(|parsed| (spec.file, parsed)))
            }
            Err((stem, error)) => (stem, Err(error)),
        };
        match result {
            Ok(file) => loaded.push(file),
            Err(error) => {
                diags.push(error);
                failed.insert(stem);
            }
        }
    }
    (loaded, failed)
}

/// A spec file to parse.
struct SpecFile {
    stem: String,
    /// Display path.
    file: String,
    /// Spec path of the file's contents, e.g. `actions.RunInstances`.
    spec_path: String,
    path: PathBuf,
}

/// Parses `files` on every core (a contiguous share each); results in order.
fn parse_all<T: serde::de::DeserializeOwned + Send>(
    files: &[&SpecFile],
) -> Vec<Result<T, SpecError>> {
    let parse_one = |spec: &&SpecFile| parse::<T>(&spec.path, &spec.file, &spec.spec_path);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len() / 8)
        .max(1);
    if workers == 1 {
        return files.iter().map(parse_one).collect();
    }
    let share = files.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(share)
            .map(|chunk| scope.spawn(move || chunk.iter().map(parse_one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("spec parser thread panicked"))
            .collect()
    })
}

/// The text of a spec file: UTF-8, with or without a byte-order mark; anything else is an error
/// naming the encoding found.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|err| format!("cannot read file: {err}"))?;
    decode_text(bytes)
}

fn decode_text(bytes: Vec<u8>) -> Result<String, String> {
    const SAVE: &str = "save it as UTF-8";
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(format!(
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark); {SAVE}"
        ));
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        let (line, column) = line_column(&bytes, at);
        return Err(format!(
            "the file contains a NUL byte at line {line} column {column} (UTF-16 without a byte-order mark?); {SAVE}"
        ));
    }
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let (line, column) = line_column(bytes, at);
        format!(
            "the file is not valid UTF-8 (byte 0x{:02X} at line {line} column {column}); {SAVE}",
            bytes[at]
        )
    })
}

/// 1-based line and column (in bytes) of a byte offset.
fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = at
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    (line, column)
}

fn parse<T: serde::de::DeserializeOwned>(
    path: &Path,
    file: &str,
    spec_path: &str,
) -> Result<T, SpecError> {
    let text = read_text(path).map_err(|message| SpecError::new(file, spec_path, message))?;
    serde_yaml::from_str(&text).map_err(|err| {
        // serde_yaml prefixes the path inside the document ("input[0]: unknown field ...").
        let message = err.to_string();
        let (inner, message) = match message.split_once(": ") {
            Some((inner, rest)) if !inner.contains(' ') => (inner.to_owned(), rest.to_owned()),
            _ => (String::new(), message),
        };
        let full = match (spec_path.is_empty(), inner.is_empty()) {
            (true, _) => inner,
            (false, true) => spec_path.to_owned(),
            (false, false) => format!("{spec_path}.{inner}"),
        };
        SpecError::new(file, &full, message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_a_byte_order_mark() {
        assert_eq!(decode_text(b"name: A\n".to_vec()).unwrap(), "name: A\n");
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFname: A\n".to_vec()).unwrap(),
            "name: A\n"
        );
    }

    #[test]
    fn other_encodings_are_named() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("name: A".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(decode_text(utf16).unwrap_err().contains("UTF-16"));
        let no_bom: Vec<u8> = "name: A"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(decode_text(no_bom)
            .unwrap_err()
            .contains("NUL byte at line 1 column 2"));
        let latin1 = b"name: A\ndoc: caf\xE9\n".to_vec();
        assert_eq!(
            decode_text(latin1).unwrap_err(),
            "the file is not valid UTF-8 (byte 0xE9 at line 2 column 9); save it as UTF-8"
        );
    }

    /// The validation tests' demo service written to a scratch spec root with `extra` files
    /// (paths below the root), loaded: the errors.
    fn load_errors(extra: &[&str]) -> Vec<String> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "codegen-load-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let service = root.join("demo/v1");
        for (path, text) in [
            ("service.yaml", crate::validate::testing::SERVICE),
            (
                "actions/CreateWidget.yaml",
                crate::validate::testing::CREATE_WIDGET,
            ),
            ("types/Tag.yaml", crate::validate::testing::TAG),
        ] {
            let path = service.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        for path in extra {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "name: X\n").unwrap();
        }
        let mut diags = Diagnostics::default();
        let loaded = load_all(&root, "spec", &mut diags);
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(loaded.len(), 1);
        diags.errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_yaml_file_the_loader_does_not_read_is_an_error() {
        assert_eq!(
            load_errors(&["demo/v1/README.md", "demo/notes.txt"]),
            Vec::<String>::new()
        );
        let not_read = "this file is not read: spec files are <service>/<version>/service.yaml, waiters.yaml, actions/<Action>.yaml and types/<Type>.yaml";
        for (extra, file) in [
            (
                "demo/v1/actions/more/X.yaml",
                "spec/demo/v1/actions/more/X.yaml",
            ),
            ("demo/v1/errors.yaml", "spec/demo/v1/errors.yaml"),
            ("demo/v1/Service.yml", "spec/demo/v1/Service.yml"),
            ("demo/v1/v2/service.yaml", "spec/demo/v1/v2/service.yaml"),
            ("demo/v1/enums/Size.yaml", "spec/demo/v1/enums/Size.yaml"),
            ("demo/service.yaml", "spec/demo/service.yaml"),
            ("service.yaml", "spec/service.yaml"),
        ] {
            let errors = load_errors(&[extra]);
            assert_eq!(errors.len(), 1, "{extra}: {errors:#?}");
            assert!(
                errors[0].starts_with(&format!("{file}: {not_read}")),
                "{}",
                errors[0]
            );
        }
    }

    #[test]
    fn an_upper_case_extension_is_read_and_then_named() {
        // Read like any action file (this one lacks its rate limit); validation then says where
        // an action file lives.
        assert_eq!(
            load_errors(&["demo/v1/actions/X.YAML"]),
            ["spec/demo/v1/actions/X.YAML: actions.X: missing field `rate_limit`"]
        );
        assert!(is_yaml(Path::new("a/X.YML")) && !is_yaml(Path::new("a/X.json")));
    }
}
