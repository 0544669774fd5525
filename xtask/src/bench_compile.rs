//! `cargo xtask bench-compile`: what the generated code costs to compile, per action.
//!
//! 1. A synthetic N-action spec is made from the CVM one: its actions cycled in file-name order,
//!    copy k (k >= 2) of `RunInstances` named `RunInstances{k}` (file `actions/RunInstances{k}.yaml`),
//!    the data types' `used_by` lists extended to the copies, waiters kept as they are (they name
//!    the originals, which every N >= 58 keeps). N = 58 is the real CVM spec, unchanged.
//! 2. Codegen writes the crate into a scratch workspace, `target/bench-compile/` (a copy of the
//!    hand-written crate, the other services' specs unchanged, a small workspace manifest and the
//!    workspace's `Cargo.lock`), built in its own target dir there: the workspace's is not touched.
//! 3. One build of each configuration builds the dependencies; then, R times, `src/lib.rs` is
//!    touched and `cargo build -p generated-sdk --no-default-features [--features cvm]` timed
//!    (debug profile, `CARGO_INCREMENTAL=0`), with the runtime alone (no service feature) and with
//!    the service. Peak memory is the largest resident set in the build's process tree: the rusage
//!    `wait4` returns for the cargo child covers every process it waited for (rustc among them).
//!
//! Timings are reported, never asserted.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, ExitStatus, Stdio};
use std::time::{Instant, SystemTime};

use anyhow::{bail, ensure, Context, Result};
use serde::Serialize;
use serde_yaml::Value;

/// The spec the synthetic one is made from, below `spec/`.
const SERVICE_SPEC: &str = "cvm/v20170312";
/// Its cargo feature.
const SERVICE_FEATURE: &str = "cvm";
/// Its module's files in the generated crate (every `.rs` line there counts as generated).
const SERVICE_MODULE_DIR: &str = "src/cvm/";
/// The scratch workspace, below the workspace root.
const SCRATCH: &str = "target/bench-compile";
/// The generated crate's package name.
const PACKAGE: &str = "generated-sdk";

#[derive(Debug, Clone, PartialEq, Eq)]
struct Args {
    actions: usize,
    runs: usize,
    keep: bool,
    json: bool,
    /// Write the synthetic spec (below the scratch folder) and stop: no codegen, no builds.
    spec_only: bool,
}

fn parse_args(flags: &[String]) -> Result<Args> {
    let mut args = Args {
        actions: 580,
        runs: 3,
        keep: false,
        json: false,
        spec_only: false,
    };
    let mut iter = flags.iter();
    while let Some(flag) = iter.next() {
        match flag.as_str() {
            "--actions" | "--runs" => {
                let value = iter
                    .next()
                    .with_context(|| format!("{flag} needs a number\n{}", crate::USAGE))?;
                let n: usize = value.parse().ok().filter(|n| *n > 0).with_context(|| {
                    format!(
                        "{flag} needs a positive number, not '{value}'\n{}",
                        crate::USAGE
                    )
                })?;
                if flag == "--actions" {
                    args.actions = n;
                } else {
                    args.runs = n;
                }
            }
            "--keep" => args.keep = true,
            "--json" => args.json = true,
            "--spec-only" => args.spec_only = true,
            other => bail!("unknown flag '{other}'\n{}", crate::USAGE),
        }
    }
    Ok(args)
}

