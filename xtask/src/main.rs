//! Maintainer commands. `cargo xtask codegen [--check]`, `cargo xtask test [ARGS]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

mod blocks;
mod test;
mod write;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--quiet] [--spec DIR] [--out DIR]
       cargo xtask features [--spec DIR]
       cargo xtask test [ARGS]

  codegen           regenerate generated-sdk/ from the specs in spec/, with everything that
                    lists the services: src/services.rs, the service features of its Cargo.toml,
                    the service tables of its crate docs, README.md and spec/README.md
  codegen --check   compare instead of writing; exit 1 and list the stale files
  features          print the cargo feature of every service, one per line (CI builds each)
  test [ARGS]       install what the tests need (redis-server, with apt-get) if it is missing,
                    then run `cargo test --workspace --all-features ARGS`
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
        "codegen" | "features" => {
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
                    "--check" if command == "codegen" => options.check = true,
                    "--quiet" if command == "codegen" => options.quiet = true,
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
            if command == "features" {
                features(&options)
            } else {
                codegen(&options)
            }
        }
        "test" => test::run(&workspace_root(), flags),
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

fn features(options: &Options) -> Result<ExitCode> {
    let ir = codegen::load_ir(&options.spec_dir, &options.spec_display)?;
    let mut features: Vec<&str> = ir.services.iter().map(|s| s.feature.as_str()).collect();
    features.sort_unstable();
    features.dedup();
    for feature in features {
        println!("{feature}");
    }
    Ok(ExitCode::SUCCESS)
}

fn codegen(options: &Options) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let targets = blocks::Targets::find(&options.out_dir, &options.spec_dir);
    let generate_options = codegen::Options {
        reserved_features: targets.hand_written_features()?,
    };
    let generated =
        codegen::generate_with(&options.spec_dir, &options.spec_display, &generate_options)
            .with_context(|| {
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
    let mut wanted: Vec<write::Wanted> = generated
        .files
        .iter()
        .map(|(path, content)| write::Wanted {
            path: out_dir.join(path),
            content: content.clone(),
        })
        .collect();
    wanted.extend(targets.splice(&generated.blocks)?);
    let plan = write::plan(wanted, &[out_dir.join("src"), out_dir.join("tests")])?;
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
        eprint!("{}", plan.report());
        return Ok(ExitCode::FAILURE);
    }
    let changed = plan.apply()?;
    println!(
        "codegen: {} files generated, {changed} changed, in {} ms",
        generated.files.len(),
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}
