//! What the benchmarks share: the RunInstances request, canned responses, a transport that sends
//! nothing and a rate limiter that never waits.

#![allow(dead_code)] // each bench uses a part

use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::rate_limit::{
    LocalRateLimiter, Rate, RateLimitFuture, RateLimitKey, RateLimiter,
};
use generated_sdk::runtime::{http, Body, HttpRequest, HttpTransport, TransportFuture};

/// The signing time of every signed benchmark request: 2023-11-14T22:13:20Z.
pub const TIMESTAMP: i64 = 1_700_000_000;
pub const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
pub const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
pub const REGION: &str = "ap-guangzhou";
/// A ClientToken as long as the ones the client makes (32 hex characters).
pub const CLIENT_TOKEN: &str = "b81e7d1e9fb94b0b85b01b0b3c0f0e7b";

/// The RunInstances parameters of the benchmarks (a prepaid instance with a data disk, public IP),
/// on a detached builder or one from a client; no ClientToken.
pub fn run_instances<S>(
    builder: cvm::run_instances::RunInstancesRequestBuilder<S>,
) -> cvm::run_instances::RunInstancesRequestBuilder<S> {
    builder
        .placement(
            cvm::Placement::builder()
                .zone("ap-guangzhou-2")
                .project_id(0)
                .build()
                .unwrap(),
        )
        .image_id("img-pmqg1cw7")
        .instance_charge_type(cvm::InstanceChargeType::Prepaid)
        .instance_charge_prepaid(
            cvm::InstanceChargePrepaid::builder()
                .period(1)
                .build()
                .unwrap(),
        )
        .instance_type("S1.SMALL1")
        .data_disks([cvm::DataDisk::builder()
            .disk_size(50)
            .disk_type(cvm::DiskType::CloudBasic)
            .build()
            .unwrap()])
        .internet_accessible(
            cvm::InternetAccessible::builder()
                .internet_max_bandwidth_out(1)
                .public_ip_assigned(true)
                .build()
                .unwrap(),
        )
        .instance_count(1)
        .instance_name("bench")
}

/// The RunInstances request with a ClientToken, built.
pub fn run_instances_request() -> cvm::RunInstancesRequest {
    run_instances(cvm::RunInstancesRequest::builder())
        .client_token(CLIENT_TOKEN)
        .build()
        .unwrap()
}

/// RunInstances' success answer.
pub const RUN_INSTANCES_OK: &str = r#"{"Response":{"InstanceIdSet":["ins-1yck1qfg"],"RequestId":"e7cb0a32-a1bc-4fa3-ab65-2d8e00e41ae7"}}"#;

/// The instance of DescribeInstances' first doc example, as compact JSON.
pub const INSTANCE: &str = r#"{"CPU":1,"CreatedTime":"2016-12-02T00:22:40Z","DataDisks":[{"DiskId":"disk-4rnslb35","DiskSize":50,"DiskType":"CLOUD_BASIC"}],"ExpiredTime":"2017-01-02T00:22:48Z","ImageId":"img-0vbqvzfn","InstanceChargeType":"PREPAID","InstanceId":"ins-r8hr2upy","InstanceName":"Test instance","InstanceType":"S1.SMALL2","InternetAccessible":{"InternetChargeType":"BANDWIDTH_PREPAID","InternetMaxBandwidthOut":2,"PublicIpAssigned":"TRUE"},"Memory":2,"Placement":{"HostId":"","ProjectId":0,"Zone":"ap-guangzhou-1"},"PrivateIpAddresses":["10.104.37.58"],"PublicIpAddresses":["123.207.32.83"],"RenewFlag":"NOTIFY_AND_AUTO_RENEW","SystemDisk":{"DiskId":"disk-4rnslbwq","DiskSize":20,"DiskType":"CLOUD_BASIC"},"VirtualPrivateCloud":{"AsVpcGateway":"TRUE","SubnetId":"subnet-6d7kj98i","VpcId":"vpc-4e78ea76"}}"#;

/// A DescribeInstances success answer holding [`INSTANCE`] `count` times.
pub fn describe_instances_body(count: usize) -> Vec<u8> {
    let instances = vec![INSTANCE; count].join(",");
    format!(
        r#"{{"Response":{{"TotalCount":{count},"InstanceSet":[{instances}],"RequestId":"6ef60bec-0242-43af-bb20-270359fb54a7"}}}}"#
    )
    .into_bytes()
}

/// A transport that sends nothing and answers every request with the same 200 body (shared, not
/// copied, by every answer).
#[derive(Debug)]
pub struct CannedTransport {
    body: Body,
}

impl CannedTransport {
    pub fn new(body: impl Into<Vec<u8>>) -> Self {
        Self {
            body: Body::from(body.into()),
        }
    }
}

impl HttpTransport for CannedTransport {
    fn send(&self, _request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(std::future::ready(Ok(http::Response::new(
            self.body.clone(),
        ))))
    }
}

/// The default in-process limiter, asked for an unbounded rate: every call books its slot in the
/// real schedule (key lookup, locks) and never waits, where RunInstances' documented 10/s would.
#[derive(Debug, Default)]
pub struct UnboundedLocalLimiter(LocalRateLimiter);

impl RateLimiter for UnboundedLocalLimiter {
    fn acquire<'a>(&'a self, key: RateLimitKey<'a>, _rate: Rate<'a>) -> RateLimitFuture<'a> {
        self.0.acquire(key, Rate::fixed(f64::MAX))
    }
}