/// `cargo xtask bench-compile [--actions N] [--runs R] [--keep] [--json] [--spec-only]` in the workspace at `root`.
pub fn run(root: &Path, flags: &[String]) -> Result<ExitCode> {
    let args = parse_args(flags)?;
    let scratch = root.join(SCRATCH);
    if args.spec_only {
        let spec_dir = scratch.join("spec");
        let actions = write_spec(root, &spec_dir, args.actions)?;
        println!(
            "bench-compile: synthetic spec with {} {SERVICE_FEATURE} actions written to {}",
            actions.len(),
            spec_dir.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let result = measure(root, &scratch, &args);
    if !args.keep {
        // Whatever happened: the scratch crate of a large N and its build take gigabytes.
        if let Err(err) = fs::remove_dir_all(&scratch) {
            if err.kind() != std::io::ErrorKind::NotFound {
                eprintln!(
                    "bench-compile: could not remove {}: {err}",
                    scratch.display()
                );
            }
        }
    }
    let report = result?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", describe(&report));
        if args.keep {
            println!("scratch workspace kept: {}", scratch.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn measure(root: &Path, scratch: &Path, args: &Args) -> Result<Report> {
    // A kept scratch workspace keeps its target dir (built dependencies); sources are rewritten.
    let spec_dir = scratch.join("spec");
    let crate_dir = scratch.join(PACKAGE);
    remove_if_present(&crate_dir)?;
    let actions = write_spec(root, &spec_dir, args.actions)?;

    // The crate: its hand-written files (generated ones are rewritten below), in a workspace of its own.
    copy_tree(&root.join(PACKAGE), &crate_dir, &|path| {
        Ok(!is_generated(path)? && path.file_name().is_none_or(|n| n != "target"))
    })?;
    fs::write(
        scratch.join("Cargo.toml"),
        scratch_manifest(&read(&root.join("Cargo.toml"))?),
    )?;
    for file in ["Cargo.lock", "README.md"] {
        let from = root.join(file);
        if from.is_file() {
            fs::copy(&from, scratch.join(file))
                .with_context(|| format!("copying {}", from.display()))?;
        }
    }

    let started = Instant::now();
    let options = crate::blocks::Targets::find(&crate_dir, &spec_dir).options()?;
    let generated = codegen::generate_with(&spec_dir, "spec", &options)
        .context("codegen rejected the synthetic spec")?;
    let codegen_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut generated_lines = 0;
    let mut generated_files = 0;
    for (path, content) in &generated.files {
        let target = crate_dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&target, content).with_context(|| format!("writing {}", target.display()))?;
        if path.starts_with(SERVICE_MODULE_DIR) && path.ends_with(".rs") {
            generated_files += 1;
            generated_lines += content.lines().count();
        }
    }
    eprintln!(
        "bench-compile: {} actions, {generated_lines} generated lines in {generated_files} files of {SERVICE_MODULE_DIR} (codegen {codegen_ms:.0} ms)",
        actions.len()
    );

    let builder = Builder::new(scratch);
    let configurations = [("runtime alone", None), ("service", Some(SERVICE_FEATURE))];
    for (what, feature) in configurations {
        eprintln!("bench-compile: first build ({what}), dependencies included");
        builder.build(feature, false)?;
    }
    let mut machine = Machine::here();
    machine.load_before = load_average();
    let mut runtime = Vec::new();
    let mut service = Vec::new();
    for run in 1..=args.runs {
        for (what, feature) in configurations {
            let sample = builder.build(feature, true)?;
            eprintln!(
                "bench-compile: run {run}/{}: {what}: {:.2} s, peak {}",
                args.runs,
                sample.seconds,
                sample
                    .peak_bytes
                    .map_or_else(|| "unknown".to_owned(), |b| format!("{:.0} MiB", mib(b)))
            );
            if feature.is_some() {
                service.push(sample);
            } else {
                runtime.push(sample);
            }
        }
    }
    let runtime = Stats::of(&runtime);
    let service = Stats::of(&service);
    let n = actions.len() as f64;
    Ok(Report {
        actions: actions.len(),
        runs: args.runs,
        method: format!(
            "touch src/lib.rs; cargo build -p {PACKAGE} --no-default-features [--features {SERVICE_FEATURE}]; debug, CARGO_INCREMENTAL=0, dependencies built"
        ),
        machine,
        codegen_ms: round(codegen_ms, 1),
        generated_files,
        generated_lines,
        lines_per_action: round(generated_lines as f64 / n, 1),
        ms_per_action: round(service.median * 1000.0 / n, 2),
        ms_per_action_beyond_runtime: round((service.median - runtime.median) * 1000.0 / n, 2),
        runtime,
        service,
    })
}

// ---------------------------------------------------------------------------------------------
// The synthetic spec

/// Writes at `spec_dir` (replacing what was there) every service of the workspace's `spec/` as it
/// is, CVM replaced by its synthetic `n`-action copy. Returns the action names, in order.
fn write_spec(root: &Path, spec_dir: &Path, n: usize) -> Result<Vec<String>> {
    remove_if_present(spec_dir)?;
    copy_tree(&root.join("spec"), spec_dir, &|_| Ok(true))?;
    let service_dir = spec_dir.join(SERVICE_SPEC);
    fs::remove_dir_all(&service_dir)
        .with_context(|| format!("removing {}", service_dir.display()))?;
    synthesize(&root.join("spec").join(SERVICE_SPEC), &service_dir, n)
}

fn remove_if_present(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            Err(err).with_context(|| format!("removing {}", dir.display()))
        }
        _ => Ok(()),
    }
}

/// Writes at `dest` a copy of the service spec at `source` with `n` actions: the actions in file
/// name order, cycled; copy k >= 2 of `Name` is `Name{k}` in `actions/Name{k}.yaml`. Data types'
/// `used_by` lists name every copy of their actions (and only actions that exist); waiters are
/// kept when every action they name exists. Returns the action names, in order.
fn synthesize(source: &Path, dest: &Path, n: usize) -> Result<Vec<String>> {
    ensure!(n > 0, "a spec needs at least one action");
    let originals = read_actions(&source.join("actions"))?;
    ensure!(
        !originals.is_empty(),
        "{} has no actions",
        source.join("actions").display()
    );
    let m = originals.len();
    fs::create_dir_all(dest.join("actions"))?;

    // Every file beside actions/, types/ and waiters.yaml (service.yaml above all), as it is.
    for entry in read_dir_sorted(source)? {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !matches!(name, "actions" | "types" | "waiters.yaml") {
            let to = dest.join(name);
            if entry.is_dir() {
                copy_tree(&entry, &to, &|_| Ok(true))?;
            } else {
                fs::copy(&entry, &to).with_context(|| format!("copying {}", entry.display()))?;
            }
        }
    }

    // Actions: original name -> its names in the synthetic spec.
    let mut names = Vec::with_capacity(n);
    let mut copies: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for i in 0..n {
        let (path, original) = &originals[i % m];
        let k = i / m + 1;
        let name = if k == 1 {
            let to = dest
                .join("actions")
                .join(path.file_name().context("file name")?);
            fs::copy(path, &to).with_context(|| format!("copying {}", path.display()))?;
            original.clone()
        } else {
            let name = format!("{original}{k}");
            let mut value = read_yaml(path)?;
            let Value::Mapping(map) = &mut value else {
                bail!("{} is not a YAML mapping", path.display());
            };
            map.insert(Value::from("name"), Value::from(name.as_str()));
            write_yaml(&dest.join("actions").join(format!("{name}.yaml")), &value)?;
            name
        };
        copies.entry(original).or_default().push(name.clone());
        names.push(name);
    }

    // Data types: `used_by` names every copy of each action that uses the type.
    let types = source.join("types");
    if types.is_dir() {
        fs::create_dir_all(dest.join("types"))?;
        for path in read_dir_sorted(&types)? {
            let to = dest
                .join("types")
                .join(path.file_name().context("file name")?);
            let mut value = read_yaml(&path)?;
            let changed = match &mut value {
                Value::Mapping(map) => match map.get_mut("used_by") {
                    Some(Value::Sequence(users)) => {
                        let expanded: Vec<Value> = users
                            .iter()
                            .flat_map(|user| match user.as_str() {
                                Some(user) if originals.iter().any(|(_, o)| o == user) => copies
                                    .get(user)
                                    .map(|c| c.iter().map(|n| Value::from(n.as_str())).collect())
                                    .unwrap_or_default(),
                                // Not an action of the spec: codegen reports it as it is.
                                _ => vec![user.clone()],
                            })
                            .collect();
                        let changed = expanded != *users;
                        *users = expanded;
                        changed
                    }
                    _ => false,
                },
                _ => false,
            };
            if changed {
                write_yaml(&to, &value)?;
            } else {
                fs::copy(&path, &to).with_context(|| format!("copying {}", path.display()))?;
            }
        }
    }

    // Waiters name the original actions: kept when those are all there.
    let waiters = source.join("waiters.yaml");
    if waiters.is_file() {
        if n >= m {
            fs::copy(&waiters, dest.join("waiters.yaml"))?;
        } else {
            let mut value = read_yaml(&waiters)?;
            if let Some(Value::Sequence(list)) = value.get_mut("waiters") {
                list.retain(|waiter| {
                    let poll = waiter.get("poll").and_then(Value::as_str);
                    let after = waiter.get("after").and_then(Value::as_sequence);
                    poll.into_iter()
                        .chain(after.into_iter().flatten().filter_map(Value::as_str))
                        .all(|action| names.iter().any(|n| n == action))
                });
                if !list.is_empty() {
                    write_yaml(&dest.join("waiters.yaml"), &value)?;
                }
            }
        }
    }
    Ok(names)
}

/// `(path, action name)` of every `actions/*.yaml`, in file name order.
fn read_actions(dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();
    for path in read_dir_sorted(dir)? {
        if path.extension().is_some_and(|e| e == "yaml") {
            let value = read_yaml(&path)?;
            let name = value
                .get("name")
                .and_then(Value::as_str)
                .with_context(|| format!("{} has no name", path.display()))?
                .to_owned();
            out.push((path, name));
        }
    }
    Ok(out)
}

fn read_yaml(path: &Path) -> Result<Value> {
    serde_yaml::from_str(&read(path)?).with_context(|| format!("parsing {}", path.display()))
}

fn write_yaml(path: &Path, value: &Value) -> Result<()> {
    let text = format!(
        "# Synthetic copy written by cargo xtask bench-compile.\n{}",
        serde_yaml::to_string(value)?
    );
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// The scratch workspace

/// The workspace manifest of the scratch workspace: the crate as its only member, and the root
/// manifest's other tables (`[workspace.package]`, `[workspace.dependencies]`, profiles) as they are,
/// but for profile overrides of other packages (the generator's: not built here, and they only
/// change how dependencies are optimised, not the measured crate).
fn scratch_manifest(root_manifest: &str) -> String {
    let mut out = format!(
        "# Written by cargo xtask bench-compile: the generated crate alone.\n[workspace]\nresolver = \"2\"\nmembers = [\"{PACKAGE}\"]\n"
    );
    let mut keep = false;
    for line in root_manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            let table = trimmed.trim_start_matches('[').trim_end_matches(']').trim();
            let other_package = table.starts_with("profile.")
                && table
                    .split_once(".package.")
                    .is_some_and(|(_, package)| package.trim_matches('"') != PACKAGE);
            keep = table != "workspace" && !other_package;
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Whether a file is one codegen writes (its first line is the generated marker).
fn is_generated(path: &Path) -> Result<bool> {
    if !path.is_file() || path.extension().is_none_or(|e| e != "rs") {
        return Ok(false);
    }
    let text = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text.starts_with(codegen::GENERATED_MARKER.as_bytes()))
}

/// Copies the files below `from` to `to` that `keep` accepts (a folder it refuses is skipped whole).
fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> Result<bool>) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for path in read_dir_sorted(from)? {
        if !keep(&path)? {
            continue;
        }
        let target = to.join(path.file_name().context("file name")?);
        if path.is_dir() {
            copy_tree(&path, &target, keep)?;
        } else {
            fs::copy(&path, &target).with_context(|| format!("copying {}", path.display()))?;
        }
    }
    Ok(())
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut paths = fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    paths.sort();
    Ok(paths)
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Builds

/// Runs cargo in the scratch workspace.
struct Builder {
    cargo: OsString,
    scratch: PathBuf,
    log: PathBuf,
}

/// One measured build.
#[derive(Debug, Clone, Copy)]
struct Sample {
    seconds: f64,
    /// The largest resident set in the build's process tree (unknown off Unix).
    peak_bytes: Option<u64>,
}

impl Builder {
    fn new(scratch: &Path) -> Self {
        Self {
            cargo: std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
            scratch: scratch.to_path_buf(),
            log: scratch.join("build.log"),
        }
    }

    /// `cargo build -p generated-sdk --no-default-features [--features F]`; when `measured`, after
    /// touching `src/lib.rs`, with cargo's output in the log (which must show the crate compiled).
    fn build(&self, feature: Option<&str>, measured: bool) -> Result<Sample> {
        let lib = self.scratch.join(PACKAGE).join("src/lib.rs");
        if measured {
            fs::File::options()
                .write(true)
                .open(&lib)
                .and_then(|f| f.set_modified(SystemTime::now()))
                .with_context(|| format!("touching {}", lib.display()))?;
        }
        let mut command = Command::new(&self.cargo);
        command
            .current_dir(&self.scratch)
            .arg("build")
            .arg("--manifest-path")
            .arg(self.scratch.join("Cargo.toml"))
            .args(["-p", PACKAGE, "--no-default-features"])
            .env("CARGO_TARGET_DIR", self.scratch.join("target"))
            .env("CARGO_INCREMENTAL", "0")
            // A caching wrapper (sccache) would answer a touched file from its cache.
            .env_remove("RUSTC_WRAPPER")
            .env_remove("RUSTC_WORKSPACE_WRAPPER")
            .env_remove("CARGO_BUILD_RUSTC_WRAPPER")
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        if let Some(feature) = feature {
            command.args(["--features", feature]);
        }
        if measured {
            command.stderr(fs::File::create(&self.log)?);
        } else {
            command.stderr(Stdio::inherit());
        }
        let started = Instant::now();
        let child = command
            .spawn()
            .with_context(|| format!("could not run {}", Path::new(&self.cargo).display()))?;
        let (status, peak_bytes) = wait_with_peak(child)?;
        let seconds = started.elapsed().as_secs_f64();
        let log = if measured {
            fs::read_to_string(&self.log).unwrap_or_default()
        } else {
            String::new()
        };
        if !status.success() {
            bail!(
                "cargo build ({}) failed with {status}{}",
                feature.unwrap_or("no service feature"),
                tail(&log)
            );
        }
        if measured && !log.contains(&format!("Compiling {PACKAGE} ")) {
            bail!(
                "cargo did not rebuild {PACKAGE} after touching {}; the timing would mean nothing{}",
                lib.display(),
                tail(&log)
            );
        }
        Ok(Sample {
            seconds,
            peak_bytes,
        })
    }
}

/// The last lines of a build log, for an error message.
fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    let start = lines.len().saturating_sub(40);
    if lines.is_empty() {
        String::new()
    } else {
        format!(":\n{}", lines[start..].join("\n"))
    }
}

/// Waits for `child` and returns its status and the largest resident set of it and every
/// descendant it waited for (`wait4`'s rusage: the kernel folds each reaped child's peak into its
/// parent's).
#[cfg(unix)]
fn wait_with_peak(child: std::process::Child) -> Result<(ExitStatus, Option<u64>)> {
    use std::os::unix::process::ExitStatusExt as _;
    let pid = libc::pid_t::try_from(child.id()).context("pid out of range")?;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is a plain C struct for which all-zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `status` and `usage` are valid for writes; `pid` is our unreaped child (the
        // `Child` handle is never waited on through std).
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(err).context("waiting for cargo");
        }
    }
    drop(child);
    let max_rss = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    // Linux (and most Unixes) count kilobytes; macOS counts bytes.
    let bytes = if cfg!(target_os = "macos") {
        max_rss
    } else {
        max_rss * 1024
    };
    Ok((ExitStatus::from_raw(status), Some(bytes)))
}

