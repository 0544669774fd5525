//! Quickstart: buy an instance, wait until it runs, list instances page by page, terminate it.
//!
//! ```sh
//! cargo run --example quickstart
//! ```
//!
//! With no credentials in the environment it runs against the SDK's in-process mock (no network,
//! nothing is bought). With `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY` set it runs against
//! Tencent Cloud for real and buys (then terminates) one pay-as-you-go instance: set
//! `TENCENTCLOUD_REGION`, `QUICKSTART_ZONE` and `QUICKSTART_IMAGE_ID` to values valid for your account.

use std::time::Duration;

use futures_util::TryStreamExt as _;
use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::mock::{MockCloud, MockReply};
use generated_sdk::Config;
use serde_json::json;

/// What the quickstart did, for printing and for tests.
#[derive(Debug, Default)]
pub struct Summary {
    pub launched: Vec<String>,
    pub listed: Vec<String>,
    pub terminated: Vec<String>,
}

/// Where to launch.
pub struct Target {
    pub zone: String,
    pub image_id: String,
}

/// The whole flow, through the public API only.
pub async fn run(
    client: &cvm::Client,
    target: &Target,
) -> Result<Summary, Box<dyn std::error::Error>> {
    let mut summary = Summary::default();

    let launched = client
        .run_instances()
        .placement(
            cvm::Placement::builder()
                .zone(target.zone.as_str())
                .build()?,
        )
        .image_id(target.image_id.as_str())
        .instance_charge_type(cvm::InstanceChargeType::PostpaidByHour)
        .instance_name("quickstart")
        .send()
        .await?;
    summary.launched = launched.instance_id_set.unwrap_or_default();
    println!(
        "RunInstances: launched {:?} (request {})",
        summary.launched, launched.request_id
    );

    client
        .wait_until_instances_running(summary.launched.iter().cloned())
        .delay(Duration::from_millis(200), Duration::from_secs(5))
        .max_wait(Duration::from_secs(300))
        .wait()
        .await?;
    println!("DescribeInstancesStatus: {:?} running", summary.launched);

    summary.listed = client
        .describe_instances()
        .limit(100)
        .into_paginator()
        .items()
        .map_ok(|instance| instance.instance_id.unwrap_or_default())
        .try_collect()
        .await?;
    println!("DescribeInstances (paginated): {:?}", summary.listed);

    let terminated = client
        .terminate_instances()
        .instance_ids(summary.launched.iter().cloned())
        .send()
        .await?;
    summary.terminated = summary.launched.clone();
    println!(
        "TerminateInstances: {:?} (request {})",
        summary.terminated, terminated.request_id
    );
    Ok(summary)
}

/// Makes the mock behave like the cloud for this flow: the launched instance is PENDING on the
/// first status poll and RUNNING afterwards; every other action answers with its doc example.
pub fn script_mock(mock: &MockCloud) {
    let polls = std::sync::atomic::AtomicUsize::new(0);
    mock.on("DescribeInstancesStatus", move |request| {
        let state = if polls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            "PENDING"
        } else {
            "RUNNING"
        };
        let set: Vec<_> = request
            .strings("InstanceIds")
            .into_iter()
            .map(|id| json!({"InstanceId": id, "InstanceState": state}))
            .collect();
        MockReply::output(json!({"TotalCount": set.len(), "InstanceStatusSet": set}))
    });
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, target) = match Config::from_env() {
        Ok(config) => {
            let region =
                std::env::var("TENCENTCLOUD_REGION").unwrap_or_else(|_| "ap-guangzhou".to_owned());
            println!("Credentials found: running against Tencent Cloud in {region} (this buys one instance).");
            let target = Target {
                zone: std::env::var("QUICKSTART_ZONE").unwrap_or_else(|_| format!("{region}-3")),
                image_id: std::env::var("QUICKSTART_IMAGE_ID")
                    .unwrap_or_else(|_| "img-pmqg1cw7".to_owned()),
            };
            (cvm::Client::new(config.region(region)), target)
        }
        Err(_) => {
            println!("No credentials: running against the in-process mock.");
            let mock = MockCloud::new().with_service(&cvm::MOCK);
            script_mock(&mock);
            let target = Target {
                zone: "ap-guangzhou-2".to_owned(),
                image_id: "img-pmqg1cw7".to_owned(),
            };
            (cvm::Client::new(mock.config()), target)
        }
    };
    let summary = run(&client, &target).await?;
    println!(
        "Done: launched {}, listed {}, terminated {}.",
        summary.launched.len(),
        summary.listed.len(),
        summary.terminated.len()
    );
    Ok(())
}
