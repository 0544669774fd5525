//! Maintainer commands. `cargo xtask codegen [--check]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

mod write;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--quiet]

  codegen           regenerate generated-sdk/ from the specs in spec/
  codegen --check   compare instead of writing; exit 1 and list the stale files
  --quiet           do not print spec warnings";

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
            let mut check = false;
            let mut quiet = false;
            for flag in flags {
                match flag.as_str() {
                    "--check" => check = true,
                    "--quiet" => quiet = true,
                    other => bail!("unknown flag '{other}'\n{USAGE}"),
                }
            }
            codegen(&workspace_root(), check, quiet)
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => bail!("unknown command '{other}'\n{USAGE}"),
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

fn codegen(root: &Path, check: bool, quiet: bool) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let generated = codegen::generate(&root.join("spec"), "spec").context("codegen failed; generated-sdk/ was not touched")?;
    if !quiet {
        for warning in &generated.warnings {
            eprintln!("warning: {warning}");
        }
    }
    let out_dir = root.join("generated-sdk");
    let plan = write::plan(&out_dir, &generated.files)?;
    if check {
        if plan.is_clean() {
            println!("codegen --check: {} generated files are up to date", generated.files.len());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("codegen --check: the checked-in generated code is stale; run `cargo xtask codegen`.");
        eprint!("{}", plan.report(&out_dir));
        return Ok(ExitCode::FAILURE);
    }
    let changed = plan.apply(&out_dir)?;
    println!(
        "codegen: {} files generated, {changed} changed, in {} ms",
        generated.files.len(),
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}
