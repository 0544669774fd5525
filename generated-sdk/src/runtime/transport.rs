//! The HTTP layer: a small trait (so tests and users can plug in their own) and the default
//! implementation over reqwest with rustls.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// GET or POST: all these APIs need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// A signed request, ready to send.
///
/// A transport must not follow redirects (the runtime refuses any 3xx answer anyway, so that no
/// credentials or request body go to another host) and should stop reading a response body once it
/// exceeds [`max_response_bytes`](Self::max_response_bytes) (the runtime refuses a longer one).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpRequest {
    /// GET or POST.
    pub method: HttpMethod,
    /// Full URL, query included for GET.
    pub url: String,
    /// Headers, `Host` among them.
    pub headers: Vec<(String, String)>,
    /// The body (empty for GET).
    pub body: Vec<u8>,
    /// The largest response body the caller accepts ([`Config::max_response_bytes`](crate::Config::max_response_bytes)).
    pub max_response_bytes: usize,
}

impl HttpRequest {
    /// A request (with the default response size cap, 16 MiB).
    pub fn new(
        method: HttpMethod,
        url: String,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> Self {
        Self {
            method,
            url,
            headers,
            body,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// A header's value (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// The default cap on a response body: 16 MiB (a DescribeInstances page of 100 instances is ~1 MB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

impl fmt::Debug for HttpRequest {
    /// Headers carrying signatures or tokens are redacted; bodies are not shown (they may hold passwords).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let secret =
                    k.eq_ignore_ascii_case("authorization") || k.eq_ignore_ascii_case("x-tc-token");
                (
                    k.as_str(),
                    if secret { "** redacted **" } else { v.as_str() },
                )
            })
            .collect();
        let url = self.url.split('?').next().unwrap_or_default();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &url)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers (names as received).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with no headers.
    pub fn new(status: u16, body: Vec<u8>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A header's value (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
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

/// A failure below HTTP.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind:?} error: {message}")]
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
}

/// The future a transport returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends signed requests. Implement it to use another HTTP client or an in-process fake.
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
            let method = match request.method {
                HttpMethod::Get => reqwest::Method::GET,
                HttpMethod::Post => reqwest::Method::POST,
            };
            let mut builder = self.client.request(method, &request.url);
            for (name, value) in &request.headers {
                // reqwest derives Host from the URL; the signed value is the same.
                if !name.eq_ignore_ascii_case("host") {
                    builder = builder.header(name.as_str(), value.as_str());
                }
            }
            let cap = request.max_response_bytes;
            let mut response = builder.body(request.body).send().await.map_err(classify)?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .take(MAX_HEADERS)
                .map(|(k, v)| {
                    let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
                    (k.as_str().to_owned(), value)
                })
                .collect();
            if response.content_length().is_some_and(|n| n > cap as u64) {
                return Err(too_large(cap));
            }
            // Read chunk by chunk (decompressed, with gzip): an endless or huge body stops at the cap.
            let mut body =
                Vec::with_capacity(response.content_length().map_or(8 * 1024, |n| n as usize));
            while let Some(chunk) = response.chunk().await.map_err(classify)? {
                if body.len() + chunk.len() > cap {
                    return Err(too_large(cap));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        })
    }
}

/// Response headers kept (the services send a dozen).
#[cfg(feature = "default-transport")]
const MAX_HEADERS: usize = 64;

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
    fn debug_redacts_signatures_tokens_and_query() {
        let request = HttpRequest::new(
            HttpMethod::Get,
            "https://cvm.tencentcloudapi.com/?Signature=secret&Password=hunter2".to_owned(),
            vec![
                (
                    "Authorization".to_owned(),
                    "TC3-HMAC-SHA256 Signature=abc".to_owned(),
                ),
                ("X-TC-Token".to_owned(), "tok".to_owned()),
                ("X-TC-Action".to_owned(), "DescribeInstances".to_owned()),
            ],
            b"{\"Password\":\"hunter2\"}".to_vec(),
        );
        let shown = format!("{request:?}");
        assert!(shown.contains("DescribeInstances"));
        for secret in ["abc", "tok", "hunter2", "Signature=secret"] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
    }
}
