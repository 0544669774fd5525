//! Per-call costs of the runtime's parts: encoding, signing (TC3 and v1, against the raw HMAC they
//! are built on) and decoding one response. The whole hot path against its floor: `hot_path.rs`.
//!
//! Benchmarks are an external crate: internal steps are reached through the hidden
//! `generated_sdk::runtime::testing` entry points, never through runtime internals.

mod support;

use criterion::{criterion_group, criterion_main, Criterion};
use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::testing::{decode_response, encode_form, encode_json, Signer};
use generated_sdk::runtime::{Credentials, HmacAlgorithm, HttpMethod, SigningMethod};
use hmac::{Hmac, Mac};
use std::hint::black_box;
use support::{REGION, SECRET_ID, SECRET_KEY, TIMESTAMP};

fn bench(c: &mut Criterion) {
    let request = support::run_instances_request();
    let tc3 = Signer::new(Credentials::new(SECRET_ID, SECRET_KEY)).region(REGION);
    let v1 = Signer::new(Credentials::new(SECRET_ID, SECRET_KEY))
        .region(REGION)
        .signing(SigningMethod::v1(
            HmacAlgorithm::HmacSha256,
            HttpMethod::Post,
        ));

    c.bench_function("baseline: one HMAC-SHA256 of a string to sign", |b| {
        let key = [7u8; 32];
        let message = "TC3-HMAC-SHA256\n1700000000\n2023-11-14/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031";
        b.iter(|| {
            let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
            mac.update(black_box(message).as_bytes());
            black_box(mac.finalize().into_bytes())
        })
    });
    c.bench_function("encode RunInstances as JSON", |b| {
        b.iter(|| encode_json(black_box(&request)))
    });
    c.bench_function("encode RunInstances as form", |b| {
        b.iter(|| encode_form(black_box(&request)))
    });
    c.bench_function(
        "sign RunInstances: JSON + TC3 (cached key) + headers, request built",
        |b| b.iter(|| tc3.sign(black_box(&request), TIMESTAMP)),
    );
    c.bench_function(
        "sign RunInstances: form + v1 HmacSHA256 (POST), request built",
        |b| b.iter(|| v1.sign(black_box(&request), TIMESTAMP)),
    );
    let one = support::describe_instances_body(1);
    c.bench_function("decode DescribeInstances response (1 instance)", |b| {
        b.iter(|| decode_response::<cvm::DescribeInstancesRequest>(200, black_box(&one)).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
