//! The HTTP layer: a small trait (so tests and users can plug in their own) and the default
//! implementation over reqwest with rustls.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;

/// A signed request, ready to send: an [`http::Request`] whose URI is absolute
/// (`https://cvm.tencentcloudapi.com/`, the query included for GET) and whose headers carry a
/// `Host` equal to the URI's authority (it is signed: send it as is, or let the HTTP stack derive
/// the same value from the URI).
///
/// A transport must not follow redirects (the runtime refuses any 3xx answer anyway, so that no
/// credentials or request body go to another host) and should stop reading a response body once it
/// exceeds the [`MaxResponseBytes`] found in the request's extensions (the runtime refuses a longer
/// one).
///
/// `Debug` shows signatures and tokens as `Sensitive` and bodies as their length only; with v1 GET
/// signing the params (a token among them) travel in the URI's query, which `Debug` shows: do not
/// log requests.
pub type HttpRequest = http::Request<Body>;

/// What came back: status, every header as received (the client keeps them, e.g. in
/// [`DecodeError::headers`](crate::runtime::DecodeError::headers)), and the body.
pub type HttpResponse = http::Response<Body>;

/// The body of a request or a response: bytes shared without copying ([`Bytes`]), whose `Debug`
/// shows only the length (request bodies hold passwords, responses private keys and temporary
/// credentials).
///
/// It converts from and into [`Bytes`], `Vec<u8>` and `String`, and implements
/// [`http_body::Body`], so hyper (and the stacks built on it) send it as is.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Body(Bytes);

impl Body {
    /// An empty body.
    pub const fn empty() -> Self {
        Body(Bytes::new())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, without copying.
    pub fn into_bytes(self) -> Bytes {
        self.0
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Body {
    /// The length only: bodies may hold passwords, keys and tokens.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Body({} bytes)", self.0.len())
    }
}

impl std::ops::Deref for Body {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Body(bytes)
    }
}

impl From<Vec<u8>> for Body {
    /// Without copying.
    fn from(bytes: Vec<u8>) -> Self {
        Body(Bytes::from(bytes))
    }
}

impl From<String> for Body {
    /// Without copying.
    fn from(text: String) -> Self {
        Body(Bytes::from(text))
    }
}

impl From<&'static [u8]> for Body {
    fn from(bytes: &'static [u8]) -> Self {
        Body(Bytes::from_static(bytes))
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Body(Bytes::from_static(text.as_bytes()))
    }
}

impl From<Body> for Bytes {
    fn from(body: Body) -> Self {
        body.0
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    /// The whole body in one frame.
    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        if self.0.is_empty() {
            Poll::Ready(None)
        } else {
            let data = std::mem::take(&mut self.0);
            Poll::Ready(Some(Ok(http_body::Frame::data(data))))
        }
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.0.len() as u64)
    }
}

#[cfg(feature = "default-transport")]
impl From<Body> for reqwest::Body {
    /// Without copying.
    fn from(body: Body) -> Self {
        reqwest::Body::from(body.0)
    }
}

/// The largest response body the caller accepts, in the extensions of every request the client
/// sends ([`Config::max_response_bytes`](crate::Config::max_response_bytes)).
///
/// ```
/// # use generated_sdk::runtime::{http, Body, HttpRequest, MaxResponseBytes};
/// let request: HttpRequest = http::Request::new(Body::empty());
/// assert_eq!(MaxResponseBytes::of(&request), 16 * 1024 * 1024); // the default when absent
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MaxResponseBytes(pub usize);

impl MaxResponseBytes {
    /// The cap a request carries, or the default (16 MiB) when it carries none.
    pub fn of<B>(request: &http::Request<B>) -> usize {
        request
            .extensions()
            .get::<MaxResponseBytes>()
            .map_or(DEFAULT_MAX_RESPONSE_BYTES, |cap| cap.0)
    }
}

/// The default cap on a response body: 16 MiB (a DescribeInstances page of 100 instances is ~1 MB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// GET or POST: all these APIs need (the HTTP method of v1 signing, [`SigningMethod::V1`](crate::runtime::SigningMethod::V1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HttpMethod {
    /// Parameters in the query string.
    Get,
    /// Parameters in the body.
    Post,
}

impl HttpMethod {
    /// `GET` or `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

impl From<HttpMethod> for http::Method {
    fn from(method: HttpMethod) -> Self {
        match method {
            HttpMethod::Get => http::Method::GET,
            HttpMethod::Post => http::Method::POST,
        }
    }
}

/// Why a request did not produce a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be established: the request was certainly not processed.
    Connect,
    /// The call did not finish within the configured timeout.
    Timeout,
    /// The connection failed after the request was (perhaps) sent.
    Io,
    /// Anything else (bad URL, TLS set-up, ...): not retried.
    Other,
    /// The server answered with a redirect, which is never followed: not retried.
    Redirect,
    /// The response body exceeded the configured cap: not retried.
    TooLarge,
}

/// A failure below HTTP. A custom transport makes one with [`TransportError::new`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind:?} error: {message}")]
#[non_exhaustive]
pub struct TransportError {
    /// The kind, which decides whether a retry is safe.
    pub kind: TransportErrorKind,
    /// Details.
    pub message: String,
}

