//! The three other dialects end to end against a loopback fake cloud: ECM (API 3.0, Region
//! optional), the legacy CVM API (v2) and QingCloud; each call's signature is checked on the server
//! and each dialect's error envelope comes back as the right typed error.
#![cfg(all(
    feature = "ecm",
    feature = "cvm-legacy",
    feature = "qingcloud",
    feature = "default-transport"
))]

mod support;

use std::time::Duration;

use generated_sdk::runtime::{
    Config, Credentials, HmacAlgorithm, HttpMethod, RetryConfig, SdkError, SigningMethod,
};
use generated_sdk::{cvm_legacy, ecm::v20190719 as ecm, qingcloud};
use serde_json::json;
use support::{FakeCloud, Reply};

fn quick_retries() -> RetryConfig {
    RetryConfig::default().with_backoff(Duration::from_millis(1), Duration::from_millis(2))
}

// ---- ECM (Tencent Cloud API 3.0, Region optional) ----

fn ecm_run_instances(
    client: &ecm::Client,
) -> ecm::run_instances::RunInstancesRequestBuilder<generated_sdk::runtime::Handle> {
    client
        .run_instances()
        .zone_instance_count_isp_set([ecm::ZoneInstanceCountISP::builder()
            .zone("ap-chengdu-ecm")
            .instance_count(1)
            .isp("CMCC")
            .build()
            .unwrap()])
        .module_id("module-1")
        .instance_name("Live on-screen commenting")
}

#[tokio::test]
async fn ecm_run_instances_without_a_region() {
    let server = FakeCloud::start(|_, _| {
        Reply::ok(json!({"Response": {"InstanceIdSet": ["ein-1"], "RequestId": "ecm-req-1"}}))
    })
    .await;
    // No region configured: ECM's RunInstances does not require one.
    let client = ecm::Client::new(
        Config::new(Credentials::new("AKIDecm", "ecm-secret")).endpoint(server.endpoint()),
    );
    let out = ecm_run_instances(&client).send().await.unwrap();
    assert_eq!(out.instance_id_set, Some(vec!["ein-1".to_owned()]));
    assert_eq!(out.request_id, "ecm-req-1");
    let r = &server.requests()[0];
    r.verify(&ecm::SERVICE, "AKIDecm", "ecm-secret").unwrap();
    assert!(r
        .header("authorization")
        .unwrap()
        .contains("/ecm/tc3_request"));
    assert_eq!(r.header("x-tc-action"), Some("RunInstances"));
    assert_eq!(r.header("x-tc-version"), Some("2019-07-19"));
    assert!(r.header("x-tc-region").is_none());
    let body = r.json();
    assert_eq!(body["ZoneInstanceCountISPSet"][0]["ISP"], "CMCC");
    assert_eq!(body["ModuleId"], "module-1");
}

#[tokio::test]
async fn ecm_error_envelope() {
    let server = FakeCloud::start(|_, _| {
        Reply::api3_error("FailedOperation.BlockBalance", "blocked", "ecm-req-2")
    })
    .await;
    let client = ecm::Client::new(
        Config::new(Credentials::new("AKIDecm", "ecm-secret")).endpoint(server.endpoint()),
    );
    let e = ecm_run_instances(&client).send().await.unwrap_err();
    match e.service_error() {
        Some(ecm::RunInstancesError::Code(
            ecm::RunInstancesErrorCode::FailedOperationBlockBalance,
            meta,
        )) => {
            assert_eq!(
                (meta.message(), meta.request_id()),
                ("blocked", "ecm-req-2")
            );
        }
        other => panic!("expected FailedOperationBlockBalance, got {other:?}"),
    }
}

// ---- Legacy CVM API (v2) ----

fn legacy_client(
    server: &FakeCloud,
    algorithm: HmacAlgorithm,
    http_method: HttpMethod,
) -> cvm_legacy::Client {
    cvm_legacy::Client::new(
        Config::new(Credentials::new("secretIdFoo", "secretKeyBar"))
            .region("ap-guangzhou")
            .endpoint(server.endpoint())
            .signing(SigningMethod::v1(algorithm, http_method))
            .retry(quick_retries()),
    )
}

