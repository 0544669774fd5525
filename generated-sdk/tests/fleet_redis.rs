//! `RedisRateLimiter` across a fleet: four clients, each with its own runtime on its own thread
//! (standing in for four processes), share one RunInstances schedule through a real
//! `redis-server`, so a server that throttles beyond 10 requests per second never has to; and when
//! Redis dies mid-run, each failure mode does what it says. Needs `redis-server` (`cargo xtask
//! test` installs it); the `redis` feature is required by this test's `[[test]]` entry.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::rate_limit::{RedisFailureMode, RedisRateLimiter};
use generated_sdk::runtime::{Config, Credentials, RetryConfig, SdkError};
use serde_json::json;
use support::redis::RedisServer;
use support::{Captured, FakeCloud, Reply, SECRET_ID, SECRET_KEY};

/// RunInstances' documented limit, which the fake cloud enforces.
const LIMIT: usize = 10;
const ACCOUNT: &str = "1250000000";

/// A fake cloud answering RunInstances, or `RequestLimitExceeded` when more than [`LIMIT`]
/// requests arrived in the trailing second; with its runtime and the count of throttled answers.
struct Cloud {
    server: FakeCloud,
    throttled: Arc<AtomicUsize>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Drop for Cloud {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Cloud {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let arrivals: Arc<Mutex<Vec<Instant>>> = Arc::default();
        let throttled = Arc::new(AtomicUsize::new(0));
        let counter = throttled.clone();
        let server = runtime.block_on(FakeCloud::start(move |r, i| {
            let mut arrivals = arrivals.lock().unwrap();
            arrivals.push(r.at);
            let in_window = arrivals
                .iter()
                .filter(|at| **at <= r.at && r.at.duration_since(**at) < Duration::from_secs(1))
                .count();
            if in_window > LIMIT {
                counter.fetch_add(1, Ordering::SeqCst);
                Reply::api3_error("RequestLimitExceeded", "too many requests", &format!("rid-{i}"))
            } else {
                Reply::ok(json!({"Response": {"InstanceIdSet": [format!("ins-{i}")], "RequestId": format!("rid-{i}")}}))
            }
        }));
        Cloud {
            server,
            throttled,
            runtime: Some(runtime),
        }
    }

    fn received(&self) -> usize {
        self.server.received.lock().unwrap().len()
    }

    /// The most requests that arrived within any one second (a window starting at each arrival).
    fn busiest_second(&self) -> usize {
        let mut arrivals: Vec<Instant> = self.server.requests().iter().map(|r| r.at).collect();
        arrivals.sort();
        (0..arrivals.len())
            .map(|i| {
                arrivals[i..]
                    .iter()
                    .take_while(|t| t.duration_since(arrivals[i]) < Duration::from_secs(1))
                    .count()
            })
            .max()
            .unwrap_or(0)
    }
}

fn client(cloud: &Cloud, limiter: RedisRateLimiter) -> cvm::Client {
    cvm::Client::new(
        Config::new(Credentials::new(SECRET_ID, SECRET_KEY))
            .region("ap-guangzhou")
            .endpoint(cloud.server.endpoint())
            .retry(RetryConfig::disabled())
            .adaptive_pacing(None)
            .rate_limiter(limiter),
    )
}

type Outcome = Result<cvm::RunInstancesResponse, SdkError<cvm::RunInstancesError>>;

async fn run_instances(client: &cvm::Client) -> Outcome {
    client
        .run_instances()
        .placement(
            cvm::Placement::builder()
                .zone("ap-guangzhou-2")
                .build()
                .unwrap(),
        )
        .image_id("img-pmqg1cw7")
        .send()
        .await
}

/// One member of the fleet: a thread with its own runtime, `Handle` and limiter, sending `calls`
/// RunInstances at once; its log goes to `logs`. Returns the outcomes.
fn member(
    cloud: &Cloud,
    limiter: RedisRateLimiter,
    calls: usize,
    logs: &Captured,
) -> JoinHandle<Vec<Outcome>> {
    let client = client(cloud, limiter);
    let writer = logs.clone();
    std::thread::spawn(move || {
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .finish();
        // One thread runs every task of this runtime, so this default sees them all.
        let _guard = tracing::subscriber::set_default(subscriber);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let tasks: Vec<_> = (0..calls)
                .map(|_| {
                    let client = client.clone();
                    tokio::spawn(async move { run_instances(&client).await })
                })
                .collect();
            let mut outcomes = Vec::with_capacity(calls);
            for task in tasks {
                outcomes.push(task.await.unwrap());
            }
            outcomes
        })
    })
}