impl TransportError {
    /// A transport error.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The kind, which decides whether a retry is safe.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Details.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// The future a transport returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends signed requests. Implement it to use another HTTP client or an in-process fake: the
/// request and the response are the [`http`] crate's types (re-exported as
/// [`runtime::http`](crate::runtime::http)), so most HTTP stacks plug in with a few lines: the
/// body converts into [`Bytes`] without copying and is an [`http_body::Body`] for hyper.
///
/// ```
/// use generated_sdk::runtime::{http, Body, HttpRequest, HttpTransport, TransportFuture};
///
/// /// Answers every call with the same body, sends nothing.
/// #[derive(Debug)]
/// struct Canned(&'static str);
///
/// impl HttpTransport for Canned {
///     fn send(&self, _request: HttpRequest) -> TransportFuture<'_> {
///         let response = http::Response::builder()
///             .status(200)
///             .header("content-type", "application/json")
///             .body(Body::from(self.0))
///             .expect("a valid response");
///         Box::pin(async move { Ok(response) })
///     }
/// }
/// ```
pub trait HttpTransport: Send + Sync + fmt::Debug + 'static {
    /// Sends one request.
    fn send(&self, request: HttpRequest) -> TransportFuture<'_>;
}

/// The default transport: reqwest with rustls, proxies from the environment (`HTTPS_PROXY`,
/// `HTTP_PROXY`, `NO_PROXY`), a connect timeout, connection reuse, gzip (with the `gzip` feature),
/// no redirects, and bodies read chunk by chunk up to the request's cap.
#[cfg(feature = "default-transport")]
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

#[cfg(feature = "default-transport")]
impl ReqwestTransport {
    /// A transport with the given connect timeout.
    pub fn new(connect_timeout: std::time::Duration) -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            // A redirect would carry the token and the body (passwords) elsewhere, or turn a signed
            // POST into a GET: the runtime turns any 3xx into an error instead.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("generated-sdk-rust/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e.to_string()))?;
        Ok(Self { client })
    }

    /// Wraps a reqwest client configured by the caller. The runtime still refuses redirects and
    /// bodies over the cap, whatever the client's own settings.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client }
    }
}

#[cfg(feature = "default-transport")]
impl HttpTransport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            let cap = MaxResponseBytes::of(&request);
            // The signed Host header goes out as is (reqwest would derive the same value from the
            // URI); the body is handed over without copying.
            let request = reqwest::Request::try_from(request).map_err(classify)?;
            let mut response = self.client.execute(request).await.map_err(classify)?;
            if response.content_length().is_some_and(|n| n > cap as u64) {
                return Err(too_large(cap));
            }
            let status = response.status();
            let version = response.version();
            let headers = std::mem::take(response.headers_mut());
            // Read chunk by chunk (decompressed, with gzip): an endless or huge body stops at the
            // cap. A body that arrives in one chunk is kept as is, without copying.
            let mut first: Option<Bytes> = None;
            let mut joined: Vec<u8> = Vec::new();
            let mut length = 0usize;
            while let Some(chunk) = response.chunk().await.map_err(classify)? {
                length += chunk.len();
                if length > cap {
                    return Err(too_large(cap));
                }
                match first.take() {
                    None if joined.is_empty() => first = Some(chunk),
                    earlier => {
                        if let Some(earlier) = earlier {
                            let expected = response.content_length().map_or(0, |n| n as usize);
                            joined.reserve(expected.max(length).min(cap));
                            joined.extend_from_slice(&earlier);
                        }
                        joined.extend_from_slice(&chunk);
                    }
                }
            }
            let body = first.map_or_else(|| Body::from(joined), Body::from);
            let mut out = http::Response::new(body);
            *out.status_mut() = status;
            *out.version_mut() = version;
            *out.headers_mut() = headers;
            Ok(out)
        })
    }
}

/// The error for a response body over the cap.
pub(crate) fn too_large(cap: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::TooLarge,
        format!("the response body exceeds the limit of {cap} bytes (Config::max_response_bytes)"),
    )
}

#[cfg(feature = "default-transport")]
fn classify(error: reqwest::Error) -> TransportError {
    use std::error::Error as _;
    let kind = if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_timeout() {
        TransportErrorKind::Timeout
    } else if error.is_request() || error.is_body() || error.is_decode() {
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    };
    // reqwest's own message is terse; the source chain says what happened.
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    TransportError::new(kind, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_neither_bodies_nor_sensitive_headers() {
        let mut secret = http::HeaderValue::from_static("TC3-HMAC-SHA256 Signature=abc");
        secret.set_sensitive(true);
        let request: HttpRequest = http::Request::builder()
            .method(http::Method::POST)
            .uri("https://cvm.tencentcloudapi.com/")
            .header("authorization", secret)
            .header("x-tc-action", "DescribeInstances")
            .body(Body::from(&b"{\"Password\":\"hunter2\"}"[..]))
            .unwrap();
        let shown = format!("{request:?}");
        assert!(shown.contains("DescribeInstances"), "{shown}");
        assert!(shown.contains("Body(22 bytes)"), "{shown}");
        for secret in ["abc", "hunter2"] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
    }

    #[test]
    fn bodies_convert_without_copying() {
        let bytes = Bytes::from(vec![1u8, 2, 3]);
        let pointer = bytes.as_ptr();
        let body = Body::from(bytes);
        assert_eq!(body.as_bytes(), [1, 2, 3]);
        assert_eq!(Bytes::from(body).as_ptr(), pointer);
        let vec = b"{}".to_vec();
        let pointer = vec.as_ptr();
        assert_eq!(Body::from(vec).as_ptr(), pointer);
    }

    #[test]
    fn the_response_cap_travels_in_the_extensions() {
        let mut request: HttpRequest = http::Request::new(Body::empty());
        assert_eq!(MaxResponseBytes::of(&request), DEFAULT_MAX_RESPONSE_BYTES);
        request.extensions_mut().insert(MaxResponseBytes(10));
        assert_eq!(MaxResponseBytes::of(&request), 10);
    }
}
