//! The CVM instance role: temporary keys from the instance metadata service.
//!
//! Wire facts (tencentcloud-sdk-go `common/cvm_role_provider.go`, cross-checked with the Java and
//! Python SDKs): `GET http://metadata.tencentyun.com/latest/meta-data/cam/security-credentials/`
//! answers with the name of the role bound to the instance (404 when none is), and
//! `GET .../security-credentials/<role>` with `{"TmpSecretId", "TmpSecretKey", "Token",
//! "ExpiredTime" (Unix seconds), "Expiration", "Code": "Success"}`.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use super::cache::{CredentialsCache, DEFAULT_REFRESH_AHEAD};
use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::runtime::transport::{Body, HttpTransport, MaxResponseBytes, TransportError};

/// The metadata service's credentials path.
pub const DEFAULT_METADATA_URL: &str =
    "http://metadata.tencentyun.com/latest/meta-data/cam/security-credentials/";

/// The metadata service answers small documents; anything longer is not one of them.
const MAX_METADATA_BYTES: usize = 64 * 1024;

/// Temporary credentials of the CAM role bound to this CVM instance, from the instance metadata
/// service; the role name is discovered unless given. Refreshed ahead of expiry, one fetch at a
/// time; clones share the cache.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use generated_sdk::runtime::{Config, CvmRoleCredentials};
/// let config = Config::new(CvmRoleCredentials::new()).region("ap-guangzhou");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct CvmRoleCredentials {
    url: String,
    role: Option<String>,
    timeout: Duration,
    /// A transport given with [`with_transport`](Self::with_transport).
    transport: Option<Arc<dyn HttpTransport>>,
    /// Otherwise the built-in one, made on first use and shared by clones.
    built_in: Arc<OnceLock<Result<Arc<dyn HttpTransport>, TransportError>>>,
    /// Shared by clones; a setter starts a new one (other settings, other credentials).
    cache: Arc<CredentialsCache>,
}

/// `{"TmpSecretId", "TmpSecretKey", "Token", "ExpiredTime", "Code"}`; unknown fields ignored.
#[derive(serde::Deserialize)]
struct RoleCredentials {
    #[serde(rename = "TmpSecretId")]
    secret_id: Option<String>,
    #[serde(rename = "TmpSecretKey")]
    secret_key: Option<crate::runtime::SensitiveString>,
    #[serde(rename = "Token")]
    token: Option<crate::runtime::SensitiveString>,
    #[serde(rename = "ExpiredTime")]
    expired_time: Option<i64>,
    #[serde(rename = "Code")]
    code: Option<String>,
}

impl CvmRoleCredentials {
    /// The role bound to this instance, discovered from the metadata service.
    pub fn new() -> Self {
        Self {
            url: DEFAULT_METADATA_URL.to_owned(),
            role: None,
            timeout: Duration::from_secs(1),
            transport: None,
            built_in: Arc::default(),
            cache: Arc::new(CredentialsCache::new(DEFAULT_REFRESH_AHEAD)),
        }
    }

    /// After a change of settings: nothing made with the old ones is shared any more.
    fn reconfigured(mut self) -> Self {
        self.built_in = Arc::default();
        self.cache = Arc::new(CredentialsCache::new(DEFAULT_REFRESH_AHEAD));
        self
    }

