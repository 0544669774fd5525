//! Comparing generated files with the disk, and writing them all-or-nothing.
//!
//! A [`Writer`] takes the files one at a time, from any thread, as codegen formats them: it
//! compares each with the disk at once and, when writing, stages a changed file's new text in a
//! temporary file beside it, so no file's text is kept. [`Plan::apply`] then moves every staged
//! file into place or, when anything fails, puts everything back; a plan dropped unapplied (a
//! `--check` run, or a run that failed midway) deletes what was staged.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use anyhow::{bail, Context, Result};

/// One file the run wants to hold exactly `content`.
pub struct Wanted {
    pub path: PathBuf,
    pub content: String,
}

/// Whether a run writes the files that differ or only describes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// Compares files with the disk as they come (see the module docs).
pub struct Writer {
    mode: Mode,
    state: Mutex<Staging>,
}

#[derive(Default)]
struct Staging {
    seen: BTreeSet<PathBuf>,
    changes: Vec<Change>,
    tx: Staged,
}

/// A file whose content differs from what the run wants.
struct Change {
    path: PathBuf,
    /// Whether the file exists.
    existed: bool,
    /// The first lines of a unified diff (when checking a file that exists).
    diff: Option<String>,
    /// The temporary file holding the new content (when writing).
    staged: Option<PathBuf>,
}

impl Writer {
    pub fn new(mode: Mode) -> Self {
        Self {
            mode,
            state: Mutex::new(Staging::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Staging> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Compares `content` with the file at `path` and, when writing and they differ, stages it.
    pub fn offer(&self, path: PathBuf, content: String) -> Result<()> {
        if !self.lock().seen.insert(path.clone()) {
            bail!(
                "internal error: two generated outputs share the path {}; nothing was written",
                path.display()
            );
        }
        let old = match fs::read(&path) {
            Ok(bytes) => Some(bytes),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
        };
        if old.as_deref() == Some(content.as_bytes()) {
            return Ok(());
        }
        let mut change = Change {
            path,
            existed: old.is_some(),
            diff: None,
            staged: None,
        };
        match self.mode {
            Mode::Check => {
                if let Some(old) = old {
                    change.diff = Some(diff_excerpt(&String::from_utf8_lossy(&old), &content));
                }
            }
            Mode::Write => {
                drop(old);
                let target = &change.path;
                let tmp = sibling(target, "codegen-tmp");
                {
                    let mut state = self.lock();
                    let tx = state.tx.get();
                    if let Some(parent) = target.parent() {
                        tx.create_dirs(parent)
                            .with_context(|| format!("creating {}", parent.display()))?;
                    }
                    tx.temporaries.push(tmp.clone());
                }
                fs::write(&tmp, &content).with_context(|| format!("writing {}", tmp.display()))?;
                change.staged = Some(tmp);
            }
        }
        self.lock().changes.push(change);
        Ok(())
    }

    /// Every file offered: what the run would change on disk; `owned_roots` are the folders whose
    /// generated files the run owns (a generated file there that was not offered is stale).
    pub fn finish(self, owned_roots: &[PathBuf]) -> Result<Plan> {
        let mut staging = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut stale = Vec::new();
        for root in owned_roots {
            stale_files(root, &staging.seen, &mut stale)?;
        }
        stale.sort();
        let mut changes = std::mem::take(&mut staging.changes);
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Plan {
            changes,
            stale,
            tx: std::mem::take(&mut staging.tx),
        })
    }
}

/// The first lines of the unified diff from `old` to `new`.
fn diff_excerpt(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(1)
        .header("checked in", "generated")
        .to_string();
    let mut out = String::new();
    for line in text.lines().take(12) {
        let _ = writeln!(out, "      {line}");
    }
    out
}

/// What a run would change on disk.
pub struct Plan {
    /// Files that differ, by path.
    changes: Vec<Change>,
    /// Generated files below the output crate that the specs no longer produce.
    stale: Vec<PathBuf>,
    tx: Staged,
}

/// Compares `wanted` with the disk and stages what differs (see [`Writer`]).
#[cfg(test)]
pub fn plan(wanted: Vec<Wanted>, owned_roots: &[PathBuf]) -> Result<Plan> {
    let writer = Writer::new(Mode::Write);
    for Wanted { path, content } in wanted {
        writer.offer(path, content)?;
    }
    writer.finish(owned_roots)
}

/// Adds to `out` the files below `dir` that are not in `seen` and whose first line is the
/// generated marker.
fn stale_files(dir: &Path, seen: &BTreeSet<PathBuf>, out: &mut Vec<PathBuf>) -> Result<()> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            stale_files(&path, seen, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") && !seen.contains(&path) {
            let marker = codegen::GENERATED_MARKER.as_bytes();
            let mut head = Vec::with_capacity(marker.len());
            fs::File::open(&path)
                .and_then(|f| f.take(marker.len() as u64).read_to_end(&mut head))
                .with_context(|| format!("reading {}", path.display()))?;
            if head == marker {
                out.push(path);
            }
        }
    }
    Ok(())
}

