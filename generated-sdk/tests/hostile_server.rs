//! The call path against a hostile server on loopback: redirects are never followed, response
//! bodies stop at the size cap, every call has a deadline, header values are checked before
//! signing, and envelopes of the wrong shape are decode errors (never successes, never panics).
#![cfg(all(
    feature = "cvm",
    feature = "ecm",
    feature = "cvm-legacy",
    feature = "qingcloud",
    feature = "default-transport",
    feature = "test-util"
))]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::mock::{MockCloud, MockReply};
use generated_sdk::runtime::{BuildError, RetryConfig, TransportErrorKind};
use generated_sdk::{Config, Credentials, SdkError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A raw HTTP/1.1 server: for each connection, reads the request head and body, then lets
/// `respond` write whatever it likes. Counts the requests it saw.
struct RawServer {
    addr: std::net::SocketAddr,
    seen: Arc<AtomicUsize>,
}

impl RawServer {
    async fn start<F, Fut>(respond: F) -> Self
    where
        F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(AtomicUsize::new(0));
        let counter = seen.clone();
        let respond = Arc::new(respond);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let respond = respond.clone();
                let counter = counter.clone();
                tokio::spawn(async move {
                    if read_request(&mut stream).await {
                        counter.fetch_add(1, Ordering::SeqCst);
                        respond(stream).await;
                    }
                });
            }
        });
        RawServer { addr, seen }
    }

    fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn seen(&self) -> usize {
        self.seen.load(Ordering::SeqCst)
    }
}

/// Reads one request (head, then a Content-Length body); false when the peer sent nothing.
async fn read_request(stream: &mut TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let Ok(n) = stream.read(&mut chunk).await else {
            return false;
        };
        if n == 0 {
            return false;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    true
}

fn config(endpoint: &str) -> Config {
    Config::new(Credentials::new("AKIDtest", "secret-key"))
        .region("ap-guangzhou")
        .endpoint(endpoint)
        .rate_limiting(false)
        .retry(
            RetryConfig::default().with_backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
}

/// Guards every test against hanging: the calls under test have their own deadlines.
async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), future)
        .await
        .expect("the call ended")
}

