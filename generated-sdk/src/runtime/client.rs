//! The call path shared by every generated client: rate limit, sign, send, decode, retry.
//!
//! Only [`Handle::call`] is generic (encoding and decoding of the typed request and response);
//! everything else runs in non-generic code, compiled once for all actions.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tracing::Instrument as _;

use super::config::Config;
use super::encode::{to_form, to_json, FormStyle};
use super::rate_limit::{AdaptivePacing, Rate, RateLimitKey};
use super::retry::{retry_reason, Failure};
use super::signing::{self, Endpoint, Payload, SignInput};
use super::transport::{HttpResponse, HttpTransport, TransportError, TransportErrorKind};
use super::{ActionMetadata, BuildError, Operation, OperationOutput, SdkError, ServiceError};

/// Fraction of a documented limit the client uses: requests are spaced evenly at 95% of the
/// limit, so that no one-second window on the server ever sees more than the limit.
const RATE_LIMIT_HEADROOM: f64 = 0.95;

/// The type-state of a request builder that is not attached to a client.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Detached;

/// A configured connection to the cloud, shared (cheaply cloned) by generated clients.
/// Clones share the transport, the rate limiter, adaptive pacing and the derived-key cache.
#[derive(Clone, Debug)]
pub struct Handle {
    inner: Arc<Inner>,
    /// A per-call deadline overriding [`Config::operation_timeout`].
    operation_timeout: Option<Option<Duration>>,
}