fn limiter(redis: &RedisServer) -> RedisRateLimiter {
    RedisRateLimiter::new(&redis.url(), ACCOUNT).unwrap()
}

fn log_text(logs: &Captured) -> String {
    String::from_utf8(logs.0.lock().unwrap().clone()).unwrap()
}

#[test]
fn four_processes_share_ten_per_second() {
    let redis = RedisServer::start();
    let cloud = Cloud::start();
    let logs = Captured::default();
    let started = Instant::now();
    let fleet: Vec<_> = (0..4)
        .map(|_| member(&cloud, limiter(&redis), 50, &logs))
        .collect();
    for member in fleet {
        for outcome in member.join().unwrap() {
            outcome.expect("every call succeeds, none throttled");
        }
    }
    let elapsed = started.elapsed();
    let busiest = cloud.busiest_second();
    println!(
        "200 RunInstances from 4 processes in {:.1} s, at most {busiest} in one second",
        elapsed.as_secs_f64()
    );
    assert_eq!(cloud.received(), 200);
    assert_eq!(cloud.throttled.load(Ordering::SeqCst), 0);
    assert!(
        busiest <= LIMIT,
        "{busiest} requests arrived within one second"
    );
    // Paced as one: 199 intervals at 9.5/s is 20.9 s (four separate limiters would take 5.2 s).
    assert!(elapsed >= Duration::from_secs(20), "{elapsed:?}");
    assert!(!log_text(&logs).contains("WARN"), "{}", log_text(&logs));

    // The schedule's key, with the expiry that makes an idle key vanish: its slot plus 1 s.
    let key = format!("tcsdk:rl:{ACCOUNT}:cvm:2017-03-12:RunInstances:ap-guangzhou");
    let pttl: i64 = redis_command(&redis, redis::cmd("PTTL").arg(&key));
    assert!((900..=1_200).contains(&pttl), "PTTL {key} = {pttl}");
}

fn redis_command(redis: &RedisServer, cmd: &mut redis::Cmd) -> i64 {
    let client = redis::Client::open(redis.url()).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut connection = client.get_multiplexed_async_connection().await.unwrap();
        cmd.query_async(&mut connection).await.unwrap()
    })
}

