//! Per-call costs of the runtime: signing (against the raw HMAC it is built on), encoding and decoding.

use criterion::{criterion_group, criterion_main, Criterion};
use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::encode::{to_form, to_json, FormStyle};
use generated_sdk::runtime::signing::{tc3, v1, HmacAlgorithm};
use generated_sdk::runtime::{envelope, Protocol};
use hmac::{Hmac, Mac};
use std::hint::black_box;

fn run_instances() -> cvm::RunInstancesRequest {
    cvm::RunInstancesRequest::builder()
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
        .client_token("b81e7d1e-9fb9-4b0b-85b0-1b0b3c0f0e7b")
        .build()
        .unwrap()
}

const DESCRIBE_INSTANCES: &str = r#"{"Response":{"TotalCount":1,"InstanceSet":[{"Placement":{"Zone":"ap-guangzhou-1","HostId":"","ProjectId":0},"InstanceId":"ins-r8hr2upy","InstanceType":"S1.SMALL2","CPU":1,"Memory":2,"InstanceName":"Test instance","InstanceChargeType":"PREPAID","SystemDisk":{"DiskType":"CLOUD_BASIC","DiskId":"disk-4rnslbwq","DiskSize":20},"DataDisks":[{"DiskType":"CLOUD_BASIC","DiskId":"disk-4rnslb35","DiskSize":50}],"PrivateIpAddresses":["10.104.37.58"],"PublicIpAddresses":["123.207.32.83"],"InternetAccessible":{"InternetChargeType":"BANDWIDTH_PREPAID","InternetMaxBandwidthOut":2,"PublicIpAssigned":"TRUE"},"VirtualPrivateCloud":{"VpcId":"vpc-4e78ea76","SubnetId":"subnet-6d7kj98i","AsVpcGateway":"TRUE"},"ImageId":"img-0vbqvzfn","RenewFlag":"NOTIFY_AND_AUTO_RENEW","CreatedTime":"2016-12-02T00:22:40Z","ExpiredTime":"2017-01-02T00:22:48Z"}],"RequestId":"6ef60bec-0242-43af-bb20-270359fb54a7"}}"#;

fn bench(c: &mut Criterion) {
    let request = run_instances();
    let body = to_json(&request).unwrap();
    let cache = tc3::KeyCache::default();
    let tc3_request = tc3::Tc3Request {
        method: "POST",
        canonical_query: "",
        content_type: "application/json; charset=utf-8",
        host: "cvm.tencentcloudapi.com",
        payload: &body,
        timestamp: 1_700_000_000,
        service: "cvm",
    };
    let secret = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

    c.bench_function("baseline: one HMAC-SHA256 of a string to sign", |b| {
        let key = [7u8; 32];
        let message = "TC3-HMAC-SHA256\n1700000000\n2023-11-14/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031";
        b.iter(|| {
            let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
            mac.update(black_box(message).as_bytes());
            black_box(mac.finalize().into_bytes())
        })
    });
    c.bench_function("tc3 sign RunInstances (cached key)", |b| {
        b.iter(|| tc3::sign(black_box(&tc3_request), "AKIDexample", secret, &cache))
    });
    c.bench_function("tc3 sign RunInstances (key derived each time)", |b| {
        b.iter(|| {
            tc3::sign(
                black_box(&tc3_request),
                "AKIDexample",
                secret,
                &tc3::KeyCache::default(),
            )
        })
    });
    c.bench_function("encode RunInstances as JSON", |b| {
        b.iter(|| to_json(black_box(&request)).unwrap())
    });
    c.bench_function("encode RunInstances as form", |b| {
        b.iter(|| to_form(black_box(&request), FormStyle::of(Protocol::TencentApi3)).unwrap())
    });
    let mut params = to_form(&request, FormStyle::of(Protocol::TencentApi3)).unwrap();
    params.sort();
    c.bench_function("v1 sign RunInstances (HmacSHA256)", |b| {
        b.iter(|| {
            let to_sign =
                v1::string_to_sign("POST", "cvm.tencentcloudapi.com", "/", black_box(&params));
            HmacAlgorithm::HmacSha256.sign_base64(secret, &to_sign)
        })
    });
    c.bench_function("decode DescribeInstances response", |b| {
        b.iter(|| {
            envelope::decode::<cvm::DescribeInstancesRequest>(
                200,
                black_box(DESCRIBE_INSTANCES.as_bytes()),
            )
            .unwrap()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
