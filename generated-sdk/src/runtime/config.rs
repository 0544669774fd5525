//! Client configuration: credentials, region, endpoint, signing, timeouts, retries, rate limiting.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::credentials::{
    CredentialsChain, CredentialsError, EnvironmentCredentials, ProvideCredentials,
};
use super::rate_limit::{AdaptiveConfig, LocalRateLimiter, RateLimiter};
use super::retry::RetryConfig;
use super::signing::SigningMethod;
use super::transport::HttpTransport;

/// Everything a generated `Client` needs. Cheap to clone.
///
/// ```
/// use generated_sdk::runtime::{Config, Credentials, RetryConfig};
/// let config = Config::new(Credentials::new("AKID...", "secret"))
///     .region("ap-guangzhou")
///     .retry(RetryConfig::default().with_max_attempts(5));
/// assert_eq!(config.region_name(), Some("ap-guangzhou"));
/// ```
#[derive(Clone)]
pub struct Config {
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Option<String>,
    pub(crate) regional_endpoint: bool,
    pub(crate) signing: SigningMethod,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) max_response_bytes: usize,
    pub(crate) retry: RetryConfig,
    pub(crate) rate_limiting: bool,
    pub(crate) rate_limiter: Arc<dyn RateLimiter>,
    pub(crate) adaptive: Option<AdaptiveConfig>,
    pub(crate) language: Option<String>,
    pub(crate) transport: Option<Arc<dyn HttpTransport>>,
}

impl Config {
    /// A configuration with the given credentials and the defaults: TC3 signing, no region,
    /// the service's default endpoint, 5 s connect and 30 s per-attempt timeouts, a 60 s deadline
    /// per call (all attempts, backoff and rate-limit waits together), 4 attempts, responses up to
    /// 16 MiB, client-side rate limiting on (in this process, with adaptive pacing).
    pub fn new(credentials: impl ProvideCredentials) -> Self {
        Self {
            credentials: Arc::new(credentials),
            region: None,
            endpoint: None,
            regional_endpoint: false,
            signing: SigningMethod::Tc3,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            operation_timeout: Some(Duration::from_secs(60)),
            max_response_bytes: super::transport::DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryConfig::default(),
            rate_limiting: true,
            rate_limiter: Arc::new(LocalRateLimiter::new()),
            adaptive: Some(AdaptiveConfig::default()),
            language: None,
            transport: None,
        }
    }

    /// Credentials from `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY` (token from
    /// `TENCENTCLOUD_TOKEN` or `TENCENTCLOUD_SECURITY_TOKEN`) and the region from `TENCENTCLOUD_REGION`.
    /// Fails now, not at the first call, when the variables are missing.
    pub fn from_env() -> Result<Self, CredentialsError> {
        EnvironmentCredentials.credentials()?;
        Ok(Self::new(EnvironmentCredentials).region_from_env())
    }

    /// The default chain ([`CredentialsChain::default_chain`]): environment, then
    /// `~/.tencentcloud/credentials` (or `$TENCENTCLOUD_CREDENTIALS_FILE`), then TKE's OIDC role
    /// (`TKE_*` variables, with the `sts` feature), then the CVM instance role; region from
    /// `TENCENTCLOUD_REGION` when set.
    pub fn from_default_chain() -> Self {
        Self::new(CredentialsChain::default_chain()).region_from_env()
    }

    fn region_from_env(self) -> Self {
        match std::env::var("TENCENTCLOUD_REGION")
            .ok()
            .filter(|r| !r.is_empty())
        {
            Some(region) => self.region(region),
            None => self,
        }
    }

    /// The region (`ap-guangzhou`; QingCloud's zone, e.g. `pek3a`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The configured region.
    pub fn region_name(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// Sends every request to this base URL (`http://127.0.0.1:8080`, `http://[::1]:8080`, a
    /// private endpoint, ...), parsed as a URL: `http` or `https`, a host name or an IPv4 or
    /// bracketed IPv6 address, an optional port and an optional path (replacing the service's own).
    /// Its host and port (`[::1]:8080`; no port when it is the scheme's default) are the `Host`
    /// header, which is signed. User info, a query string or a fragment make every call fail with
    /// [`BuildError::InvalidEndpoint`](crate::runtime::BuildError::InvalidEndpoint), before
    /// anything is sent.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Uses the regional domain (`cvm.ap-guangzhou.tencentcloudapi.com`) for every region. Finance
    /// regions use it regardless.
    pub fn regional_endpoint(mut self, regional: bool) -> Self {
        self.regional_endpoint = regional;
        self
    }

    /// TC3 (default) or v1 signing.
    pub fn signing(mut self, method: SigningMethod) -> Self {
        self.signing = method;
        self
    }

    /// Connect timeout of the default transport.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Timeout of one attempt (sending and reading the whole response).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The deadline of a whole call: every attempt, backoff and rate-limit wait together (default
    /// 60 s; `None`: attempts x per-attempt timeout plus backoff). A call that reaches it ends with
    /// a timeout error. Per call: `Handle::with_operation_timeout`.
    pub fn operation_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.operation_timeout = timeout;
        self
    }

    /// The largest response body accepted (default 16 MiB). A longer one ends the call with a
    /// `TooLarge` transport error; the default transport stops reading at the cap, so memory stays
    /// near it whatever the server sends.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// The retry policy ([`RetryConfig::disabled`] turns retries off).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Client-side rate limiting from each action's documented limit (on by default).
    pub fn rate_limiting(mut self, enabled: bool) -> Self {
        self.rate_limiting = enabled;
        self
    }

    /// Where send slots come from: the in-process [`LocalRateLimiter`] (default; clones of this
    /// `Config` share it), or one shared by a fleet (`RedisRateLimiter`, feature `redis`).
    pub fn rate_limiter(mut self, limiter: impl RateLimiter) -> Self {
        self.rate_limiter = Arc::new(limiter);
        self
    }

    /// Adaptive pacing: slow down when the service throttles anyway, then recover (on by default;
    /// `None` keeps to the documented limit whatever the service answers).
    pub fn adaptive_pacing(mut self, adaptive: Option<AdaptiveConfig>) -> Self {
        self.adaptive = adaptive;
        self
    }

    /// `X-TC-Language` / `Language`: `zh-CN` or `en-US`.
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// A custom transport (tests, another HTTP client).
    pub fn transport(mut self, transport: impl HttpTransport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field(
                "endpoint",
                &self
                    .endpoint
                    .as_deref()
                    .map(super::client::without_user_info),
            )
            .field("regional_endpoint", &self.regional_endpoint)
            .field("signing", &self.signing)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .field("rate_limiting", &self.rate_limiting)
            .field("rate_limiter", &self.rate_limiter)
            .field("adaptive", &self.adaptive)
            .field("language", &self.language)
            .field("transport", &self.transport)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Credentials;

    #[test]
    fn debug_never_shows_the_secret() {
        let config =
            Config::new(Credentials::new("AKIDpublic", "s3cr3t-key")).region("ap-guangzhou");
        let shown = format!("{config:?}");
        assert!(shown.contains("AKIDpublic") && shown.contains("ap-guangzhou"));
        assert!(!shown.contains("s3cr3t-key"), "{shown}");
    }
}