#[cfg(not(unix))]
fn wait_with_peak(mut child: std::process::Child) -> Result<(ExitStatus, Option<u64>)> {
    Ok((child.wait().context("waiting for cargo")?, None))
}

// ---------------------------------------------------------------------------------------------
// The report

#[derive(Debug, Serialize)]
struct Report {
    actions: usize,
    runs: usize,
    method: String,
    machine: Machine,
    codegen_ms: f64,
    /// `.rs` files of the service module.
    generated_files: usize,
    /// Lines of those files.
    generated_lines: usize,
    lines_per_action: f64,
    /// The runtime alone (no service feature).
    runtime: Stats,
    /// The runtime with the service.
    service: Stats,
    /// Median service build / actions.
    ms_per_action: f64,
    /// (median service build - median runtime build) / actions.
    ms_per_action_beyond_runtime: f64,
}

#[derive(Debug, Serialize)]
struct Stats {
    seconds: Vec<f64>,
    min: f64,
    median: f64,
    max: f64,
    /// The largest peak of the runs, MiB.
    peak_mib: Option<f64>,
}

impl Stats {
    fn of(samples: &[Sample]) -> Self {
        let mut seconds: Vec<f64> = samples.iter().map(|s| s.seconds).collect();
        seconds.sort_by(f64::total_cmp);
        let median = match seconds.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => seconds[n / 2],
            n => (seconds[n / 2 - 1] + seconds[n / 2]) / 2.0,
        };
        Self {
            min: round(seconds.first().copied().unwrap_or(f64::NAN), 3),
            median: round(median, 3),
            max: round(seconds.last().copied().unwrap_or(f64::NAN), 3),
            peak_mib: samples
                .iter()
                .filter_map(|s| s.peak_bytes)
                .max()
                .map(|b| round(mib(b), 1)),
            seconds: samples.iter().map(|s| round(s.seconds, 3)).collect(),
        }
    }

    fn peak(&self) -> String {
        self.peak_mib
            .map_or_else(|| "unknown".to_owned(), |m| format!("{m:.0}"))
    }
}

