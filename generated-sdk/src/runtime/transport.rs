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
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// GET or POST.
    pub method: HttpMethod,
    /// Full URL, query included for GET.
    pub url: String,
    /// Headers, `Host` among them.
    pub headers: Vec<(String, String)>,
    /// The body (empty for GET).
    pub body: Vec<u8>,
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
pub struct HttpResponse {
    /// HTTP status.
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
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
/// `HTTP_PROXY`, `NO_PROXY`), a connect timeout, and connection reuse.
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
            .user_agent(concat!("generated-sdk-rust/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e.to_string()))?;
        Ok(Self { client })
    }

    /// Wraps a reqwest client configured by the caller.
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
            let response = builder.body(request.body).send().await.map_err(classify)?;
            let status = response.status().as_u16();
            let body = response.bytes().await.map_err(classify)?;
            Ok(HttpResponse {
                status,
                body: body.to_vec(),
            })
        })
    }
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
        let request = HttpRequest {
            method: HttpMethod::Get,
            url: "https://cvm.tencentcloudapi.com/?Signature=secret&Password=hunter2".to_owned(),
            headers: vec![
                (
                    "Authorization".to_owned(),
                    "TC3-HMAC-SHA256 Signature=abc".to_owned(),
                ),
                ("X-TC-Token".to_owned(), "tok".to_owned()),
                ("X-TC-Action".to_owned(), "DescribeInstances".to_owned()),
            ],
            body: b"{\"Password\":\"hunter2\"}".to_vec(),
        };
        let shown = format!("{request:?}");
        assert!(shown.contains("DescribeInstances"));
        for secret in ["abc", "tok", "hunter2", "Signature=secret"] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
    }
}
