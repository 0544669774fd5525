//! Comparing generated files with the crate on disk, and writing them safely.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// What a run would change below the output directory.
pub struct Plan {
    /// (relative path, new content, old content if any) for files that differ.
    changes: Vec<(String, String, Option<String>)>,
    /// Generated files on disk that the spec no longer produces.
    stale: Vec<String>,
}

/// Compares `files` with the `generated-sdk` crate at `out_dir`.
pub fn plan(out_dir: &Path, files: &[(String, String)]) -> Result<Plan> {
    let mut changes = Vec::new();
    for (path, content) in files {
        let old = match fs::read_to_string(out_dir.join(path)) {
            Ok(text) => Some(text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => {
                return Err(err)
                    .with_context(|| format!("reading {}", out_dir.join(path).display()))
            }
        };
        if old.as_deref() != Some(content.as_str()) {
            changes.push((path.clone(), content.clone(), old));
        }
    }
    let mut stale = Vec::new();
    for dir in ["src", "tests"] {
        for file in owned_files(&out_dir.join(dir))? {
            let rel = file
                .strip_prefix(out_dir)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            if !files.iter().any(|(p, _)| *p == rel) {
                stale.push(rel);
            }
        }
    }
    stale.sort();
    Ok(Plan { changes, stale })
}

/// Files below `dir` whose first line is the generated marker.
fn owned_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(out);
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(owned_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text =
                fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            if text.starts_with(codegen::GENERATED_MARKER) {
                out.push(path);
            }
        }
    }
    Ok(out)
}

impl Plan {
    pub fn is_clean(&self) -> bool {
        self.changes.is_empty() && self.stale.is_empty()
    }

    /// A readable list of the differences, with the first lines of each diff.
    pub fn report(&self, out_dir: &Path) -> String {
        let mut out = String::new();
        for (path, new, old) in &self.changes {
            let shown = out_dir.join(path);
            match old {
                None => {
                    let _ = writeln!(out, "  missing: {}", shown.display());
                }
                Some(old) => {
                    let _ = writeln!(out, "  differs: {}", shown.display());
                    let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
                    let text = diff
                        .unified_diff()
                        .context_radius(1)
                        .header("checked in", "generated")
                        .to_string();
                    for line in text.lines().take(12) {
                        let _ = writeln!(out, "      {line}");
                    }
                }
            }
        }
        for path in &self.stale {
            let _ = writeln!(
                out,
                "  stale (no longer generated): {}",
                out_dir.join(path).display()
            );
        }
        out
    }

    /// Writes every changed file in two phases: all new contents go to temporary files first (a
    /// failure there removes them and leaves the crate untouched), then each replaces its target
    /// with a rename. Stale generated files are deleted last.
    pub fn apply(&self, out_dir: &Path) -> Result<usize> {
        let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
        for (path, content, _) in &self.changes {
            let target = out_dir.join(path);
            let tmp = target.with_extension("rs.codegen-tmp");
            let written = target
                .parent()
                .map_or(Ok(()), fs::create_dir_all)
                .and_then(|()| fs::write(&tmp, content));
            if let Err(err) = written {
                for (tmp, _) in &staged {
                    let _ = fs::remove_file(tmp);
                }
                let _ = fs::remove_file(&tmp);
                return Err(err)
                    .with_context(|| format!("writing {}; nothing was changed", tmp.display()));
            }
            staged.push((tmp, target));
        }
        for (tmp, target) in &staged {
            fs::rename(tmp, target).with_context(|| format!("replacing {}", target.display()))?;
        }
        for path in &self.stale {
            let target = out_dir.join(path);
            fs::remove_file(&target)
                .with_context(|| format!("removing stale {}", target.display()))?;
        }
        Ok(self.changes.len() + self.stale.len())
    }
}
