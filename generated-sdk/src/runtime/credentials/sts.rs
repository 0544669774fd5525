//! Temporary credentials from STS (2018-08-13), through this crate's own generated STS client:
//! AssumeRole on top of base credentials, and AssumeRoleWithWebIdentity for TKE's OIDC.
//!
//! Wire facts (tencentcloud-sdk-go `common/role_arn_provider.go`, `common/oidc_role_arn_provider.go`):
//! the endpoint `sts.tencentcloudapi.com`, a default session name of a prefix and the time in
//! microseconds, 7200 s by default and at most 43200 s; AssumeRoleWithWebIdentity is sent
//! unsigned (`Authorization: SKIP`; the spec marks it `auth: none`) with the OIDC token of the
//! file named by `TKE_WEB_IDENTITY_TOKEN_FILE`, re-read at every refresh (TKE rotates it).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::cache::{CredentialsCache, DEFAULT_REFRESH_AHEAD};
use super::cvm_role::temporary;
use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::runtime::Config;
use crate::sts::v20180813 as sts;

/// The official SDKs' default: two hours.
const DEFAULT_DURATION: Duration = Duration::from_secs(7200);
/// STS's maximum: twelve hours.
const MAX_DURATION: Duration = Duration::from_secs(43200);

/// Changes made to the STS client's [`Config`] (endpoint, transport, timeouts).
type Configure = Arc<dyn Fn(Config) -> Config + Send + Sync>;

/// `generated-sdk-rust-<microseconds>`, like the official SDKs' `tencentcloud-go-sdk-<µs>`.
fn default_session_name() -> String {
    let micros = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros());
    format!("generated-sdk-rust-{micros}")
}

fn duration_seconds(duration: Duration) -> Result<i64, CredentialsError> {
    if duration.is_zero() || duration > MAX_DURATION {
        return Err(CredentialsError::new(format!(
            "STS: the credentials' duration must be 1 to 43200 seconds, not {}",
            duration.as_secs()
        )));
    }
    Ok(duration.as_secs().max(1) as i64)
}

fn from_sts(
    source: &str,
    credentials: Option<sts::Credentials>,
    expired_time: Option<i64>,
) -> Result<Credentials, CredentialsError> {
    let credentials = credentials.unwrap_or_default();
    temporary(
        source,
        credentials.tmp_secret_id,
        credentials.tmp_secret_key.as_ref().map(|k| k.expose()),
        credentials.token.as_ref().map(|t| t.expose()),
        expired_time,
    )
}

/// Temporary credentials of a role, from STS AssumeRole signed with base credentials; refreshed
/// ahead of expiry, one call at a time; clones share the cache.
///
/// ```no_run
/// use generated_sdk::runtime::{AssumeRoleCredentials, Config, CredentialsChain};
/// use std::time::Duration;
/// let role = AssumeRoleCredentials::new(
///     CredentialsChain::default_chain(),
///     "qcs::cam::uin/100000000001:roleName/deployer",
///     "ap-guangzhou",
/// )
/// .with_duration(Duration::from_secs(3600));
/// let config = Config::new(role).region("ap-guangzhou");
/// ```
#[derive(Clone)]
pub struct AssumeRoleCredentials {
    client: sts::Client,
    role_arn: String,
    session_name: String,
    duration: Duration,
    policy: Option<String>,
    external_id: Option<String>,
    /// Shared by clones; a setter starts a new one (other settings, other credentials).
    cache: Arc<CredentialsCache>,
}

fn new_cache() -> Arc<CredentialsCache> {
    Arc::new(CredentialsCache::new(DEFAULT_REFRESH_AHEAD))
}

impl AssumeRoleCredentials {
    /// `role_arn` assumed with `base` credentials, calling STS in `region`.
    pub fn new(
        base: impl ProvideCredentials,
        role_arn: impl Into<String>,
        region: impl Into<String>,
    ) -> Self {
        Self {
            client: sts::Client::new(Config::new(base).region(region)),
            role_arn: role_arn.into(),
            session_name: default_session_name(),
            duration: DEFAULT_DURATION,
            policy: None,
            external_id: None,
            cache: new_cache(),
        }
    }

