//! A fake cloud on loopback for integration tests: records every request, verifies signatures
//! independently of the client's request assembly, and answers with scripted replies.
#![allow(dead_code)]

pub mod redis;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use generated_sdk::runtime::{http, Body, ServiceMetadata};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

pub const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
pub const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

/// Log output of a `tracing` subscriber under test (`.with_writer(move || captured.clone())`).
#[derive(Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// Form parameters from the query (GET) or the urlencoded body (POST), decoded.
    pub fn params(&self) -> BTreeMap<String, String> {
        let raw = if self.method == "GET" {
            self.query.clone()
        } else {
            String::from_utf8_lossy(&self.body).into_owned()
        };
        raw.split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }

    /// The API 3.0 action, from the TC3 header or the v1 parameter.
    pub fn action(&self) -> String {
        self.header("x-tc-action")
            .map(str::to_owned)
            .or_else(|| self.params().get("Action").cloned())
            .or_else(|| self.params().get("action").cloned())
            .unwrap_or_default()
    }

    /// Verifies the signature the way the service would (TC3, v1 or QingCloud per `service`),
    /// from what arrived on the wire, independently of how the client assembled the request.
    pub fn verify(
        &self,
        service: &ServiceMetadata,
        secret_id: &str,
        secret_key: &str,
    ) -> Result<(), String> {
        let host = self.header("host").ok_or("no Host header")?;
        let query = if self.query.is_empty() {
            String::new()
        } else {
            format!("?{}", self.query)
        };
        let mut request = http::Request::builder()
            .method(self.method.as_str())
            .uri(format!("http://{host}{}{query}", self.path));
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        let request = request
            .body(Body::from(self.body.clone()))
            .map_err(|e| format!("not a valid request: {e}"))?;
        generated_sdk::runtime::mock::verify_signature(service, &request, secret_id, secret_key)
    }
}

/// Form decoding: `+` is a space, then percent-decoding.
fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// What the server does with a request.
pub enum Reply {
    Json(u16, serde_json::Value),
    Raw(u16, &'static str, String),
    /// Close the connection without answering.
    Drop,
    /// Answer after a delay.
    Delayed(Duration, Box<Reply>),
    /// Another reply with an extra response header.
    WithHeader(&'static str, String, Box<Reply>),
}

impl Reply {
    pub fn ok(value: serde_json::Value) -> Self {
        Reply::Json(200, value)
    }

    /// An API 3.0 error envelope.
    pub fn api3_error(code: &str, message: &str, request_id: &str) -> Self {
        Reply::Json(
            200,
            serde_json::json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}}),
        )
    }
}

type Handler = dyn Fn(&Received, usize) -> Reply + Send + Sync;

/// A running fake server.
pub struct FakeCloud {
    pub addr: SocketAddr,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl FakeCloud {
    /// Starts a server on 127.0.0.1; `handler` gets each request and its 0-based index.
    pub async fn start(
        handler: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        Self::serve_on(listener, handler)
    }

    /// Starts a server on the IPv6 loopback `[::1]`, or `None` when this machine has none.
    pub async fn start_ipv6(
        handler: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static,
    ) -> Option<Self> {
        let listener = TcpListener::bind("[::1]:0").await.ok()?;
        Some(Self::serve_on(listener, handler))
    }

    fn serve_on(
        listener: TcpListener,
        handler: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let addr = listener.local_addr().unwrap();
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let log = received.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let handler = handler.clone();
                let log = log.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request: hyper::Request<Incoming>| {
                        let handler = handler.clone();
                        let log = log.clone();
                        async move { serve(request, handler, log).await }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        FakeCloud { addr, received }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn serve(
    request: hyper::Request<Incoming>,
    handler: Arc<Handler>,
    log: Arc<Mutex<Vec<Received>>>,
) -> Result<hyper::Response<Full<Bytes>>, std::io::Error> {
    let at = Instant::now();
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let headers = request
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let body = request
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    let received = Received {
        method,
        path,
        query,
        headers,
        body,
        at,
    };
    let index = {
        let mut log = log.lock().unwrap();
        log.push(received.clone());
        log.len() - 1
    };
    let mut reply = handler(&received, index);
    let mut extra = Vec::new();
    let mut response = loop {
        match reply {
            Reply::Delayed(wait, inner) => {
                tokio::time::sleep(wait).await;
                reply = *inner;
            }
            Reply::WithHeader(name, value, inner) => {
                extra.push((name, value));
                reply = *inner;
            }
            Reply::Drop => return Err(std::io::Error::other("dropping the connection")),
            Reply::Json(status, value) => {
                break response(status, "application/json", value.to_string())
            }
            Reply::Raw(status, content_type, body) => break response(status, content_type, body),
        }
    };
    for (name, value) in extra {
        response
            .headers_mut()
            .append(name, value.parse().expect("a header value"));
    }
    Ok(response)
}

fn response(status: u16, content_type: &str, body: String) -> hyper::Response<Full<Bytes>> {
    hyper::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(Full::new(Bytes::from(body)))
        .unwrap()
}
