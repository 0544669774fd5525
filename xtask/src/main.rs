//! Maintainer commands. `cargo xtask codegen [--check]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

mod write;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--quiet] [--spec DIR] [--out DIR]

  codegen           regenerate generated-sdk/ from the specs in spec/
  codegen --check   compare instead of writing; exit 1 and list the stale files
  --quiet           do not print spec warnings
  --spec DIR        read specs from DIR instead of spec/
  --out DIR         write the crate at DIR instead of generated-sdk/";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, flags)) = args.split_first() else {
        bail!("{USAGE}");
    };
    match command.as_str() {
        "codegen" => {
            let root = workspace_root();
            let mut options = Options {
                spec_dir: root.join("spec"),
                spec_display: "spec".to_owned(),
                out_dir: root.join("generated-sdk"),
                check: false,
                quiet: false,
            };
            let mut flags = flags.iter();
            while let Some(flag) = flags.next() {
                match flag.as_str() {
                    "--check" => options.check = true,
                    "--quiet" => options.quiet = true,
                    "--spec" => {
                        let dir = flags
                            .next()
                            .with_context(|| format!("--spec needs a folder\n{USAGE}"))?;
                        options.spec_dir = PathBuf::from(dir);
                        options.spec_display = dir.trim_end_matches('/').to_owned();
                    }
                    "--out" => {
                        let dir = flags
                            .next()
                            .with_context(|| format!("--out needs a folder\n{USAGE}"))?;
                        options.out_dir = PathBuf::from(dir);
                    }
                    other => bail!("unknown flag '{other}'\n{USAGE}"),
                }
            }
            codegen(&options)
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => bail!("unknown command '{other}'\n{USAGE}"),
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

struct Options {
    spec_dir: PathBuf,
    spec_display: String,
    out_dir: PathBuf,
    check: bool,
    quiet: bool,
}

fn codegen(options: &Options) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let generated =
        codegen::generate(&options.spec_dir, &options.spec_display).with_context(|| {
            format!(
                "codegen failed; {} was not touched",
                options.out_dir.display()
            )
        })?;
    let check = options.check;
    if !options.quiet {
        for warning in &generated.warnings {
            eprintln!("warning: {warning}");
        }
    }
    let out_dir = options.out_dir.as_path();
    let plan = write::plan(out_dir, &generated.files)?;
    if check {
        if plan.is_clean() {
            println!(
                "codegen --check: {} generated files are up to date",
                generated.files.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "codegen --check: the checked-in generated code is stale; run `cargo xtask codegen`."
        );
        eprint!("{}", plan.report(out_dir));
        return Ok(ExitCode::FAILURE);
    }
    let changed = plan.apply(out_dir)?;
    println!(
        "codegen: {} files generated, {changed} changed, in {} ms",
        generated.files.len(),
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}