/// Waits until the cloud has received `n` requests.
fn wait_for_requests(cloud: &Cloud, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while cloud.received() < n {
        assert!(
            Instant::now() < deadline,
            "{} requests arrived",
            cloud.received()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Redis dies after 30 of 120 requests and comes back (empty) after 60: each process paces at a
/// quarter of the rate meanwhile, then shares the schedule again, and the server never throttles.
#[test]
fn redis_dies_mid_run_and_the_fleet_falls_back_to_its_share() {
    let mut redis = RedisServer::start();
    let cloud = Cloud::start();
    let logs = Captured::default();
    let fleet: Vec<_> = (0..4)
        .map(|_| member(&cloud, limiter(&redis).fleet_size(4), 30, &logs))
        .collect();
    wait_for_requests(&cloud, 30);
    redis.stop();
    wait_for_requests(&cloud, 60);
    redis.restart();
    for member in fleet {
        for outcome in member.join().unwrap() {
            outcome.expect("every call succeeds, none throttled");
        }
    }
    assert_eq!(cloud.received(), 120);
    assert_eq!(cloud.throttled.load(Ordering::SeqCst), 0);
    let busiest = cloud.busiest_second();
    println!("through an outage: at most {busiest} requests in one second");
    assert!(
        busiest <= LIMIT,
        "{busiest} requests arrived within one second"
    );
    let logs = log_text(&logs);
    let warning =
        "Redis rate limiter unreachable: falling back to pacing locally at 1/4 of each rate";
    let resumed = "Redis rate limiter answers again: shared pacing resumed";
    // Once per outage and process, naming the server.
    assert_eq!(logs.matches(warning).count(), 4, "{logs}");
    assert_eq!(logs.matches(resumed).count(), 4, "{logs}");
    assert!(logs.contains(&format!("url={}", redis.url())), "{logs}");
    // Shared again: the schedule is back in Redis.
    let key = format!("tcsdk:rl:{ACCOUNT}:cvm:2017-03-12:RunInstances:ap-guangzhou");
    let pttl: i64 = redis_command(&redis, redis::cmd("PTTL").arg(&key));
    assert!(pttl > 0, "PTTL {key} = {pttl}");
}

#[test]
fn redis_dies_mid_run_and_calls_fail_unsent() {
    let mut redis = RedisServer::start();
    let cloud = Cloud::start();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(fail_unsent(&cloud, &mut redis));
}

async fn fail_unsent(cloud: &Cloud, redis: &mut RedisServer) {
    let client = client(
        cloud,
        limiter(redis)
            .failure_mode(RedisFailureMode::Fail)
            .reconnect_after(Duration::from_millis(200)),
    );
    for _ in 0..3 {
        run_instances(&client).await.unwrap();
    }
    redis.stop();
    let sent = cloud.received();
    assert_eq!(sent, 3);
    // The first call finds the connection closed; the next ones fail at once until
    // `reconnect_after`; the last one tries to connect again, and is refused.
    for i in 0..4 {
        if i == 3 {
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        let started = Instant::now();
        match run_instances(&client).await {
            Err(SdkError::RateLimit(e)) => {
                let expected = format!("Redis at {} is unreachable", redis.url());
                assert!(e.message().contains(&expected), "{e}");
            }
            other => panic!("expected a rate-limit error, got {other:?}"),
        }
        assert!(
            started.elapsed() < Duration::from_millis(200),
            "call {i} failed after {:?}",
            started.elapsed()
        );
    }
    assert_eq!(
        cloud.received(),
        sent,
        "no request is sent once Redis is gone"
    );
}

/// A caller whose runtime stalls past its slot (a blocked thread, a paused host) gives the slot up
/// and books a new one: otherwise it would send right before the next caller's slot, two requests
/// closer together than the rate allows.
#[test]
fn a_caller_woken_late_books_a_new_slot() {
    use generated_sdk::runtime::rate_limit::{Rate, RateLimitKey, RateLimiter};
    let redis = RedisServer::start();
    let key = RateLimitKey {
        service: "cvm",
        version: "2017-03-12",
        action: "RunInstances",
        region: "ap-guangzhou",
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let limiter = limiter(&redis);
        // 10 per second: slots 100 ms apart; the first is now.
        limiter.acquire(key, Rate::fixed(10.0)).await.unwrap();
        let late = tokio::spawn({
            let limiter = limiter.clone();
            async move {
                limiter.acquire(key, Rate::fixed(10.0)).await.unwrap();
                Instant::now()
            }
        });
        // Let it book its slot (100 ms on) and sleep, then block the runtime's one thread past it.
        tokio::time::sleep(Duration::from_millis(20)).await;
        std::thread::sleep(Duration::from_millis(300));
        let late_sent = late.await.unwrap();
        limiter.acquire(key, Rate::fixed(10.0)).await.unwrap();
        let next_sent = Instant::now();
        // On the old schedule the next slot (200 ms) had passed too: both would go at once.
        let gap = next_sent - late_sent;
        assert!(gap >= Duration::from_millis(90), "sent {gap:?} apart");
    });
}
