//! The generated CVM client against a fake cloud on loopback: signatures, headers and bodies are
//! checked on the server; doc example responses come back typed; errors map to their variants.
#![cfg(all(feature = "cvm", feature = "default-transport"))]

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::{
    BuildError, Config, Credentials, HmacAlgorithm, HttpMethod, RetryConfig, SdkError,
    SigningMethod, TransportErrorKind,
};
use generated_sdk::ServiceError;
use serde_json::json;
use support::{FakeCloud, Received, Reply, SECRET_ID, SECRET_KEY};

fn config(server: &FakeCloud) -> Config {
    Config::new(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .endpoint(server.endpoint())
        .retry(
            RetryConfig::default().with_backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
}

const V1_GET: SigningMethod = SigningMethod::v1(HmacAlgorithm::HmacSha1, HttpMethod::Get);
const V1_POST: SigningMethod = SigningMethod::v1(HmacAlgorithm::HmacSha256, HttpMethod::Post);

/// Checks a TC3 request's signature and headers; panics with the reason.
fn check_tc3(r: &Received, action: &str) {
    r.verify(&cvm::SERVICE, SECRET_ID, SECRET_KEY).unwrap();
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/");
    assert_eq!(r.header("x-tc-action"), Some(action));
    assert_eq!(r.header("x-tc-version"), Some("2017-03-12"));
    assert_eq!(r.header("x-tc-region"), Some("ap-guangzhou"));
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert!(r
        .header("x-tc-timestamp")
        .is_some_and(|t| t.parse::<i64>().is_ok()));
    assert!(r.header("x-tc-token").is_none());
}

/// Checks a v1 request's signature and common params.
fn check_v1(r: &Received, action: &str) {
    r.verify(&cvm::SERVICE, SECRET_ID, SECRET_KEY).unwrap();
    let p = r.params();
    assert_eq!(p.get("Action").map(String::as_str), Some(action));
    assert_eq!(p.get("Version").map(String::as_str), Some("2017-03-12"));
    assert_eq!(p.get("Region").map(String::as_str), Some("ap-guangzhou"));
    assert_eq!(p.get("SecretId").map(String::as_str), Some(SECRET_ID));
    assert!(p.contains_key("Nonce") && p.contains_key("Timestamp"));
}

/// The first output example of an action's doc page, as transcribed in the spec.
fn doc_example(action: &str) -> serde_json::Value {
    let found = cvm::MOCK
        .actions
        .iter()
        .find(|a| a.action == action)
        .and_then(|a| a.example);
    serde_json::from_str(found.unwrap_or_else(|| panic!("{action} has a doc output example")))
        .unwrap()
}

fn describe_regions_reply() -> Reply {
    Reply::ok(doc_example("DescribeRegions"))
}

#[tokio::test]
async fn describe_regions_tc3_and_v1() {
    for signing in [SigningMethod::Tc3, V1_GET, V1_POST] {
        let server = FakeCloud::start(|_, _| describe_regions_reply()).await;
        let client = cvm::Client::new(config(&server).signing(signing));
        let out = client.describe_regions().send().await.unwrap();
        assert_eq!(out.total_count, Some(10));
        assert_eq!(out.request_id, "C563943B-3BEA-FE92-29FE-591EAEB7871F");
        let regions = out.region_set.unwrap();
        assert_eq!(regions.len(), 10);
        assert_eq!(regions[5].region.as_deref(), Some("ap-shanghai-fsi"));
        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        match signing {
            SigningMethod::Tc3 => {
                check_tc3(&requests[0], "DescribeRegions");
                assert_eq!(requests[0].json(), json!({}));
            }
            SigningMethod::V1 { http_method, .. } => {
                check_v1(&requests[0], "DescribeRegions");
                assert_eq!(requests[0].method, http_method.as_str());
            }
            other => unreachable!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn describe_instances_with_filters() {
    // The doc example, plus the drift real responses show: an undocumented field and a number as a string.
    let reply = || {
        let mut body = doc_example("DescribeInstances");
        let instance = &mut body["Response"]["InstanceSet"][0];
        instance["SomeFieldTheDocsNeverMention"] = json!({"x": 1});
        instance["CPU"] = json!("1");
        Reply::ok(body)
    };
    for signing in [SigningMethod::Tc3, V1_GET, V1_POST] {
        let server = FakeCloud::start(move |_, _| reply()).await;
        let client = cvm::Client::new(config(&server).signing(signing));
        let out = client
            .describe_instances()
            .filters([
                cvm::Filter::builder()
                    .name("zone")
                    .values(["ap-guangzhou-1"])
                    .build()
                    .unwrap(),
                cvm::Filter::builder()
                    .name("instance-charge-type")
                    .values(["PREPAID", "POSTPAID_BY_HOUR"])
                    .build()
                    .unwrap(),
            ])
            .limit(20)
            .send()
            .await
            .unwrap();
        let instance = &out.instance_set.unwrap()[0];
        assert_eq!(instance.instance_id.as_deref(), Some("ins-r8hr2upy"));
        assert_eq!(
            instance.instance_charge_type,
            Some(cvm::InstanceChargeType::Prepaid)
        );
        assert_eq!(instance.cpu, Some(1), "a number sent as a string decodes");
        assert_eq!(
            instance.data_disks.as_ref().unwrap()[0].disk_type,
            Some(cvm::DiskType::CloudBasic)
        );
        assert_eq!(
            instance
                .internet_accessible
                .as_ref()
                .unwrap()
                .public_ip_assigned,
            Some(true),
            "\"TRUE\" decodes"
        );
        let r = &server.requests()[0];
        match signing {
            SigningMethod::Tc3 => {
                check_tc3(r, "DescribeInstances");
                assert_eq!(
                    r.json(),
                    json!({"Filters": [
                        {"Name": "zone", "Values": ["ap-guangzhou-1"]},
                        {"Name": "instance-charge-type", "Values": ["PREPAID", "POSTPAID_BY_HOUR"]}
                    ], "Limit": 20})
                );
            }
            SigningMethod::V1 { .. } => {
                check_v1(r, "DescribeInstances");
                let p = r.params();
                for (k, v) in [
                    ("Filters.0.Name", "zone"),
                    ("Filters.0.Values.0", "ap-guangzhou-1"),
                    ("Filters.1.Name", "instance-charge-type"),
                    ("Filters.1.Values.0", "PREPAID"),
                    ("Filters.1.Values.1", "POSTPAID_BY_HOUR"),
                    ("Limit", "20"),
                ] {
                    assert_eq!(p.get(k).map(String::as_str), Some(v), "{k}");
                }
            }
            other => unreachable!("{other:?}"),
        }
    }
}

fn run_instances_doc_reply() -> Reply {
    Reply::ok(doc_example("RunInstances"))
}

fn run_instances_reply(ids: &[&str]) -> Reply {
    Reply::ok(
        json!({"Response": {"InstanceIdSet": ids, "RequestId": "3c140219-cfe9-470e-b241-907877d6fb03"}}),
    )
}

fn run_instances(
    client: &cvm::Client,
) -> cvm::run_instances::RunInstancesRequestBuilder<generated_sdk::runtime::Handle> {
    client
        .run_instances()
        .placement(
            cvm::Placement::builder()
                .zone("ap-guangzhou-2")
                .build()
                .unwrap(),
        )
        .image_id("img-pmqg1cw7")
}

#[tokio::test]
async fn run_instances_tc3_and_v1_with_temporary_credentials() {
    for signing in [SigningMethod::Tc3, V1_POST] {
        let server = FakeCloud::start(|_, _| run_instances_doc_reply()).await;
        let credentials = Credentials::new(SECRET_ID, SECRET_KEY).with_token("session-token");
        let client = cvm::Client::new(
            Config::new(credentials)
                .region("ap-guangzhou")
                .endpoint(server.endpoint())
                .signing(signing),
        );
        let out = run_instances(&client)
            .instance_charge_type(cvm::InstanceChargeType::PostpaidByHour)
            .login_settings(
                cvm::LoginSettings::builder()
                    .password("Hunter2!secret")
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(out.instance_id_set, Some(vec!["ins-1vogaxgk".to_owned()]));
        let r = &server.requests()[0];
        match signing {
            SigningMethod::Tc3 => {
                r.verify(&cvm::SERVICE, SECRET_ID, SECRET_KEY).unwrap();
                assert_eq!(r.header("x-tc-token"), Some("session-token"));
                let body = r.json();
                assert_eq!(body["Placement"]["Zone"], "ap-guangzhou-2");
                assert_eq!(body["LoginSettings"]["Password"], "Hunter2!secret");
                assert_eq!(body["InstanceChargeType"], "POSTPAID_BY_HOUR");
                let token = body["ClientToken"]
                    .as_str()
                    .expect("the client fills in a ClientToken");
                assert_eq!(token.len(), 32);
            }
            SigningMethod::V1 { .. } => {
                r.verify(&cvm::SERVICE, SECRET_ID, SECRET_KEY).unwrap();
                let p = r.params();
                assert_eq!(p.get("Token").map(String::as_str), Some("session-token"));
                assert_eq!(
                    p.get("Placement.Zone").map(String::as_str),
                    Some("ap-guangzhou-2")
                );
                assert_eq!(
                    p.get("SignatureMethod").map(String::as_str),
                    Some("HmacSHA256")
                );
                assert!(p.contains_key("ClientToken"));
            }
            other => unreachable!("{other:?}"),
        }
    }
}

/// Every documented error code of RunInstances (spec/cvm/v20170312/actions/RunInstances.yaml).
const RUN_INSTANCES_CODES: &[&str] = &[
    "AccountQualificationRestrictions",
    "InstancesQuotaLimitExceeded",
    "InvalidClientToken.TooLong",
    "InvalidHostId.NotFound",
    "InvalidInstanceName.TooLong",
    "InvalidInstanceType.Malformed",
    "InvalidParameter.InvalidIpFormat",
    "InvalidParameterCombination",
    "InvalidParameterValue",
    "InvalidParameterValue.Range",
    "InvalidPassword",
    "InvalidPeriod",
    "InvalidPermission",
    "InvalidZone.MismatchRegion",
    "MissingParameter",
    "VpcAddrNotInSubNet",
    "VpcIpIsUsed",
];

/// ClientToken and the instances the fake cloud created for it.
type Purchase = (String, Vec<String>);

fn variant_name(code: &str) -> String {
    code.split('.').collect()
}

#[tokio::test]
async fn every_documented_run_instances_error_maps_to_its_variant() {
    let codes: Arc<Mutex<Vec<&'static str>>> = Arc::new(Mutex::new(RUN_INSTANCES_CODES.to_vec()));
    let next = codes.clone();
    let server = FakeCloud::start(move |_, i| {
        let code = next.lock().unwrap()[i];
        Reply::api3_error(code, &format!("message of {code}"), &format!("req-{i}"))
    })
    .await;
    let client = cvm::Client::new(config(&server).retry(RetryConfig::disabled()));
    for (i, code) in RUN_INSTANCES_CODES.iter().enumerate() {
        let error = run_instances(&client).send().await.unwrap_err();
        let service = error
            .service_error()
            .unwrap_or_else(|| panic!("{code}: not a service error: {error}"));
        assert!(
            format!("{service:?}").starts_with(&format!("Code({}, ", variant_name(code))),
            "{code} -> {service:?}"
        );
        assert!(!matches!(service, cvm::RunInstancesError::Unhandled(_)));
        assert_eq!(service.code(), *code);
        assert_eq!(service.message(), format!("message of {code}"));
        assert_eq!(service.request_id(), format!("req-{i}"));
        assert_eq!(error.request_id(), Some(format!("req-{i}").as_str()));
        assert_eq!(
            service.to_string(),
            format!("{code}: message of {code} (request id req-{i})")
        );
    }
    assert_eq!(server.requests().len(), RUN_INSTANCES_CODES.len());
    // The code table maps each code to its variant, and nothing else to it.
    let error = cvm::RunInstancesError::from(generated_sdk::runtime::ServiceErrorMeta::new(
        "InvalidZone.MismatchRegion",
        "",
        "",
    ));
    assert!(matches!(
        error,
        cvm::RunInstancesError::Code(cvm::RunInstancesErrorCode::InvalidZoneMismatchRegion, _)
    ));
}

/// What a caller's generic error handling needs, for any action: the common trait.
fn summarize<E: ServiceError>(error: &SdkError<E>) -> (String, String, bool) {
    let service = error.as_service_error().expect("a service error");
    (
        service.code().to_owned(),
        service.request_id().to_owned(),
        service.is_retryable(),
    )
}

#[tokio::test]
async fn errors_of_every_action_are_handled_generically() {
    let server = FakeCloud::start(|_, i| match i {
        0 => Reply::api3_error("InvalidZone.MismatchRegion", "zone", "req-0"),
        1 => Reply::api3_error("InvalidInstanceId.NotFound", "gone", "req-1"),
        2 => Reply::api3_error("RequestLimitExceeded", "slow down", "req-2"),
        _ => Reply::api3_error("SomethingNew", "new", "req-3"),
    })
    .await;
    let client = cvm::Client::new(config(&server).retry(RetryConfig::disabled()));
    let mut seen = Vec::new();
    let e = run_instances(&client).send().await.unwrap_err();
    seen.push(summarize(&e));
    let e = client
        .describe_instances()
        .instance_ids(["ins-1"])
        .send()
        .await
        .unwrap_err();
    seen.push(summarize(&e));
    let e = client
        .start_instances()
        .instance_ids(["ins-1"])
        .send()
        .await
        .unwrap_err();
    // A common code the action does not document itself is in `Common`, reachable the same way.
    assert!(matches!(
        e.service_error(),
        Some(cvm::StartInstancesError::Common(
            cvm::CommonErrorCode::RequestLimitExceeded,
            _
        ))
    ));
    seen.push(summarize(&e));
    let e = client.describe_zones().send().await.unwrap_err();
    assert_eq!(e.code(), Some("SomethingNew"));
    seen.push(summarize(&e));
    let expected = [
        ("InvalidZone.MismatchRegion", "req-0", false),
        ("InvalidInstanceId.NotFound", "req-1", false),
        ("RequestLimitExceeded", "req-2", true),
        ("SomethingNew", "req-3", false),
    ]
    .map(|(code, id, retryable)| (code.to_owned(), id.to_owned(), retryable));
    assert_eq!(seen, expected);
    // Through `dyn Error` too: the trait objects of any action's error.
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert!(boxed
        .to_string()
        .contains("SomethingNew: new (request id req-3)"));
}

#[tokio::test]
async fn common_unknown_and_non_json_errors() {
    let server = FakeCloud::start(|_, i| match i {
        0 => Reply::api3_error("AuthFailure.SignatureExpire", "signature expired", "req-a"),
        1 => Reply::api3_error("UnauthorizedOperation", "no", "req-b"),
        2 => Reply::api3_error("SomethingNew.NeverDocumented", "surprise", "req-c"),
        _ => Reply::Raw(
            502,
            "text/html",
            "<html><body><h1>502 Bad Gateway</h1></body></html>".to_owned(),
        ),
    })
    .await;
    let client = cvm::Client::new(config(&server).retry(RetryConfig::disabled()));
    let e = run_instances(&client).send().await.unwrap_err();
    assert!(
        matches!(e.service_error(), Some(cvm::RunInstancesError::Common(cvm::CommonErrorCode::AuthFailure, m)) if m.code() == "AuthFailure.SignatureExpire")
    );
    let e = run_instances(&client).send().await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(cvm::RunInstancesError::Common(
            cvm::CommonErrorCode::UnauthorizedOperation,
            _
        ))
    ));
    let e = run_instances(&client).send().await.unwrap_err();
    match e.service_error() {
        Some(cvm::RunInstancesError::Unhandled(meta)) => {
            assert_eq!(
                (meta.code(), meta.message(), meta.request_id()),
                ("SomethingNew.NeverDocumented", "surprise", "req-c")
            );
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
    match run_instances(&client).send().await.unwrap_err() {
        SdkError::Decode(d) => {
            assert_eq!(d.status, 502);
            assert!(d.body_start.contains("502 Bad Gateway"));
            assert!(d.to_string().contains("HTTP 502"), "{d}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn truncated_body_is_a_decode_error_with_the_status() {
    let server = FakeCloud::start(|_, _| {
        Reply::Raw(
            200,
            "application/json",
            "{\"Response\": {\"TotalCount\": 3, \"RegionSet\": [".to_owned(),
        )
    })
    .await;
    let client = cvm::Client::new(config(&server));
    match client.describe_regions().send().await.unwrap_err() {
        SdkError::Decode(d) => assert_eq!(d.status, 200),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn retries_throttling_5xx_and_dropped_connections_with_one_client_token() {
    // The server creates instances once per ClientToken, as the real service does.
    // ClientToken -> the instances created for it.
    let created: Arc<Mutex<Vec<Purchase>>> = Arc::default();
    let store = created.clone();
    let server = FakeCloud::start(move |r, i| {
        let token = r.json()["ClientToken"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        match i {
            0 => Reply::api3_error("RequestLimitExceeded", "too fast", "req-0"),
            1 => Reply::Raw(
                503,
                "text/html",
                "<html>Service Unavailable</html>".to_owned(),
            ),
            2 => {
                // Creates the instances, then loses the connection before answering.
                store.lock().unwrap().push((
                    token,
                    vec!["ins-created1".to_owned(), "ins-created2".to_owned()],
                ));
                Reply::Drop
            }
            _ => {
                let store = store.lock().unwrap();
                let ids: Vec<&str> = store
                    .iter()
                    .find(|(t, _)| *t == token)
                    .map(|(_, ids)| ids.iter().map(String::as_str).collect())
                    .unwrap_or_default();
                run_instances_reply(&ids)
            }
        }
    })
    .await;
    let client = cvm::Client::new(config(&server));
    let out = run_instances(&client)
        .instance_count(2)
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.instance_id_set,
        Some(vec!["ins-created1".to_owned(), "ins-created2".to_owned()])
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 4, "three retries");
    let tokens: Vec<String> = requests
        .iter()
        .map(|r| r.json()["ClientToken"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        tokens.iter().all(|t| *t == tokens[0]),
        "one ClientToken on every attempt: {tokens:?}"
    );
    assert_eq!(
        created.lock().unwrap().len(),
        1,
        "the instances were created once"
    );
    for r in &requests {
        r.verify(&cvm::SERVICE, SECRET_ID, SECRET_KEY).unwrap();
    }
}

#[tokio::test]
async fn a_caller_token_is_kept() {
    let server = FakeCloud::start(|_, i| {
        if i == 0 {
            Reply::api3_error("InternalError", "oops", "r")
        } else {
            run_instances_reply(&["ins-1"])
        }
    })
    .await;
    let client = cvm::Client::new(config(&server));
    run_instances(&client)
        .client_token("my-own-token")
        .send()
        .await
        .unwrap();
    let tokens: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.json()["ClientToken"].clone())
        .collect();
    assert_eq!(tokens, [json!("my-own-token"), json!("my-own-token")]);
}

#[tokio::test]
async fn retry_budget_is_bounded() {
    let server = FakeCloud::start(|_, _| {
        Reply::api3_error("RequestLimitExceeded.UinLimitExceeded", "slow down", "r")
    })
    .await;
    let client = cvm::Client::new(
        config(&server).retry(
            RetryConfig::default()
                .with_max_attempts(3)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(2)),
        ),
    );
    let e = client.describe_regions().send().await.unwrap_err();
    assert!(e.service_error().is_some_and(|s| s.is_throttling()));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn unsafe_actions_are_not_repeated_after_ambiguous_failures() {
    // TerminateInstances has no idempotency token and is not read-only: a 5xx may have terminated.
    let server = FakeCloud::start(|_, _| Reply::Raw(503, "text/plain", "busy".to_owned())).await;
    let client = cvm::Client::new(config(&server));
    let e = client
        .terminate_instances()
        .instance_ids(["ins-1"])
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(e, SdkError::Decode(ref d) if d.status == 503),
        "{e:?}"
    );
    assert_eq!(server.requests().len(), 1);
    // Throttling means the request was not processed: retried even here.
    let server = FakeCloud::start(|_, i| {
        if i == 0 {
            Reply::api3_error("RequestLimitExceeded", "", "r")
        } else {
            Reply::ok(json!({"Response": {"RequestId": "ok"}}))
        }
    })
    .await;
    let client = cvm::Client::new(config(&server));
    client
        .terminate_instances()
        .instance_ids(["ins-1"])
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn timeouts_are_transport_errors_and_retried_when_safe() {
    let server = FakeCloud::start(|_, i| {
        if i == 0 {
            Reply::Delayed(Duration::from_secs(5), Box::new(describe_regions_reply()))
        } else {
            describe_regions_reply()
        }
    })
    .await;
    let client = cvm::Client::new(config(&server).timeout(Duration::from_millis(200)));
    let out = client.describe_regions().send().await.unwrap();
    assert_eq!(out.total_count, Some(10));
    assert_eq!(server.requests().len(), 2);
    let slow = FakeCloud::start(|_, _| {
        Reply::Delayed(Duration::from_secs(5), Box::new(describe_regions_reply()))
    })
    .await;
    let client = cvm::Client::new(
        config(&slow)
            .timeout(Duration::from_millis(100))
            .retry(RetryConfig::disabled()),
    );
    match client.describe_regions().send().await.unwrap_err() {
        SdkError::Transport(t) => assert_eq!(t.kind, TransportErrorKind::Timeout),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_refused_is_retried_then_reported() {
    // Bind and drop a listener: nothing listens on that port any more.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let config = Config::new(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .endpoint(format!("http://{addr}"))
        .retry(
            RetryConfig::default()
                .with_max_attempts(2)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(1)),
        );
    match cvm::Client::new(config)
        .describe_regions()
        .send()
        .await
        .unwrap_err()
    {
        SdkError::Transport(t) => assert_eq!(t.kind, TransportErrorKind::Connect, "{t}"),
        other => panic!("expected a connect error, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_requests_fail_before_any_traffic() {
    let server = FakeCloud::start(|_, _| describe_regions_reply()).await;
    let client = cvm::Client::new(config(&server));
    let e = client
        .run_instances()
        .image_id("img-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid request: RunInstancesRequest: missing required field `Placement`"
    );
    let e = run_instances(&client)
        .instance_count(101)
        .send()
        .await
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("`InstanceCount` is 101, outside the documented range [1, 100]"),
        "{e}"
    );
    let no_region = cvm::Client::new(
        Config::new(Credentials::new(SECRET_ID, SECRET_KEY)).endpoint(server.endpoint()),
    );
    let e = no_region.describe_zones().send().await.unwrap_err();
    assert!(
        e.to_string()
            .contains("DescribeZones: the Region common parameter is required"),
        "{e}"
    );
    // DescribeRegions does not need a region.
    no_region.describe_regions().send().await.unwrap();
    assert_eq!(server.requests().len(), 1);
    assert!(server.requests()[0].header("x-tc-region").is_none());
}

#[tokio::test]
async fn clones_share_one_rate_limiter_and_200_purchases_respect_10_per_second() {
    let server = FakeCloud::start(|_, i| run_instances_reply(&[&format!("ins-{i}")])).await;
    let client = cvm::Client::new(config(&server));
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let client = client.clone();
        tasks.push(tokio::spawn(
            async move { run_instances(&client).send().await },
        ));
    }
    for task in tasks {
        task.await
            .unwrap()
            .expect("every call succeeds, none throttled");
    }
    let mut arrivals: Vec<_> = server.requests().iter().map(|r| r.at).collect();
    assert_eq!(arrivals.len(), 200);
    arrivals.sort();
    let mut busiest = 0;
    for (i, start) in arrivals.iter().enumerate() {
        let in_window = arrivals[i..]
            .iter()
            .take_while(|t| t.duration_since(*start) < Duration::from_secs(1))
            .count();
        busiest = busiest.max(in_window);
    }
    assert!(
        busiest <= 10,
        "{busiest} requests arrived within one second"
    );
}

/// Codes the 2018 document lacks and the service returns today (tencentcloud-sdk-go v1.3.166,
/// `source: sdk-go-1.3.166` in the spec) have variants of their own, beside the transcribed ones.
#[test]
fn codes_the_service_returns_today_have_their_own_variants() {
    use cvm::{
        AssociateInstancesKeyPairsErrorCode as Associate,
        ResetInstancesPasswordErrorCode as ResetPassword, RunInstancesErrorCode as Run,
    };
    use generated_sdk::ErrorCode as _;
    assert!(matches!(
        Run::from_code("InvalidParameterValue.InvalidPassword"),
        Some(Run::InvalidParameterValueInvalidPassword)
    ));
    assert!(matches!(
        Run::from_code("InvalidKeyPairId.Malformed"),
        Some(Run::InvalidKeyPairIdMalformed)
    ));
    // Named in the spec: its derived name is `InvalidParameter.ValueTooLarge`'s.
    assert!(matches!(
        Run::from_code("InvalidParameterValue.TooLarge"),
        Some(Run::InvalidParameterValueExceedsMaximum)
    ));
    assert!(matches!(
        Associate::from_code("InvalidKeyPairId.NotFound"),
        Some(Associate::InvalidKeyPairIdNotFound)
    ));
    assert!(matches!(
        ResetPassword::from_code("InvalidParameterValue.InvalidPassword"),
        Some(ResetPassword::InvalidParameterValueInvalidPassword)
    ));
    // The transcribed (older) names stay typed.
    assert!(matches!(
        ResetPassword::from_code("InvalidPassword"),
        Some(ResetPassword::InvalidPassword)
    ));
    assert!(matches!(
        Associate::from_code("InvalidKeyId.Malformed"),
        Some(Associate::InvalidKeyIdMalformed)
    ));
}

/// `send()` returns one named future type for every action (`SendFuture<Request>`): it can be
/// spawned (`Send`), is inert until polled, names its action in `Debug`, and a build error
/// surfaces when awaited, before any request goes out.
#[tokio::test]
async fn send_returns_a_spawnable_future_that_reports_build_errors_when_awaited() {
    fn assert_send<T: Send + 'static>(_: &T) {}
    let server = FakeCloud::start(|_, _| Reply::ok(json!({"Response": {"RequestId": "r"}}))).await;
    let client = cvm::Client::new(config(&server));
    let future: generated_sdk::runtime::SendFuture<cvm::StartInstancesRequest> =
        client.start_instances().send();
    assert_send(&future);
    assert_eq!(
        format!("{future:?}"),
        "SendFuture { action: \"StartInstances\", started: false }"
    );
    let error = tokio::spawn(future).await.unwrap().unwrap_err();
    assert!(
        matches!(&error, SdkError::Build(BuildError::MissingField { field, .. }) if *field == "InstanceIds"),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
}

/// A builder's `Debug` is the request it would build now, or why it cannot yet.
#[test]
fn a_builder_prints_the_request_it_builds_or_why_it_cannot() {
    let builder = cvm::RebootInstancesRequest::builder().force_reboot(true);
    let debug = format!("{builder:?}");
    assert!(
        debug.starts_with("RebootInstancesRequestBuilder(Err(MissingField {"),
        "{debug}"
    );
    assert!(debug.contains("\"InstanceIds\""), "{debug}");
    let builder = builder.instance_ids(["ins-1"]);
    let request = builder.clone().build().unwrap();
    assert_eq!(
        format!("{builder:?}"),
        format!("RebootInstancesRequestBuilder(Ok({request:?}))")
    );
    assert!(format!("{builder:?}").contains("force_reboot: Some(true)"));
    // Data type builders too.
    let placement = cvm::Placement::builder().zone("ap-guangzhou-2");
    assert!(format!("{placement:?}").starts_with("PlacementBuilder(Ok(Placement {"));
}
