//! Errors stay bounded and secret-free whatever the server sends: a huge value and a sensitive value
//! never appear whole in an error's Display or Debug, nor in the logs. (Its own test binary: the log
//! capture installs a thread-local subscriber.)
#![cfg(all(feature = "cvm", feature = "test-util"))]

mod support;

use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::mock::{MockCloud, MockReply};
use generated_sdk::runtime::RetryConfig;
use support::Captured;

/// A huge value and a sensitive value never appear whole in an error's Display or Debug, nor in logs.
#[tokio::test]
async fn errors_quote_no_huge_or_secret_values() {
    const SECRET: &str = "-----BEGIN RSA PRIVATE KEY-----MIIEsecret";
    let huge = "7".repeat(200 * 1024 * 1024) + "x";
    let bodies = [
        // A 200 MB string in an integer field.
        format!(r#"{{"Response":{{"RequestId":"rid-1","TotalCount":"{huge}"}}}}"#),
        // A private key where a number belongs.
        format!(r#"{{"Response":{{"RequestId":"rid-2","TotalCount":"{SECRET}"}}}}"#),
        // A private key in a malformed body.
        format!(
            r#"{{"Response":{{"RequestId":"rid-3","KeyPair":{{"PrivateKey":"{SECRET}"}},"TotalCount":[}}"#
        ),
        // A huge server message (the service's own words are shown, but bounded).
        format!(
            r#"{{"Response":{{"RequestId":"rid-4","Error":{{"Code":"X","Message":"M{}"}}}}}}"#,
            "8".repeat(1 << 20)
        ),
    ];
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let mock = MockCloud::new().with_service(&cvm::MOCK);
    let client = cvm::Client::new(
        mock.config()
            .retry(RetryConfig::disabled())
            .max_response_bytes(usize::MAX),
    );
    for body in &bodies {
        mock.push_reply("DescribeInstances", MockReply::raw(200, body.as_str()));
        let error = client.describe_instances().send().await.unwrap_err();
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(shown.len() < 4096, "bounded: {} bytes", shown.len());
            assert!(
                !shown.contains("7777777777"),
                "no long excerpt of the huge value"
            );
            assert!(!shown.contains("MIIEsecret"), "no secret: {shown}");
        }
    }
    // A success whose request id is huge: logged bounded too.
    let body = format!(
        r#"{{"Response":{{"RequestId":"{}","TotalCount":0}}}}"#,
        "9".repeat(1 << 20)
    );
    mock.push_reply("DescribeInstances", MockReply::raw(200, body));
    client.describe_instances().send().await.unwrap();
    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        !logged.contains(&"9".repeat(1000)),
        "the huge request id is not logged whole"
    );
    assert!(
        logged.contains("failed"),
        "the failures were logged: {logged}"
    );
    assert!(
        logged.len() < 64 * 1024,
        "logs stay small: {} bytes",
        logged.len()
    );
    assert!(!logged.contains("7777777777") && !logged.contains("MIIEsecret"));
}
