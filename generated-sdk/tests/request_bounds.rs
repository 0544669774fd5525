//! Bounds the CVM reference states are enforced by `build()`, naming the field, before any traffic.
#![cfg(all(feature = "cvm", feature = "test-util"))]

use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::mock::MockCloud;
use generated_sdk::runtime::BuildError;
use generated_sdk::SdkError;

fn field_of<T: std::fmt::Debug>(result: Result<T, BuildError>) -> &'static str {
    match result {
        Err(BuildError::InvalidLength { field, .. })
        | Err(BuildError::InvalidCharacters { field, .. })
        | Err(BuildError::OutOfRange { field, .. }) => field,
        other => panic!("expected a bound error, got {other:?}"),
    }
}

#[test]
fn documented_bounds_are_enforced_by_build() {
    // "A maximum of 100 instances are allowed for each request."
    let ids: Vec<String> = (0..101).map(|i| format!("ins-{i:08}")).collect();
    let too_many = cvm::TerminateInstancesRequest::builder()
        .instance_ids(ids.clone())
        .build();
    assert_eq!(field_of(too_many), "InstanceIds");
    assert!(cvm::TerminateInstancesRequest::builder()
        .instance_ids(ids[..100].to_vec())
        .build()
        .is_ok());

    // "It is limited to 60 characters" counts characters, not bytes.
    let name = |n: usize| {
        cvm::ModifyInstancesAttributeRequest::builder()
            .instance_ids(["ins-1"])
            .instance_name("名".repeat(n))
            .build()
    };
    assert!(name(60).is_ok());
    assert_eq!(field_of(name(61)), "InstanceName");

    // "a maximum of 64 ASCII characters".
    let token = |t: &str| {
        cvm::RunInstancesRequest::builder()
            .placement(
                cvm::Placement::builder()
                    .zone("ap-guangzhou-2")
                    .build()
                    .unwrap(),
            )
            .image_id("img-pmqg1cw7")
            .client_token(t)
            .build()
    };
    assert!(token(&"a".repeat(64)).is_ok());
    assert_eq!(field_of(token(&"a".repeat(65))), "ClientToken");
    assert_eq!(field_of(token("tökén")), "ClientToken");

    // Limit: "maximum value is 100".
    let limit = cvm::DescribeInstancesRequest::builder().limit(101).build();
    assert_eq!(field_of(limit), "Limit");
}

#[tokio::test]
async fn an_out_of_bounds_request_never_reaches_the_service() {
    let mock = MockCloud::new().with_service(&cvm::MOCK);
    let client = cvm::Client::new(mock.config().region("ap-guangzhou"));
    let ids: Vec<String> = (0..101).map(|i| format!("ins-{i}")).collect();
    let result = client.terminate_instances().instance_ids(ids).send().await;
    match result {
        Err(SdkError::Build(e)) => assert!(e.to_string().contains("InstanceIds"), "{e}"),
        other => panic!("expected a build error, got {other:?}"),
    }
    assert!(mock.requests().is_empty());
}
