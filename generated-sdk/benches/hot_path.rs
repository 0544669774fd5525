//! The hot path of a call, next to its floor (issue 13's targets):
//! - a straight-line TC3-HMAC-SHA256 (2 SHA-256 + 4 HMAC, written here with hmac/sha2/hex) over the
//!   RunInstances JSON payload;
//! - per call: build the RunInstances request, encode it as JSON, sign it with TC3 (cached derived
//!   key) and assemble the headers, as the client does for an attempt;
//! - `send()` of RunInstances through a client whose transport answers at once with a canned
//!   success body: ClientToken, rate limiter (the local one, asked for an unbounded rate so it never
//!   waits), credentials, signing, decoding and the call's span and deadline included;
//! - decoding a DescribeInstances answer of 100 instances (~83 KB) through the envelope (the
//!   client's decode path) and in one typed `serde_json::from_slice` pass, as throughput;
//! - then the ratios the targets are stated in, measured paired (interleaved rounds), which hold
//!   on a shared machine where the absolute times drift (`-- paired` runs only them).
//!
//! `cargo bench -p generated-sdk --bench hot_path`. No timing is asserted anywhere.

mod support;

use criterion::{criterion_group, Criterion, Throughput};
use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::testing::{decode_response, Signer};
use generated_sdk::runtime::{Config, Credentials};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::hint::black_box;
use support::{CannedTransport, UnboundedLocalLimiter, REGION, SECRET_ID, SECRET_KEY, TIMESTAMP};

