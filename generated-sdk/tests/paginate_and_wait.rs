//! Paginators and waiters against a loopback fake cloud.
#![cfg(all(feature = "cvm", feature = "default-transport"))]

mod support;

use std::time::Duration;

use futures_util::{StreamExt as _, TryStreamExt as _};
use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::WaiterError;
use generated_sdk::runtime::{Config, Credentials, RetryConfig, SdkError};
use generated_sdk::ServiceError;
use serde_json::json;
use support::{FakeCloud, Reply, SECRET_ID, SECRET_KEY};

fn client(server: &FakeCloud) -> cvm::Client {
    cvm::Client::new(
        Config::new(Credentials::new(SECRET_ID, SECRET_KEY))
            .region("ap-guangzhou")
            .endpoint(server.endpoint())
            .rate_limiting(false)
            .retry(
                RetryConfig::default()
                    .with_backoff(Duration::from_millis(1), Duration::from_millis(2)),
            ),
    )
}

/// 250 instances, served `Limit` at a time from `Offset`.
fn instances_page(r: &support::Received) -> Reply {
    let body = r.json();
    let offset = body["Offset"].as_i64().unwrap_or(0) as usize;
    let limit = body["Limit"].as_i64().unwrap_or(20) as usize;
    let set: Vec<_> = (offset..(offset + limit).min(250))
        .map(|i| json!({"InstanceId": format!("ins-{i:04}")}))
        .collect();
    Reply::ok(
        json!({"Response": {"TotalCount": 250, "InstanceSet": set, "RequestId": format!("page-{offset}")}}),
    )
}

#[tokio::test]
async fn paginator_yields_250_items_in_order_in_3_requests() {
    let server = FakeCloud::start(|r, _| instances_page(r)).await;
    let ids: Vec<String> = client(&server)
        .describe_instances()
        .limit(100)
        .into_paginator()
        .items()
        .map_ok(|instance| instance.instance_id.unwrap())
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<String> = (0..250).map(|i| format!("ins-{i:04}")).collect();
    assert_eq!(ids, expected);
    let offsets: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.json()["Offset"].clone())
        .collect();
    assert_eq!(
        offsets,
        [json!(null), json!(100), json!(200)],
        "3 requests, the first without an Offset"
    );
    for r in server.requests() {
        assert_eq!(r.json()["Limit"], 100);
    }
}

