//! Comparing generated files with the disk, and writing them all-or-nothing.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// One file the run wants to hold exactly `content`.
pub struct Wanted {
    pub path: PathBuf,
    pub content: String,
}

/// What a run would change on disk.
pub struct Plan {
    /// (target, new content, old content if any) for files that differ.
    changes: Vec<(PathBuf, String, Option<String>)>,
    /// Generated files below the output crate that the specs no longer produce.
    stale: Vec<PathBuf>,
}

/// Compares `wanted` with the disk; `owned_roots` are the folders whose generated files the run
/// owns (a generated file there that is not wanted is stale).
pub fn plan(wanted: Vec<Wanted>, owned_roots: &[PathBuf]) -> Result<Plan> {
    let mut seen = BTreeSet::new();
    for w in &wanted {
        if !seen.insert(w.path.clone()) {
            bail!(
                "internal error: two generated outputs share the path {}; nothing was written",
                w.path.display()
            );
        }
    }
    let mut changes = Vec::new();
    for Wanted { path, content } in wanted {
        let old = match fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
        };
        if old.as_deref() != Some(content.as_str()) {
            changes.push((path, content, old));
        }
    }
    let mut stale = Vec::new();
    for root in owned_roots {
        for file in owned_files(root)? {
            if !seen.contains(&file) {
                stale.push(file);
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
            let text = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            if text.starts_with(codegen::GENERATED_MARKER.as_bytes()) {
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
    pub fn report(&self) -> String {
        let mut out = String::new();
        for (path, new, old) in &self.changes {
            match old {
                None => {
                    let _ = writeln!(out, "  missing: {}", path.display());
                }
                Some(old) => {
                    let _ = writeln!(out, "  differs: {}", path.display());
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
            let _ = writeln!(out, "  stale (no longer generated): {}", path.display());
        }
        out
    }

    /// Applies every change or none: new contents are staged in temporary files, then each
    /// target is moved aside and replaced; a failure at any step puts back every file already
    /// replaced or removed and deletes what was staged.
    pub fn apply(&self) -> Result<usize> {
        let mut tx = Transaction::default();
        match self.apply_in(&mut tx) {
            Ok(()) => {
                tx.commit();
                Ok(self.changes.len() + self.stale.len())
            }
            Err(err) => {
                let leftovers = tx.roll_back();
                if leftovers.is_empty() {
                    Err(err.context("nothing was changed"))
                } else {
                    Err(err.context(format!(
                        "rolling back failed too; check these files by hand: {}",
                        leftovers.join(", ")
                    )))
                }
            }
        }
    }

    fn apply_in(&self, tx: &mut Transaction) -> Result<()> {
        let mut staged = Vec::new();
        for (target, content, _) in &self.changes {
            let tmp = sibling(target, "codegen-tmp");
            if let Some(parent) = target.parent() {
                tx.create_dirs(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            tx.temporaries.push(tmp.clone());
            fs::write(&tmp, content).with_context(|| format!("writing {}", tmp.display()))?;
            staged.push((tmp, target));
        }
        for (tmp, target) in staged {
            tx.replace(&tmp, target)
                .with_context(|| format!("replacing {}", target.display()))?;
        }
        for target in &self.stale {
            tx.remove(target)
                .with_context(|| format!("removing stale {}", target.display()))?;
        }
        Ok(())
    }
}

/// `dir/name.ext` -> `dir/name.ext.<suffix>`.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(suffix);
    path.with_file_name(name)
}

/// What a run did so far, so that it can be undone.
#[derive(Default)]
struct Transaction {
    temporaries: Vec<PathBuf>,
    /// Folders created by the run, outermost first.
    created_dirs: Vec<PathBuf>,
    /// (target, backup of its old content if it had one), in the order replaced or removed.
    moved: Vec<(PathBuf, Option<PathBuf>)>,
}

impl Transaction {
    fn create_dirs(&mut self, dir: &Path) -> std::io::Result<()> {
        let mut missing = Vec::new();
        let mut cursor = Some(dir);
        while let Some(d) = cursor.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            missing.push(d.to_path_buf());
            cursor = d.parent();
        }
        for d in missing.into_iter().rev() {
            fs::create_dir(&d)?;
            self.created_dirs.push(d);
        }
        Ok(())
    }

    /// Moves the old `target` aside (if any), then moves `tmp` into its place.
    fn replace(&mut self, tmp: &Path, target: &Path) -> std::io::Result<()> {
        let backup = self.set_aside(target)?;
        self.moved.push((target.to_path_buf(), backup));
        fs::rename(tmp, target)?;
        self.temporaries.retain(|t| t != tmp);
        Ok(())
    }

    fn remove(&mut self, target: &Path) -> std::io::Result<()> {
        let backup = self.set_aside(target)?;
        self.moved.push((target.to_path_buf(), backup));
        Ok(())
    }

    fn set_aside(&mut self, target: &Path) -> std::io::Result<Option<PathBuf>> {
        if fs::symlink_metadata(target).is_err() {
            return Ok(None);
        }
        let backup = sibling(target, "codegen-backup");
        fs::rename(target, &backup)?;
        Ok(Some(backup))
    }

    fn commit(self) {
        for (_, backup) in self.moved {
            if let Some(backup) = backup {
                let _ = fs::remove_file(backup);
            }
        }
    }

    /// Undoes everything; returns the files it could not restore.
    fn roll_back(self) -> Vec<String> {
        let mut leftovers = Vec::new();
        for tmp in &self.temporaries {
            let _ = fs::remove_file(tmp);
        }
        for (target, backup) in self.moved.into_iter().rev() {
            let restored = match &backup {
                Some(backup) => fs::rename(backup, &target),
                None => match fs::remove_file(&target) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                    other => other,
                },
            };
            if restored.is_err() {
                leftovers.push(target.display().to_string());
            }
        }
        for dir in self.created_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
        leftovers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    out.push((p.clone(), Vec::new()));
                    stack.push(p);
                } else {
                    out.push((p.clone(), fs::read(&p).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    fn wanted(path: PathBuf, content: &str) -> Wanted {
        Wanted {
            path,
            content: content.to_owned(),
        }
    }

    #[test]
    fn a_failure_midway_restores_every_file() {
        let dir = scratch("rollback");
        fs::write(dir.join("a.rs"), "old a").unwrap();
        fs::write(dir.join("z.rs"), "old z").unwrap();
        // The last target cannot be moved aside: a non-empty folder holds its backup's name.
        fs::write(dir.join("y.rs"), "old y").unwrap();
        fs::create_dir_all(dir.join("y.rs.codegen-backup/inside")).unwrap();
        let before = snapshot(&dir);
        let plan = plan(
            vec![
                wanted(dir.join("a.rs"), "new a"),
                wanted(dir.join("new/deeper/b.rs"), "new b"),
                wanted(dir.join("z.rs"), "new z"),
                wanted(dir.join("y.rs"), "new y"),
            ],
            &[],
        )
        .unwrap();
        let err = plan.apply().unwrap_err();
        assert!(
            format!("{err:#}").contains("nothing was changed"),
            "{err:#}"
        );
        assert_eq!(before, snapshot(&dir), "the folder is exactly as before");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn duplicate_paths_are_refused_before_anything_is_written() {
        let dir = scratch("duplicates");
        let result = plan(
            vec![
                wanted(dir.join("a.rs"), "one"),
                wanted(dir.join("a.rs"), "two"),
            ],
            &[],
        );
        let Err(err) = result else {
            panic!("duplicate paths accepted")
        };
        assert!(err.to_string().contains("share the path"), "{err}");
        assert!(snapshot(&dir).is_empty());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn writes_new_replaces_changed_and_removes_stale() {
        let dir = scratch("apply");
        let marker = format!("{} from x; do not edit.\n", codegen::GENERATED_MARKER);
        fs::write(dir.join("keep.rs"), "same").unwrap();
        fs::write(dir.join("stale.rs"), &marker).unwrap();
        fs::write(dir.join("hand.rs"), "hand-written").unwrap();
        let plan = plan(
            vec![
                wanted(dir.join("keep.rs"), "same"),
                wanted(dir.join("sub/new.rs"), "new"),
            ],
            std::slice::from_ref(&dir),
        )
        .unwrap();
        assert_eq!(plan.apply().unwrap(), 2);
        assert_eq!(fs::read_to_string(dir.join("sub/new.rs")).unwrap(), "new");
        assert!(!dir.join("stale.rs").exists());
        assert!(dir.join("hand.rs").exists());
        let names: Vec<_> = snapshot(&dir).into_iter().map(|(p, _)| p).collect();
        assert!(
            !names
                .iter()
                .any(|p| p.to_string_lossy().contains("codegen-")),
            "no temporaries or backups left: {names:?}"
        );
        let _ = fs::remove_dir_all(&dir);
    }
}
