//! Generated blocks inside hand-written files: the lines between
//! `@generated begin: <name>` and `@generated end: <name>` belong to `cargo xtask codegen`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::write::Wanted;

/// One generated block of a hand-written file.
struct Target {
    path: PathBuf,
    name: &'static str,
    /// Written before every line of the block (`//! ` inside crate docs).
    line_prefix: &'static str,
    body: fn(&codegen::Blocks) -> &str,
}

/// The hand-written files that carry generated blocks.
pub struct Targets {
    targets: Vec<Target>,
}

impl Targets {
    /// Every block of the crate at `out_dir` (when it has a `Cargo.toml`): its features, its crate
    /// docs, the workspace README beside it and the spec README. A folder without a `Cargo.toml`
    /// (a scratch output) has none.
    pub fn find(out_dir: &Path, spec_dir: &Path) -> Self {
        let manifest = out_dir.join("Cargo.toml");
        if !manifest.is_file() {
            return Self {
                targets: Vec::new(),
            };
        }
        let readme = out_dir
            .parent()
            .map_or_else(|| PathBuf::from("README.md"), |p| p.join("README.md"));
        let targets = vec![
            Target {
                path: manifest,
                name: "service features",
                line_prefix: "",
                body: |b| &b.cargo_features,
            },
            Target {
                path: out_dir.join("src/lib.rs"),
                name: "service table",
                line_prefix: "//! ",
                body: |b| &b.crate_doc_table,
            },
            Target {
                path: readme,
                name: "service table",
                line_prefix: "",
                body: |b| &b.readme_table,
            },
            Target {
                path: spec_dir.join("README.md"),
                name: "spec folders",
                line_prefix: "",
                body: |b| &b.spec_readme_table,
            },
        ];
        Self { targets }
    }

    /// What the crate fixes by hand that no service may take: its hand-written features and the
    /// modules its root declares.
    pub fn options(&self) -> Result<codegen::Options> {
        Ok(codegen::Options {
            reserved_features: self.hand_written_features()?,
            reserved_modules: self.hand_written_modules()?,
        })
    }

    /// The modules `src/lib.rs` declares at its top level (`pub mod runtime;`, the fixture's
    /// `pub mod demo;`).
    pub fn hand_written_modules(&self) -> Result<Vec<String>> {
        let Some(lib) = self.targets.iter().find(|t| t.path.ends_with("src/lib.rs")) else {
            return Ok(Vec::new());
        };
        Ok(read(&lib.path)?
            .lines()
            .filter_map(declared_module)
            .collect())
    }

    /// The features `Cargo.toml` declares outside its generated block.
    pub fn hand_written_features(&self) -> Result<Vec<String>> {
        let Some(manifest) = self.targets.first() else {
            return Ok(Vec::new());
        };
        let text = read(&manifest.path)?;
        let (start, end) = markers(&text, manifest)?;
        let mut in_features = false;
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.starts_with('[') {
                in_features = line == "[features]";
                continue;
            }
            if !in_features || (start..=end).contains(&i) || line.starts_with('#') {
                continue;
            }
            if let Some((name, _)) = line.split_once('=') {
                out.push(name.trim().trim_matches('"').to_owned());
            }
        }
        Ok(out)
    }

    /// The new content of every file with a block, as the blocks say.
    pub fn splice(&self, blocks: &codegen::Blocks) -> Result<Vec<Wanted>> {
        self.targets
            .iter()
            .map(|target| {
                let text = read(&target.path)?;
                let content = splice(&text, target, (target.body)(blocks))?;
                Ok(Wanted {
                    path: target.path.clone(),
                    content,
                })
            })
            .collect()
    }
}

/// `name` of a top-level `mod name;` or `mod name {` line (with `pub` or `pub(crate)`).
fn declared_module(line: &str) -> Option<String> {
    let rest = ["pub ", "pub(crate) "]
        .iter()
        .find_map(|vis| line.strip_prefix(vis))
        .unwrap_or(line);
    let rest = rest.strip_prefix("mod ")?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let after = rest[name.len()..].trim_start();
    (!name.is_empty() && (after.starts_with(';') || after.starts_with('{'))).then_some(name)
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| {
        format!(
            "reading {} (it holds a block generated from the specs)",
            path.display()
        )
    })
}

/// Line numbers of the begin and end markers of `target`'s block.
fn markers(text: &str, target: &Target) -> Result<(usize, usize)> {
    let begin = format!("@generated begin: {}", target.name);
    let end = format!("@generated end: {}", target.name);
    let find = |marker: &str| -> Vec<usize> {
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.contains(marker))
            .map(|(i, _)| i)
            .collect()
    };
    match (find(&begin).as_slice(), find(&end).as_slice()) {
        ([b], [e]) if b < e => Ok((*b, *e)),
        _ => bail!(
            "{} must hold exactly one generated block: a line with `{begin}`, then a line with `{end}` \
             (cargo xtask codegen fills in what is between them)",
            target.path.display()
        ),
    }
}

fn splice(text: &str, target: &Target, body: &str) -> Result<String> {
    let (begin, end) = markers(text, target)?;
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + body.len());
    for line in &lines[..=begin] {
        out.push_str(line);
        out.push('\n');
    }
    for line in body.lines() {
        out.push_str(format!("{}{line}", target.line_prefix).trim_end());
        out.push('\n');
    }
    for line in &lines[end..] {
        out.push_str(line);
        out.push('\n');
    }
    if !text.ends_with('\n') {
        out.pop();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(prefix: &'static str) -> Target {
        Target {
            path: PathBuf::from("lib.rs"),
            name: "service table",
            line_prefix: prefix,
            body: |b| &b.crate_doc_table,
        }
    }

    #[test]
    fn replaces_only_the_lines_between_the_markers() {
        let text = "//! intro\n//! <!-- @generated begin: service table -->\n//! | old |\n//! <!-- @generated end: service table -->\n//! after\n";
        let out = splice(text, &target("//! "), "| a |\n\n| b |\n").unwrap();
        assert_eq!(out, "//! intro\n//! <!-- @generated begin: service table -->\n//! | a |\n//!\n//! | b |\n//! <!-- @generated end: service table -->\n//! after\n");
    }

    #[test]
    fn missing_or_repeated_markers_are_errors() {
        for text in [
            "no markers\n",
            "@generated end: service table\n@generated begin: service table\n",
            "@generated begin: service table\n@generated begin: service table\n@generated end: service table\n",
        ] {
            let err = splice(text, &target(""), "x").unwrap_err();
            assert!(err.to_string().contains("exactly one generated block"), "{err}");
        }
    }

    #[test]
    fn the_modules_the_crate_root_declares() {
        let lib = "pub mod runtime;\n#[cfg(x)]\npub mod demo;\nmod private {\n    mod inner;\n}\npub(crate) mod util ;\n// mod comment;\npub use runtime::Config;\nstruct model;\n";
        let found: Vec<String> = lib.lines().filter_map(declared_module).collect();
        assert_eq!(found, ["runtime", "demo", "private", "util"]);
    }

    #[test]
    fn the_workspace_crate_reserves_its_runtime_and_fixture_modules() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let options = Targets::find(&root.join("generated-sdk"), &root.join("spec"))
            .options()
            .unwrap();
        assert_eq!(options.reserved_modules, ["runtime", "demo"]);
        assert!(options.reserved_features.iter().any(|f| f == "test-util"));
    }
}
