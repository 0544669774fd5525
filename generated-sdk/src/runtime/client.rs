//! The call path shared by every generated client: rate limit, sign, send, decode, retry.
//!
//! Only [`Handle::call`] and its typed steps are generic (encoding the request, decoding and
//! retrying the answer); an attempt (rate limit, credentials, signature, transport) runs in
//! non-generic code, compiled once for all actions.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tracing::Instrument as _;

use super::config::Config;
use super::encode::{to_form, to_json, FormStyle};
use super::rate_limit::{AdaptivePacing, Rate, RateLimitKey};
use super::retry::{retry_reason, Failure};
use super::signing::{self, Endpoint, Payload, SignInput};
use super::transport::{
    HttpResponse, HttpTransport, MaxResponseBytes, TransportError, TransportErrorKind,
};
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
    /// Whether the region, language and endpoint can travel in headers (checked once: the
    /// configuration does not change).
    header_values: Result<(), BuildError>,
    /// [`Config::endpoint`], parsed once.
    endpoint: Option<Result<Endpoint, BuildError>>,
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
        let endpoint = config.endpoint.as_deref().map(parse_endpoint);
        Self {
            inner: Arc::new(Inner {
                header_values: check_header_values(&config),
                config,
                endpoint,
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
    ///
    /// The request is encoded when `call` is called; the returned future keeps only the encoded
    /// body (and the call's deadline starts when it is first polled).
    pub fn call<O: Operation>(
        &self,
        request: O,
    ) -> impl Future<Output = Result<O::Output, SdkError<O::Error>>> + '_ {
        let payload = self.prepare(request);
        async move {
            let deadline = self.operation_timeout().map(|d| Instant::now() + d);
            let payload = payload.map_err(SdkError::Build)?;
            let action = O::METADATA;
            let region = self.inner.config.region.as_deref();
            let span = tracing::info_span!(
                "call",
                service = action.service.name,
                action = action.action,
                region = region.unwrap_or(""),
                attempt = tracing::field::Empty,
                request_id = tracing::field::Empty,
            );
            // Without a subscriber the span is disabled: nothing to record, and no latency to
            // measure for events nobody receives.
            let traced = !span.is_disabled();
            let timed = tracing::level_enabled!(tracing::Level::DEBUG);
            self.attempts::<O>(&payload, deadline, traced, timed)
                .instrument(span)
                .await
        }
    }

    /// The call behind a generated builder's `send()` ([`SendFuture`](super::SendFuture)): the
    /// request it built, or its build error.
    #[doc(hidden)]
    pub async fn call_built<O: Operation>(
        self,
        request: Result<O, BuildError>,
    ) -> Result<O::Output, SdkError<O::Error>> {
        match request {
            Ok(request) => self.call(request).await,
            Err(error) => Err(SdkError::Build(error)),
        }
    }

    /// The checks of the configuration's header values, the idempotency token and the encoded
    /// body of `request` (the one step that depends on the request's type).
    fn prepare<O: Operation>(&self, mut request: O) -> Result<Payload, BuildError> {
        if let Err(error) = &self.inner.header_values {
            return Err(error.clone());
        }
        if let Some(slot) = request.idempotency_token_mut() {
            if slot.is_none() {
                *slot = Some(new_client_token());
            }
        }
        let action = O::METADATA;
        if signing::wants_json(action, self.inner.config.signing) {
            // Shared by the attempts: each one signs the same bytes without copying them.
            to_json(&request)
                .map(|body| Payload::SharedJson(body.into()))
                .map_err(|e| BuildError::encoding(action.action, e))
        } else {
            to_form(&request, FormStyle::of(action.service.protocol))
                .map(Payload::Form)
                .map_err(|e| BuildError::encoding(action.action, e))
        }
    }

    /// The attempts of a call, decoded and retried, inside the call's span.
    async fn attempts<O: Operation>(
        &self,
        payload: &Payload,
        deadline: Option<Instant>,
        traced: bool,
        timed: bool,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let action = O::METADATA;
        let retry = self.inner.config.retry;
        let mut attempt = 1;
        loop {
            if traced {
                span_record("attempt", attempt);
            }
            let started = timed.then(Instant::now);
            let mut sent = None;
            let result = match self.attempt(action, payload, deadline, &mut sent).await {
                Ok(response) => {
                    let (parts, body) = response.into_parts();
                    match super::envelope::decode::<O>(parts.status.as_u16(), &body) {
                        // The headers of an undecodable answer (which proxy sent the HTML page?).
                        Err(SdkError::Decode(error)) => {
                            Err(SdkError::Decode(error.with_headers(parts.headers)))
                        }
                        result => result,
                    }
                }
                Err(error) => Err(error.into_sdk()),
            };
            let latency_ms = started.map_or(0, |started| started.elapsed().as_millis() as u64);
            let failure = match &result {
                Ok(output) => {
                    if traced {
                        tracing::Span::current().record(
                            "request_id",
                            super::error::excerpt(output.request_id()).as_ref(),
                        );
                    }
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
                    if let Some(id) = error.request_id().filter(|_| traced) {
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
            // Boxed: the timer's room is taken only by calls that retry.
            Box::pin(tokio::time::sleep(wait)).await;
            attempt += 1;
        }
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
        let limit = deadline.unwrap_or_else(|| Instant::now() + config.timeout);
        let mut exchange = std::pin::pin!(self.exchange(action, payload, limit, sent));
        // The deadline's timer is armed only when the exchange does not complete at once (boxed:
        // a call that is answered at once does not carry its room).
        let response = match (poll_once(exchange.as_mut()).await, deadline) {
            (Poll::Ready(result), _) => result,
            (Poll::Pending, Some(deadline)) => {
                Box::pin(tokio::time::timeout_at(deadline.into(), exchange))
                    .await
                    .unwrap_or_else(|_| Err(deadline_reached(self.operation_timeout())))
            }
            (Poll::Pending, None) => exchange.await,
        }?;
        if response.status().is_redirection() {
            return Err(AttemptError::Transport(redirect_error(&response)));
        }
        if response.body().len() > config.max_response_bytes {
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
        let endpoint = self.endpoint(action, region).map_err(AttemptError::Build)?;
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
        // When the slot was granted: adaptive pacing counts throttling per round of slots.
        if config.adaptive.is_some() {
            *sent = Some(Instant::now());
        }
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
        let mut request = signing::sign(&input, payload.clone()).map_err(AttemptError::Build)?;
        request
            .extensions_mut()
            .insert(MaxResponseBytes(config.max_response_bytes));
        let mut send = transport.send(request);
        // The per-attempt timer is armed only when the answer is not there at once.
        if let Poll::Ready(result) = poll_once(send.as_mut()).await {
            return result.map_err(AttemptError::Transport);
        }
        let remaining = deadline.saturating_duration_since(Instant::now());
        let timeout = config.timeout.min(remaining);
        match Box::pin(tokio::time::timeout(timeout, send)).await {
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

    /// Where `action` goes: the parsed [`Config::endpoint`], else the service's regional or default host.
    fn endpoint(
        &self,
        action: &'static ActionMetadata,
        region: Option<&str>,
    ) -> Result<std::borrow::Cow<'_, Endpoint>, BuildError> {
        resolve_endpoint(
            self.inner.endpoint.as_ref(),
            &self.inner.config,
            action,
            region,
        )
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
        if value.is_some_and(|v| signing::check_header_value("credentials", v).is_err()) {
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
    let location = response
        .headers()
        .get(http::header::LOCATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()));
    let target = match location.as_deref().map(url::Url::parse) {
        Some(Ok(url)) => match url.host_str() {
            Some(host) => format!("host {:?}", super::error::bounded(host)),
            None => format!("a {:?} URL", super::error::bounded(url.scheme())),
        },
        Some(Err(url::ParseError::RelativeUrlWithoutBase)) => "the same host".to_owned(),
        Some(Err(_)) => "an unparsable Location".to_owned(),
        None => "no Location".to_owned(),
    };
    TransportError::new(
        TransportErrorKind::Redirect,
        format!(
            "HTTP {} redirect to {target} refused: redirects are never followed",
            response.status().as_u16()
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

/// Polls `future` once: its output when it is ready at once (the waker is registered otherwise,
/// and the caller goes on polling it).
async fn poll_once<F: Future + ?Sized>(mut future: Pin<&mut F>) -> Poll<F::Output> {
    std::future::poll_fn(move |cx| Poll::Ready(future.as_mut().poll(cx))).await
}

/// 32 random hex characters: a fresh idempotency token (at most 64 ASCII characters are allowed).
fn new_client_token() -> String {
    let random = (u128::from(fastrand::u64(..)) << 64) | u128::from(fastrand::u64(..));
    let mut token = [0u8; 32];
    hex::encode_to_slice(random.to_be_bytes(), &mut token).expect("32 hex digits of 16 bytes");
    String::from_utf8(token.to_vec()).expect("hex digits are ASCII")
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

/// `text` with any user info (`user:password@`) masked, for messages and `Debug`.
pub(crate) fn without_user_info(text: &str) -> std::borrow::Cow<'_, str> {
    if let Some((scheme, rest)) = text.split_once("://") {
        let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
        if let Some(at) = authority.rfind('@') {
            return format!("{scheme}://***@{}", &rest[at + 1..]).into();
        }
    }
    text.into()
}

/// The override, then the regional domain (always for finance regions), then the default host.
fn resolve_endpoint<'a>(
    parsed: Option<&'a Result<Endpoint, BuildError>>,
    config: &Config,
    action: &ActionMetadata,
    region: Option<&str>,
) -> Result<std::borrow::Cow<'a, Endpoint>, BuildError> {
    use std::borrow::Cow;
    let service = action.service;
    if let Some(parsed) = parsed {
        let endpoint = parsed.as_ref().map_err(Clone::clone)?;
        return Ok(if endpoint.path.is_empty() {
            Cow::Owned(Endpoint {
                path: Cow::Borrowed(service.path),
                ..endpoint.clone()
            })
        } else {
            Cow::Borrowed(endpoint)
        });
    }
    let mut endpoint = Endpoint::of_service(action);
    match (region, service.regional_host) {
        (Some(region), Some(pattern))
            if config.regional_endpoint || service.regional_only.contains(&region) =>
        {
            // The region becomes a label of the host name: nothing else may hide in it.
            if region.is_empty()
                || !region
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                return Err(BuildError::InvalidEndpoint {
                    endpoint: pattern.to_owned(),
                    reason: "the region is not a host name label (letters, digits, `-`)",
                });
            }
            endpoint.host = Cow::Owned(pattern.replace("{region}", region));
        }
        _ => {}
    }
    Ok(Cow::Owned(endpoint))
}

/// [`Config::endpoint`] parsed as a URL: `http` or `https`, a host (a name, an IPv4 address or a
/// bracketed IPv6 one) and an optional port and path. User info, a query and a fragment are
/// refused: credentials go in [`Config::new`], params in the request. An empty path (`/`) means
/// the service's own path.
fn parse_endpoint(text: &str) -> Result<Endpoint, BuildError> {
    use std::borrow::Cow;
    let invalid = |reason: &'static str| BuildError::InvalidEndpoint {
        endpoint: super::error::bounded(&without_user_info(text)),
        reason,
    };
    let url = url::Url::parse(text).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => invalid("expected scheme://host[:port][/path]"),
        url::ParseError::EmptyHost => invalid("no host"),
        url::ParseError::InvalidPort => invalid("the port is not a number from 0 to 65535"),
        url::ParseError::InvalidIpv6Address => invalid("invalid IPv6 address"),
        url::ParseError::InvalidIpv4Address => invalid("invalid IPv4 address"),
        url::ParseError::InvalidDomainCharacter | url::ParseError::IdnaError => {
            invalid("invalid host name")
        }
        _ => invalid("not a URL"),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
        return Err(invalid("no host"));
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "user info (user:password@) is not allowed: credentials go in Config::new",
        ));
    }
    if url.query().is_some() {
        return Err(invalid(
            "a query string is not allowed: each request carries its own params",
        ));
    }
    if url.fragment().is_some() {
        return Err(invalid("a fragment (#...) is not allowed"));
    }
    // `host_str` keeps an IPv6 address's brackets; the port is absent when it is the scheme's
    // default: the authority as the Host header carries it, and as TC3 signs it.
    let authority = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    let path = match url.path() {
        "" | "/" => String::new(),
        path => path.to_owned(),
    };
    Ok(Endpoint {
        scheme: Cow::Owned(url.scheme().to_owned()),
        host: Cow::Owned(authority),
        path: Cow::Owned(path),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Credentials;

    use crate::runtime::test_fixtures::DESCRIBE_ZONES as ACTION;

    fn resolve(config: &Config, region: Option<&str>) -> Result<Endpoint, BuildError> {
        let parsed = config.endpoint.as_deref().map(parse_endpoint);
        resolve_endpoint(parsed.as_ref(), config, &ACTION, region).map(Cow::into_owned)
    }

    fn host(config: &Config, region: Option<&str>) -> String {
        resolve(config, region).unwrap().host.into_owned()
    }

    use std::borrow::Cow;

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
        // A region cannot smuggle another host into the regional domain.
        for region in ["evil.com/", "a.b", "x?y", "a@b", ""] {
            let err = resolve(&regional, Some(region)).unwrap_err();
            assert!(
                matches!(err, BuildError::InvalidEndpoint { .. }),
                "{region:?}: {err}"
            );
        }
        let local = config.clone().endpoint("http://127.0.0.1:8080");
        let e = resolve(&local, Some("ap-shanghai-fsi")).unwrap();
        assert_eq!(
            (e.scheme.as_ref(), e.host.as_ref(), e.path.as_ref()),
            ("http", "127.0.0.1:8080", "/")
        );
        assert!(resolve(&config.endpoint("127.0.0.1"), None).is_err());
    }

    /// (scheme, Host header, path) of an endpoint override.
    fn parsed(text: &str) -> Result<(String, String, String), String> {
        parse_endpoint(text)
            .map(|e| (e.scheme.into(), e.host.into(), e.path.into()))
            .map_err(|e| e.to_string())
    }

    fn ok(scheme: &str, host: &str, path: &str) -> Result<(String, String, String), String> {
        Ok((scheme.into(), host.into(), path.into()))
    }

    #[test]
    fn endpoint_overrides_are_parsed_as_urls() {
        // IPv6 hosts keep their brackets in the Host header (and in what TC3 signs).
        assert_eq!(parsed("http://[::1]:8080"), ok("http", "[::1]:8080", ""));
        assert_eq!(parsed("https://[::1]/"), ok("https", "[::1]", ""));
        assert_eq!(
            parsed("http://[2001:DB8::1]:9000/v2/index.php"),
            ok("http", "[2001:db8::1]:9000", "/v2/index.php")
        );
        // Ports: kept unless they are the scheme's default (which the Host header leaves out).
        assert_eq!(
            parsed("http://127.0.0.1:8080"),
            ok("http", "127.0.0.1:8080", "")
        );
        assert_eq!(
            parsed("https://cvm.tencentcloudapi.com:443/"),
            ok("https", "cvm.tencentcloudapi.com", "")
        );
        assert_eq!(
            parsed("http://Example.COM:80/"),
            ok("http", "example.com", "")
        );
        assert_eq!(
            parsed("https://gateway.internal:8443/tencent/"),
            ok("https", "gateway.internal:8443", "/tencent/")
        );
        // Refused, each with its reason.
        for (text, reason) in [
            ("127.0.0.1", "expected scheme://host"),
            ("ftp://example.com", "http or https"),
            ("unix:/var/run/socket", "http or https"),
            ("http://", "no host"),
            ("http://[::1", "invalid IPv6 address"),
            ("http://host:99999", "port"),
            ("http://user:secret@example.com", "user info"),
            ("http://user@example.com", "user info"),
            ("http://example.com/?Action=Forged", "query string"),
            ("http://example.com?", "query string"),
            ("http://example.com/#top", "fragment"),
        ] {
            let err = parsed(text).unwrap_err();
            assert!(err.contains(reason), "{text}: {err}");
        }
        // The refusal never quotes a password.
        let err = parsed("https://user:hunter2@[::1]:8080/").unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
        assert!(err.contains("***@[::1]:8080"), "{err}");
    }

    #[test]
    fn the_signed_host_is_the_uri_authority() {
        let endpoint = parse_endpoint("http://[::1]:8080").unwrap();
        let endpoint = Endpoint {
            path: Cow::Borrowed("/"),
            ..endpoint
        };
        let credentials = Credentials::new("id", "key");
        let request = signing::sign(
            &SignInput {
                action: &ACTION,
                region: Some("ap-guangzhou"),
                credentials: Some(&credentials),
                endpoint: &endpoint,
                method: crate::runtime::SigningMethod::Tc3,
                timestamp: 1_700_000_000,
                nonce: 1,
                language: None,
                request_client: "test",
                key_cache: &signing::tc3::KeyCache::default(),
            },
            Payload::Json(b"{}".to_vec()),
        )
        .unwrap();
        assert_eq!(request.uri(), "http://[::1]:8080/");
        assert_eq!(request.uri().authority().unwrap(), "[::1]:8080");
        assert_eq!(request.headers()["host"], "[::1]:8080");
    }

    #[test]
    fn redirects_name_the_target_host_only() {
        let redirect = |location: Option<&str>| {
            let mut response = http::Response::new(crate::runtime::Body::empty());
            *response.status_mut() = http::StatusCode::FOUND;
            if let Some(location) = location {
                response
                    .headers_mut()
                    .insert("location", location.parse().unwrap());
            }
            redirect_error(&response).message
        };
        let message = redirect(Some("https://user:pw@[::1]:8443/steal?token=x"));
        assert!(message.contains("host \"[::1]\""), "{message}");
        assert!(
            !message.contains("pw") && !message.contains("token"),
            "{message}"
        );
        assert!(redirect(Some("/elsewhere")).contains("the same host"));
        assert!(redirect(None).contains("no Location"));
        assert!(redirect(Some("http://")).contains("unparsable"));
    }

    #[test]
    fn client_tokens_are_unique_and_short() {
        let a = new_client_token();
        assert_eq!(a.len(), 32);
        assert_ne!(a, new_client_token());
    }
}