    /// The session name (default `generated-sdk-rust-<microseconds>`).
    pub fn with_session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = name.into();
        self.cache = new_cache();
        self
    }

    /// How long the credentials live: 1 s to 12 h (default 2 h, as the official SDKs).
    pub fn with_duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self.cache = new_cache();
        self
    }

    /// A policy narrowing the role's permissions (JSON, as STS takes it).
    pub fn with_policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self.cache = new_cache();
        self
    }

    /// The external id the role's trust policy asks for.
    pub fn with_external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self.cache = new_cache();
        self
    }

    /// Changes the STS client's configuration (endpoint, transport, timeouts, retries).
    pub fn configure(mut self, f: impl FnOnce(Config) -> Config) -> Self {
        self.client = sts::Client::new(f(self.client.handle().config().clone()));
        self.cache = new_cache();
        self
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let source = format!("STS AssumeRole of {}", self.role_arn);
        let mut request = self
            .client
            .assume_role()
            .role_arn(self.role_arn.clone())
            .role_session_name(self.session_name.clone())
            .duration_seconds(duration_seconds(self.duration)?);
        if let Some(policy) = &self.policy {
            request = request.policy(policy.clone());
        }
        if let Some(external_id) = &self.external_id {
            request = request.external_id(external_id.clone());
        }
        let response = request
            .send()
            .await
            .map_err(|e| CredentialsError::new(format!("{source} failed: {e}")))?;
        from_sts(&source, response.credentials, response.expired_time)
    }
}

impl std::fmt::Debug for AssumeRoleCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssumeRoleCredentials")
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("duration", &self.duration)
            .field("sts", self.client.handle().config())
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for AssumeRoleCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        CredentialsFuture::new(self.cache.get("sts-assume-role", || self.fetch()))
    }
}

/// The STS client of AssumeRoleWithWebIdentity signs nothing: it has no credentials to give.
#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        CredentialsFuture::ready(Err(CredentialsError::new(
            "the OIDC STS client only sends the unsigned AssumeRoleWithWebIdentity",
        )))
    }
}

/// Where the OIDC settings come from.
#[derive(Debug, Clone)]
enum OidcSettings {
    /// `TKE_REGION`, `TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE`, `TKE_ROLE_ARN`, read at
    /// every refresh.
    TkeEnvironment,
    Given {
        region: String,
        provider_id: String,
        token_file: PathBuf,
        role_arn: String,
    },
}

/// The settings of one refresh.
struct OidcRequest {
    region: String,
    provider_id: String,
    token: String,
    role_arn: String,
}

/// Temporary credentials of a role for a workload with an OIDC identity (TKE pods), from STS
/// AssumeRoleWithWebIdentity, sent unsigned with the token of a file; refreshed ahead of expiry,
/// one call at a time; clones share the cache.
///
/// ```no_run
/// use generated_sdk::runtime::{Config, OidcRoleCredentials};
/// // In a TKE pod with the OIDC webhook: TKE_REGION, TKE_PROVIDER_ID,
/// // TKE_WEB_IDENTITY_TOKEN_FILE and TKE_ROLE_ARN are set.
/// let config = Config::new(OidcRoleCredentials::from_tke_env()).region("ap-guangzhou");
/// ```
#[derive(Clone)]
pub struct OidcRoleCredentials {
    settings: OidcSettings,
    session_name: Option<String>,
    duration: Duration,
    configure: Option<Configure>,
    /// Shared by clones; a setter starts a new one (other settings, other credentials).
    cache: Arc<CredentialsCache>,
}

impl OidcRoleCredentials {
    /// TKE's variables `TKE_REGION`, `TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE` and
    /// `TKE_ROLE_ARN`, read (with the token file) at every refresh.
    pub fn from_tke_env() -> Self {
        Self::with_settings(OidcSettings::TkeEnvironment)
    }

    /// Explicit settings; the token file is read at every refresh.
    pub fn new(
        region: impl Into<String>,
        provider_id: impl Into<String>,
        token_file: impl Into<PathBuf>,
        role_arn: impl Into<String>,
    ) -> Self {
        Self::with_settings(OidcSettings::Given {
            region: region.into(),
            provider_id: provider_id.into(),
            token_file: token_file.into(),
            role_arn: role_arn.into(),
        })
    }

    fn with_settings(settings: OidcSettings) -> Self {
        Self {
            settings,
            session_name: None,
            duration: DEFAULT_DURATION,
            configure: None,
            cache: new_cache(),
        }
    }

