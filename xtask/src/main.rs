//! Maintainer commands. `cargo xtask codegen [--check]`, `cargo xtask test [ARGS]`,
//! `cargo xtask import`, `cargo xtask drift`, `cargo xtask bench-compile`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

mod bench_compile;
mod blocks;
mod drift;
mod import;
mod official;
mod test;
mod write;

/// Codegen allocates and frees a token, syntax node or string for every bit of generated code.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--quiet] [--spec DIR] [--out DIR]
       cargo xtask features [--spec DIR]
       cargo xtask test [ARGS]
       cargo xtask import API_JSON --source-version V (--action NAME ... | --all)
                          [--examples EXAMPLES_JSON] [--spec DIR] [--force]
       cargo xtask drift API_JSON [--error-codes ERRORCODES_PY] [--spec DIR] [--json] [--fail-on-drift]
       cargo xtask bench-compile [--actions N] [--runs R] [--keep] [--json] [--spec-only]

  codegen           regenerate generated-sdk/ from the specs in spec/, with everything that
                    lists the services: src/services.rs, the service features of its Cargo.toml,
                    the service tables of its crate docs, README.md and spec/README.md
  codegen --check   compare instead of writing; exit 1 and list the stale files
  features          print the cargo feature of every service, one per line (CI builds each)
  test [ARGS]       install what the tests need (redis-server, with apt-get) if it is missing,
                    then run `cargo test --workspace --all-features ARGS`
  import            write draft spec files for actions of an official definition (tccli's
                    api.json, examples.json): marked with their source, rate limits `unknown`
                    until filled in; a file without the draft header is kept unless --force
  drift             compare spec/ with an official definition (api.json, and the Python
                    SDK's errorcodes.py for error codes); --json for machine-readable output,
                    --fail-on-drift to exit 1 when anything differs
  bench-compile     generate a synthetic N-action spec from the CVM one (actions cycled, copies
                    renamed RunInstances2, ...; N = 58 is the real spec), run codegen into a
                    scratch workspace in target/bench-compile/, build it once, then R times touch
                    its src/lib.rs and time `cargo build -p generated-sdk --no-default-features
                    --features cvm` (debug, CARGO_INCREMENTAL=0) and the runtime alone; report
                    seconds, peak memory, ms per action beyond the runtime and generated lines
                    (--actions 580, --runs 3 by default; --keep keeps target/bench-compile/,
                    --json prints JSON; --spec-only writes the synthetic spec to
                    target/bench-compile/spec and stops, for `codegen --spec`)
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
        "import" => import_command(flags),
        "drift" => drift_command(flags),
        "bench-compile" => bench_compile::run(&workspace_root(), flags),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => bail!("unknown command '{other}'\n{USAGE}"),
    }
}

/// Flags of import and drift: the definition file first, then `--flag [value]` pairs.
struct Flags {
    file: PathBuf,
    values: Vec<(String, Option<String>)>,
}

impl Flags {
    fn parse(flags: &[String], switches: &[&str], valued: &[&str]) -> Result<Flags> {
        let mut iter = flags.iter();
        let Some(file) = iter.next().filter(|f| !f.starts_with("--")) else {
            bail!("name the official definition file (api.json) first\n{USAGE}");
        };
        let mut values = Vec::new();
        while let Some(flag) = iter.next() {
            if switches.contains(&flag.as_str()) {
                values.push((flag.clone(), None));
            } else if valued.contains(&flag.as_str()) {
                let value = iter
                    .next()
                    .with_context(|| format!("{flag} needs a value\n{USAGE}"))?;
                values.push((flag.clone(), Some(value.clone())));
            } else {
                bail!("unknown flag '{flag}'\n{USAGE}");
            }
        }
        Ok(Flags {
            file: PathBuf::from(file),
            values,
        })
    }

    fn has(&self, flag: &str) -> bool {
        self.values.iter().any(|(f, _)| f == flag)
    }

    fn value(&self, flag: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(f, _)| f == flag)
            .and_then(|(_, v)| v.as_deref())
    }

    fn all(&self, flag: &str) -> Vec<String> {
        self.values
            .iter()
            .filter(|(f, _)| f == flag)
            .filter_map(|(_, v)| v.clone())
            .collect()
    }

    fn spec_dir(&self) -> PathBuf {
        self.value("--spec")
            .map_or_else(|| workspace_root().join("spec"), PathBuf::from)
    }
}

fn import_command(flags: &[String]) -> Result<ExitCode> {
    let flags = Flags::parse(
        flags,
        &["--all", "--force"],
        &["--action", "--examples", "--source-version", "--spec"],
    )?;
    let Some(version) = flags.value("--source-version") else {
        bail!("--source-version is required: the release the definition comes from (e.g. tccli's 3.1.189.1)\n{USAGE}");
    };
    let options = import::ImportOptions {
        api: flags.file.clone(),
        examples: flags.value("--examples").map(PathBuf::from),
        source_version: version.to_owned(),
        actions: flags.all("--action"),
        all: flags.has("--all"),
        spec_dir: flags.spec_dir(),
        force: flags.has("--force"),
    };
    let report = import::run(&options)?;
    print!("{}", import::describe(&report));
    Ok(ExitCode::SUCCESS)
}

fn drift_command(flags: &[String]) -> Result<ExitCode> {
    let flags = Flags::parse(
        flags,
        &["--json", "--fail-on-drift"],
        &["--error-codes", "--examples", "--spec"],
    )?;
    let definition = official::Definition::read(
        &flags.file,
        flags.value("--examples").map(Path::new),
        flags.value("--error-codes").map(Path::new),
    )?;
    let spec_dir = flags.spec_dir();
    let display = spec_dir.display().to_string();
    let ir = codegen::load_ir(&spec_dir, &display)?;
    let drift = drift::compare(&ir.services, &definition)?;
    if flags.has("--json") {
        println!("{}", serde_json::to_string_pretty(&drift)?);
    } else {
        print!("{}", drift::describe(&drift));
    }
    Ok(
        if flags.has("--fail-on-drift") && !drift.differences.is_empty() {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        },
    )
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
    // mimalloc asks for transparent huge pages, which cost more to clear than they save in a run
    // this short, and inflate its resident memory (this process only: it starts no other).
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes one integer flag and changes nothing but this process's
    // page policy (and that of children, which codegen has none of).
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let targets = blocks::Targets::find(&options.out_dir, &options.spec_dir);
    let generate_options = targets.options()?;
    let check = options.check;
    let out_dir = options.out_dir.as_path();
    // Each file is compared with the disk (and staged, when writing) as soon as it is formatted.
    let writer = write::Writer::new(if check {
        write::Mode::Check
    } else {
        write::Mode::Write
    });
    let generated = codegen::generate_into(
        &options.spec_dir,
        &options.spec_display,
        &generate_options,
        &|path, content| writer.offer(out_dir.join(path), content),
    )
    .with_context(|| {
        format!(
            "codegen failed; {} was not touched",
            options.out_dir.display()
        )
    })?;
    if !options.quiet {
        for warning in &generated.warnings {
            eprintln!("warning: {warning}");
        }
    }
    for wanted in targets.splice(&generated.blocks)? {
        writer.offer(wanted.path, wanted.content)?;
    }
    let plan = writer.finish(&[out_dir.join("src"), out_dir.join("tests")])?;
    if check {
        if plan.is_clean() {
            println!(
                "codegen --check: {} generated files are up to date",
                generated.files
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
        generated.files,
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}