#[tokio::test]
async fn paginator_stops_at_total_count_after_a_full_page() {
    // 200 instances in pages of 100: the second page is full, but TotalCount says there is no third.
    let server = FakeCloud::start(|r, _| {
        let offset = r.json()["Offset"].as_i64().unwrap_or(0);
        let set: Vec<_> = (offset..offset + 100)
            .map(|i| json!({"InstanceId": format!("ins-{i}")}))
            .collect();
        Reply::ok(json!({"Response": {"TotalCount": 200, "InstanceSet": set, "RequestId": "r"}}))
    })
    .await;
    let items: Vec<_> = client(&server)
        .describe_instances()
        .limit(100)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 200);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn paginator_pages_stop_at_a_short_page_without_total_count() {
    let server = FakeCloud::start(|r, _| {
        let offset = r.json()["Offset"].as_i64().unwrap_or(0);
        let n = if offset == 0 { 20 } else { 7 };
        let set: Vec<_> = (0..n)
            .map(|i| json!({"KeyId": format!("skey-{}", offset + i)}))
            .collect();
        Reply::ok(json!({"Response": {"KeyPairSet": set, "RequestId": "r"}}))
    })
    .await;
    // No Limit: the documented default (20) decides what a full page is.
    let pages: Vec<_> = client(&server)
        .describe_key_pairs()
        .into_paginator()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].key_pair_set.as_ref().unwrap().len(), 7);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_page_error_ends_the_stream_with_that_error() {
    let server = FakeCloud::start(|r, i| {
        if i == 1 {
            Reply::api3_error("InvalidFilter", "bad filter", "req-err")
        } else {
            instances_page(r)
        }
    })
    .await;
    let mut items = Box::pin(
        client(&server)
            .describe_instances()
            .limit(100)
            .into_paginator()
            .items(),
    );
    let mut ok = 0;
    let mut error = None;
    while let Some(item) = items.next().await {
        match item {
            Ok(_) => ok += 1,
            Err(e) => error = Some(e),
        }
    }
    assert_eq!(ok, 100);
    let error = error.expect("the stream ends with the error");
    assert_eq!(
        error
            .service_error()
            .map(|e| e.code().to_owned())
            .as_deref(),
        Some("InvalidFilter")
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_request_that_does_not_build_is_the_first_item() {
    let server = FakeCloud::start(|r, _| instances_page(r)).await;
    let mut pages = client(&server)
        .describe_instances()
        .limit(1000)
        .into_paginator();
    let first = pages.next().await.unwrap();
    assert!(matches!(first, Err(SdkError::Build(_))), "{first:?}");
    assert!(pages.next().await.is_none());
    assert!(server.requests().is_empty());
}

fn statuses(states: &[(&str, &str)]) -> Reply {
    let set: Vec<_> = states
        .iter()
        .map(|(id, s)| json!({"InstanceId": id, "InstanceState": s}))
        .collect();
    Reply::ok(
        json!({"Response": {"TotalCount": set.len(), "InstanceStatusSet": set, "RequestId": "status"}}),
    )
}

#[tokio::test]
async fn waiter_returns_when_every_instance_runs() {
    let server = FakeCloud::start(|_, i| match i {
        0 => Reply::api3_error("InvalidInstanceId.NotFound", "not yet visible", "r0"),
        1 => statuses(&[("ins-1", "PENDING"), ("ins-2", "PENDING")]),
        2 => statuses(&[("ins-1", "RUNNING"), ("ins-2", "PENDING")]),
        _ => statuses(&[("ins-1", "RUNNING"), ("ins-2", "RUNNING")]),
    })
    .await;
    let out = client(&server)
        .wait_until_instances_running(["ins-1", "ins-2"])
        .delay(Duration::from_millis(5), Duration::from_millis(20))
        .wait()
        .await
        .unwrap();
    assert_eq!(out.instance_status_set.unwrap().len(), 2);
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    let body = requests[0].json();
    assert_eq!(body["InstanceIds"], json!(["ins-1", "ins-2"]));
    assert_eq!(body["Limit"], 2);
}

#[tokio::test]
async fn waiter_stops_on_launch_failed() {
    let server = FakeCloud::start(|_, i| match i {
        0 => statuses(&[("ins-1", "PENDING")]),
        _ => statuses(&[("ins-1", "LAUNCH_FAILED")]),
    })
    .await;
    let error = client(&server)
        .wait_until_instances_running(["ins-1"])
        .delay(Duration::from_millis(5), Duration::from_millis(10))
        .wait()
        .await
        .unwrap_err();
    match error {
        WaiterError::FailureState { waiter, id, state } => {
            assert_eq!(
                (waiter, id.as_str(), state.as_str()),
                ("InstancesRunning", "ins-1", "LAUNCH_FAILED")
            );
        }
        other => panic!("expected a failure state, got {other:?}"),
    }
}

#[tokio::test]
async fn waiter_gives_up_at_the_deadline() {
    let server = FakeCloud::start(|_, _| statuses(&[("ins-1", "STOPPING")])).await;
    let error = client(&server)
        .wait_until_instances_stopped(["ins-1"])
        .delay(Duration::from_millis(10), Duration::from_millis(20))
        .max_wait(Duration::from_millis(150))
        .wait()
        .await
        .unwrap_err();
    match error {
        WaiterError::Timeout {
            waiter,
            waited,
            last,
        } => {
            assert_eq!(waiter, "InstancesStopped");
            assert!(waited >= Duration::from_millis(150));
            assert_eq!(last, [("ins-1".to_owned(), "STOPPING".to_owned())]);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(
        server.requests().len() >= 3,
        "it polled with backoff until the deadline"
    );
}

#[tokio::test]
async fn waiter_reports_poll_errors() {
    let server =
        FakeCloud::start(|_, _| Reply::api3_error("UnauthorizedOperation", "no", "r")).await;
    let error = client(&server)
        .wait_until_instances_running(["ins-1"])
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            WaiterError::Sdk(SdkError::Service(
                cvm::DescribeInstancesStatusError::Common(
                    cvm::CommonErrorCode::UnauthorizedOperation,
                    _
                )
            ))
        ),
        "{error:?}"
    );
}