    /// The session name (default `generated-sdk-rust-<microseconds>`, new at each refresh).
    pub fn with_session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self.cache = new_cache();
        self
    }

    /// How long the credentials live: 1 s to 12 h (default 2 h, as the official SDKs).
    pub fn with_duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self.cache = new_cache();
        self
    }

    /// Changes the STS client's configuration (endpoint, transport, timeouts, retries); applied
    /// at every refresh.
    pub fn configure(mut self, f: impl Fn(Config) -> Config + Send + Sync + 'static) -> Self {
        self.configure = Some(Arc::new(f));
        self.cache = new_cache();
        self
    }

    fn request(&self) -> Result<OidcRequest, CredentialsError> {
        let (region, provider_id, token_file, role_arn) = match &self.settings {
            OidcSettings::Given {
                region,
                provider_id,
                token_file,
                role_arn,
            } => (
                region.clone(),
                provider_id.clone(),
                token_file.clone(),
                role_arn.clone(),
            ),
            OidcSettings::TkeEnvironment => {
                let names = [
                    "TKE_REGION",
                    "TKE_PROVIDER_ID",
                    "TKE_WEB_IDENTITY_TOKEN_FILE",
                    "TKE_ROLE_ARN",
                ];
                let values: Vec<Option<String>> = names
                    .iter()
                    .map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
                    .collect();
                let missing: Vec<&str> = names
                    .iter()
                    .zip(&values)
                    .filter(|(_, v)| v.is_none())
                    .map(|(name, _)| *name)
                    .collect();
                if !missing.is_empty() {
                    return Err(CredentialsError::new(format!(
                        "TKE OIDC role: {} not set",
                        missing.join(", ")
                    )));
                }
                let mut values = values.into_iter().flatten();
                let mut next = || values.next().unwrap_or_default();
                (next(), next(), PathBuf::from(next()), next())
            }
        };
        let token = std::fs::read_to_string(&token_file).map_err(|e| {
            CredentialsError::new(format!(
                "TKE OIDC role: cannot read the web identity token file {}: {e}",
                token_file.display()
            ))
        })?;
        let token = token.trim().to_owned();
        if token.is_empty() {
            return Err(CredentialsError::new(format!(
                "TKE OIDC role: the web identity token file {} is empty",
                token_file.display()
            )));
        }
        Ok(OidcRequest {
            region,
            provider_id,
            token,
            role_arn,
        })
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let request = self.request()?;
        let source = format!("STS AssumeRoleWithWebIdentity of {}", request.role_arn);
        let mut config = Config::new(NoCredentials).region(request.region);
        if let Some(configure) = &self.configure {
            config = configure(config);
        }
        let client = sts::Client::new(config);
        let response = client
            .assume_role_with_web_identity()
            .provider_id(request.provider_id)
            .web_identity_token(request.token)
            .role_arn(request.role_arn)
            .role_session_name(
                self.session_name
                    .clone()
                    .unwrap_or_else(default_session_name),
            )
            .duration_seconds(duration_seconds(self.duration)?)
            .send()
            .await
            .map_err(|e| CredentialsError::new(format!("{source} failed: {e}")))?;
        from_sts(&source, response.credentials, response.expired_time)
    }
}

impl std::fmt::Debug for OidcRoleCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcRoleCredentials")
            .field("settings", &self.settings)
            .field("duration", &self.duration)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for OidcRoleCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        CredentialsFuture::new(self.cache.get("sts-oidc", || self.fetch()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_bounded() {
        assert_eq!(duration_seconds(DEFAULT_DURATION).unwrap(), 7200);
        assert!(duration_seconds(Duration::ZERO).is_err());
        assert!(duration_seconds(Duration::from_secs(43201)).is_err());
    }

    #[test]
    fn explicit_settings_read_the_token_file() {
        let dir = std::env::temp_dir().join(format!("oidc-token-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("token");
        std::fs::write(&file, "header.payload.signature\n").unwrap();
        let provider = OidcRoleCredentials::new(
            "ap-guangzhou",
            "tke-oidc",
            &file,
            "qcs::cam::uin/1:roleName/r",
        );
        let request = provider.request().unwrap();
        assert_eq!(request.token, "header.payload.signature");
        assert_eq!(request.region, "ap-guangzhou");
        std::fs::remove_file(&file).unwrap();
        let e = provider.request().err().unwrap();
        assert!(
            e.to_string()
                .contains("cannot read the web identity token file"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