const HOST: &str = "cvm.tencentcloudapi.com";
const SERVICE: &str = "cvm";

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// `YYYY-MM-DD` (UTC) of a Unix timestamp (days to civil date, H. Hinnant's algorithm).
fn utc_date(timestamp: i64) -> String {
    let z = timestamp.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The `Authorization` header of a TC3 POST with a JSON body, straight from the algorithm: two
/// SHA-256 (payload, canonical request) and four HMAC (key derivation, signature).
fn straight_tc3(timestamp: i64, payload: &[u8]) -> String {
    let date = utc_date(timestamp);
    let canonical_request = format!(
        "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:{HOST}\n\ncontent-type;host\n{}",
        hex::encode(Sha256::digest(payload))
    );
    let scope = format!("{date}/{SERVICE}/tc3_request");
    let string_to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let k_date = hmac_sha256(format!("TC3{SECRET_KEY}").as_bytes(), date.as_bytes());
    let k_service = hmac_sha256(&k_date, SERVICE.as_bytes());
    let k_signing = hmac_sha256(&k_service, b"tc3_request");
    let signature = hex::encode(hmac_sha256(&k_signing, string_to_sign.as_bytes()));
    format!(
        "TC3-HMAC-SHA256 Credential={SECRET_ID}/{scope}, SignedHeaders=content-type;host, Signature={signature}"
    )
}

/// The typed response inside API 3.0's envelope, for one plain serde pass.
#[derive(serde::Deserialize)]
struct Envelope<T> {
    #[serde(rename = "Response")]
    response: T,
}

fn signing(c: &mut Criterion) {
    let signer = Signer::new(Credentials::new(SECRET_ID, SECRET_KEY)).region(REGION);
    let signed = signer.sign(&support::run_instances_request(), TIMESTAMP);
    let payload = signed.body().to_vec();
    // Both sides compute the same signature (a check of the benchmark, not a timing).
    assert_eq!(
        signed
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(straight_tc3(TIMESTAMP, &payload).as_str()),
        "the straight TC3 and the SDK's signer disagree"
    );

    c.bench_function(
        "straight TC3 (2 SHA-256 + 4 HMAC), RunInstances payload",
        |b| b.iter(|| straight_tc3(black_box(TIMESTAMP), black_box(&payload))),
    );
    c.bench_function(
        "per call: build + JSON encode + TC3 sign (cached key) + headers, RunInstances",
        |b| b.iter(|| signer.sign(&support::run_instances_request(), black_box(TIMESTAMP))),
    );
}

fn client_call(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let client = cvm::Client::new(
        Config::new(Credentials::new(SECRET_ID, SECRET_KEY))
            .region(REGION)
            .transport(CannedTransport::new(support::RUN_INSTANCES_OK))
            .rate_limiter(UnboundedLocalLimiter::default()),
    );
    let send = || runtime.block_on(support::run_instances(client.run_instances()).send());
    let output = send().expect("the canned answer decodes");
    assert_eq!(
        output.instance_id_set.as_deref(),
        Some(&["ins-1yck1qfg".to_owned()][..])
    );

    c.bench_function(
        "client.call RunInstances, no-op transport (build, ClientToken, limiter, sign, decode)",
        |b| b.iter(|| send().unwrap()),
    );
}

fn decoding(c: &mut Criterion) {
    let body = support::describe_instances_body(100);
    let through_envelope = || {
        decode_response::<cvm::DescribeInstancesRequest>(200, black_box(&body))
            .expect("the x100 body decodes")
    };
    let decoded = through_envelope();
    assert_eq!(decoded.instance_set.map(|s| s.len()), Some(100));

    let mut group = c.benchmark_group(format!(
        "decode DescribeInstances x100 ({} bytes)",
        body.len()
    ));
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("through the envelope (client decode path)", |b| {
        b.iter(through_envelope)
    });
    group.bench_function("one typed serde_json::from_slice pass", |b| {
        b.iter(|| {
            serde_json::from_slice::<Envelope<cvm::DescribeInstancesResponse>>(black_box(&body))
                .expect("the x100 body parses")
                .response
        })
    });
    group.finish();
}

criterion_group!(benches, signing, client_call, decoding);

/// The ratios the targets are stated in, measured paired: rounds of straight TC3, per call,
/// `client.call` and both decodings timed one right after the other, each round giving its own
/// ratios, and the median of each ratio over the rounds printed. On a shared machine the
/// absolute times above drift with the load from one benchmark to the next; a round is short
/// enough that the load is the same for all of its parts.
fn paired_ratios() {
    const ROUNDS: usize = 200;
    fn per_iteration(iterations: u32, mut run: impl FnMut()) -> f64 {
        let start = std::time::Instant::now();
        for _ in 0..iterations {
            run();
        }
        start.elapsed().as_secs_f64() / f64::from(iterations)
    }
    fn median(mut values: Vec<f64>) -> f64 {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    }

    let signer = Signer::new(Credentials::new(SECRET_ID, SECRET_KEY)).region(REGION);
    let payload = signer
        .sign(&support::run_instances_request(), TIMESTAMP)
        .body()
        .to_vec();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let client = cvm::Client::new(
        Config::new(Credentials::new(SECRET_ID, SECRET_KEY))
            .region(REGION)
            .transport(CannedTransport::new(support::RUN_INSTANCES_OK))
            .rate_limiter(UnboundedLocalLimiter::default()),
    );
    let body = support::describe_instances_body(100);
    let (mut per_call, mut call, mut decode, mut envelope_rate) = (vec![], vec![], vec![], vec![]);
    for _ in 0..ROUNDS {
        let straight = per_iteration(500, || {
            black_box(straight_tc3(black_box(TIMESTAMP), black_box(&payload)));
        });
        let signed = per_iteration(500, || {
            black_box(signer.sign(&support::run_instances_request(), black_box(TIMESTAMP)));
        });
        let sent = per_iteration(500, || {
            black_box(
                runtime
                    .block_on(support::run_instances(client.run_instances()).send())
                    .unwrap(),
            );
        });
        let through_envelope = per_iteration(5, || {
            black_box(
                decode_response::<cvm::DescribeInstancesRequest>(200, black_box(&body)).unwrap(),
            );
        });
        let typed = per_iteration(5, || {
            black_box(
                serde_json::from_slice::<Envelope<cvm::DescribeInstancesResponse>>(black_box(
                    &body,
                ))
                .unwrap()
                .response,
            );
        });
        per_call.push(signed / straight);
        call.push(sent / straight);
        decode.push(typed / through_envelope);
        envelope_rate.push(body.len() as f64 / through_envelope / 1e6);
    }
    println!("\npaired ratios (medians of {ROUNDS} interleaved rounds):");
    println!("  per call / straight TC3:        {:.2}x", median(per_call));
    println!("  client.call / straight TC3:     {:.2}x", median(call));
    println!(
        "  decode x100 through the envelope: {:.0} MB/s, {:.2}x the speed of one typed pass",
        median(envelope_rate),
        median(decode)
    );
}

/// Whether this run is `cargo bench` (not `cargo test`'s one-shot run of benches, nor a
/// `--profile-time` run) with no filter, or a filter naming `paired`.
fn wants_paired_ratios() -> bool {
    // Criterion's options that take a value (the value is not a filter).
    const WITH_VALUE: &[&str] = &[
        "--save-baseline",
        "-s",
        "--baseline",
        "-b",
        "--baseline-lenient",
        "--load-baseline",
        "--measurement-time",
        "--warm-up-time",
        "--sample-size",
        "--nresamples",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--plotting-backend",
        "--output-format",
        "--color",
        "-c",
        "--format",
        "--logfile",
    ];
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--profile-time") {
        return false;
    }
    let mut filters = Vec::new();
    let mut skip = false;
    for arg in &args {
        if std::mem::take(&mut skip) {
            continue;
        }
        if WITH_VALUE.contains(&arg.as_str()) {
            skip = true;
        } else if !arg.starts_with('-') {
            filters.push(arg.as_str());
        }
    }
    filters.is_empty() || filters.iter().any(|f| f.contains("paired"))
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    if wants_paired_ratios() {
        paired_ratios();
    }
}
