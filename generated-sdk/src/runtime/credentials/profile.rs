//! The Tencent Cloud INI profile file (`~/.tencentcloud/credentials`).

use std::path::PathBuf;
use std::sync::OnceLock;

use super::{home_dir, Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};

/// The INI profile file: `$TENCENTCLOUD_CREDENTIALS_FILE` or `~/.tencentcloud/credentials`,
/// `[default]` (or another profile) with `secret_id`, `secret_key` and optionally `token`.
///
/// The file is read once, on first use.
#[derive(Debug)]
pub struct ProfileFileCredentials {
    path: Option<PathBuf>,
    profile: String,
    loaded: OnceLock<Result<Credentials, CredentialsError>>,
}

impl ProfileFileCredentials {
    /// The `[default]` profile of the default file.
    pub fn new() -> Self {
        Self {
            path: None,
            profile: "default".to_owned(),
            loaded: OnceLock::new(),
        }
    }

    /// A specific file.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// A profile other than `[default]`.
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = profile.into();
        self
    }

    fn resolve_path(&self) -> Option<PathBuf> {
        if let Some(path) = &self.path {
            return Some(path.clone());
        }
        if let Some(path) =
            std::env::var_os("TENCENTCLOUD_CREDENTIALS_FILE").filter(|p| !p.is_empty())
        {
            return Some(PathBuf::from(path));
        }
        home_dir().map(|home| home.join(".tencentcloud").join("credentials"))
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let path = self.resolve_path().ok_or_else(|| {
            CredentialsError::new("no home directory for ~/.tencentcloud/credentials")
        })?;
        let text = std::fs::read_to_string(&path)
            .map_err(|e| CredentialsError::new(format!("cannot read {}: {e}", path.display())))?;
        let ini = ini::Ini::load_from_str(&text).map_err(|e| {
            CredentialsError::new(format!("{} is not a valid INI file: {e}", path.display()))
        })?;
        let section = ini.section(Some(self.profile.as_str())).ok_or_else(|| {
            CredentialsError::new(format!(
                "{} has no [{}] profile",
                path.display(),
                self.profile
            ))
        })?;
        let field = |name: &str| section.get(name).map(str::trim).filter(|v| !v.is_empty());
        match (field("secret_id"), field("secret_key")) {
            (Some(id), Some(key)) => {
                let credentials = Credentials::new(id, key);
                Ok(match field("token") {
                    Some(token) => credentials.with_token(token),
                    None => credentials,
                })
            }
            _ => Err(CredentialsError::new(format!(
                "[{}] of {} needs secret_id and secret_key",
                self.profile,
                path.display()
            ))),
        }
    }
}

impl Default for ProfileFileCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl ProfileFileCredentials {
    /// The profile's credentials (the file is read on the first call).
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.loaded.get_or_init(|| self.load()).clone()
    }
}

impl ProvideCredentials for ProfileFileCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        CredentialsFuture::ready(self.credentials())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_file_default_and_named_sections() {
        let dir = std::env::temp_dir().join(format!("tc-profile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("credentials");
        std::fs::write(&path, "[default]\nsecret_id = AKID1\nsecret_key = key1\n\n[ci]\nsecret_id=AKID2\nsecret_key=key2\ntoken=t2\n").unwrap();
        let c = ProfileFileCredentials::new()
            .with_path(&path)
            .credentials()
            .unwrap();
        assert_eq!(
            (c.secret_id(), c.secret_key(), c.token()),
            ("AKID1", "key1", None)
        );
        let c = ProfileFileCredentials::new()
            .with_path(&path)
            .with_profile("ci")
            .credentials()
            .unwrap();
        assert_eq!(
            (c.secret_id(), c.secret_key(), c.token()),
            ("AKID2", "key2", Some("t2"))
        );
        let e = ProfileFileCredentials::new()
            .with_path(&path)
            .with_profile("nope")
            .credentials()
            .unwrap_err();
        assert!(e.to_string().contains("has no [nope] profile"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