fn transport_kind<E: generated_sdk::runtime::ServiceError>(
    result: &Result<impl std::fmt::Debug, SdkError<E>>,
) -> TransportErrorKind {
    match result {
        Err(SdkError::Transport(t)) => t.kind,
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn redirects_are_never_followed_and_the_other_host_receives_nothing() {
    let elsewhere = RawServer::start(|mut s| async move {
        let _ = s
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")
            .await;
    })
    .await;
    let target = format!("{}/steal", elsewhere.endpoint());
    let cross_host = RawServer::start(move |mut s| {
        let target = target.clone();
        async move {
            let reply = format!(
                "HTTP/1.1 307 Temporary Redirect\r\nlocation: {target}\r\ncontent-length: 0\r\n\r\n"
            );
            let _ = s.write_all(reply.as_bytes()).await;
        }
    })
    .await;
    // With a session token, which a followed redirect would carry to the other host.
    let client = cvm::Client::new(
        Config::new(Credentials::new("AKIDtest", "secret-key").with_token("TOKEN"))
            .region("ap-guangzhou")
            .endpoint(cross_host.endpoint())
            .rate_limiting(false),
    );
    let result = bounded(client.describe_zones().send()).await;
    assert_eq!(transport_kind(&result), TransportErrorKind::Redirect);
    let message = result.unwrap_err().to_string();
    assert!(message.contains("307"), "{message}");
    assert!(
        message.contains("127.0.0.1"),
        "names the target host: {message}"
    );
    assert_eq!(cross_host.seen(), 1, "a redirect is not retried");
    assert_eq!(elsewhere.seen(), 0, "the other host receives nothing");

    let same_host = RawServer::start(|mut s| async move {
        let _ = s
            .write_all(b"HTTP/1.1 302 Found\r\nlocation: /elsewhere\r\ncontent-length: 0\r\n\r\n")
            .await;
    })
    .await;
    let client = cvm::Client::new(config(&same_host.endpoint()));
    let result = bounded(client.describe_zones().send()).await;
    assert_eq!(transport_kind(&result), TransportErrorKind::Redirect);
    assert!(result.unwrap_err().to_string().contains("302"));
    assert_eq!(same_host.seen(), 1, "no GET follows the 302");
}

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_cap() {
    let server = RawServer::start(|mut s| async move {
        let head = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-type: application/json\r\n\r\n";
        if s.write_all(head).await.is_err() {
            return;
        }
        let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
        // Never ends: stops only when the client hangs up.
        while s.write_all(chunk.as_bytes()).await.is_ok() {}
    })
    .await;
    let cap = 1024 * 1024;
    let client = cvm::Client::new(config(&server.endpoint()).max_response_bytes(cap));
    let result = bounded(client.describe_zones().send()).await;
    assert_eq!(transport_kind(&result), TransportErrorKind::TooLarge);
    assert!(result.unwrap_err().to_string().contains(&cap.to_string()));
    assert_eq!(server.seen(), 1, "a body over the cap is not retried");
}

#[tokio::test]
async fn a_declared_500_mb_body_is_refused_at_the_cap() {
    let server = RawServer::start(|mut s| async move {
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\ncontent-type: application/json\r\n\r\n",
            500u64 * 1024 * 1024
        );
        if s.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let block = vec![b' '; 64 * 1024];
        for _ in 0..(500 * 16) {
            if s.write_all(&block).await.is_err() {
                return;
            }
        }
    })
    .await;
    let client = cvm::Client::new(config(&server.endpoint()));
    let result = bounded(client.describe_zones().send()).await;
    assert_eq!(transport_kind(&result), TransportErrorKind::TooLarge);
}

#[tokio::test]
async fn the_operation_deadline_bounds_a_call_to_a_server_that_never_answers() {
    // Reads the request, then holds the connection open without a word.
    let server = RawServer::start(|s| async move {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        drop(s);
    })
    .await;
    let config = config(&server.endpoint())
        .timeout(Duration::from_secs(30))
        .operation_timeout(Some(Duration::from_millis(500)))
        .retry(RetryConfig::default().with_max_attempts(4));
    let client = cvm::Client::new(config);
    // DescribeZones is read-only: a timeout would be retried, were it not for the deadline.
    let result = bounded(client.describe_zones().send()).await;
    assert_eq!(transport_kind(&result), TransportErrorKind::Timeout);
    let message = result.unwrap_err().to_string();
    assert!(message.contains("deadline"), "{message}");
    assert_eq!(
        server.seen(),
        1,
        "the deadline leaves no room for a second attempt"
    );

    // A per-call override on the same client (the handle's, or the client's shorthand).
    let patient = cvm::Client::from_handle(
        client
            .handle()
            .with_operation_timeout(Some(Duration::from_millis(200))),
    );
    let result = bounded(patient.describe_zones().send()).await;
    assert!(result.unwrap_err().to_string().contains("200ms"));
    let result = bounded(
        client
            .with_operation_timeout(Some(Duration::from_millis(300)))
            .describe_zones()
            .send(),
    )
    .await;
    assert!(result.unwrap_err().to_string().contains("300ms"));
}

#[tokio::test]
async fn header_values_are_checked_before_anything_is_sent() {
    let mock = MockCloud::new().with_service(&cvm::MOCK);
    for (config, field) in [
        (mock.config().region("ap-guangzhou\r\nX-Evil: 1"), "Region"),
        (mock.config().language("en-US\n"), "Language"),
    ] {
        let client = cvm::Client::new(config);
        match client.describe_zones().send().await {
            Err(SdkError::Build(BuildError::InvalidHeaderValue { field: f, .. })) => {
                assert_eq!(f, field)
            }
            other => panic!("expected a header error naming {field}, got {other:?}"),
        }
    }
    assert!(mock.requests().is_empty(), "nothing reached the transport");
}

/// Every envelope shape that is not the documented one is a decode error carrying the status.
#[tokio::test]
async fn wrong_envelope_shapes_are_decode_errors_in_every_protocol() {
    use generated_sdk::cvm_legacy as legacy;
    use generated_sdk::ecm::v20190719 as ecm;
    use generated_sdk::qingcloud;

    let api3 = [
        r#"{"Response":[]}"#,
        r#"[{"Response":{"RequestId":"r"}}]"#,
        r#"{"Response":[["ins-1"],"rid"]}"#,
        r#"{"Response":{"ZoneSet":[]}}"#,
        r#"{"Response":"ok"}"#,
        r#"{"Response":null}"#,
        r#"[]"#,
        r#""text""#,
        r#"123"#,
        r#"{}"#,
    ];
    // Typed responses reject values of the wrong shape (DescribeZones: ZoneSet is an array of Zone).
    let api3_typed = [
        r#"{"Response":{"RequestId":"r","ZoneSet":{"Zone":"x"}}}"#,
        r#"{"Response":{"RequestId":"r","TotalCount":[1]}}"#,
        r#"{"Response":{"RequestId":"r","ZoneSet":[["ap-guangzhou-1"]]}}"#,
    ];
    let legacy_bodies = [
        r#"[]"#,
        r#"[{"code":0}]"#,
        r#"{"message":"ok"}"#,
        r#"{"code":[0]}"#,
    ];
    let qingcloud_bodies = [
        r#"[]"#,
        r#"[{"ret_code":0,"action":"RunInstancesResponse"}]"#,
        r#"{"ret_code":0}"#,
        r#"{"ret_code":0,"action":"DescribeInstancesResponse"}"#,
        r#"{"ret_code":0,"action":["RunInstancesResponse"]}"#,
    ];

    let mock = MockCloud::new()
        .with_service(&cvm::MOCK)
        .with_service(&ecm::MOCK)
        .with_service(&legacy::MOCK)
        .with_service(&qingcloud::MOCK);
    for status in [200, 500] {
        for body in api3_typed {
            mock.push_reply("DescribeZones", MockReply::raw(status, body));
            let client = cvm::Client::new(mock.config().retry(RetryConfig::disabled()));
            let result = client.describe_zones().send().await;
            assert!(
                matches!(result, Err(SdkError::Decode(ref d)) if d.status == status),
                "{body}: {result:?}"
            );
        }
        for body in api3 {
            mock.push_reply("DescribeZones", MockReply::raw(status, body));
            let client = cvm::Client::new(mock.config().retry(RetryConfig::disabled()));
            match client.describe_zones().send().await {
                Err(SdkError::Decode(d)) => assert_eq!(d.status, status, "{body}"),
                other => panic!("{body} (HTTP {status}): expected a decode error, got {other:?}"),
            }
            mock.push_reply("RunInstances", MockReply::raw(status, body));
            let client = ecm::Client::new(mock.config().retry(RetryConfig::disabled()));
            let result = client
                .run_instances()
                .zone_instance_count_isp_set([])
                .send()
                .await;
            assert!(
                matches!(result, Err(SdkError::Decode(_))),
                "ECM {body}: {result:?}"
            );
        }
        for body in legacy_bodies {
            mock.push_reply("RunInstancesHour", MockReply::raw(status, body));
            let client = legacy::Client::new(mock.config().retry(RetryConfig::disabled()));
            let result = legacy_call(&client).await;
            assert!(
                matches!(result, Err(SdkError::Decode(ref d)) if d.status == status),
                "legacy {body}: {result:?}"
            );
        }
        for body in qingcloud_bodies {
            mock.push_reply("RunInstances", MockReply::raw(status, body));
            let client = qingcloud::Client::new(mock.config().retry(RetryConfig::disabled()));
            let result = qingcloud_call(&client).await;
            assert!(
                matches!(result, Err(SdkError::Decode(ref d)) if d.status == status),
                "QingCloud {body}: {result:?}"
            );
        }
    }
}

async fn legacy_call(
    client: &generated_sdk::cvm_legacy::Client,
) -> Result<
    generated_sdk::cvm_legacy::RunInstancesHourResponse,
    SdkError<generated_sdk::cvm_legacy::RunInstancesHourError>,
> {
    client
        .run_instances_hour()
        .zone_id(100003)
        .cpu(1)
        .mem(1)
        .image_id("img-1")
        .storage_size(0)
        .send()
        .await
}

async fn qingcloud_call(
    client: &generated_sdk::qingcloud::Client,
) -> Result<
    generated_sdk::qingcloud::RunInstancesResponse,
    SdkError<generated_sdk::qingcloud::RunInstancesError>,
> {
    client
        .run_instances()
        .image_id("centos")
        .login_mode(generated_sdk::qingcloud::LoginMode::Passwd)
        .login_passwd("Passw0rd")
        .send()
        .await
}

/// A custom transport (here the in-process mock) gets the same guarantees from the runtime.
#[tokio::test]
async fn custom_transports_get_the_same_guarantees() {
    let mock = MockCloud::new().with_service(&cvm::MOCK);
    let client = cvm::Client::new(mock.config().max_response_bytes(64));
    mock.push_reply("DescribeZones", MockReply::raw(307, ""));
    let result = client.describe_zones().send().await;
    assert_eq!(transport_kind(&result), TransportErrorKind::Redirect);
    let long = format!(r#"{{"Response":{{"RequestId":"{}"}}}}"#, "r".repeat(100));
    mock.push_reply("DescribeZones", MockReply::raw(200, long));
    let result = client.describe_zones().send().await;
    assert_eq!(transport_kind(&result), TransportErrorKind::TooLarge);
    assert_eq!(
        mock.requests_of("DescribeZones").len(),
        2,
        "neither is retried"
    );
}
