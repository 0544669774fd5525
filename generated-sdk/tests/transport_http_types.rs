//! The transport boundary speaks the `http` crate: a transport over another HTTP stack (hyper's own
//! client here) plugs in with a few lines, response headers reach the caller, and endpoint
//! overrides are parsed as URLs, so an IPv6 endpoint is sent and signed as `[::1]:port`.
#![cfg(all(feature = "cvm", feature = "default-transport"))]

mod support;

use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::mock::{MockCloud, MockReply};
use generated_sdk::runtime::{
    http, Body, BuildError, Config, Credentials, HmacAlgorithm, HttpMethod, HttpRequest,
    HttpTransport, RetryConfig, SdkError, SigningMethod, TransportError, TransportErrorKind,
    TransportFuture,
};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use serde_json::json;
use support::{FakeCloud, Reply, SECRET_ID, SECRET_KEY};

/// A transport over hyper's client, the glue a user writes: the request goes out as it is (its
/// body is an `http_body::Body`), the response comes back with its headers. (It ignores
/// `MaxResponseBytes`; the runtime refuses a longer body all the same.)
#[derive(Debug, Clone)]
struct HyperTransport {
    client: Client<HttpConnector, Body>,
}

impl HyperTransport {
    fn new() -> Self {
        let client =
            Client::builder(hyper_util::rt::TokioExecutor::new()).build(HttpConnector::new());
        Self { client }
    }
}

impl HttpTransport for HyperTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            let response = self.client.request(request).await.map_err(|e| {
                let kind = if e.is_connect() {
                    TransportErrorKind::Connect
                } else {
                    TransportErrorKind::Io
                };
                TransportError::new(kind, e.to_string())
            })?;
            let (parts, body) = response.into_parts();
            let body = http_body_util::BodyExt::collect(body)
                .await
                .map_err(|e| TransportError::new(TransportErrorKind::Io, e.to_string()))?
                .to_bytes();
            Ok(http::Response::from_parts(parts, Body::from(body)))
        })
    }
}

/// The transports under test: the default one (reqwest) and the hyper one above.
fn transports() -> Vec<(&'static str, Option<HyperTransport>)> {
    vec![("reqwest", None), ("hyper", Some(HyperTransport::new()))]
}

fn config(endpoint: String, transport: &Option<HyperTransport>) -> Config {
    let config = Config::new(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .endpoint(endpoint)
        .rate_limiting(false)
        .retry(RetryConfig::disabled());
    match transport {
        Some(transport) => config.transport(transport.clone()),
        None => config,
    }
}

fn zones() -> Reply {
    Reply::ok(json!({"Response": {"TotalCount": 0, "ZoneSet": [], "RequestId": "req-v6"}}))
}

#[tokio::test]
async fn an_ipv6_endpoint_is_sent_and_signed_as_its_bracketed_authority() {
    let Some(server) = FakeCloud::start_ipv6(|_, _| zones()).await else {
        eprintln!("skipped: no IPv6 loopback on this machine");
        return;
    };
    let endpoint = server.endpoint();
    let authority = format!("[::1]:{}", server.addr.port());
    assert_eq!(endpoint, format!("http://{authority}"));
    let signings = [
        SigningMethod::Tc3,
        SigningMethod::v1(HmacAlgorithm::HmacSha1, HttpMethod::Get),
        SigningMethod::v1(HmacAlgorithm::HmacSha256, HttpMethod::Post),
    ];
    let mut sent = 0;
    for (name, transport) in transports() {
        for signing in signings {
            let client = cvm::Client::new(config(endpoint.clone(), &transport).signing(signing));
            let out = client
                .describe_zones()
                .send()
                .await
                .unwrap_or_else(|e| panic!("{name} {signing:?}: {e}"));
            assert_eq!(out.request_id, "req-v6");
            sent += 1;
            let requests = server.requests();
            assert_eq!(requests.len(), sent);
            let received = requests.last().unwrap();
            assert_eq!(
                received.header("host"),
                Some(authority.as_str()),
                "{name} {signing:?}"
            );
            // The server's own check recomputes the signature over the Host it received: TC3
            // signs `host`, v1 signs the host in its string to sign.
            received
                .verify(&cvm::SERVICE, SECRET_ID, SECRET_KEY)
                .unwrap_or_else(|e| panic!("{name} {signing:?}: {e}"));
        }
    }
}

#[tokio::test]
async fn response_headers_reach_the_caller_of_an_undecodable_answer() {
    let server = FakeCloud::start(|_, _| {
        Reply::WithHeader(
            "via",
            "1.1 corporate-proxy".to_owned(),
            Box::new(Reply::Raw(
                502,
                "text/html",
                "<html>Bad Gateway</html>".to_owned(),
            )),
        )
    })
    .await;
    for (name, transport) in transports() {
        let client = cvm::Client::new(config(server.endpoint(), &transport));
        match client.describe_zones().send().await {
            Err(SdkError::Decode(error)) => {
                assert_eq!(error.status, 502, "{name}");
                let headers = error.headers().expect("the response's headers");
                assert_eq!(headers["via"], "1.1 corporate-proxy", "{name}");
                assert_eq!(headers["content-type"], "text/html", "{name}");
            }
            other => panic!("{name}: expected a decode error, got {other:?}"),
        }
    }

    // The mock's raw replies carry headers too.
    let mock = MockCloud::new().with_service(&cvm::MOCK);
    mock.push_reply(
        "DescribeZones",
        MockReply::raw(503, "<html>busy</html>").with_header("X-Gateway", "edge-7"),
    );
    let client = cvm::Client::new(mock.config().retry(RetryConfig::disabled()));
    match client.describe_zones().send().await {
        Err(SdkError::Decode(error)) => {
            assert_eq!(error.status, 503);
            assert_eq!(error.headers().unwrap()["x-gateway"], "edge-7");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn endpoints_with_user_info_a_query_or_a_fragment_are_refused_before_sending() {
    let mock = MockCloud::new().with_service(&cvm::MOCK);
    for (endpoint, reason) in [
        ("http://admin:hunter2@[::1]:8080/", "user info"),
        ("http://[::1]:8080/?Action=RunInstances", "query string"),
        ("http://[::1]:8080/#top", "fragment"),
        ("ftp://[::1]:8080/", "http or https"),
        ("http://[::1:8080/", "invalid IPv6 address"),
    ] {
        let client = cvm::Client::new(mock.config().endpoint(endpoint));
        match client.describe_zones().send().await {
            Err(SdkError::Build(error @ BuildError::InvalidEndpoint { .. })) => {
                let message = error.to_string();
                assert!(message.contains(reason), "{endpoint}: {message}");
                assert!(!message.contains("hunter2"), "{endpoint}: {message}");
            }
            other => panic!("{endpoint}: expected an invalid endpoint, got {other:?}"),
        }
    }
    assert!(mock.requests().is_empty(), "nothing was sent");
}
