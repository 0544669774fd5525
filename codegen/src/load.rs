//! Reading spec files from disk into the serde mirrors of [`crate::spec`].

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
}

/// Finds every `<service>/<version>/service.yaml` below `root` and parses it with its
/// `actions/*.yaml` and `types/*.yaml`. Paths in messages start with `display_root`.
pub fn load_all(root: &Path, display_root: &str, diags: &mut Diagnostics) -> Vec<LoadedService> {
    let mut services = Vec::new();
    for service_dir in sorted_dirs(root, display_root, diags) {
        for version_dir in sorted_dirs(&service_dir, display_root, diags) {
            let rel = display(&version_dir, root, display_root);
            let service_path = version_dir.join("service.yaml");
            let service_file = format!("{rel}/service.yaml");
            if !service_path.is_file() {
                diags.push(SpecError::new(&rel, "", "missing service.yaml"));
                continue;
            }
            let Some(service) = parse::<ServiceSpec>(&service_path, &service_file, "", diags)
            else {
                continue;
            };
            let actions =
                load_dir::<ActionSpec>(&version_dir.join("actions"), &rel, "actions", diags);
            let types = load_dir::<TypeSpec>(&version_dir.join("types"), &rel, "types", diags);
            let waiters_path = version_dir.join("waiters.yaml");
            let waiters_file = format!("{rel}/waiters.yaml");
            let waiters = if waiters_path.is_file() {
                parse::<WaitersFile>(&waiters_path, &waiters_file, "waiters", diags)
                    .map(|w| (waiters_file, w))
            } else {
                None
            };
            services.push(LoadedService {
                dir: rel,
                service_file,
                service,
                actions,
                types,
                waiters,
            });
        }
    }
    services
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

fn sorted_dirs(dir: &Path, display_root: &str, diags: &mut Diagnostics) -> Vec<PathBuf> {
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
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn load_dir<T: serde::de::DeserializeOwned>(
    dir: &Path,
    rel: &str,
    kind: &str,
    diags: &mut Diagnostics,
) -> Vec<(String, T)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let file = format!(
                "{rel}/{kind}/{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            let spec_path = format!("{kind}.{stem}");
            parse::<T>(&path, &file, &spec_path, diags).map(|parsed| (file, parsed))
        })
        .collect()
}

fn parse<T: serde::de::DeserializeOwned>(
    path: &Path,
    file: &str,
    spec_path: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            diags.push(SpecError::new(
                file,
                spec_path,
                format!("cannot read file: {err}"),
            ));
            return None;
        }
    };
    match serde_yaml::from_str(&text) {
        Ok(parsed) => Some(parsed),
        Err(err) => {
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
            diags.push(SpecError::new(file, &full, message));
            None
        }
    }
}
