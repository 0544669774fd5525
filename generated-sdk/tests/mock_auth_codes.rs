//! The mock refuses a bad signature with each protocol's own authentication code, so that a test
//! against the mock sees the same typed error the service would return.
#![cfg(all(feature = "test-util", feature = "cvm-legacy", feature = "qingcloud"))]

use generated_sdk::runtime::mock::MockCloud;
use generated_sdk::runtime::{Config, Credentials, RetryConfig, SdkError};
use generated_sdk::{cvm_legacy, qingcloud};

fn wrong_key(mock: &MockCloud) -> Config {
    Config::new(Credentials::new(
        MockCloud::credentials().secret_id(),
        "not the mock's key",
    ))
    .region("ap-guangzhou")
    .transport(mock.clone())
    .rate_limiting(false)
    .retry(RetryConfig::disabled())
}

#[tokio::test]
async fn legacy_bad_signature_is_authentication_failed() {
    let mock = MockCloud::new().with_service(&cvm_legacy::MOCK);
    let client = cvm_legacy::Client::new(wrong_key(&mock));
    let error = client
        .run_instances_hour()
        .zone_id(100001)
        .cpu(1)
        .mem(2)
        .image_id("img-3wnd9xpl")
        .storage_size(50)
        .bandwidth(1)
        .goods_num(1)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            SdkError::Service(cvm_legacy::RunInstancesHourError::Common(cvm_legacy::CommonErrorCode::AuthenticationFailed, meta)) if meta.numeric_code() == Some("4100")
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn qingcloud_bad_signature_is_authentication_failed() {
    let mock = MockCloud::new().with_service(&qingcloud::MOCK);
    let client = qingcloud::Client::new(wrong_key(&mock));
    let error = client
        .run_instances()
        .image_id("centos64x86a")
        .login_mode(qingcloud::LoginMode::Passwd)
        .login_passwd("QingCloud20130712")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            SdkError::Service(qingcloud::RunInstancesError::Common(
                qingcloud::CommonErrorCode::AuthenticationFailed,
                _
            ))
        ),
        "{error:?}"
    );
}