impl Plan {
    pub fn is_clean(&self) -> bool {
        self.changes.is_empty() && self.stale.is_empty()
    }

    /// A readable list of the differences, with the first lines of each diff.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for change in &self.changes {
            if change.existed {
                let _ = writeln!(out, "  differs: {}", change.path.display());
                out.push_str(change.diff.as_deref().unwrap_or_default());
            } else {
                let _ = writeln!(out, "  missing: {}", change.path.display());
            }
        }
        for path in &self.stale {
            let _ = writeln!(out, "  stale (no longer generated): {}", path.display());
        }
        out
    }

    /// Applies every change or none: each target is moved aside and replaced by its staged file;
    /// a failure at any step puts back every file already replaced or removed and deletes what
    /// was staged.
    pub fn apply(mut self) -> Result<usize> {
        let mut tx = self.tx.take();
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
        for change in &self.changes {
            let target = &change.path;
            let Some(tmp) = &change.staged else {
                bail!("internal error: {} was not staged", target.display());
            };
            tx.replace(tmp, target)
                .with_context(|| format!("replacing {}", target.display()))?;
        }
        for target in &self.stale {
            tx.remove(target)
                .with_context(|| format!("removing stale {}", target.display()))?;
        }
        Ok(())
    }
}

/// The transaction of a run until it is applied; dropped unapplied, it is rolled back.
#[derive(Default)]
struct Staged(Option<Transaction>);

impl Staged {
    fn get(&mut self) -> &mut Transaction {
        self.0.get_or_insert_with(Transaction::default)
    }

    fn take(&mut self) -> Transaction {
        self.0.take().unwrap_or_default()
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(tx) = self.0.take() {
            tx.roll_back();
        }
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
    /// Staged files; those already moved into place are gone (rolling back skips them).
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
    fn a_plan_dropped_unapplied_leaves_no_trace() {
        let dir = scratch("dropped");
        fs::write(dir.join("a.rs"), "old a").unwrap();
        let before = snapshot(&dir);
        let writer = Writer::new(Mode::Write);
        writer.offer(dir.join("a.rs"), "new a".to_owned()).unwrap();
        writer
            .offer(dir.join("new/deeper/b.rs"), "new b".to_owned())
            .unwrap();
        assert_ne!(
            before,
            snapshot(&dir),
            "changes are staged beside their targets"
        );
        let plan = writer.finish(&[]).unwrap();
        assert!(!plan.is_clean());
        drop(plan);
        assert_eq!(before, snapshot(&dir), "the folder is exactly as before");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn checking_describes_differences_and_writes_nothing() {
        let dir = scratch("check");
        fs::write(dir.join("same.rs"), "same\n").unwrap();
        fs::write(dir.join("edited.rs"), "one\ntwo\nthree\n").unwrap();
        let before = snapshot(&dir);
        let writer = Writer::new(Mode::Check);
        writer
            .offer(dir.join("same.rs"), "same\n".to_owned())
            .unwrap();
        writer
            .offer(dir.join("edited.rs"), "one\n2\nthree\n".to_owned())
            .unwrap();
        writer
            .offer(dir.join("sub/missing.rs"), "new\n".to_owned())
            .unwrap();
        let plan = writer.finish(&[]).unwrap();
        assert_eq!(before, snapshot(&dir));
        let report = plan.report();
        assert!(report.contains("  differs: "), "{report}");
        assert!(report.contains("-two") && report.contains("+2"), "{report}");
        assert!(report.contains("  missing: "), "{report}");
        assert!(!report.contains("same.rs"), "{report}");
        drop(plan);
        assert_eq!(before, snapshot(&dir));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn files_offered_from_several_threads() {
        let dir = scratch("threads");
        let writer = Writer::new(Mode::Write);
        std::thread::scope(|scope| {
            for t in 0..4 {
                let (writer, dir) = (&writer, &dir);
                scope.spawn(move || {
                    for i in 0..25 {
                        let path = dir.join(format!("d{}/f{t}_{i}.rs", i % 3));
                        writer.offer(path, format!("{t} {i}")).unwrap();
                    }
                });
            }
        });
        assert_eq!(writer.finish(&[]).unwrap().apply().unwrap(), 100);
        assert_eq!(fs::read_to_string(dir.join("d1/f3_4.rs")).unwrap(), "3 4");
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