fn run_instances_hour(
    client: &cvm_legacy::Client,
) -> cvm_legacy::run_instances_hour::RunInstancesHourRequestBuilder<generated_sdk::runtime::Handle>
{
    client
        .run_instances_hour()
        .zone_id(100001)
        .cpu(1)
        .mem(2)
        .image_id("img-3wnd9xpl")
        .storage_size(50)
        .bandwidth(1)
        .goods_num(1)
}

#[tokio::test]
async fn legacy_run_instances_hour_signed_over_v2_index_php() {
    for (algorithm, method) in [
        (HmacAlgorithm::HmacSha1, HttpMethod::Get),
        (HmacAlgorithm::HmacSha256, HttpMethod::Post),
    ] {
        let server = FakeCloud::start(|_, _| {
            Reply::ok(json!({"code": 0, "message": "ok", "unInstanceIds": ["ins-a", "ins-b"]}))
        })
        .await;
        let out = run_instances_hour(&legacy_client(&server, algorithm, method))
            .send()
            .await
            .unwrap();
        assert_eq!(
            out.un_instance_ids,
            Some(vec!["ins-a".to_owned(), "ins-b".to_owned()])
        );
        let r = &server.requests()[0];
        assert_eq!(r.path, "/v2/index.php");
        assert_eq!(r.method, method.as_str());
        r.verify(&cvm_legacy::SERVICE, "secretIdFoo", "secretKeyBar")
            .unwrap();
        let p = r.params();
        assert_eq!(
            p.get("Action").map(String::as_str),
            Some("RunInstancesHour")
        );
        assert!(
            !p.contains_key("Version"),
            "the legacy API sends no Version"
        );
        assert_eq!(
            p.get("SignatureMethod").map(String::as_str),
            Some(algorithm.as_str())
        );
        for (k, v) in [
            ("zoneId", "100001"),
            ("cpu", "1"),
            ("mem", "2"),
            ("imageId", "img-3wnd9xpl"),
            ("storageSize", "50"),
            ("goodsNum", "1"),
        ] {
            assert_eq!(p.get(k).map(String::as_str), Some(v), "{k}");
        }
        assert!(
            p.contains_key("clientToken"),
            "the idempotency token is filled in"
        );
    }
}

#[tokio::test]
async fn legacy_error_envelope_code_not_zero() {
    let server = FakeCloud::start(|_, i| match i {
        0 => Reply::ok(json!({"code": 4000, "message": "(100004)password invalid", "codeDesc": "InvalidParameter.PasswordNotConformSpecs"})),
        1 => Reply::ok(json!({"code": 4100, "message": "authentication failed"})),
        _ => Reply::ok(json!({"code": 9999, "message": "something new", "codeDesc": "Brand.New"})),
    })
    .await;
    let client = legacy_client(&server, HmacAlgorithm::HmacSha1, HttpMethod::Post);
    let e = run_instances_hour(&client).send().await.unwrap_err();
    match e.service_error() {
        Some(cvm_legacy::RunInstancesHourError::Code(
            cvm_legacy::RunInstancesHourErrorCode::InvalidParameterPasswordNotConformSpecs,
            meta,
        )) => {
            assert_eq!(meta.numeric_code(), Some("4000"));
            assert_eq!(meta.message(), "(100004)password invalid");
        }
        other => panic!("expected InvalidParameterPasswordNotConformSpecs, got {other:?}"),
    }
    let e = run_instances_hour(&client).send().await.unwrap_err();
    assert!(
        matches!(
            e.service_error(),
            Some(cvm_legacy::RunInstancesHourError::Common(
                cvm_legacy::CommonErrorCode::AuthenticationFailed,
                _
            ))
        ),
        "{e:?}"
    );
    let e = run_instances_hour(&client).send().await.unwrap_err();
    match e.service_error() {
        Some(cvm_legacy::RunInstancesHourError::Unhandled(meta)) => assert_eq!(
            (meta.code(), meta.numeric_code()),
            ("Brand.New", Some("9999"))
        ),
        other => panic!("expected Unhandled, got {other:?}"),
    }
}

// ---- QingCloud IaaS ----

fn qingcloud_client(server: &FakeCloud) -> qingcloud::Client {
    qingcloud::Client::new(
        Config::new(Credentials::new("QYACCESSKEYIDEXAMPLE", "SECRETACCESSKEY"))
            .region("PEK3A")
            .endpoint(server.endpoint())
            .retry(quick_retries()),
    )
}

