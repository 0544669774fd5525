//! QingCloud's own credentials: `~/.qingcloud/config.yaml` (as qingcloud-cli and the SDKs read it)
//! and the `QY_ACCESS_KEY_ID` / `QY_SECRET_ACCESS_KEY` / `QY_ZONE` environment variables.

use std::path::PathBuf;
use std::sync::OnceLock;

use super::credentials::{
    home_dir, Credentials, CredentialsChain, CredentialsError, CredentialsFuture,
    ProvideCredentials,
};
use super::Config;

/// The fields of `config.yaml` this SDK uses (others, such as `host` or `port`, are ignored).
#[derive(Debug, Clone, Default, serde::Deserialize)]
struct QingcloudConfigFile {
    #[serde(default, deserialize_with = "super::de::string")]
    qy_access_key_id: Option<String>,
    #[serde(default, deserialize_with = "super::de::string")]
    qy_secret_access_key: Option<String>,
    #[serde(default, deserialize_with = "super::de::string")]
    zone: Option<String>,
}

/// `~/.qingcloud/config.yaml` (or a given path): `qy_access_key_id`, `qy_secret_access_key`, `zone`.
/// Read once, on first use.
#[derive(Debug, Default)]
pub struct QingcloudConfigCredentials {
    path: Option<PathBuf>,
    loaded: OnceLock<Result<(Credentials, Option<String>), CredentialsError>>,
}

impl QingcloudConfigCredentials {
    /// The default file, `~/.qingcloud/config.yaml`.
    pub fn new() -> Self {
        Self::default()
    }

    /// A specific file.
    pub fn with_path(path: impl Into<PathBuf>) -> Self {
        Self {
            path: Some(path.into()),
            loaded: OnceLock::new(),
        }
    }

    /// The file's `zone`, when it has one and credentials.
    pub fn zone(&self) -> Option<String> {
        self.load().as_ref().ok().and_then(|(_, zone)| zone.clone())
    }

    fn load(&self) -> &Result<(Credentials, Option<String>), CredentialsError> {
        self.loaded.get_or_init(|| {
            let path = match &self.path {
                Some(path) => path.clone(),
                None => home_dir()
                    .map(|home| home.join(".qingcloud").join("config.yaml"))
                    .ok_or_else(|| {
                        CredentialsError::new("no home directory for ~/.qingcloud/config.yaml")
                    })?,
            };
            let text = std::fs::read_to_string(&path).map_err(|e| {
                CredentialsError::new(format!("cannot read {}: {e}", path.display()))
            })?;
            let file: QingcloudConfigFile = serde_yaml::from_str(&text).map_err(|e| {
                CredentialsError::new(format!("{} is not valid YAML: {e}", path.display()))
            })?;
            match (file.qy_access_key_id, file.qy_secret_access_key) {
                (Some(id), Some(key)) if !id.is_empty() && !key.is_empty() => Ok((
                    Credentials::new(id, key),
                    file.zone.filter(|z| !z.is_empty()),
                )),
                _ => Err(CredentialsError::new(format!(
                    "{} needs qy_access_key_id and qy_secret_access_key",
                    path.display()
                ))),
            }
        })
    }
}

impl QingcloudConfigCredentials {
    /// The file's credentials (read on the first call).
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.load().clone().map(|(credentials, _)| credentials)
    }
}

impl ProvideCredentials for QingcloudConfigCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        CredentialsFuture::ready(self.credentials())
    }
}

/// `QY_ACCESS_KEY_ID` and `QY_SECRET_ACCESS_KEY`.
#[derive(Debug, Clone, Default)]
pub struct QingcloudEnvironmentCredentials;

impl ProvideCredentials for QingcloudEnvironmentCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        CredentialsFuture::ready(self.credentials())
    }
}

impl QingcloudEnvironmentCredentials {
    /// Reads the variables now.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        match (var("QY_ACCESS_KEY_ID"), var("QY_SECRET_ACCESS_KEY")) {
            (Some(id), Some(key)) => Ok(Credentials::new(id, key)),
            _ => Err(CredentialsError::new(
                "QY_ACCESS_KEY_ID and QY_SECRET_ACCESS_KEY are not both set",
            )),
        }
    }
}

impl Config {
    /// QingCloud's chain: `QY_ACCESS_KEY_ID` / `QY_SECRET_ACCESS_KEY`, then `~/.qingcloud/config.yaml`;
    /// the zone from `QY_ZONE`, else from the file.
    pub fn from_qingcloud() -> Self {
        let file = QingcloudConfigCredentials::new();
        let zone = std::env::var("QY_ZONE")
            .ok()
            .filter(|z| !z.is_empty())
            .or_else(|| file.zone());
        let config = Config::new(
            CredentialsChain::new()
                .or(QingcloudEnvironmentCredentials)
                .or(file),
        );
        match zone {
            Some(zone) => config.region(zone),
            None => config,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_config_yaml() {
        let dir = std::env::temp_dir().join(format!("qy-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.yaml");
        std::fs::write(&path, "qy_access_key_id: 'QYACCESSKEYIDEXAMPLE'\nqy_secret_access_key: 'SECRETACCESSKEY'\nzone: 'pek3a'\nport: 443\n").unwrap();
        let provider = QingcloudConfigCredentials::with_path(&path);
        let c = provider.credentials().unwrap();
        assert_eq!(
            (c.secret_id(), c.secret_key()),
            ("QYACCESSKEYIDEXAMPLE", "SECRETACCESSKEY")
        );
        assert_eq!(provider.zone().as_deref(), Some("pek3a"));
        std::fs::write(&path, "zone: pek3a\n").unwrap();
        let e = QingcloudConfigCredentials::with_path(&path)
            .credentials()
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("needs qy_access_key_id and qy_secret_access_key"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