struct Inner {
    config: Config,
    transport: Result<Arc<dyn HttpTransport>, TransportError>,
    pacing: AdaptivePacing,
    key_cache: signing::tc3::KeyCache,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Handle {
    /// A handle for `config`; without a custom transport it uses the default one.
    pub fn new(config: Config) -> Self {
        let transport = match &config.transport {
            Some(transport) => Ok(transport.clone()),
            None => default_transport(&config),
        };
        Self {
            inner: Arc::new(Inner {
                config,
                transport,
                pacing: AdaptivePacing::default(),
                key_cache: signing::tc3::KeyCache::default(),
            }),
            operation_timeout: None,
        }
    }

    /// This handle with another deadline for each call (all attempts, backoff and rate-limit waits
    /// together); it shares everything else (transport, rate limiters, key cache) with `self`.
    ///
    /// ```
    /// # use generated_sdk::runtime::{Config, Credentials, Handle};
    /// # use std::time::Duration;
    /// let handle = Handle::new(Config::new(Credentials::new("id", "key")));
    /// let patient = handle.with_operation_timeout(Some(Duration::from_secs(300)));
    /// assert_eq!(patient.operation_timeout(), Some(Duration::from_secs(300)));
    /// ```
    pub fn with_operation_timeout(&self, timeout: Option<Duration>) -> Handle {
        Handle {
            inner: self.inner.clone(),
            operation_timeout: Some(timeout),
        }
    }

    /// The deadline of a call made through this handle.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
            .unwrap_or(self.inner.config.operation_timeout)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends a request: fills in an idempotency token when the action has one and the caller gave
    /// none (the same token goes out on every attempt), waits for the action's rate limiter,
    /// signs, sends, decodes, and retries what is safe to retry.
    pub async fn call<O: Operation>(
        &self,
        mut request: O,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let action = O::METADATA;
        let deadline = self.operation_timeout().map(|d| Instant::now() + d);
        check_header_values(&self.inner.config).map_err(SdkError::Build)?;
        if let Some(slot) = request.idempotency_token_mut() {
            if slot.is_none() {
                *slot = Some(new_client_token());
            }
        }
        let protocol = action.service.protocol;
        let payload = if signing::wants_json(action, self.inner.config.signing) {
            Payload::Json(
                to_json(&request)
                    .map_err(|e| SdkError::Build(BuildError::encoding(action.action, e)))?,
            )
        } else {
            let form = to_form(&request, FormStyle::of(protocol))
                .map_err(|e| SdkError::Build(BuildError::encoding(action.action, e)))?;
            Payload::Form(form)
        };
        drop(request);
        let region = self.inner.config.region.as_deref();
        let span = tracing::info_span!(
            "call",
            service = action.service.name,
            action = action.action,
            region = region.unwrap_or(""),
            attempt = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        async move {
            let retry = self.inner.config.retry;
            let mut attempt = 1;
            loop {
                span_record("attempt", attempt);
                let started = Instant::now();
                let mut sent = None;
                let result = match self.attempt(action, &payload, deadline, &mut sent).await {
                    Ok(response) => super::envelope::decode::<O>(response.status, &response.body),
                    Err(error) => Err(error.into_sdk()),
                };
                let latency_ms = started.elapsed().as_millis() as u64;
                let failure = match &result {
                    Ok(output) => {
                        tracing::Span::current().record(
                            "request_id",
                            super::error::excerpt(output.request_id()).as_ref(),
                        );
                        tracing::debug!(latency_ms, "succeeded");
                        return result;
                    }
                    Err(error) => classify(error),
                };
                if let (
                    Failure::Service {
                        throttling: true, ..
                    },
                    Some(sent),
                ) = (failure, sent)
                {
                    self.throttled(action, sent);
                }
                let reason = if attempt < retry.max_attempts {
                    retry_reason(action, failure)
                } else {
                    None
                };
                let Some(reason) = reason else {
                    if let Err(error) = &result {
                        if let Some(id) = error.request_id() {
                            tracing::Span::current()
                                .record("request_id", super::error::excerpt(id).as_ref());
                        }
                        tracing::debug!(latency_ms, error = %error, "failed");
                    }
                    return result;
                };
                let wait = retry.backoff(attempt);
                if deadline.is_some_and(|d| Instant::now() + wait >= d) {
                    tracing::debug!(
                        latency_ms,
                        reason,
                        "failed; the call's deadline leaves no time to retry"
                    );
                    return result;
                }
                tracing::debug!(
                    latency_ms,
                    reason,
                    wait_ms = wait.as_millis() as u64,
                    "retrying"
                );
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
        }
        .instrument(span)
        .await
    }

    /// One attempt: rate limit, credentials, endpoint, signature, transport, and the checks every
    /// response passes whatever the transport (no redirects, size cap) (non-generic).
    async fn attempt(
        &self,
        action: &'static ActionMetadata,
        payload: &Payload,
        deadline: Option<Instant>,
        sent: &mut Option<Instant>,
    ) -> Result<HttpResponse, AttemptError> {
        let config = &self.inner.config;
        let response = match deadline {
            Some(deadline) => tokio::time::timeout_at(
                deadline.into(),
                self.exchange(action, payload, deadline, sent),
            )
            .await
            .unwrap_or_else(|_| Err(deadline_reached(self.operation_timeout()))),
            None => {
                self.exchange(action, payload, Instant::now() + config.timeout, sent)
                    .await
            }
        }?;
        if (300..400).contains(&response.status) {
            return Err(AttemptError::Transport(redirect_error(&response)));
        }
        if response.body.len() > config.max_response_bytes {
            return Err(AttemptError::Transport(super::transport::too_large(
                config.max_response_bytes,
            )));
        }
        Ok(response)
    }

    /// Rate limit, credentials, endpoint, signature and transport; the transport gets at most the
    /// per-attempt timeout, and never beyond `deadline`. `sent` is when the slot was granted.
    async fn exchange(
        &self,
        action: &'static ActionMetadata,
        payload: &Payload,
        deadline: Instant,
        sent: &mut Option<Instant>,
    ) -> Result<HttpResponse, AttemptError> {
        let config = &self.inner.config;
        let transport = self
            .inner
            .transport
            .as_ref()
            .map_err(|e| AttemptError::Transport(e.clone()))?;
        let region = config.region.as_deref();
        if action.region_required && region.is_none() {
            return Err(AttemptError::Build(BuildError::MissingRegion {
                action: action.action,
            }));
        }
        let endpoint = resolve_endpoint(config, action, region).map_err(AttemptError::Build)?;
        // Credentials first: a refresh (metadata service, STS) must not hold a send slot.
        let credentials = if action.unsigned {
            None
        } else {
            let credentials = config
                .credentials
                .provide_credentials()
                .await
                .map_err(AttemptError::Credentials)?;
            check_credentials(&credentials).map_err(AttemptError::Credentials)?;
            Some(credentials)
        };
        if config.rate_limiting {
            let key = RateLimitKey {
                service: action.service.name,
                version: action.service.version,
                action: action.action,
                region: region.unwrap_or(""),
            };
            let pace = || self.pace(action);
            config
                .rate_limiter
                .acquire(key, Rate::current(&pace))
                .await
                .map_err(AttemptError::RateLimit)?;
        }
        *sent = Some(Instant::now());
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let input = SignInput {
            action,
            region,
            credentials: credentials.as_ref(),
            endpoint: &endpoint,
            method: config.signing,
            timestamp,
            nonce: fastrand::u64(1..u64::from(u32::MAX)),
            language: config.language.as_deref(),
            request_client: concat!("generated-sdk-rust/", env!("CARGO_PKG_VERSION")),
            key_cache: &self.inner.key_cache,
        };
        let mut request = signing::sign(&input, payload.clone());
        request.max_response_bytes = config.max_response_bytes;
        let remaining = deadline.saturating_duration_since(Instant::now());
        let timeout = config.timeout.min(remaining);
        match tokio::time::timeout(timeout, transport.send(request)).await {
            Ok(result) => result.map_err(AttemptError::Transport),
            Err(_) if remaining <= config.timeout => {
                Err(deadline_reached(self.operation_timeout()))
            }
            Err(_) => Err(AttemptError::Transport(TransportError::new(
                TransportErrorKind::Timeout,
                format!("no complete response within {timeout:?}"),
            ))),
        }
    }

    /// The rate to pace `action` at now: the documented limit with headroom, slowed down while
    /// the service throttles.
    fn pace(&self, action: &'static ActionMetadata) -> f64 {
        let config = &self.inner.config;
        let full = full_rate(action);
        match &config.adaptive {
            Some(adaptive) => full * self.inner.pacing.fraction(adaptive, action),
            None => full,
        }
    }

    /// The service throttled a request of `action` sent at `sent`.
    fn throttled(&self, action: &'static ActionMetadata, sent: Instant) {
        let config = &self.inner.config;
        if let (true, Some(adaptive)) = (config.rate_limiting, &config.adaptive) {
            self.inner
                .pacing
                .throttled(adaptive, action, full_rate(action), sent.into());
        }
    }
}

/// The documented limit with [`RATE_LIMIT_HEADROOM`]: requests evenly spaced at 95% of it, so no
/// one-second window on the server ever sees more than the limit.
fn full_rate(action: &ActionMetadata) -> f64 {
    f64::from(action.rate_limit.max(1)) * RATE_LIMIT_HEADROOM
}

/// Values the signer puts into headers must be header-safe: checked before anything is signed.
fn check_header_values(config: &Config) -> Result<(), BuildError> {
    if let Some(region) = &config.region {
        BuildError::check_header_value("Region", region)?;
    }
    if let Some(language) = &config.language {
        BuildError::check_header_value("Language", language)?;
    }
    if let Some(endpoint) = &config.endpoint {
        BuildError::check_header_value("endpoint", endpoint)?;
    }
    Ok(())
}

/// The secret id and token travel in headers: they must be header-safe (never quoted: secrets).
fn check_credentials(
    credentials: &super::Credentials,
) -> Result<(), super::credentials::CredentialsError> {
    let fields = [
        ("secret id", Some(credentials.secret_id())),
        ("token", credentials.token()),
    ];
    for (what, value) in fields {
        if value.is_some_and(|v| BuildError::check_header_value("credentials", v).is_err()) {
            return Err(super::credentials::CredentialsError::new(format!(
                "the {what} holds characters an HTTP header cannot carry (control or non-ASCII characters)"
            )));
        }
    }
    Ok(())
}

fn deadline_reached(timeout: Option<Duration>) -> AttemptError {
    AttemptError::Transport(TransportError::new(
        TransportErrorKind::Timeout,
        format!(
            "the call's deadline of {:?} was reached (Config::operation_timeout)",
            timeout.unwrap_or_default()
        ),
    ))
}

/// A redirect is refused: following it could send the token and the body to another host.
fn redirect_error(response: &HttpResponse) -> TransportError {
    let target = match response.header("location") {
        Some(location) => match location.split_once("://") {
            Some((_, rest)) => {
                let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
                let host = host.rsplit('@').next().unwrap_or(host);
                format!("host {:?}", super::error::bounded(host))
            }
            None => "the same host".to_owned(),
        },
        None => "no Location".to_owned(),
    };
    TransportError::new(
        TransportErrorKind::Redirect,
        format!(
            "HTTP {} redirect to {target} refused: redirects are never followed",
            response.status
        ),
    )
}

/// A failure before a response existed.
enum AttemptError {
    Build(BuildError),
    Credentials(super::credentials::CredentialsError),
    RateLimit(super::rate_limit::RateLimitError),
    Transport(TransportError),
}

impl AttemptError {
    fn into_sdk<E: ServiceError>(self) -> SdkError<E> {
        match self {
            AttemptError::Build(e) => SdkError::Build(e),
            AttemptError::Credentials(e) => SdkError::Credentials(e),
            AttemptError::RateLimit(e) => SdkError::RateLimit(e),
            AttemptError::Transport(e) => SdkError::Transport(e),
        }
    }
}

fn classify<E: ServiceError>(error: &SdkError<E>) -> Failure<'_> {
    match error {
        SdkError::Service(e) => {
            let meta = e.meta();
            Failure::Service {
                code: meta.code(),
                throttling: meta.is_throttling(),
                retryable: meta.is_retryable(),
            }
        }
        SdkError::Decode(d) if d.status >= 400 => Failure::Status(d.status),
        SdkError::Transport(t) => Failure::Transport(t.kind),
        _ => Failure::Permanent,
    }
}

fn span_record(field: &'static str, value: u32) {
    tracing::Span::current().record(field, value);
}

/// 32 random hex characters: a fresh idempotency token (at most 64 ASCII characters are allowed).
fn new_client_token() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

fn default_transport(config: &Config) -> Result<Arc<dyn HttpTransport>, TransportError> {
    default_transport_with(config.connect_timeout)
}

/// The built-in transport (reqwest) with a connect timeout.
#[cfg(feature = "default-transport")]
pub(crate) fn default_transport_with(
    connect_timeout: Duration,
) -> Result<Arc<dyn HttpTransport>, TransportError> {
    super::transport::ReqwestTransport::new(connect_timeout)
        .map(|t| Arc::new(t) as Arc<dyn HttpTransport>)
}

/// Without the `default-transport` feature there is none: an error says what to do.
#[cfg(not(feature = "default-transport"))]
pub(crate) fn default_transport_with(
    _connect_timeout: Duration,
) -> Result<Arc<dyn HttpTransport>, TransportError> {
    Err(TransportError::new(
        TransportErrorKind::Other,
        "no transport: enable the `default-transport` feature or set Config::transport",
    ))
}

/// Override, then the regional domain (always for finance regions), then the default host.
fn resolve_endpoint(
    config: &Config,
    action: &ActionMetadata,
    region: Option<&str>,
) -> Result<Endpoint, BuildError> {
    let service = action.service;
    if let Some(url) = &config.endpoint {
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| BuildError::InvalidEndpoint {
                endpoint: url.clone(),
                reason: "expected scheme://host[:port]",
            })?;
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if host.is_empty() {
            return Err(BuildError::InvalidEndpoint {
                endpoint: url.clone(),
                reason: "no host",
            });
        }
        let path = if path.is_empty() || path == "/" {
            service.path
        } else {
            path
        };
        return Ok(Endpoint {
            scheme: scheme.to_owned(),
            host: host.to_owned(),
            path: path.to_owned(),
        });
    }
    let host = match (region, service.regional_host) {
        (Some(region), Some(pattern))
            if config.regional_endpoint || service.regional_only.contains(&region) =>
        {
            pattern.replace("{region}", region)
        }
        _ => service.host.to_owned(),
    };
    Ok(Endpoint {
        scheme: "https".to_owned(),
        host,
        path: service.path.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Credentials;

    use crate::runtime::test_fixtures::DESCRIBE_ZONES as ACTION;

    fn host(config: &Config, region: Option<&str>) -> String {
        resolve_endpoint(config, &ACTION, region).unwrap().host
    }

    #[test]
    fn endpoints() {
        let config = Config::new(Credentials::new("id", "key"));
        assert_eq!(
            host(&config, Some("ap-guangzhou")),
            "cvm.tencentcloudapi.com"
        );
        assert_eq!(
            host(&config, Some("ap-shanghai-fsi")),
            "cvm.ap-shanghai-fsi.tencentcloudapi.com"
        );
        let regional = config.clone().regional_endpoint(true);
        assert_eq!(
            host(&regional, Some("ap-guangzhou")),
            "cvm.ap-guangzhou.tencentcloudapi.com"
        );
        let local = config.clone().endpoint("http://127.0.0.1:8080");
        let e = resolve_endpoint(&local, &ACTION, Some("ap-shanghai-fsi")).unwrap();
        assert_eq!(
            (e.scheme.as_str(), e.host.as_str(), e.path.as_str()),
            ("http", "127.0.0.1:8080", "/")
        );
        assert!(resolve_endpoint(&config.endpoint("127.0.0.1"), &ACTION, None).is_err());
    }

    #[test]
    fn client_tokens_are_unique_and_short() {
        let a = new_client_token();
        assert_eq!(a.len(), 32);
        assert_ne!(a, new_client_token());
    }
}