fn qingcloud_run_instances(
    client: &qingcloud::Client,
) -> qingcloud::run_instances::RunInstancesRequestBuilder<generated_sdk::runtime::Handle> {
    client
        .run_instances()
        .image_id("centos64x86a")
        .instance_type("small_b")
        .instance_name("demo")
        .count(1)
        .login_mode(qingcloud::LoginMode::Passwd)
        .login_passwd("QingCloud20130712")
        .vxnets(["vxnet-0", "vxnet-abcd123|192.168.1.2"])
        .os_disk_encryption(true)
}

#[tokio::test]
async fn qingcloud_run_instances_signed_with_one_based_arrays() {
    let server = FakeCloud::start(|_, _| {
        Reply::ok(json!({"action": "RunInstancesResponse", "instances": ["i-rtyv0968"], "job_id": "j-bm6ym3r8", "ret_code": 0}))
    })
    .await;
    let out = qingcloud_run_instances(&qingcloud_client(&server))
        .send()
        .await
        .unwrap();
    assert_eq!(out.instances, Some(vec!["i-rtyv0968".to_owned()]));
    assert_eq!(out.job_id.as_deref(), Some("j-bm6ym3r8"));
    let r = &server.requests()[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("GET", "/iaas/"));
    r.verify(
        &qingcloud::SERVICE,
        "QYACCESSKEYIDEXAMPLE",
        "SECRETACCESSKEY",
    )
    .unwrap();
    let p = r.params();
    for (k, v) in [
        ("action", "RunInstances"),
        ("access_key_id", "QYACCESSKEYIDEXAMPLE"),
        ("signature_method", "HmacSHA256"),
        ("signature_version", "1"),
        ("version", "1"),
        ("zone", "pek3a"),
        ("vxnets.1", "vxnet-0"),
        ("vxnets.2", "vxnet-abcd123|192.168.1.2"),
        ("login_mode", "passwd"),
        ("login_passwd", "QingCloud20130712"),
        ("os_disk_encryption", "1"),
        ("count", "1"),
    ] {
        assert_eq!(p.get(k).map(String::as_str), Some(v), "{k}");
    }
    let stamp = p.get("time_stamp").unwrap();
    assert!(
        stamp.len() == 20 && stamp.ends_with('Z') && stamp.as_bytes()[10] == b'T',
        "{stamp}"
    );
    // The wire query is RFC 3986-encoded with the signature last.
    assert!(
        r.query.contains("vxnet-abcd123%7C192.168.1.2"),
        "{}",
        r.query
    );
    assert!(r
        .query
        .rsplit('&')
        .next()
        .unwrap()
        .starts_with("signature="));
}

#[tokio::test]
async fn qingcloud_error_with_http_200() {
    let server = FakeCloud::start(|_, i| match i {
        0 => Reply::ok(json!({"ret_code": 1400, "message": "PermissionDenied, you do not have permission"})),
        _ => Reply::ok(json!({"action": "RunInstancesResponse", "ret_code": 2500, "message": "QuotaExceeded, instance quota"})),
    })
    .await;
    let client = qingcloud_client(&server);
    let e = qingcloud_run_instances(&client).send().await.unwrap_err();
    match e.service_error() {
        Some(qingcloud::RunInstancesError::Common(
            qingcloud::CommonErrorCode::PermissionDenied,
            meta,
        )) => {
            assert_eq!(meta.code(), "1400");
            assert!(meta.message().starts_with("PermissionDenied"));
        }
        other => panic!("expected PermissionDenied, got {other:?}"),
    }
    let e = qingcloud_run_instances(&client).send().await.unwrap_err();
    assert!(
        matches!(
            e,
            SdkError::Service(qingcloud::RunInstancesError::Common(
                qingcloud::CommonErrorCode::QuotaExceeded,
                _
            ))
        ),
        "{e:?}"
    );
}

#[tokio::test]
async fn qingcloud_busy_is_retried_only_when_safe() {
    // 5100 (busy) is retryable, but RunInstances has no idempotency token on QingCloud: not repeated.
    let server =
        FakeCloud::start(|_, _| Reply::ok(json!({"ret_code": 5100, "message": "ServerBusy"})))
            .await;
    let e = qingcloud_run_instances(&qingcloud_client(&server))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(qingcloud::RunInstancesError::Common(
            qingcloud::CommonErrorCode::ServerBusy,
            _
        ))
    ));
    assert_eq!(server.requests().len(), 1);
}