    /// A given role name (no discovery request).
    pub fn with_role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self.reconfigured()
    }

    /// Another metadata URL (a proxy, a test server); it ends with `security-credentials/`.
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = url.into();
        if !self.url.ends_with('/') {
            self.url.push('/');
        }
        self.reconfigured()
    }

    /// The timeout of each metadata request (default 1 s: the service is on the instance's own
    /// network).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self.reconfigured()
    }

    /// The HTTP transport for metadata requests (default: the built-in one).
    pub fn with_transport(mut self, transport: impl HttpTransport) -> Self {
        self.transport = Some(Arc::new(transport));
        self.reconfigured()
    }

    fn transport(&self) -> Result<Arc<dyn HttpTransport>, CredentialsError> {
        if let Some(transport) = &self.transport {
            return Ok(transport.clone());
        }
        self.built_in
            .get_or_init(|| crate::runtime::client::default_transport_with(self.timeout))
            .clone()
            .map_err(|e| CredentialsError::new(format!("CVM instance role: {e}")))
    }

    /// `GET url`: the body of a 200 answer; 404 is `None`.
    async fn get(&self, url: &str) -> Result<Option<Vec<u8>>, CredentialsError> {
        let transport = self.transport()?;
        let unreachable = |reason: String| {
            CredentialsError::new(format!(
                "CVM instance role: the metadata service at {url} is unreachable ({reason}); \
                 is this a CVM instance, with a CAM role bound?"
            ))
        };
        let uri = http::Uri::try_from(url).map_err(|e| unreachable(format!("invalid URL: {e}")))?;
        let mut request = http::Request::new(Body::empty());
        *request.uri_mut() = uri;
        request
            .extensions_mut()
            .insert(MaxResponseBytes(MAX_METADATA_BYTES));
        let response = tokio::time::timeout(self.timeout, transport.send(request))
            .await
            .map_err(|_| unreachable(format!("no answer within {:?}", self.timeout)))?
            .map_err(|e| unreachable(e.to_string()))?;
        match response.status().as_u16() {
            200 if response.body().len() <= MAX_METADATA_BYTES => {
                Ok(Some(response.into_body().as_bytes().to_vec()))
            }
            200 => Err(unreachable(format!(
                "an answer over {MAX_METADATA_BYTES} bytes"
            ))),
            404 => Ok(None),
            status => Err(unreachable(format!("HTTP {status}"))),
        }
    }

    async fn role(&self) -> Result<String, CredentialsError> {
        if let Some(role) = &self.role {
            return Ok(role.clone());
        }
        let no_role = || {
            CredentialsError::new(
                "CVM instance role: no CAM role is bound to this instance (the metadata service lists none)",
            )
        };
        let body = self.get(&self.url).await?.ok_or_else(no_role)?;
        let text = String::from_utf8_lossy(&body);
        let role = text.lines().map(str::trim).find(|l| !l.is_empty());
        match role {
            Some(role) if valid_role_name(role) => Ok(role.to_owned()),
            Some(role) => Err(CredentialsError::new(format!(
                "CVM instance role: the metadata service named an invalid role {:?}",
                crate::runtime::error::bounded(role)
            ))),
            None => Err(no_role()),
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let role = self.role().await?;
        let url = format!("{}{role}", self.url);
        let body = self.get(&url).await?.ok_or_else(|| {
            CredentialsError::new(format!(
                "CVM instance role: the role {role} is not bound to this instance (HTTP 404)"
            ))
        })?;
        let answer: RoleCredentials = serde_json::from_slice(&body).map_err(|e| {
            CredentialsError::new(format!(
                "CVM instance role {role}: the metadata service's answer is not the credentials document ({e})"
            ))
        })?;
        if answer.code.as_deref() != Some("Success") {
            return Err(CredentialsError::new(format!(
                "CVM instance role {role}: the metadata service answered Code {:?}",
                crate::runtime::error::bounded(answer.code.as_deref().unwrap_or(""))
            )));
        }
        temporary(
            &format!("CVM instance role {role}"),
            answer.secret_id,
            answer.secret_key.as_ref().map(|k| k.expose()),
            answer.token.as_ref().map(|t| t.expose()),
            answer.expired_time,
        )
    }
}

impl Default for CvmRoleCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for CvmRoleCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        CredentialsFuture::new(self.cache.get("cvm-role", || self.fetch()))
    }
}

/// A role name goes into a URL path: CAM role names are letters, digits and `+=,.@_-`.
fn valid_role_name(role: &str) -> bool {
    role.len() <= 128
        && role
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
}

/// Temporary credentials from a credentials service's answer; every part must be there.
pub(crate) fn temporary(
    source: &str,
    secret_id: Option<String>,
    secret_key: Option<&str>,
    token: Option<&str>,
    expired_time: Option<i64>,
) -> Result<Credentials, CredentialsError> {
    let missing = |what: &str| CredentialsError::new(format!("{source}: the answer has no {what}"));
    let secret_id = secret_id
        .filter(|v| !v.is_empty())
        .ok_or_else(|| missing("TmpSecretId"))?;
    let secret_key = secret_key
        .filter(|v| !v.is_empty())
        .ok_or_else(|| missing("TmpSecretKey"))?;
    let token = token
        .filter(|v| !v.is_empty())
        .ok_or_else(|| missing("Token"))?;
    let expired_time = expired_time.ok_or_else(|| missing("ExpiredTime"))?;
    let expiry = u64::try_from(expired_time)
        .ok()
        .and_then(|secs| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs)))
        .ok_or_else(|| {
            CredentialsError::new(format!(
                "{source}: ExpiredTime {expired_time} is not a time"
            ))
        })?;
    if expiry <= SystemTime::now() {
        return Err(CredentialsError::new(format!(
            "{source}: the credentials it issued expired already (ExpiredTime {expired_time}; is the clock right?)"
        )));
    }
    Ok(Credentials::new(secret_id, secret_key)
        .with_token(token)
        .with_expiry(expiry))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_are_checked_before_they_go_into_a_url() {
        assert!(valid_role_name("CVM_QcsRole-1.a@b"));
        assert!(!valid_role_name("../../etc"));
        assert!(!valid_role_name("role?x=1"));
    }

    #[test]
    fn temporary_credentials_need_every_part() {
        let future = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            + 600;
        let ok = temporary(
            "test",
            Some("id".into()),
            Some("key"),
            Some("tok"),
            Some(future),
        )
        .unwrap();
        assert_eq!((ok.secret_id(), ok.token()), ("id", Some("tok")));
        let e = temporary("test", Some("id".into()), Some("key"), None, Some(future)).unwrap_err();
        assert!(e.to_string().contains("no Token"), "{e}");
        let e = temporary("test", Some("id".into()), Some("key"), Some("t"), Some(1)).unwrap_err();
        assert!(e.to_string().contains("expired already"), "{e}");
    }
}
