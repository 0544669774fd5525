//! A downstream crate's test: only the public API and the `test-util` mock, no credentials, no
//! network. It runs the quickstart example's flow and checks what the mock received.
#![cfg(all(feature = "cvm", feature = "test-util"))]

#[path = "../examples/quickstart.rs"]
#[allow(dead_code)]
mod quickstart;

use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::mock::{MockCloud, MockReply};
use generated_sdk::runtime::{HmacAlgorithm, HttpMethod, SigningMethod};
use generated_sdk::SdkError;
use serde_json::json;

fn target() -> quickstart::Target {
    quickstart::Target {
        zone: "ap-guangzhou-2".to_owned(),
        image_id: "img-pmqg1cw7".to_owned(),
    }
}

#[tokio::test]
async fn quickstart_flow_against_the_mock() {
    let mock = MockCloud::new().with_service(&cvm::MOCK);
    quickstart::script_mock(&mock);
    let client = cvm::Client::new(mock.config());
    let summary = quickstart::run(&client, &target()).await.unwrap();
    // RunInstances answered with its doc example; the same id was waited for and terminated.
    assert_eq!(summary.launched, ["ins-1vogaxgk"]);
    assert_eq!(summary.terminated, ["ins-1vogaxgk"]);
    assert_eq!(
        summary.listed,
        ["ins-r8hr2upy"],
        "DescribeInstances answered with its doc example"
    );
    let actions: Vec<String> = mock.requests().iter().map(|r| r.action.clone()).collect();
    assert_eq!(
        actions,
        [
            "RunInstances",
            "DescribeInstancesStatus",
            "DescribeInstancesStatus",
            "DescribeInstances",
            "TerminateInstances"
        ]
    );
    let run = &mock.requests_of("RunInstances")[0];
    assert_eq!(
        run.param("Placement"),
        Some(&json!({"Zone": "ap-guangzhou-2"}))
    );
    assert_eq!(run.param("ImageId"), Some(&json!("img-pmqg1cw7")));
    assert_eq!(
        mock.requests_of("TerminateInstances")[0].strings("InstanceIds"),
        ["ins-1vogaxgk"]
    );
}

#[tokio::test]
async fn scripted_errors_and_outputs_per_action() {
    let mock = MockCloud::new().with_service(&cvm::MOCK);
    mock.push_reply(
        "RunInstances",
        MockReply::error("InstancesQuotaLimitExceeded", "no quota left"),
    );
    mock.push_reply(
        "RunInstances",
        MockReply::output(json!({"InstanceIdSet": ["ins-scripted"]})),
    );
    let client = cvm::Client::new(mock.config());
    let buy = || {
        client
            .run_instances()
            .placement(
                cvm::Placement::builder()
                    .zone("ap-guangzhou-2")
                    .build()
                    .unwrap(),
            )
            .image_id("img-1")
            .send()
    };
    match buy().await {
        Err(SdkError::Service(cvm::RunInstancesError::Code(
            cvm::RunInstancesErrorCode::InstancesQuotaLimitExceeded,
            meta,
        ))) => {
            assert_eq!(meta.message(), "no quota left");
        }
        other => panic!("expected the scripted error, got {other:?}"),
    }
    assert_eq!(
        buy().await.unwrap().instance_id_set,
        Some(vec!["ins-scripted".to_owned()])
    );
    // Queue empty again: the doc example.
    assert_eq!(
        buy().await.unwrap().instance_id_set,
        Some(vec!["ins-1vogaxgk".to_owned()])
    );
}

#[tokio::test]
async fn the_mock_checks_signatures() {
    let mock = MockCloud::new().with_service(&cvm::MOCK);
    let wrong = generated_sdk::Config::new(generated_sdk::Credentials::new(
        "AKIDMOCKEXAMPLE",
        "not-the-mock-key",
    ))
    .region("ap-guangzhou")
    .transport(mock.clone());
    let e = cvm::Client::new(wrong)
        .describe_zones()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            e.service_error(),
            Some(cvm::DescribeZonesError::Common(
                cvm::CommonErrorCode::AuthFailure,
                _
            ))
        ),
        "{e:?}"
    );
    assert!(
        mock.requests().is_empty(),
        "rejected calls are not logged as calls"
    );
}

#[tokio::test]
async fn every_action_answers_with_its_doc_example() {
    let mock = MockCloud::new().with_service(&cvm::MOCK);
    let client = cvm::Client::new(mock.config());
    let regions = client.describe_regions().send().await.unwrap();
    assert_eq!(regions.total_count, Some(10));
    let zones = client.describe_zones().send().await.unwrap();
    assert_eq!(zones.zone_set.unwrap().len(), 3);
    let v1 = cvm::Client::new(mock.config().signing(SigningMethod::v1(
        HmacAlgorithm::HmacSha256,
        HttpMethod::Get,
    )));
    let images = v1
        .describe_images()
        .image_ids(["img-1"])
        .send()
        .await
        .unwrap();
    assert!(images.image_set.is_some());
    assert_eq!(
        mock.requests_of("DescribeImages")[0].strings("ImageIds"),
        ["img-1"]
    );
}
