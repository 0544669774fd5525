//! `cargo xtask test [ARGS]`: the README's test command, with what its tests need installed first
//! (`redis-server` for the fleet rate-limiter tests of the `redis` feature).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};

/// What to install when `redis-server` is missing and cannot be installed here.
const INSTALL_HINT: &str =
    "install Redis's server (Debian/Ubuntu: `apt-get install -y redis-server`) \
     or point REDIS_SERVER at a redis-server binary";

/// Installs `redis-server` if needed, then runs `cargo test --workspace --all-features ARGS` in
/// `root`, and exits with its status.
pub fn run(root: &Path, args: &[String]) -> Result<ExitCode> {
    ensure_redis_server()?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(&cargo)
        .current_dir(root)
        .args(["test", "--workspace", "--all-features"])
        .args(args)
        .status()
        .with_context(|| format!("could not run {}", Path::new(&cargo).display()))?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        // A code outside 1..=255 (or death by a signal) still fails.
        Some(code) => ExitCode::from(u8::try_from(code).ok().filter(|c| *c != 0).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}

/// Makes sure the tests find `redis-server`: REDIS_SERVER when set, else one on PATH, else
/// Debian's package installed with apt-get (`apt-get update` only when the first install fails).
fn ensure_redis_server() -> Result<()> {
    if let Some(path) = std::env::var_os("REDIS_SERVER").filter(|p| !p.is_empty()) {
        if Path::new(&path).is_file() {
            return Ok(());
        }
        bail!(
            "REDIS_SERVER is set to {}, which is not a file: {INSTALL_HINT}",
            Path::new(&path).display()
        );
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    if find_in_path("redis-server", &path).is_some() {
        return Ok(());
    }
    let Some(apt_get) = find_in_path("apt-get", &path) else {
        bail!("redis-server is not installed and apt-get is not available: {INSTALL_HINT}");
    };
    eprintln!("xtask: redis-server is not installed; installing Debian's redis-server");
    if !apt(&apt_get, &["install", "-y", "redis-server"])? {
        eprintln!("xtask: apt-get install failed; updating the package lists and retrying");
        if !apt(&apt_get, &["update"])? || !apt(&apt_get, &["install", "-y", "redis-server"])? {
            bail!("apt-get could not install redis-server: {INSTALL_HINT}");
        }
    }
    if find_in_path("redis-server", &path).is_none() {
        bail!("apt-get installed redis-server but it is not on PATH: {INSTALL_HINT}");
    }
    Ok(())
}

/// Runs apt-get non-interactively; whether it succeeded.
fn apt(apt_get: &Path, args: &[&str]) -> Result<bool> {
    let status = Command::new(apt_get)
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .with_context(|| format!("could not run {}: {INSTALL_HINT}", apt_get.display()))?;
    Ok(status.success())
}

/// The first executable file named `name` in the folders of `path` (a PATH value).
fn find_in_path(name: &str, path: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn finds_only_executable_files_in_path_order() {
        use std::os::unix::fs::PermissionsExt;
        let root = std::env::temp_dir().join(format!("xtask-find-in-path-{}", std::process::id()));
        let (first, second, third) = (root.join("a"), root.join("b"), root.join("c"));
        for dir in [&first, &second, &third] {
            std::fs::create_dir_all(dir).unwrap();
        }
        // `a` holds a non-executable file and `b` a folder of that name: both are passed over.
        std::fs::write(first.join("redis-server"), "").unwrap();
        std::fs::create_dir_all(second.join("redis-server")).unwrap();
        let wanted = third.join("redis-server");
        std::fs::write(&wanted, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&wanted, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = std::env::join_paths([&first, &second, &third]).unwrap();
        let found = find_in_path("redis-server", &path);
        let missing = find_in_path("no-such-tool", &path);
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(found, Some(wanted));
        assert_eq!(missing, None);
    }
}