#[derive(Debug, Serialize)]
struct Machine {
    cpus: usize,
    /// The 1-minute load average before the measured builds (other work on the machine skews them).
    load_before: Option<f64>,
    cpu: Option<String>,
    memory_gib: Option<f64>,
    os: &'static str,
    rustc: Option<String>,
}

impl Machine {
    fn here() -> Self {
        let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .and_then(|rest| rest.split_once(':'))
            .map(|(_, model)| model.trim().to_owned());
        let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory_gib = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
            .map(|kib| round(kib / 1024.0 / 1024.0, 1));
        // The rustc cargo uses (RUSTC when set).
        let rustc = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
            .arg("-V")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
        Self {
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            load_before: None,
            cpu,
            memory_gib,
            os: std::env::consts::OS,
            rustc,
        }
    }
}

/// The 1-minute load average (Linux).
fn load_average() -> Option<f64> {
    fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn describe(report: &Report) -> String {
    let mut out = String::new();
    let m = &report.machine;
    let _ = writeln!(
        out,
        "bench-compile: {} actions, {} run{} each; {}",
        report.actions,
        report.runs,
        if report.runs == 1 { "" } else { "s" },
        report.method
    );
    let _ = writeln!(
        out,
        "machine: {} CPUs{}{}, {}{}{}",
        m.cpus,
        m.cpu
            .as_deref()
            .map_or_else(String::new, |c| format!(" ({c})")),
        m.memory_gib
            .map_or_else(String::new, |g| format!(", {g} GiB")),
        m.os,
        m.rustc
            .as_deref()
            .map_or_else(String::new, |r| format!(", {r}")),
        m.load_before.map_or_else(String::new, |l| format!(
            "; load average {l} before the runs"
        ))
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "| what | seconds (min / median / max) | peak MiB |");
    let _ = writeln!(out, "|---|---|---|");
    for (what, stats) in [
        (
            "runtime alone (no service feature)".to_owned(),
            &report.runtime,
        ),
        (
            format!("{SERVICE_FEATURE}, {} actions", report.actions),
            &report.service,
        ),
    ] {
        let _ = writeln!(
            out,
            "| {what} | {:.2} / {:.2} / {:.2} | {} |",
            stats.min,
            stats.median,
            stats.max,
            stats.peak()
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "per action: {:.1} ms; beyond the runtime: {:.1} ms",
        report.ms_per_action, report.ms_per_action_beyond_runtime
    );
    let _ = writeln!(
        out,
        "generated: {} lines in {} files of {SERVICE_MODULE_DIR}, {:.0} per action; codegen {:.0} ms",
        report.generated_lines, report.generated_files, report.lines_per_action, report.codegen_ms
    );
    out
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// A fresh folder below the system's temporary folder, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> Self {
            let dir = std::env::temp_dir().join(format!(
                "xtask-bench-compile-{tag}-{}-{:?}",
                std::process::id(),
                std::thread::current().id()
            ));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn cvm_spec() -> PathBuf {
        crate::workspace_root().join("spec").join(SERVICE_SPEC)
    }

    /// Synthesizes `n` actions and loads them with codegen's validation.
    fn synthesize_and_load(n: usize) -> (TempDir, Vec<String>, codegen::ir::Ir) {
        let root = TempDir::new(&n.to_string());
        let dest = root.0.join(SERVICE_SPEC);
        let names = synthesize(&cvm_spec(), &dest, n).unwrap();
        let ir = codegen::load_ir(&root.0, "spec")
            .unwrap_or_else(|errors| panic!("the synthetic {n}-action spec is invalid: {errors}"));
        (root, names, ir)
    }

    fn assert_unique_and_loaded(n: usize, names: &[String], ir: &codegen::ir::Ir) {
        assert_eq!(names.len(), n);
        let unique: BTreeSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), n, "action names repeat");
        assert_eq!(ir.services.len(), 1);
        let loaded: BTreeSet<&String> = ir.services[0].actions.iter().map(|a| &a.name).collect();
        assert_eq!(
            loaded, unique,
            "codegen loaded other actions than were written"
        );
    }

    #[test]
    fn cycled_copies_are_renamed_and_pass_codegen() {
        let m = read_actions(&cvm_spec().join("actions")).unwrap().len();
        let n = 2 * m + 3;
        let (root, names, ir) = synthesize_and_load(n);
        assert_unique_and_loaded(n, &names, &ir);
        for name in ["RunInstances", "RunInstances2", "AllocateHosts3"] {
            assert!(names.iter().any(|n| n == name), "{name} missing");
            let file = root
                .0
                .join(SERVICE_SPEC)
                .join(format!("actions/{name}.yaml"));
            assert!(file.is_file(), "{} missing", file.display());
        }
        assert!(!names.iter().any(|n| n == "RunInstances3"));
        // The data types name the copies of their actions.
        let instance = read_yaml(&root.0.join(SERVICE_SPEC).join("types/Instance.yaml")).unwrap();
        let users: Vec<&str> = instance["used_by"]
            .as_sequence()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(users, ["DescribeInstances", "DescribeInstances2"]);
        // No warning about a data type's `used_by` leaving out a copy.
        assert!(
            !ir.warnings.iter().any(|w| w.contains("used_by")),
            "{:?}",
            ir.warnings
        );
        // Codegen emits the whole service from it.
        let generated = codegen::generate(&root.0, "spec").unwrap();
        assert!(generated
            .files
            .iter()
            .any(|(path, _)| path == "src/cvm/v20170312/run_instances2.rs"));
    }

    #[test]
    fn the_real_size_is_the_real_spec_and_fewer_actions_still_validate() {
        let originals = read_actions(&cvm_spec().join("actions")).unwrap();
        let m = originals.len();
        let (root, names, ir) = synthesize_and_load(m);
        assert_unique_and_loaded(m, &names, &ir);
        for (path, _) in &originals {
            let copy = root
                .0
                .join(SERVICE_SPEC)
                .join("actions")
                .join(path.file_name().unwrap());
            assert_eq!(fs::read(path).unwrap(), fs::read(copy).unwrap());
        }
        let (_root, names, ir) = synthesize_and_load(5);
        assert_unique_and_loaded(5, &names, &ir);
    }

    #[test]
    fn flags() {
        let parse =
            |flags: &[&str]| parse_args(&flags.iter().map(|f| (*f).to_owned()).collect::<Vec<_>>());
        assert_eq!(
            parse(&[]).unwrap(),
            Args {
                actions: 580,
                runs: 3,
                keep: false,
                json: false,
                spec_only: false,
            }
        );
        assert_eq!(
            parse(&["--actions", "116", "--runs", "1", "--keep", "--json"]).unwrap(),
            Args {
                actions: 116,
                runs: 1,
                keep: true,
                json: true,
                spec_only: false,
            }
        );
        assert!(parse(&["--actions", "0"]).is_err());
        assert!(parse(&["--runs"]).is_err());
        assert!(
            parse(&["--spec-only", "--actions", "5800"])
                .unwrap()
                .spec_only
        );
        assert!(parse(&["--fast"]).is_err());
    }

    #[test]
    fn the_report_reads_as_a_table_and_as_json() {
        let sample = |seconds, mib: u64| Sample {
            seconds,
            peak_bytes: Some(mib << 20),
        };
        let runtime = Stats::of(&[sample(1.2, 240), sample(1.0, 243), sample(1.1, 241)]);
        let service = Stats::of(&[sample(6.3, 611), sample(6.5, 600), sample(6.1, 605)]);
        assert_eq!(
            (runtime.min, runtime.median, runtime.max, runtime.peak_mib),
            (1.0, 1.1, 1.2, Some(243.0))
        );
        let report = Report {
            actions: 58,
            runs: 3,
            method: "touch; cargo build".to_owned(),
            machine: Machine {
                cpus: 2,
                load_before: Some(0.5),
                cpu: None,
                memory_gib: None,
                os: "linux",
                rustc: None,
            },
            codegen_ms: 100.0,
            generated_files: 60,
            generated_lines: 21_808,
            lines_per_action: 376.0,
            ms_per_action: 108.62,
            ms_per_action_beyond_runtime: 89.66,
            runtime,
            service,
        };
        let text = describe(&report);
        assert!(
            text.contains("| runtime alone (no service feature) | 1.00 / 1.10 / 1.20 | 243 |"),
            "{text}"
        );
        assert!(
            text.contains("| cvm, 58 actions | 6.10 / 6.30 / 6.50 | 611 |"),
            "{text}"
        );
        assert!(text.contains("beyond the runtime: 89.7 ms"), "{text}");
        let json: serde_json::Value = serde_json::to_value(&report).unwrap();
        assert_eq!(json["service"]["median"], 6.3);
        assert_eq!(json["ms_per_action_beyond_runtime"], 89.66);
        assert_eq!(json["generated_lines"], 21_808);
    }

    #[test]
    fn the_scratch_manifest_keeps_the_shared_tables() {
        let manifest = scratch_manifest(
            "[workspace]\nresolver = \"2\"\nmembers = [\"codegen\", \"xtask\", \"generated-sdk\"]\n\n[workspace.package]\nedition = \"2021\"\n\n[workspace.dependencies]\nserde = \"1\"\n\n[profile.dev.package.codegen]\nopt-level = 2\n[profile.dev.package.generated-sdk]\ndebug = 1\n[profile.dev]\nsplit-debuginfo = \"unpacked\"\n",
        );
        assert!(!manifest.contains("codegen"));
        assert!(manifest.contains("[profile.dev.package.generated-sdk]\ndebug = 1"));
        assert!(manifest.contains("[profile.dev]\nsplit-debuginfo"));
        assert!(manifest.contains("members = [\"generated-sdk\"]"));
        assert!(!manifest.contains("\"xtask\""));
        assert!(manifest.contains("[workspace.package]\nedition = \"2021\""));
        assert!(manifest.contains("[workspace.dependencies]\nserde = \"1\""));
        assert_eq!(manifest.matches("[workspace]").count(), 1);
    }
}
