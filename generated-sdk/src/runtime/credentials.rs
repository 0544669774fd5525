//! Where secrets come from: static values, the environment, profile files, or a chain of these.

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use super::SensitiveString;

/// A secret id / secret key pair, with a token for temporary credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    secret_id: String,
    secret_key: SensitiveString,
    token: Option<SensitiveString>,
}

impl Credentials {
    /// Long-term credentials.
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            secret_id: secret_id.into(),
            secret_key: SensitiveString::new(secret_key),
            token: None,
        }
    }

    /// Temporary credentials: the token travels as `X-TC-Token` / `Token`.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(SensitiveString::new(token));
        self
    }

    /// The secret id (public: it identifies the key, it does not sign).
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The secret key.
    pub fn secret_key(&self) -> &str {
        self.secret_key.expose()
    }

    /// The session token of temporary credentials.
    pub fn token(&self) -> Option<&str> {
        self.token.as_ref().map(SensitiveString::expose)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &self.secret_key)
            .field("token", &self.token)
            .finish()
    }
}

/// No credentials could be found, or a credentials file is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no credentials: {message}")]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    /// A credentials error with an explanation.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

/// A source of credentials, asked before every request is signed (so rotated keys are picked up).
pub trait ProvideCredentials: Send + Sync + fmt::Debug + 'static {
    /// The credentials to sign with.
    fn credentials(&self) -> Result<Credentials, CredentialsError>;
}

impl ProvideCredentials for Credentials {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.clone())
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        (**self).credentials()
    }
}

/// `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, and a token from `TENCENTCLOUD_TOKEN` or
/// `TENCENTCLOUD_SECURITY_TOKEN` (as tccli and the Terraform provider read them).
#[derive(Debug, Clone, Default)]
pub struct EnvironmentCredentials;

impl ProvideCredentials for EnvironmentCredentials {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let id = var("TENCENTCLOUD_SECRET_ID");
        let key = var("TENCENTCLOUD_SECRET_KEY");
        match (id, key) {
            (Some(id), Some(key)) => {
                let credentials = Credentials::new(id, key);
                Ok(
                    match var("TENCENTCLOUD_TOKEN").or_else(|| var("TENCENTCLOUD_SECURITY_TOKEN")) {
                        Some(token) => credentials.with_token(token),
                        None => credentials,
                    },
                )
            }
            _ => Err(CredentialsError::new(
                "TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not both set",
            )),
        }
    }
}

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

impl ProvideCredentials for ProfileFileCredentials {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.loaded.get_or_init(|| self.load()).clone()
    }
}

pub(crate) fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// Tries providers in order; the first that has credentials wins. Errors list every provider's reason.
#[derive(Debug)]
pub struct CredentialsChain {
    providers: Vec<Box<dyn ProvideCredentials>>,
}

impl CredentialsChain {
    /// An empty chain; add providers with [`CredentialsChain::or`].
    pub fn new() -> Self {
        Self {
            providers: Vec::new(),
        }
    }

    /// Adds a provider tried after the ones before it.
    pub fn or(mut self, provider: impl ProvideCredentials) -> Self {
        self.providers.push(Box::new(provider));
        self
    }

    /// Environment, then the Tencent Cloud profile file.
    pub fn default_chain() -> Self {
        Self::new()
            .or(EnvironmentCredentials)
            .or(ProfileFileCredentials::new())
    }
}

impl Default for CredentialsChain {
    fn default() -> Self {
        Self::default_chain()
    }
}

impl ProvideCredentials for CredentialsChain {
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut reasons = Vec::new();
        for provider in &self.providers {
            match provider.credentials() {
                Ok(credentials) => return Ok(credentials),
                Err(e) => reasons.push(e.message),
            }
        }
        Err(CredentialsError::new(reasons.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_secrets() {
        let c = Credentials::new("AKIDexample", "very-secret").with_token("session-token");
        let shown = format!("{c:?}");
        assert!(shown.contains("AKIDexample"));
        assert!(
            !shown.contains("very-secret") && !shown.contains("session-token"),
            "{shown}"
        );
    }

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

    #[test]
    fn chain_reports_every_reason() {
        #[derive(Debug)]
        struct Never(&'static str);
        impl ProvideCredentials for Never {
            fn credentials(&self) -> Result<Credentials, CredentialsError> {
                Err(CredentialsError::new(self.0))
            }
        }
        let chain = CredentialsChain::new()
            .or(Never("first"))
            .or(Never("second"));
        assert_eq!(
            chain.credentials().unwrap_err().to_string(),
            "no credentials: first; second"
        );
        let chain = CredentialsChain::new()
            .or(Never("first"))
            .or(Credentials::new("id", "key"));
        assert_eq!(chain.credentials().unwrap().secret_id(), "id");
    }
}
